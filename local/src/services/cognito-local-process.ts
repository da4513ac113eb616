/**
 * cognito-local's process (forked by startCognitoLocal). It differs from cognito-local's own bin
 * in four ways: tokens are signed with this machine's key (cognito-keys.ts), requests pass the
 * gate first (cognito-gate.ts), GetTokensFromRefreshToken is served (cognito-refresh.ts), and the
 * process exits when its parent does (watchdog.ts).
 *
 * Environment: PORT and HOST (cognito-local's own: they also make each token's issuer),
 * COGNITO_SIGNING_KEY_FILE, COGNITO_BROWSER_ORIGINS (JSON: a list of origins, or "loopback").
 */
import { createServer, type ServerResponse } from 'node:http';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decide, type CognitoBrowserOrigins } from './cognito-gate';
import { ensureSigningKey } from './cognito-keys';
import { GET_TOKENS_FROM_REFRESH_TOKEN, serveGetTokensFromRefreshToken } from './cognito-refresh';
import { exitWithParent } from './watchdog';

exitWithParent();
// What this process writes (user files with passwords, charges) is this user's only.
process.umask(0o077);

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('cognito-local/package.json'));
const keysDir = join(packageDir, 'lib', 'keys');
const fromCognito = createRequire(join(packageDir, 'package.json'));

type ExpressApp = (request: unknown, response: unknown) => void;
interface CognitoServerModule {
  createDefaultServer(logger: unknown): Promise<{ application: ExpressApp }>;
}
type PinoFactory = (options: { level: string }) => unknown;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`cognito-local-process needs ${name}.`);
  return value;
}

/**
 * cognito-local loads its keys with `require('../keys/cognitoLocal.private.json')` and offers no
 * setting for them; Node's module cache is the supported place to provide a module's exports
 * before anyone requires it, so this machine's key is put there first.
 */
function provideKey(file: string): string[] {
  const key = ensureSigningKey(file);
  const paths: string[] = [];
  const entries: Array<[string, unknown]> = [
    ['cognitoLocal.private.json', { jwk: {}, pem: key.privatePem }],
    ['cognitoLocal.public.json', { jwk: key.publicJwk, pem: key.publicPem }],
  ];
  for (const [name, exports] of entries) {
    const path = join(keysDir, name);
    const module = new Module(path);
    module.filename = path;
    module.loaded = true;
    module.exports = exports;
    require.cache[path] = module;
    paths.push(path);
  }
  return paths;
}

/** A later cognito-local that loads its key from elsewhere must not start with the shipped key. */
function assertOwnKeyInUse(provided: string[]): void {
  const loaded = Object.keys(require.cache).filter((path) => path.startsWith(packageDir) && /\.(private|public)\.json$|[\\/]keys[\\/]/.test(path));
  const stray = loaded.filter((path) => !provided.includes(path));
  if (stray.length > 0 || !provided.every((path) => require.cache[path]?.loaded)) {
    throw new Error(`cognito-local loaded key files this machine's key does not replace (${stray.join(', ')}); refusing to start with the key shipped in its package.`);
  }
}

function refuse(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

async function main(): Promise<void> {
  const port = Number(required('PORT'));
  const host = required('HOST');
  const origins = JSON.parse(process.env.COGNITO_BROWSER_ORIGINS ?? '[]') as CognitoBrowserOrigins;
  const provided = provideKey(required('COGNITO_SIGNING_KEY_FILE'));

  const pino = fromCognito('pino') as PinoFactory;
  const { createDefaultServer } = fromCognito('./lib/server') as CognitoServerModule;
  const { application } = await createDefaultServer(pino({ level: process.env.DEBUG ? 'debug' : 'warn' }));
  assertOwnKeyInUse(provided);

  const server = createServer((request, response) => {
    const decision = decide(request, origins, host);
    if (!decision.allow) {
      refuse(response, decision.status, decision.body);
      return;
    }
    // cognito-local's CORS middleware answers every origin with `*`; only the gate's headers stand.
    const setHeader = response.setHeader.bind(response);
    response.setHeader = (name, value) => (name.toLowerCase().startsWith('access-control-') ? response : setHeader(name, value));
    for (const [name, value] of Object.entries(decision.cors)) setHeader(name, value);
    if (request.method === 'OPTIONS') {
      response.writeHead(decision.cors['access-control-allow-origin'] ? 204 : 403);
      response.end();
      return;
    }
    if (request.headers['x-amz-target'] === GET_TOKENS_FROM_REFRESH_TOKEN) {
      serveGetTokensFromRefreshToken(request, response, `http://${host}:${port}/`).catch((error: unknown) => {
        if (!response.headersSent) refuse(response, 500, { __type: 'InternalErrorException', message: error instanceof Error ? error.message : String(error) });
      });
      return;
    }
    application(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  process.send?.({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
