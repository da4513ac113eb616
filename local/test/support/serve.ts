import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRuntimeAuthenticate } from '../../src/realtime/auth';
import type { RealtimeHubConfig } from '../../src/realtime/hub';
import type { Runtime } from '../../src/runtime';
import { createHttpHandler } from '../../src/server/http';
import { type RunningServer, startServer } from '../../src/server/index';

export interface ServeOptions {
  /** Real-time settings other than the runtime's engine and authenticator (short keep-alive, held fan-out). */
  realtime?: Omit<RealtimeHubConfig, 'engine' | 'authenticate'>;
  /** Extra routes, e.g. a test page for a browser (createHttpHandler's staticHandler). */
  staticHandler?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /**
   * Where the local CA and certificate live. Making them costs two RSA key pairs, so tests that
   * start several servers share one folder; without it each server gets a temporary one.
   */
  tlsDir?: string;
}

/**
 * One more server in front of an already booted runtime, as `npm start` would serve it but with
 * settings a test needs. Both servers share the runtime, so a mutation made through either one
 * reaches the subscribers of both.
 */
export async function serveRuntime(runtime: Runtime, options: ServeOptions = {}): Promise<RunningServer> {
  const ownTlsDir = options.tlsDir === undefined ? mkdtempSync(join(tmpdir(), 'appsync-local-tls-')) : null;
  const tlsDir = options.tlsDir ?? ownTlsDir ?? '';
  const server = await startServer({
    port: 0,
    tlsDir,
    handleHttp: createHttpHandler(runtime.http, options.staticHandler ? { staticHandler: options.staticHandler } : {}),
    realtime: { ...options.realtime, engine: runtime.engine, authenticate: fromRuntimeAuthenticate((request) => runtime.authenticate(request)) },
  });
  return {
    ...server,
    async close() {
      await server.close();
      if (ownTlsDir !== null) rmSync(ownTlsDir, { recursive: true, force: true });
    },
  };
}
