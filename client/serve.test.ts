import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientStaticHandler } from './serve';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'client-serve-'));
  const distDir = join(dir, 'dist');
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(distDir, 'index.html'), '<h1>customer</h1>');
  writeFileSync(join(distDir, 'barista.html'), '<h1>barista</h1>');
  writeFileSync(join(distDir, 'assets', 'app-1a2b.js'), 'export {};');
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  const outputsFile = join(dir, 'amplify_outputs.json');
  writeFileSync(outputsFile, '{"version":"1.3"}');
  const handler = clientStaticHandler({ distDir, outputsFile });
  // What the runtime does when the static handler declines: its own 404.
  server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404).end('runtime 404');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the web apps static handler', () => {
  it('serves the customer app at / and the tablet at /barista', async () => {
    const home = await fetch(`${base}/`);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toBe('<h1>customer</h1>');
    expect(await (await fetch(`${base}/barista`)).text()).toBe('<h1>barista</h1>');
  });

  it('serves amplify_outputs.json from the file it was given, never cached', async () => {
    const response = await fetch(`${base}/amplify_outputs.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ version: '1.3' });
  });

  it('lets browsers cache hashed assets for good', async () => {
    const response = await fetch(`${base}/assets/app-1a2b.js`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('leaves unknown paths, other methods and paths outside the build to the runtime', async () => {
    expect((await fetch(`${base}/graphql`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(await (await fetch(`${base}/nothing-here.js`)).text()).toBe('runtime 404');
    expect(await (await fetch(`${base}/..%2fsecret.txt`)).text()).toBe('runtime 404');
  });
});
