import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { writeMenuPictures } from './images/write';

export const CLIENT_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DIST_DIR = join(CLIENT_DIR, 'dist');

/** The four apps, one HTML entry each; Vite shares their common chunks (aws-amplify, lit-html). */
export const ENTRY_PAGES = ['index.html', 'barista.html', 'manager.html', 'explorer.html'] as const;

/**
 * Builds the web apps with Vite's programmatic API into `outDir` (client/dist by default). No
 * vite.config file is read: everything the build needs is here, so `npm start` and the e2e test
 * build exactly the same thing.
 */
export async function buildClient(options: { outDir?: string; quiet?: boolean } = {}): Promise<{ outDir: string }> {
  const outDir = options.outDir ?? DEFAULT_DIST_DIR;
  await build({
    root: CLIENT_DIR,
    configFile: false,
    logLevel: options.quiet ? 'silent' : 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // Amplify alone is larger than Vite's 500 kB warning; the apps load it once and cache it.
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: Object.fromEntries(ENTRY_PAGES.map((page) => [page.replace(/\.html$/, ''), join(CLIENT_DIR, page)])) },
    },
  });
  // Drawn after Vite, whose emptyOutDir would remove them; the seed's imageUrl points here.
  await writeMenuPictures(join(outDir, 'images', 'menu'));
  return { outDir };
}
