import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDefinition } from '../../infra/api';
import { launchChromium } from '../../local/test/browser/chromium';
import { TEST_PASSWORD } from '../../local/test/support/local-api';
import { openApp, PHONE, shot, SHOTS, signIn, uniqueEmail, type OpenedPage, publishShot } from './browser-steps';
import { type ClientWorld, confirmationCode, startClientWorld } from './client-world';

/**
 * Sign-up, sign-in and password reset off the happy path (issue 11), in Chromium against the real
 * cognito-local: the pool's password rules before anything is typed, Cognito's refusals in words
 * beside their field, a new code, a way back from the code step, a forgotten password; a sign-out
 * in one tab reaching the other; and the hint a page over http:// shows when the browser has not
 * accepted the local certificate.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let app: ClientWorld;
const contexts: BrowserContext[] = [];
let untrusting: Browser | null = null;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startClientWorld();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await untrusting?.close();
  await app?.close();
});

async function phone(path = '/'): Promise<OpenedPage> {
  const opened = await openApp(app, path, PHONE);
  contexts.push(opened.context);
  return opened;
}

/** axe-core's WCAG 2.1 A and AA rules, as test/e2e/accessibility.test.ts runs them. */
async function violationsOf(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    type Found = { id: string; nodes: Array<{ target: unknown[] }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Found[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** The message beside a field: the element its aria-describedby names first, with role=alert. */
async function messageBeside(page: Page, fieldId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const field = document.getElementById(id);
    const described = field?.getAttribute('aria-describedby')?.split(' ')[0];
    const message = described ? document.getElementById(described) : null;
    return message && message.getAttribute('role') === 'alert' && field?.getAttribute('aria-invalid') === 'true' ? message.textContent : null;
  }, fieldId);
}

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

describe('sign-up and sign-in off the happy path', () => {
  it("shows the pool's password rules before typing, refuses a weak password beside the field, and names an existing account in words", async () => {
    const { page } = await phone();
    await page.getByRole('button', { name: 'Create an account' }).click();
    const rules = page.locator('#auth-password-rules li');
    // One line per rule infra/api/user-pool.ts sets, before anything is typed.
    const policy = apiDefinition.userPool.passwordPolicy;
    const expected = 1 + [policy.requireLowercase, policy.requireUppercase, policy.requireDigits, policy.requireSymbols].filter(Boolean).length;
    expect(await rules.count()).toBe(expected);
    expect(await rules.first().textContent()).toContain(`At least ${policy.minLength} characters`);
    expect(await page.locator('#auth-password-rules li.met').count()).toBe(0);
    expect((await page.getByLabel('Password', { exact: true }).getAttribute('aria-describedby')) ?? '').toContain('auth-password-rules');

    await page.getByLabel('Email').fill(uniqueEmail('weak'));
    await page.getByLabel('Password', { exact: true }).fill('lowercase1');
    expect(await page.locator('#auth-password-rules li.met').count()).toBe(expected - 1);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => messageBeside(page, 'auth-password')).toBe('This password does not meet the rules listed under it.');
    expect(await focusedId(page)).toBe('auth-password');
    expect(await violationsOf(page)).toEqual([]);
    await shot(page, 'sign-up-password-rules');
    publishShot('sign-up-password-rules.png');

    const existing = uniqueEmail('existing');
    await app.world.api.createUser(existing, []);
    await page.getByLabel('Email').fill(existing);
    await page.getByLabel('Password', { exact: true }).fill('Flatwhite1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => messageBeside(page, 'auth-email')).toBe('An account with this email exists. Sign in or reset your password.');
    expect(await focusedId(page)).toBe('auth-email');
    expect(await page.textContent('body')).not.toContain('User already exists');
  });

  it('refuses a wrong code beside it, says cognito-local cannot resend, goes back from the code step, and confirms through a later sign-in', async () => {
    const { page } = await phone();
    const { userPoolId } = app.world.api.booted.state.pool;
    const email = uniqueEmail('coder');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('Flatwhite1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('Confirmation code').waitFor();
    expect(await focusedId(page)).toBe('auth-code');

    await page.getByLabel('Confirmation code').fill('000000' === confirmationCode(userPoolId, email) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => messageBeside(page, 'auth-code')).toBe('That code is not right. Check the email we sent and try again.');

    // cognito-local 5.3.0 has no ResendConfirmationCode: the page says so instead of a 500's text.
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await expect.poll(() => messageBeside(page, 'auth-code'), { timeout: 20_000 }).toContain('The local user pool (cognito-local) cannot send a new code.');
    expect(await violationsOf(page)).toEqual([]);
    await shot(page, 'sign-up-code-step');

    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to order' }).count()).toBe(1);
    expect(await focusedId(page)).toBe('auth-email');

    // Signing in before confirming leads back to the code, which then signs the person in.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('Flatwhite1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Confirmation code').fill(confirmationCode(userPoolId, email));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.locator('header .who').textContent(), { timeout: 15_000 }).toBe(email);
  });

  it('says a wrong password in words and resets a forgotten one with the emailed code', async () => {
    const { page, problems } = await phone();
    const { userPoolId } = app.world.api.booted.state.pool;
    const email = uniqueEmail('forgetful');
    await app.world.api.createUser(email, []);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('NotMyPassword1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => messageBeside(page, 'auth-password')).toBe('The email or password is not right. Try again, or reset your password.');

    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Reset your password' }).count()).toBe(1);
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code from the email').waitFor();
    // The new password's rules are shown on this step too.
    expect(await page.locator('#auth-password-rules li').count()).toBeGreaterThan(0);
    await page.getByLabel('Code from the email').fill('000000' === confirmationCode(userPoolId, email) ? '111111' : '000000');
    await page.getByLabel('New password', { exact: true }).fill('Cortado123');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => messageBeside(page, 'auth-code')).toBe('That code is not right. Check the email we sent and try again.');
    expect(await violationsOf(page)).toEqual([]);

    await page.getByLabel('Code from the email').fill(confirmationCode(userPoolId, email));
    await page.getByLabel('New password', { exact: true }).fill('Cortado123');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.locator('header .who').textContent(), { timeout: 15_000 }).toBe(email);
    // Cognito's refusals answer 400; nothing else went wrong on the page.
    expect(problems.filter((problem) => !/^400 /.test(problem) && !/status of 400/.test(problem))).toEqual([]);
    expect(TEST_PASSWORD).not.toBe('Cortado123');
  });
});

describe('two tabs', () => {
  it('signs the other tab out too, showing the sign-in form and why instead of "No federated jwt"', async () => {
    const email = uniqueEmail('twotabs');
    await app.world.api.createUser(email, []);
    const first = await phone();
    await signIn(first.page, email);
    const second = await first.context.newPage();
    await second.goto(`${app.origin}/`);
    await expect.poll(() => second.locator('header .who').textContent(), { timeout: 15_000 }).toBe(email);

    await first.page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => second.getByLabel('Password').count(), { timeout: 15_000 }).toBe(1);
    expect(await second.locator('.auth .info').textContent()).toBe('You signed out in another tab. Sign in again to continue.');
    expect(await second.locator('header .who').count()).toBe(0);
    expect(await second.textContent('body')).not.toContain('No federated jwt');
    expect(await violationsOf(second)).toEqual([]);
  });
});

describe('over http:// without the local certificate', () => {
  it('shows a hint naming the https:// page, the endpoints and the README step', async () => {
    // A browser that trusts nothing: the local certificate has not been accepted.
    untrusting = await launchChromium({ trust: [] });
    const context = await untrusting.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const httpOrigin = app.server.httpUrl.replace(/\/graphql$/, '');
    await page.goto(`${httpOrigin}/manager`);
    const hint = page.locator('#certificate-hint');
    await hint.waitFor({ timeout: 15_000 });
    expect(await hint.getAttribute('role')).toBe('alert');
    expect(await hint.locator('a').getAttribute('href')).toBe(`${app.origin}/manager`);
    const text = (await hint.textContent()) ?? '';
    expect(text).toContain(app.server.httpsUrl);
    expect(text).toContain(app.server.realtimeUrl);
    expect(text).toContain('#one-step-for-browsers-the-local-certificate');
    // The README has the heading the anchor points at.
    expect(readFileSync(join(process.cwd(), 'README.md'), 'utf8')).toMatch(/^#+ One step for browsers: the local certificate$/m);
    expect(await violationsOf(page)).toEqual([]);
    await shot(page, 'certificate-hint');
    publishShot('certificate-hint.png');

    // What the README claims: signing in works (cognito-local is plain http), then every API call fails.
    const manager = uniqueEmail('httpmanager');
    await app.world.api.createUser(manager, ['Managers']);
    await page.getByLabel('Email').fill(manager);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('A network error has occurred').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await context.close();
  });
});
