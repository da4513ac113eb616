import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { chromiumTrustArgs } from '../../src/server/tls';

/** Where the test browser lives; CHROMIUM_PATH overrides it (e.g. a Chrome on macOS). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_INSTALL_HINT = 'apt-get install -y chromium';

/** Flags for a quiet, deterministic headless run: no sandbox (containers), no GPU, no background traffic. */
const QUIET_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches the system Chromium through playwright-core, trusting the local certificates of the
 * given servers (RunningServer carries `spkiSha256`) and nothing else: certificate checks stay on,
 * so a page from any other origin with a bad certificate still fails.
 *
 * Chromium honours --ignore-certificate-errors-spki-list only together with a user-data dir;
 * `chromium.launch` always passes one (a fresh temporary profile), so no persistent context is
 * needed. A missing browser fails loudly with the command that installs it.
 */
export async function launchChromium(options: { trust: ReadonlyArray<{ spkiSha256: string }> }): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install it with: ${CHROMIUM_INSTALL_HINT} (or set CHROMIUM_PATH).`);
  }
  const spkiList = options.trust.map((server) => server.spkiSha256);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...QUIET_ARGS, ...(spkiList.length > 0 ? chromiumTrustArgs({ spkiSha256: spkiList.join(',') }) : [])],
  });
}
