import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { readEnvironmentOverrides } from '../../src/template/env-vars';
import { serveTemplate, type ServedTemplate } from '../../src/template/serve';
import type { GraphqlBody } from '../support/local-api';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface TemplateTestApi {
  served: ServedTemplate;
  url: string;
  realtimeUrl: string;
  ca: string;
  graphql(body: { query: string; variables?: Record<string, unknown> }, headers: Record<string, string>): Promise<{ status: number; body: GraphqlBody }>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * Serves a template through the loader against the run's DynamoDB Local and cognito-local, under
 * a stack name unique to this run (its tables and pools are the test file's own).
 */
export async function serveTestTemplate(file: string, options: { assetsDir?: string; stackName?: string; envVarsFile?: string } = {}): Promise<TemplateTestApi> {
  counter += 1;
  const dir = mkdtempSync(join(tmpdir(), 'appsync-local-template-'));
  const cognitoEndpoint = inject('cognitoEndpoint');
  const served = await serveTemplate({
    file,
    ...(options.assetsDir && { assetsDir: options.assetsDir }),
    // Read as `serve --env-vars` reads it (cli/serve.ts).
    ...(options.envVarsFile && { environmentOverrides: readEnvironmentOverrides(options.envVarsFile) }),
    stackName: options.stackName ?? `t${process.pid}-${Date.now().toString(36)}-${counter}`,
    services: {
      dynamodbEndpoint: inject('dynamoEndpoint'),
      cognitoEndpoint,
      issuerFor: (poolId) => `${cognitoEndpoint}/${poolId}`,
      jwksUriFor: (poolId) => `${cognitoEndpoint}/${poolId}/.well-known/jwks.json`,
    },
    stateFile: join(dir, 'state.json'),
    workDir: dir,
    port: 0,
    tlsDir: join(dir, 'tls'),
  });
  const first = served.servers[0];
  if (!first) {
    await served.close();
    throw new Error(`no API served from ${file}: ${JSON.stringify(served.loaded.problems)}`);
  }
  return {
    served,
    url: first.server.httpUrl,
    realtimeUrl: first.server.realtimeUrl,
    ca: first.server.caPem,
    async graphql(body, headers) {
      const response = await fetch(first.server.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as GraphqlBody };
    },
    async close() {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
