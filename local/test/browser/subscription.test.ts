import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '../../src/server/index';
import { eventually } from '../realtime/amplify-client';
import { Feed } from '../realtime/feed';
import { serveRuntime } from '../support/serve';
import { TEST_PASSWORD } from '../support/local-api';
import { launchChromium } from './chromium';
import type { AmplifySubscriberConfig } from './pages/amplify-subscriber';
import { TestPages, bundleForBrowser } from './pages';

/**
 * The unmodified aws-amplify v6 in a real Chromium: the page is served by the runtime over HTTPS
 * with the local certificate (trusted through Chromium's SPKI flag, nothing else relaxed), signs
 * in through cognito-local and subscribes over wss; a mutation made over HTTP shows up on the page.
 */

const EMAIL = 'browser.user@example.com';
const PAGE = '/test/subscribe.html';

let feed: Feed;
let server: RunningServer;
let browser: Browser;
let user: Awaited<ReturnType<Feed['user']>>;

beforeAll(async () => {
  feed = await Feed.start();
  user = await feed.user(EMAIL);
  const script = await bundleForBrowser(fileURLToPath(new URL('./pages/amplify-subscriber.ts', import.meta.url)));
  const pages = new TestPages();
  server = await serveRuntime(feed.api.runtime, { staticHandler: pages.handler });
  const { userPoolId, clientId } = feed.api.booted.state.pool;
  const config: AmplifySubscriberConfig = {
    endpoint: `https://localhost:${server.port}/graphql`,
    userPoolId,
    userPoolClientId: clientId,
    userPoolEndpoint: inject('cognitoEndpoint'),
    username: EMAIL,
    password: TEST_PASSWORD,
    query: 'subscription { onMyPost { id author title } }',
  };
  pages.add({ path: PAGE, script, config, title: 'amplify subscriber' });
  browser = await launchChromium({ trust: [server] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await feed?.close();
});

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`https://localhost:${server.port}${PAGE}`);
  return { page, problems };
}

describe('aws-amplify v6 in Chromium', () => {
  it('signs in, subscribes over wss and shows a mutation made over HTTP', async () => {
    const { page, problems } = await openPage();
    await eventually(() => server.hub.stats().subscriptions === 1 || problems.length > 0);
    expect(problems).toEqual([]);
    expect(await page.textContent('#status')).toBe('subscribing');

    const id = feed.id('browser');
    const published = await feed.publish({ id, channel: 'browser', title: 'seen in Chromium' }, { auth: user.auth });
    expect(published.body.errors).toBeUndefined();

    const event = await page.locator('#events li').first().textContent();
    expect(JSON.parse(event ?? 'null')).toEqual({ onMyPost: { id, author: user.sub, title: 'seen in Chromium' } });
    await page.close();
  });

  it('is refused by a Chromium that was not told to trust the local certificate', async () => {
    const untrusting = await launchChromium({ trust: [] });
    try {
      const page = await untrusting.newPage();
      await expect(page.goto(`https://localhost:${server.port}${PAGE}`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await untrusting.close();
    }
  });
});
