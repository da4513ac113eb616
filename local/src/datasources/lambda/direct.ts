/**
 * Direct Lambda resolvers (resolver-mapping-template-reference-lambda.html, "Direct Lambda
 * Resolvers"): a resolver or pipeline function on an AWS_LAMBDA data source with no code sends
 * AppSync's Context object to the function and answers with what the function returns.
 *
 * - Request: "AWS AppSync will send the Context object directly to your Lambda function as an
 *   Invoke operation": `{ arguments, identity, source, request, prev, info, stash }`.
 * - Response: equivalent to `#if($ctx.error) $util.error($ctx.error.message, $ctx.error.type,
 *   $ctx.result) #end $util.toJson($ctx.result)`, where a thrown error's `errorType` and
 *   `errorMessage` "are the name and message of the custom error that is thrown"; an
 *   `UnauthorizedException` gets AppSync's default message instead of the function's.
 * - Batching ("Direct Lambda Resolvers: Batching enabled"): with maxBatchSize > 0 the context goes
 *   as a BatchInvoke (datasources/lambda/batch.ts gathers the list), and each item's result is
 *   `{ data, errorMessage, errorType }`: `data` is the field's value, an errorMessage fails that
 *   item alone. maxBatchSize 0 (or none) "turns off batching".
 *
 * AppSync skips template evaluation for these; here the behaviour is an APPSYNC_JS module the
 * runner substitutes for the missing code, so pipelines, the scheduler, batching and caching
 * treat a Direct Lambda step like any other (its handlers do nothing but shape the call).
 */
import type { DataSourceConfig, FunctionConfig, JsCode, ResolverConfig } from '../../config';

/** AppSync's message for a Direct Lambda error of type UnauthorizedException (the guide, "Custom error handling"). */
export const UNAUTHORIZED_MESSAGE = 'You are not authorized to make this call.';

/** A resolver or function without code: CloudFormation's `Code` absent, or our project's direct declaration. */
export function isCodeless(code: JsCode | undefined): boolean {
  return code === undefined || code.code.trim() === '';
}

/** The Context object AppSync sends; `prev` is null outside a pipeline (the guide's sample event). */
const REQUEST = `
export function request(ctx) {
  return {
    operation: __OPERATION__,
    payload: {
      arguments: ctx.arguments,
      identity: ctx.identity,
      source: ctx.source,
      request: ctx.request,
      prev: ctx.prev === undefined ? null : ctx.prev,
      info: ctx.info,
      stash: ctx.stash,
    },
  };
}

function fail(ctx) {
  // The Lambda data source reports a function error as Lambda:Unhandled with the function's own
  // errorType in data; a Direct Lambda resolver shows that errorType. Lambda's refusals
  // (throttling) carry no errorType and keep the data source's type.
  const thrown = ctx.error.data ? ctx.error.data.errorType : undefined;
  const type = thrown ? thrown : ctx.error.type;
  util.error(type === 'UnauthorizedException' ? '${UNAUTHORIZED_MESSAGE}' : ctx.error.message, type, ctx.result);
}
`;

const UNIT_RESPONSE = `
export function response(ctx) {
  if (ctx.error) fail(ctx);
  return ctx.result;
}
`;

// A throw fails every item of the batch ("You can return an error for all results by throwing").
const BATCH_RESPONSE = `
export function response(ctx) {
  if (ctx.error) fail(ctx);
  const result = ctx.result;
  if (result && result.errorMessage) util.error(result.errorMessage, result.errorType, result.data);
  return result ? result.data : null;
}
`;

/** The module that stands for a code-less resolver or function. */
export function directLambdaCode(label: string, batched: boolean): JsCode {
  const operation = batched ? "'BatchInvoke'" : "'Invoke'";
  const code = `import { util } from '@aws-appsync/utils';\n${REQUEST.replace('__OPERATION__', operation)}${batched ? BATCH_RESPONSE : UNIT_RESPONSE}`;
  return { source: `${label} (Direct Lambda resolver)`, code };
}

/** A pipeline function, with AWS::AppSync::FunctionConfiguration's MaxBatchSize when its source gives one. */
export type LambdaFunctionConfig = FunctionConfig & { maxBatchSize?: number };

/**
 * The resolvers and functions with Direct Lambda code in place of missing code. Throws for a
 * code-less resolver or function that AppSync would not run: one whose data source is not
 * AWS_LAMBDA ("only works with Lambda function data sources"), or a pipeline resolver's own code.
 */
export function withDirectLambda(
  resolvers: readonly ResolverConfig[],
  functions: readonly LambdaFunctionConfig[],
  dataSources: readonly DataSourceConfig[],
): { resolvers: ResolverConfig[]; functions: LambdaFunctionConfig[] } {
  const lambdas = new Set(dataSources.filter((ds) => ds.type === 'AWS_LAMBDA').map((ds) => ds.name));
  const problems: string[] = [];
  const check = (label: string, dataSource: string): boolean => {
    if (lambdas.has(dataSource)) return true;
    problems.push(`${label} has no code; only a resolver or function on an AWS_LAMBDA data source may go without (a Direct Lambda resolver), and ${dataSource} is not one.`);
    return false;
  };
  const outResolvers = resolvers.map((resolver): ResolverConfig => {
    if (!isCodeless(resolver.code)) return resolver;
    const label = `${resolver.typeName}.${resolver.fieldName}`;
    if (resolver.kind === 'PIPELINE') {
      problems.push(`${label} is a pipeline resolver without code; give it APPSYNC_JS code (its request and response).`);
      return resolver;
    }
    if (!check(label, resolver.dataSource)) return resolver;
    return { ...resolver, code: directLambdaCode(label, (resolver.maxBatchSize ?? 0) > 0) };
  });
  const outFunctions = functions.map((fn): LambdaFunctionConfig => {
    if (!isCodeless(fn.code) || !check(`function ${fn.name}`, fn.dataSource)) return fn;
    return { ...fn, code: directLambdaCode(`function ${fn.name}`, (fn.maxBatchSize ?? 0) > 0) };
  });
  if (problems.length > 0) throw new Error(`Resolvers without code:\n  - ${problems.join('\n  - ')}`);
  return { resolvers: outResolvers, functions: outFunctions };
}
