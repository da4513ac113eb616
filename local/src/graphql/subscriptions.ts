import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type { AppSyncError, AuthContext } from '../identity';
import type { FilterSpec, StartResult, SubscriptionPlan } from '../realtime/engine';
import { formatFieldError, formatRequestError } from './errors';
import type { AuthorizeField, Executor, RunResolver } from './executor';
import { selectionSetGraphQL, selectionSetList } from './selection';
import { subscriptionRootFields } from './subscription-root';

/** What renderPayload needs; opaque to the real-time side. */
interface RenderInfo {
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Same key, same rendering of a given payload: subscribers sharing it share one execution. */
  key: string;
}

type Rendered = { data: unknown; errors?: AppSyncError[] };

/** The mutations a subscription field listens to, from @aws_subscribe(mutations: [...]). */
export function subscribedMutations(field: GraphQLField<unknown, unknown>): string[] {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
  const argument = directive?.arguments?.find((a) => a.name.value === 'mutations');
  if (!argument) return [];
  const value = valueFromASTUntyped(argument.value);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Every mutation field some subscription listens to: only these are published. */
export function publishedMutationFields(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    for (const m of subscribedMutations(field)) out.add(m);
  }
  return out;
}

function toFilterSpec(value: unknown): FilterSpec | null {
  if (value === undefined || value === null) return null;
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as FilterSpec).filterGroup)) return parsed as FilterSpec;
  return null;
}

/**
 * The GraphQL half of subscriptions: turning a `start` message into a plan (validation, auth,
 * the subscription resolver) and shaping each delivery from the mutation's payload.
 */
export class SubscriptionPlanner {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly executor: Executor,
    private readonly wired: ReadonlySet<string>,
    private readonly runResolver: RunResolver,
    private readonly authorize: AuthorizeField,
  ) {}

  async prepare(
    request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
    auth: AuthContext,
  ): Promise<StartResult> {
    const checked = this.executor.check(request.query);
    if ('errors' in checked) return { ok: false, errors: checked.errors };
    const document = checked.document;
    const operation = getOperationAST(document, request.operationName ?? undefined);
    const subscriptionType = this.schema.getSubscriptionType();
    if (!operation || operation.operation !== 'subscription' || !subscriptionType) {
      return { ok: false, errors: [{ errorType: 'UnsupportedOperation', message: `${operation?.operation ?? 'unknown'} operations are not supported through the realtime channel` }] };
    }
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return { ok: false, errors: coerced.errors.map((e) => formatRequestError(e)) };
    const variables = coerced.coerced;
    const fragments: Record<string, FragmentDefinitionNode> = Object.fromEntries(
      document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
    );
    // Validation allows exactly one root field (subscription-root.ts), found through fragments and
    // inline fragments alike; it is the one authorized and subscribed.
    const roots = subscriptionRootFields(operation.selectionSet, new Map(Object.entries(fragments)));
    const node = roots[0];
    if (!node || roots.length !== 1) return { ok: false, errors: [{ errorType: 'BadRequestException', message: 'A subscription must select one field.' }] };
    const denied = this.authorize(subscriptionType.name, node.name.value, auth);
    if (denied) return { ok: false, errors: [{ errorType: denied.errorType, message: denied.message }] };
    const fieldName = node.name.value;
    const field = subscriptionType.getFields()[fieldName];
    if (!field) return { ok: false, errors: [{ errorType: 'BadRequestException', message: `Unknown subscription field ${fieldName}.` }] };

    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, variables);
    } catch (error) {
      return { ok: false, errors: [formatRequestError(error instanceof GraphQLError ? error : new GraphQLError(String(error)))] };
    }

    let filter: FilterSpec | null = null;
    let invalidationFilter: FilterSpec | null = null;
    if (this.wired.has(`${subscriptionType.name}.${fieldName}`)) {
      const outcome = await this.runResolver({
        typeName: subscriptionType.name,
        fieldName,
        arguments: args,
        source: null,
        identity: auth.identity,
        request: { headers: auth.headers, domainName: null },
        authType: auth.mode,
        lane: {},
        info: {
          fieldName,
          parentTypeName: subscriptionType.name,
          variables,
          selectionSetList: selectionSetList([node], fragments),
          selectionSetGraphQL: selectionSetGraphQL([node]),
        },
      });
      const errors: AppSyncError[] = [...outcome.appendedErrors];
      if (outcome.error) errors.unshift({ errorType: outcome.error.errorType, message: outcome.error.message, data: outcome.error.data ?? null, errorInfo: outcome.error.errorInfo ?? null });
      if (errors.length > 0) return { ok: false, errors };
      try {
        filter = toFilterSpec(outcome.extensions.subscriptionFilter);
        invalidationFilter = toFilterSpec(outcome.extensions.subscriptionInvalidationFilter);
      } catch {
        return { ok: false, errors: [{ errorType: 'BadRequestException', message: 'The subscription filter is not valid JSON.' }] };
      }
    }

    // Only arguments the subscriber gave filter, by equality on the mutation's returned fields; an
    // enhanced filter set by the resolver replaces that basic filtering altogether. The AppSync guide
    // never states it, but AWS's own code relies on it: Amplify's subscription auth resolvers pass a
    // `filter: ModelSubscription…FilterInput` argument that names no field of the payload, and copy a
    // verified `owner` argument into the enhanced filter whenever they set one
    // (amplify-category-api, graphql-auth-transformer vtl-generator/ddb/resolvers/subscriptions.ts).
    const argumentFilter: Record<string, unknown> = {};
    if (filter === null) {
      for (const [name, value] of Object.entries(args)) if (value !== null && value !== undefined) argumentFilter[name] = value;
    }

    const operationName = request.operationName ?? undefined;
    const key = JSON.stringify([fieldName, request.query, operationName ?? null, variables]);
    const render: RenderInfo = { document, operationName, variables, key };
    const plan: SubscriptionPlan = {
      fieldName,
      mutations: subscribedMutations(field),
      argumentFilter,
      filter,
      invalidationFilter,
      auth,
      render,
    };
    return { ok: true, plan };
  }

  /**
   * The subscriber's selection set applied to the mutation's payload: fields the mutation did not
   * select are simply absent from the payload, so they come out as null, as in AppSync.
   */
  render(plan: SubscriptionPlan, payload: unknown): Rendered {
    const info = plan.render as RenderInfo;
    // One published event goes to many subscribers with identical documents (every tablet runs the
    // same query): render each distinct document once per event, keyed on the payload object.
    if (typeof payload !== 'object' || payload === null) return this.execute(plan, info, payload);
    let byKey = this.rendered.get(payload);
    if (!byKey) {
      byKey = new Map();
      this.rendered.set(payload, byKey);
    }
    let out = byKey.get(info.key);
    if (!out) {
      out = this.execute(plan, info, payload);
      byKey.set(info.key, out);
    }
    return out;
  }

  private readonly rendered = new WeakMap<object, Map<string, Rendered>>();

  private execute(plan: SubscriptionPlan, info: RenderInfo, payload: unknown): Rendered {
    const result = execute({
      schema: this.schema,
      document: info.document,
      operationName: info.operationName,
      variableValues: info.variables,
      rootValue: { [plan.fieldName]: payload },
      fieldResolver: propertyResolver,
    }) as ExecutionResult;
    const out: Rendered = { data: result.data ?? null };
    if (result.errors?.length) out.errors = result.errors.map((e) => formatFieldError(e, this.schema));
    return out;
  }
}

const propertyResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) =>
  typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[info.fieldName] : undefined;
