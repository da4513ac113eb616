import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { generateClient } from 'aws-amplify/api';
import { print } from 'graphql';
import { toApiError } from './errors';

export type AuthMode = 'userPool' | 'apiKey';

/**
 * The part of Amplify's GraphQL client the apps use. Amplify's own generics are built for its
 * model-generated clients and do not take a TypedDocumentNode; the codegen types give the result
 * types instead, so the client is seen through this narrow shape.
 */
interface GraphqlClient {
  graphql(options: { query: string; variables: Record<string, unknown>; authMode: AuthMode }): unknown;
}

interface Observable<T> {
  subscribe(observer: { next(value: T): void; error(error: unknown): void }): Subscription;
}

let client: GraphqlClient | undefined;

/** generateClient reads Amplify's config when called, so it is made after configureAmplify(). */
function api(): GraphqlClient {
  client ??= generateClient() as unknown as GraphqlClient;
  return client;
}

/** Runs a codegen-typed query or mutation; a GraphQL error rejects with an ApiError carrying its errorType. */
export async function request<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  authMode: AuthMode = 'userPool',
): Promise<Result> {
  try {
    const result = (await api().graphql({ query: print(document), variables, authMode })) as { data?: Result | null; errors?: unknown[] };
    if (result.errors?.length) throw result;
    if (!result.data) throw new Error('The API answered without data.');
    return result.data;
  } catch (error) {
    throw toApiError(error);
  }
}

export interface Subscription {
  unsubscribe(): void;
}

/** Subscribes with a codegen-typed subscription over AppSync's real-time protocol. */
export function subscribe<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  handlers: { next(data: Result): void; error(error: Error): void },
  authMode: AuthMode = 'userPool',
): Subscription {
  const events = api().graphql({ query: print(document), variables, authMode }) as Observable<{ data?: Result | null }>;
  return events.subscribe({
    next: (message) => {
      if (message.data) handlers.next(message.data);
    },
    error: (error) => handlers.error(toApiError(error)),
  });
}
