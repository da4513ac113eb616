import {
  type FieldNode,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  buildSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
} from 'graphql';
import type { AppSyncError, AuthContext } from '../../src/identity';
import type { RealtimeAuthenticate, RealtimeAuthRequest } from '../../src/realtime/auth';
import type {
  FilterSpec,
  InvalidationRequested,
  MutationPublished,
  StartResult,
  SubscriptionEngine,
  SubscriptionPlan,
} from '../../src/realtime/engine';
import { unsupportedOperationError } from '../../src/realtime/protocol';

/**
 * A small but real SubscriptionEngine over graphql-js, standing in for the runtime in protocol
 * tests: it validates the subscription document, reads @aws_subscribe, applies a per-field auth
 * rule and per-field enhanced filters, and renders the subscriber's selection set.
 */
export const TOY_SDL = /* GraphQL */ `
  directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
  type Meta { level: Int labels: [String] }
  type Item {
    id: ID!
    owner: String
    category: String
    priority: Int
    tags: [String]
    body: String
    meta: Meta
  }
  type Query { item(id: ID!): Item }
  type Mutation {
    putItem(id: ID!): Item
    archiveItem(id: ID!): Item
  }
  type Subscription {
    onPutItem(owner: String, category: String): Item @aws_subscribe(mutations: ["putItem"])
    onAnyChange: Item @aws_subscribe(mutations: ["putItem", "archiveItem"])
    onFiltered(owner: String): Item @aws_subscribe(mutations: ["putItem"])
    onSecret: Item @aws_subscribe(mutations: ["putItem"])
  }
`;

export interface ToyEngineOptions {
  /** Enhanced filters per subscription field, computed from the subscription's arguments. */
  filters?: Record<string, (args: Record<string, unknown>) => FilterSpec>;
  invalidationFilters?: Record<string, (args: Record<string, unknown>) => FilterSpec>;
}

interface Render {
  responseKey: string;
  selectionSet: SelectionSetNode | undefined;
}

export class ToyEngine implements SubscriptionEngine {
  readonly schema: GraphQLSchema = buildSchema(TOY_SDL);
  private readonly mutationListeners = new Set<(event: MutationPublished) => void>();
  private readonly invalidationListeners = new Set<(event: InvalidationRequested) => void>();

  constructor(private readonly options: ToyEngineOptions = {}) {}

  async prepareSubscription(
    request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
    auth: AuthContext,
  ): Promise<StartResult> {
    let document;
    try {
      document = parse(request.query);
    } catch (error) {
      return { ok: false, errors: [{ message: (error as Error).message, errorType: 'ValidationError' }] };
    }
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation) return { ok: false, errors: [{ message: 'Unknown operation', errorType: 'ValidationError' }] };
    if (operation.operation !== 'subscription') return { ok: false, errors: [unsupportedOperationError(operation.operation) as AppSyncError] };
    const validation = validate(this.schema, document);
    if (validation.length > 0) return { ok: false, errors: validation.map((e) => ({ message: e.message, errorType: 'ValidationError' })) };
    const variables = getVariableValues(this.schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (variables.errors) return { ok: false, errors: variables.errors.map((e) => ({ message: e.message, errorType: 'ValidationError' })) };
    const node = operation.selectionSet.selections[0] as FieldNode;
    const fieldName = node.name.value;
    const field = this.schema.getSubscriptionType()?.getFields()[fieldName];
    if (!field) return { ok: false, errors: [{ message: `Unknown field ${fieldName}`, errorType: 'ValidationError' }] };
    if (fieldName === 'onSecret' && auth.mode !== 'AWS_IAM') {
      return { ok: false, errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onSecret on type Subscription' }] };
    }
    const args = getArgumentValues(field, node, variables.coerced);
    const argumentFilter = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null && value !== undefined));
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const list = directive?.arguments?.[0]?.value;
    const mutations = list?.kind === Kind.LIST ? list.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
    const plan: SubscriptionPlan = {
      fieldName,
      mutations,
      argumentFilter,
      filter: this.options.filters?.[fieldName]?.(args) ?? null,
      invalidationFilter: this.options.invalidationFilters?.[fieldName]?.(args) ?? null,
      auth,
      render: { responseKey: node.alias?.value ?? fieldName, selectionSet: node.selectionSet } satisfies Render,
    };
    return { ok: true, plan };
  }

  renderPayload(plan: SubscriptionPlan, payload: unknown): { data: unknown } {
    const render = plan.render as Render;
    return { data: { [render.responseKey]: shape(render.selectionSet, payload) } };
  }

  onMutation(listener: (event: MutationPublished) => void): () => void {
    this.mutationListeners.add(listener);
    return () => this.mutationListeners.delete(listener);
  }

  onInvalidation(listener: (event: InvalidationRequested) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  get listenerCount(): number {
    return this.mutationListeners.size + this.invalidationListeners.size;
  }

  publish(mutationField: string, payload: unknown): void {
    for (const listener of this.mutationListeners) listener({ mutationField, payload });
  }

  invalidate(subscriptionField: string, payload: Record<string, unknown>): void {
    for (const listener of this.invalidationListeners) listener({ subscriptionField, payload });
  }
}

function shape(selectionSet: SelectionSetNode | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (!selectionSet) return value;
  if (Array.isArray(value)) return value.map((item) => shape(selectionSet, item));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    out[selection.alias?.value ?? selection.name.value] = shape(selection.selectionSet, source[selection.name.value]);
  }
  return out;
}

/**
 * A toy authenticator: x-api-key "good-key" is API_KEY, Authorization "iam-ok" is AWS_IAM; it
 * records what it was asked so tests can check the signed request parts.
 */
export function toyAuthenticator(): { authenticate: RealtimeAuthenticate; requests: RealtimeAuthRequest[] } {
  const requests: RealtimeAuthRequest[] = [];
  const authenticate: RealtimeAuthenticate = async (request) => {
    requests.push(request);
    if (request.headers['x-api-key'] === 'good-key') return { ok: true, auth: { mode: 'API_KEY', identity: null, headers: request.headers } };
    if (request.headers.authorization === 'iam-ok') {
      return {
        ok: true,
        auth: {
          mode: 'AWS_IAM',
          identity: {
            accountId: '000000000000',
            cognitoIdentityPoolId: null,
            cognitoIdentityId: null,
            sourceIp: [request.sourceIp ?? ''],
            username: 'tester',
            userArn: 'arn:aws:iam::000000000000:user/tester',
            cognitoIdentityAuthType: null,
            cognitoIdentityAuthProvider: null,
          },
          headers: request.headers,
        },
      };
    }
    return { ok: false, errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };
  };
  return { authenticate, requests };
}
