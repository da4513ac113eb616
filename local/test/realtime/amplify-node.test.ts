import { Amplify } from 'aws-amplify';
import { type GraphQLQuery, type GraphQLSubscription, generateClient } from 'aws-amplify/api';
import { signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool, createUser } from '../../src/auth/cognito-admin';
import type { RuntimeConfig } from '../../src/config';
import { type Runtime, createRuntime } from '../../src/runtime';
import type { RunningServer } from '../../src/server/index';
import { serveRuntime } from '../support/serve';
import { eventually, installTrustingWebSocket } from './amplify-client';

/**
 * The whole path an app takes: aws-amplify v6 in Node signs in through cognito-local
 * (USER_PASSWORD_AUTH), subscribes with generateClient over wss, runs a mutation over HTTP, and the
 * runtime publishes it to the subscriber, shaped by the subscriber's selection set.
 */

const SCHEMA = /* GraphQL */ `
  type Note {
    id: ID!
    text: String
    author: String
  }
  type Query {
    ping: String
  }
  type Mutation {
    postNote(id: ID!, text: String): Note
  }
  type Subscription {
    onPostNote(id: ID): Note @aws_subscribe(mutations: ["postNote"])
  }
`;

const POST_NOTE_CODE = `
export function request(ctx) {
  return { payload: { id: ctx.args.id, text: ctx.args.text, author: ctx.identity.sub } };
}
export function response(ctx) {
  return ctx.result;
}
`;

let runtime: Runtime;
let server: RunningServer;
let restoreWebSocket: () => void;
let userSub: string;

beforeAll(async () => {
  const endpoint = inject('cognitoEndpoint');
  const pool = await createPool({ endpoint, name: `realtime-amplify-${Date.now()}` });
  ({ sub: userSub } = await createUser({ endpoint, userPoolId: pool.userPoolId, username: 'guest@example.com', password: 'Passw0rd!Passw0rd' }));
  const config: RuntimeConfig = {
    name: 'realtime-amplify-node',
    schema: SCHEMA,
    defaultAuth: { type: 'AMAZON_COGNITO_USER_POOLS', userPoolId: pool.userPoolId, issuer: pool.issuer, jwksUri: pool.jwksUri },
    additionalAuth: [],
    dataSources: [{ type: 'NONE', name: 'none' }],
    functions: [],
    resolvers: [
      { kind: 'UNIT', typeName: 'Mutation', fieldName: 'postNote', dataSource: 'none', code: { source: 'Mutation.postNote.js', code: POST_NOTE_CODE } },
    ],
  };
  runtime = await createRuntime(config);
  server = await serveRuntime(runtime);
  restoreWebSocket = installTrustingWebSocket(server.caPem);
  Amplify.configure({
    Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: endpoint } },
    API: { GraphQL: { endpoint: server.httpUrl, region: 'local', defaultAuthMode: 'userPool' } },
  });
  await signIn({ username: 'guest@example.com', password: 'Passw0rd!Passw0rd', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
});

afterAll(async () => {
  await signOut().catch(() => undefined);
  restoreWebSocket?.();
  await server?.close();
  await runtime?.close();
});

type NoteEvent = { onPostNote: { id: string; text: string | null; author: string | null } };

describe('aws-amplify v6 in Node against the local runtime', () => {
  it('receives a mutation made by a signed-in user on its subscription', async () => {
    const client = generateClient();
    const received: unknown[] = [];
    const errors: unknown[] = [];
    const subscription = client
      .graphql<GraphQLSubscription<NoteEvent>>({ query: 'subscription OnNote($id: ID) { onPostNote(id: $id) { id text author } }', variables: { id: 'n-1' } })
      .subscribe({ next: (event) => received.push(event), error: (error: unknown) => errors.push(error) });
    await eventually(() => server.hub.stats().subscriptions === 1 || errors.length > 0);
    expect(errors).toEqual([]);

    const posted = await client.graphql<GraphQLQuery<{ postNote: { id: string; text: string } }>>({
      query: 'mutation Post($id: ID!, $text: String) { postNote(id: $id, text: $text) { id text author } }',
      variables: { id: 'n-1', text: 'flat white, oat' },
    });
    expect(posted.data.postNote).toEqual({ id: 'n-1', text: 'flat white, oat', author: userSub });

    await eventually(() => received.length > 0);
    expect(received).toEqual([{ data: { onPostNote: { id: 'n-1', text: 'flat white, oat', author: userSub } } }]);
    subscription.unsubscribe();
  });
});
