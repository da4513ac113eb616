import { util, type Context, type DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationUpdateStoreSettingsArgs, Store } from '../generated/graphql';
import { cognitoUserId } from './lib/identity';
import { settingsCondition, settingsProblem, storeKey, storeUpdate, toStore, type StoreRecord } from './lib/store';

/**
 * Changes the given settings and leaves the others (and open, and queueLength) as they are.
 * Lowering capacity below the current queue is allowed: no new order gets in until it drains.
 */
export function request(ctx: Context<MutationUpdateStoreSettingsArgs>): DynamoDBUpdateItemRequest {
  const { input } = ctx.args;
  const problem = settingsProblem(input);
  if (problem) util.error(problem.message, 'INVALID_INPUT', null, { field: problem.field });
  const values = {
    capacity: input.capacity ?? undefined,
    customerOrderLimit: input.customerOrderLimit ?? undefined,
    collectionWindowMinutes: input.collectionWindowMinutes ?? undefined,
    prepMinutesPerOrder: input.prepMinutesPerOrder ?? undefined,
    paymentWindowMinutes: input.paymentWindowMinutes ?? undefined,
  };
  const condition = settingsCondition(input);
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(storeKey()),
    update: storeUpdate(values, util.time.nowISO8601(), cognitoUserId(ctx.identity)),
    ...(condition ? { condition } : {}),
  };
}

export function response(ctx: Context<MutationUpdateStoreSettingsArgs>): Store {
  if (ctx.error?.type === 'DynamoDB:ConditionalCheckFailedException') {
    util.error('customerOrderLimit must not exceed capacity.', 'INVALID_INPUT', null, { field: 'customerOrderLimit' });
  }
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toStore(ctx.result as StoreRecord);
}
