import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromRuntimeAuthenticate } from '../realtime/auth';
import { createHttpHandler } from '../server/http';
import { startServer, type RunningServer } from '../server/index';
import { loadTemplate, type LoadedTemplate, type LoadTemplateOptions, type ServedApi } from './index';

export interface ServeTemplateOptions extends LoadTemplateOptions {
  /** The first API's port (0: a free one); each further API takes a free port. */
  port: number;
  host?: string;
  /** The local CA and certificate (server/tls.ts), shared by every API's server. */
  tlsDir: string;
  /** Extra routes on the first API's server (the outputs file, say). */
  staticHandler?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export interface ServedTemplate {
  loaded: LoadedTemplate;
  servers: Array<{ api: ServedApi; server: RunningServer }>;
  close(): Promise<void>;
}

/**
 * A template's APIs on HTTP, TLS and the real-time WebSocket, one server each (AppSync gives each
 * API its own endpoint). The API's GraphQLUrl and RealTimeUrl become the servers' own once they
 * listen, so a function that calls its API finds it.
 */
export async function serveTemplate(options: ServeTemplateOptions): Promise<ServedTemplate> {
  const loaded = await loadTemplate(options);
  const servers: ServedTemplate['servers'] = [];
  try {
    for (const [index, api] of loaded.apis.entries()) {
      const server = await startServer({
        port: index === 0 ? options.port : 0,
        ...(options.host && { host: options.host }),
        tlsDir: options.tlsDir,
        handleHttp: createHttpHandler(api.runtime.http, index === 0 && options.staticHandler ? { staticHandler: options.staticHandler } : {}),
        realtime: { engine: api.runtime.engine, authenticate: fromRuntimeAuthenticate((request) => api.runtime.authenticate(request)) },
      });
      api.api.urls.graphql = server.httpUrl;
      api.api.urls.realtime = server.realtimeUrl;
      servers.push({ api, server });
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.server.close()));
    await loaded.close();
    throw error;
  }
  return {
    loaded,
    servers,
    async close() {
      await Promise.all(servers.map((s) => s.server.close()));
      await loaded.close();
    },
  };
}
