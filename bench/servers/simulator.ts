/**
 * Peer: @aws-amplify/amplify-appsync-simulator, the engine behind `amplify mock`, serving the
 * bench schema with VTL resolvers equivalent to the fixture's APPSYNC_JS ones (it runs VTL only).
 * With `tls`, it serves HTTPS and WSS with the run's local certificate, as our runtime does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmplifyAppSyncSimulator, AmplifyAppSyncSimulatorAuthenticationType, RESOLVER_KIND } from '@aws-amplify/amplify-appsync-simulator';
import { ensureLocalTls } from '../../local/src/server/tls';
import { freePort } from '../../local/src/services/free-port';
import { host, readOptions } from '../lib/host';
import { REPO_ROOT } from '../lib/paths';

export interface SimulatorServerOptions {
  apiKey: string;
  /** Folder of the run's local CA and certificate; without it the simulator speaks plain HTTP and ws. */
  tlsDir: string | null;
}

export interface SimulatorServerInfo {
  httpUrl: string;
  realtimeUrl: string;
  caPem: string | null;
}

const fixture = join(REPO_ROOT, 'bench', 'fixtures');
const template = (name: string) => ({ path: name, content: readFileSync(join(fixture, 'vtl', name), 'utf8') });

host<SimulatorServerInfo>(async () => {
  const options = readOptions<SimulatorServerOptions>();
  const tls = options.tlsDir ? ensureLocalTls(options.tlsDir) : null;
  const port = await freePort();
  const simulator = new AmplifyAppSyncSimulator({
    port,
    ...(tls && options.tlsDir
      ? { httpsConfig: { sslKeyPath: join(options.tlsDir, 'localhost-key.pem'), sslCertPath: join(options.tlsDir, 'localhost.pem') } }
      : {}),
  });
  await simulator.start();
  simulator.init({
    schema: { content: readFileSync(join(fixture, 'bench-api', 'schema.graphql'), 'utf8') },
    resolvers: [
      {
        kind: RESOLVER_KIND.UNIT,
        typeName: 'Query',
        fieldName: 'hello',
        dataSourceName: 'NONE',
        requestMappingTemplateLocation: 'hello.request.vtl',
        responseMappingTemplateLocation: 'passthrough.response.vtl',
      },
      {
        kind: RESOLVER_KIND.UNIT,
        typeName: 'Mutation',
        fieldName: 'publish',
        dataSourceName: 'NONE',
        requestMappingTemplateLocation: 'publish.request.vtl',
        responseMappingTemplateLocation: 'passthrough.response.vtl',
      },
    ],
    dataSources: [{ type: 'NONE', name: 'NONE' }],
    mappingTemplates: [template('hello.request.vtl'), template('publish.request.vtl'), template('passthrough.response.vtl')],
    appSync: {
      name: 'bench',
      defaultAuthenticationType: { authenticationType: AmplifyAppSyncSimulatorAuthenticationType.API_KEY },
      apiKey: options.apiKey,
      additionalAuthenticationProviders: [],
    },
  });
  const scheme = tls ? 'https' : 'http';
  return {
    info: {
      // It listens on every interface; the bench only ever dials loopback.
      httpUrl: `${scheme}://127.0.0.1:${port}/graphql`,
      realtimeUrl: `${tls ? 'wss' : 'ws'}://127.0.0.1:${port}/graphql/realtime`,
      caPem: tls?.caPem ?? null,
    },
    close: () => simulator.stop(),
  };
});
