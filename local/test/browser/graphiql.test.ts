import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index';
import { eventually } from '../realtime/amplify-client';
import { Feed } from '../realtime/feed';
import { serveRuntime } from '../support/serve';
import { launchChromium } from './chromium';

/**
 * The runtime's own explorer (/graphiql) in Chromium: a subscription runs over AppSync's real-time
 * protocol and shows each event in the result pane, while a mutation run from a second explorer
 * tab goes over HTTP. This is the "Try it" path of local/docs/realtime.md, end to end.
 */

let feed: Feed;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  feed = await Feed.start();
  server = await serveRuntime(feed.api.runtime);
  browser = await launchChromium({ trust: [server] });
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await eventually(() => server.hub.stats().connections === 0);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await feed?.close();
});

/** Opens the explorer on `operation` in a fresh profile and presses the run button. */
async function run(operation: string, origin = `https://localhost:${server.port}`): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${origin}/graphiql?query=${encodeURIComponent(operation)}`);
  await page.locator('.graphiql-execute-button').click();
  return { page, problems };
}

const resultText = (page: Page) => page.locator('.result-window').innerText();

describe('the explorer at /graphiql', () => {
  it('shows subscription events live, received over the real-time endpoint', async () => {
    const subscriber = await run('subscription { onPublishPost(channel: "explorer") { id title } }');
    await eventually(() => server.hub.stats().subscriptions === 1 || subscriber.problems.length > 0);
    expect(subscriber.problems).toEqual([]);

    const id = feed.id('explorer');
    const publisher = await run(`mutation { publishPost(input: { id: "${id}", channel: "explorer", title: "from the explorer" }) { id channel title } }`);
    await expect.poll(() => resultText(publisher.page)).toContain('"title": "from the explorer"');

    await expect.poll(() => resultText(subscriber.page)).toContain(`"id": "${id}"`);
    expect(await resultText(subscriber.page)).toContain('"title": "from the explorer"');
    expect([...subscriber.problems, ...publisher.problems]).toEqual([]);
  });

  it("shows AppSync's error for a subscription the explorer's API key may not start", async () => {
    const { page } = await run('subscription { onMyPost { id } }');
    await expect.poll(() => resultText(page)).toContain('"errorType": "Unauthorized"');
    expect(await resultText(page)).toContain('"message": "Not Authorized to access onMyPost on type Subscription"');
    expect(server.hub.stats().subscriptions).toBe(0);
  });

  it('needs no certificate step when opened over plain http: the subscription goes over ws://', async () => {
    const subscriber = await run('subscription { onPublishPost(channel: "plain") { id } }', `http://localhost:${server.port}`);
    await eventually(() => server.hub.stats().subscriptions === 1 || subscriber.problems.length > 0);
    const id = feed.id('plain');
    await feed.publish({ id, channel: 'plain' });
    await expect.poll(() => resultText(subscriber.page)).toContain(`"id": "${id}"`);
    expect(subscriber.problems).toEqual([]);
  });
});
