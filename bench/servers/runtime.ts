/**
 * Our runtime under test: the bench fixture booted as `npm start` boots a project (tables, user
 * pool, API key, bundled resolvers) against the run's DynamoDB Local and cognito-local, served
 * over HTTP, TLS and the real-time WebSocket on one loopback port.
 */
import { performance } from 'node:perf_hooks';
import { fromRuntimeAuthenticate } from '../../local/src/realtime/auth';
import { createHttpHandler } from '../../local/src/server/http';
import { startServer } from '../../local/src/server/index';
import { bootApi } from '../../local/src/services/boot';
import { benchApi } from '../fixtures/bench-api/definition';
import { host, readOptions } from '../lib/host';

export interface RuntimeServerOptions {
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  /** Shared by every runtime process of a run, so they reuse one user pool and API key. */
  stateFile: string;
  tlsDir: string;
}

export interface RuntimeServerInfo {
  httpUrl: string;
  httpsUrl: string;
  realtimeUrl: string;
  caPem: string;
  apiKey: string;
  tableNames: Record<string, string>;
}

/** Time spent in fan-out tasks: the synchronous work of delivering one publication. */
export interface FanOutTotals {
  tasks: number;
  totalMs: number;
  maxMs: number;
}

host<RuntimeServerInfo>(async () => {
  const options = readOptions<RuntimeServerOptions>();
  const booted = await bootApi(
    benchApi,
    {
      dynamodbEndpoint: options.dynamodbEndpoint,
      cognitoEndpoint: options.cognitoEndpoint,
      issuerFor: (poolId) => `${options.cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${options.cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    options.stateFile,
  );
  const fanOut: FanOutTotals = { tasks: 0, totalMs: 0, maxMs: 0 };
  const server = await startServer({
    port: 0,
    tlsDir: options.tlsDir,
    handleHttp: createHttpHandler(booted.runtime.http),
    realtime: {
      engine: booted.runtime.engine,
      authenticate: fromRuntimeAuthenticate((request) => booted.runtime.authenticate(request)),
      // The fan-out scenarios hold up to 5,000 sockets with one API key from one address: far past
      // the per-client caps that protect `npm start` (local/docs/realtime.md, "Per-client caps").
      options: { maxConnectionsPerSourceIp: 100_000, maxConnectionsPerIdentity: 100_000, maxSubscriptionsPerIdentity: 100_000 },
      // The hub's own deferral (setImmediate), timed: this is what one publication costs the
      // real-time side, from the registry lookup to the last socket write being queued.
      defer: (task) =>
        void setImmediate(() => {
          const started = performance.now();
          task();
          const spent = performance.now() - started;
          fanOut.tasks += 1;
          fanOut.totalMs += spent;
          fanOut.maxMs = Math.max(fanOut.maxMs, spent);
        }),
    },
  });
  return {
    info: {
      httpUrl: server.httpUrl,
      httpsUrl: server.httpsUrl,
      realtimeUrl: server.realtimeUrl,
      caPem: server.caPem,
      apiKey: booted.state.apiKey.id,
      tableNames: booted.tableNames,
    },
    commands: {
      hubStats: () => server.hub.stats(),
      fanOut: () => ({ ...fanOut }),
    },
    async close() {
      await server.close();
      await booted.runtime.close();
    },
  };
});
