import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** Short paths for the apps: /barista opens barista.html. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/barista': 'barista.html',
  '/manager': 'manager.html',
  '/explorer': 'explorer.html',
  // Browsers ask for /favicon.ico on their own, GraphiQL's page included.
  '/favicon.ico': 'favicon.svg',
};

/**
 * The built apps for createHttpHandler's `staticHandler`: files from `distDir` (GET and HEAD
 * only), and amplify_outputs.json at /amplify_outputs.json so every page can configure Amplify
 * from the origin it was served from. Answers false for anything else, so the runtime's own
 * routes and its 404 stay in charge.
 */
export function clientStaticHandler(options: { distDir: string; outputsFile: string }): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = normalize(options.distDir);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (pathname === '/amplify_outputs.json') return send(res, req, options.outputsFile, 'no-store');
    const relative = PAGES[pathname] ?? pathname.slice(1);
    const file = normalize(join(root, relative));
    // A path that climbs out of distDir (../) is not ours to answer.
    if (!file.startsWith(root + sep)) return false;
    // Vite puts a content hash in every asset name, so assets may be cached for good; pages may not.
    return send(res, req, file, relative.startsWith(`assets${sep}`) || relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

function send(res: ServerResponse, req: IncomingMessage, file: string, cacheControl: string): boolean {
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cacheControl, 'content-length': statSync(file).size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
