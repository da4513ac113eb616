import type { IncomingMessage, ServerResponse } from 'node:http';
import { build } from 'esbuild';

/**
 * Test pages for a real browser, served by the runtime itself (createHttpHandler's staticHandler),
 * so they share the API's origin and certificate. Scripts are TypeScript modules bundled with
 * esbuild when the test runs, dependencies (aws-amplify) included, exactly as an app bundles them.
 */

export interface TestPage {
  /** URL path of the HTML page, e.g. /test/subscribe.html. */
  path: string;
  /** The bundled module the page loads. */
  script: string;
  /** JSON handed to the script as `<script type="application/json" id="page-config">`. */
  config: unknown;
  title?: string;
}

/** Bundles a browser entry module into one ES module. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

function html(page: TestPage, scriptPath: string): string {
  // "<" is escaped so that no value in the config can close the script element.
  const config = JSON.stringify(page.config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${page.title ?? 'test page'}</title></head>
<body>
<p id="status">loading</p>
<ol id="events"></ol>
<pre id="errors"></pre>
<script type="application/json" id="page-config">${config}</script>
<script type="module" src="${scriptPath}"></script>
</body>
</html>`;
}

/**
 * Pages served by the runtime under test: pass `handler` as the server's staticHandler, then add
 * pages (their config usually needs the server's port, known once it listens). Each page's script
 * is served next to it, at `<path>.js`.
 */
export class TestPages {
  private readonly routes = new Map<string, { type: string; body: string }>([
    // Browsers ask for an icon on their own; answering keeps the console free of unrelated 404s.
    ['/favicon.ico', { type: 'image/x-icon', body: '' }],
  ]);

  add(page: TestPage): string {
    const scriptPath = `${page.path}.js`;
    this.routes.set(page.path, { type: 'text/html; charset=utf-8', body: html(page, scriptPath) });
    this.routes.set(scriptPath, { type: 'text/javascript; charset=utf-8', body: page.script });
    return page.path;
  }

  readonly handler = (request: IncomingMessage, response: ServerResponse): boolean => {
    const route = this.routes.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (request.method !== 'GET' || !route) return false;
    response.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' });
    response.end(route.body);
    return true;
  };
}
