/**
 * GraphiQL's fetcher for the runtime's explorer page, run IN THE BROWSER (bundled by
 * ./fetcher-script.ts): queries and mutations go over HTTP through GraphiQL's own fetcher,
 * subscriptions over AppSync's real-time protocol, so the explorer shows live events the way an
 * AppSync client receives them. One WebSocket per running subscription keeps it simple; the auth
 * header map is the editor's headers plus `host`, as AppSync clients send it.
 */
import { type DocumentNode, Kind } from 'graphql';

/** The parts of @graphiql/toolkit's Fetcher contract this page uses. */
export interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

export interface FetcherOpts {
  headers?: Record<string, unknown>;
  documentAST?: DocumentNode;
}

interface Observer {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

export interface Subscribable {
  subscribe(observer: Observer): { unsubscribe(): void };
}

export type Fetcher = (params: FetcherParams, opts?: FetcherOpts) => unknown;

function isSubscription(params: FetcherParams, opts: FetcherOpts | undefined): boolean {
  const operation = opts?.documentAST?.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (!params.operationName || definition.name?.value === params.operationName),
  );
  return operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'subscription';
}

function base64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** amplify v6's derivation: the GraphQL URL plus /realtime, over ws(s). */
function realtimeUrl(endpoint: URL): URL {
  const url = new URL(`${endpoint.pathname.replace(/\/$/, '')}/realtime`, endpoint);
  url.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (typeof value === 'string') out[name] = value;
  return out;
}

export function subscribeOverAppSync(endpoint: URL, params: FetcherParams, headers: Record<string, string>): Subscribable {
  return {
    subscribe(observer) {
      const authorization = { ...headers, host: endpoint.host };
      const id = crypto.randomUUID();
      const socket = new WebSocket(realtimeUrl(endpoint), ['graphql-ws', `header-${base64Url(JSON.stringify(authorization))}`]);
      let finished = false;
      const finish = (end: () => void): void => {
        if (finished) return;
        finished = true;
        end();
        if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(1000);
      };
      socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
      socket.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as { id?: string; type: string; payload?: unknown };
        if (message.type === 'connection_ack') {
          const data = JSON.stringify({ query: params.query, variables: params.variables ?? {}, operationName: params.operationName ?? null });
          socket.send(JSON.stringify({ id, type: 'start', payload: { data, extensions: { authorization } } }));
        } else if (message.type === 'data' && message.id === id) {
          observer.next(message.payload);
        } else if (message.type === 'connection_error' || (message.type === 'error' && (message.id === id || message.id === undefined))) {
          // AppSync's own error payload ({errors: [...]}) is the most useful thing to show.
          finish(() => {
            observer.next(message.payload);
            observer.complete();
          });
        } else if (message.type === 'complete' && message.id === id) {
          finish(() => observer.complete());
        }
      };
      socket.onclose = (event) => finish(() => observer.error(new Error(`The real-time connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`)));
      return {
        unsubscribe: () =>
          finish(() => {
            if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id, type: 'stop' }));
          }),
      };
    },
  };
}

/** Wraps GraphiQL's HTTP fetcher: subscriptions go to the real-time endpoint of `graphqlUrl`. */
export function appSyncFetcher(httpFetcher: Fetcher, graphqlUrl: string): Fetcher {
  const endpoint = new URL(graphqlUrl);
  return (params, opts) => (isSubscription(params, opts) ? subscribeOverAppSync(endpoint, params, stringHeaders(opts?.headers)) : httpFetcher(params, opts));
}
