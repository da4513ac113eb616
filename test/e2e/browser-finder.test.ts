import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../local/test/browser/chromium';

/**
 * The browser tests need nothing but `npm install`: with no system Chromium the finder unpacks
 * the one inside @sparticuz/chromium, and that browser loads a real page over loopback.
 */

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>probe</title><h1>Served over loopback</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the test browser finder', () => {
  it('uses a system Chromium when there is one', async () => {
    const found = await findChromium({ env: {}, systemPaths: ['/nonexistent/chromium', process.execPath] });
    expect(found).toEqual({ executablePath: process.execPath, source: 'system' });
  });

  it('fails loudly when CHROMIUM_PATH names a file that does not exist', async () => {
    await expect(findChromium({ env: { CHROMIUM_PATH: '/nonexistent/chrome' } })).rejects.toThrow('CHROMIUM_PATH is set to /nonexistent/chrome, which does not exist');
  });

  it('falls back to the Chromium inside @sparticuz/chromium, which launches and loads a page', async () => {
    const found = await findChromium({ env: {}, systemPaths: ['/nonexistent/chromium'] });
    expect(found.source).toBe('@sparticuz/chromium');
    expect(found.executablePath).toMatch(/brewline-chromium-[\d.]+\/chromium$/);
    const browser = await launchChromium({ trust: [], found });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      expect(await page.locator('h1').textContent()).toBe('Served over loopback');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
