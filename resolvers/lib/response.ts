import { util, type Context } from '@aws-appsync/utils';

/**
 * The response for resolvers that return the data source's result as is. A data source error
 * (e.g. DynamoDB:ConditionalCheckFailedException) becomes the field's error, type included.
 */
export function response(ctx: Context): unknown {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
