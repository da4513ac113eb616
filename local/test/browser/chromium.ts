import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { chromiumTrustArgs } from '../../src/server/tls';

/** Where a system Chromium is looked for, first match wins: CHROMIUM_PATH (e.g. a Chrome on macOS), then Debian's. */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = ['/usr/bin/chromium'];

/** Flags for a quiet, deterministic headless run: no sandbox (containers), no GPU, no background traffic. */
const QUIET_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface FoundChromium {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/**
 * Picks the browser for the tests: an explicit CHROMIUM_PATH, else a system Chromium, else the
 * one shipped inside the npm package @sparticuz/chromium, so `npm install && npm test` is enough
 * on a machine without one. An explicit CHROMIUM_PATH that does not exist fails loudly: a typo
 * should not silently test another browser.
 */
export async function findChromium(options: { env?: NodeJS.ProcessEnv; systemPaths?: readonly string[] } = {}): Promise<FoundChromium> {
  const explicit = (options.env ?? process.env).CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH is set to ${explicit}, which does not exist. Unset it to use a system or the bundled Chromium.`);
    return { executablePath: explicit, source: 'CHROMIUM_PATH' };
  }
  const system = (options.systemPaths ?? SYSTEM_CHROMIUM_PATHS).find((path) => existsSync(path));
  if (system) return { executablePath: system, source: 'system' };
  return { executablePath: bundledChromium(), source: '@sparticuz/chromium' };
}

/**
 * Unpacks @sparticuz/chromium's brotli-packed browser once per package version into
 * <tmp>/brewline-chromium-<version>/ and returns the binary's path.
 *
 * The package's own `executablePath()` unpacks straight to <tmp>/chromium and treats "the file
 * exists" as "the file is complete", so parallel test workers could launch a half-written binary.
 * Here it runs in a child process whose TMPDIR is a private staging folder, and the folder is
 * renamed into place: a rename is atomic, and when two workers race, the loser's rename fails
 * because the target is no longer empty and it uses the winner's copy.
 */
function bundledChromium(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@sparticuz/chromium');
  // entry is <package>/build/cjs/index.cjs; the package's exports do not expose package.json.
  const packageDir = dirname(dirname(dirname(entry)));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = join(tmpdir(), `brewline-chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;

  const staging = mkdtempSync(join(tmpdir(), `brewline-chromium-${version}.staging-`));
  try {
    const moduleUrl = pathToFileURL(join(packageDir, 'build', 'esm', 'index.js')).href;
    const script = `const { default: chromium } = await import(${JSON.stringify(moduleUrl)}); process.stdout.write(await chromium.executablePath());`;
    const unpacked = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: staging }, encoding: 'utf8', timeout: 120_000 });
    if (unpacked.trim() !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked.trim()}, expected ${join(staging, 'chromium')}`);
    try {
      renameSync(staging, target);
    } catch (error) {
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/**
 * Launches the test Chromium through playwright-core, trusting the local certificates of the
 * given servers (RunningServer carries `spkiSha256`) and nothing else: certificate checks stay on,
 * so a page from any other origin with a bad certificate still fails.
 *
 * Chromium honours --ignore-certificate-errors-spki-list only together with a user-data dir;
 * `chromium.launch` always passes one (a fresh temporary profile), so no persistent context is
 * needed.
 */
export async function launchChromium(options: { trust: ReadonlyArray<{ spkiSha256: string }>; found?: FoundChromium }): Promise<Browser> {
  const { executablePath } = options.found ?? (await findChromium());
  const spkiList = options.trust.map((server) => server.spkiSha256);
  return chromium.launch({
    executablePath,
    args: [...QUIET_ARGS, ...(spkiList.length > 0 ? chromiumTrustArgs({ spkiSha256: spkiList.join(',') }) : [])],
  });
}
