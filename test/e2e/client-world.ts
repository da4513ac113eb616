import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { buildClient } from '../../client/build';
import { clientStaticHandler } from '../../client/serve';
import { apiDefinition } from '../../infra/api';
import { launchChromium } from '../../local/test/browser/chromium';
import { serveRuntime } from '../../local/test/support/serve';
import type { RunningServer } from '../../local/src/server/index';
import { amplifyOutputs } from '../../local/src/services/amplify-outputs';
import { seedMenuAndStore, startPaymentsWorld, type PaymentsWorld } from '../api/support/payment-steps';

/**
 * The whole product for a browser test, as `npm start` runs it: the coffee API with the payment
 * sandbox, the seed menu and an open store; the built web apps and amplify_outputs.json served
 * from the runtime's own origin (createHttpHandler's staticHandler); a Chromium that trusts that
 * origin's certificate and nothing else.
 */
export interface ClientWorld {
  world: PaymentsWorld;
  server: RunningServer;
  browser: Browser;
  /** https://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

/** `lambdaEnvironment` reaches every Lambda handler (ANALYTICS_LAKE_DIR: the lake the analytics charts read). */
export async function startClientWorld(options: { lambdaEnvironment?: Record<string, string> } = {}): Promise<ClientWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'brewline-e2e-'));
  const world = await startPaymentsWorld({ lambdaEnvironment: options.lambdaEnvironment });
  await seedMenuAndStore(world.api);
  const { outDir } = await buildClient({ outDir: join(dir, 'dist'), quiet: true });
  const outputsFile = join(dir, 'amplify_outputs.json');
  const server = await serveRuntime(world.api.runtime, { staticHandler: clientStaticHandler({ distDir: outDir, outputsFile }) });
  const { userPoolId, clientId } = world.api.booted.state.pool;
  const outputs = amplifyOutputs({
    definition: apiDefinition,
    region: 'local',
    userPoolId,
    clientId,
    apiKey: world.api.apiKey,
    endpoints: { graphqlUrl: server.httpsUrl, realtimeUrl: server.realtimeUrl, cognitoEndpoint: inject('cognitoEndpoint'), dynamodbEndpoint: inject('dynamoEndpoint') },
    extra: { paymentTokenizeUrl: `${world.sandbox.url}/v1/tokens` },
  });
  writeFileSync(outputsFile, JSON.stringify(outputs));
  const browser = await launchChromium({ trust: [server] });
  return {
    world,
    server,
    browser,
    origin: server.httpsUrl.replace(/\/graphql$/, ''),
    async close() {
      await browser.close();
      await server.close();
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The code cognito-local "sends" on sign-up: it keeps it on the user in its data file,
 * <data dir>/.cognito/db/<userPoolId>.json (test/global-setup.ts provides the run's data dir).
 */
export function confirmationCode(userPoolId: string, email: string): string {
  const file = join(inject('cognitoDataDir'), '.cognito', 'db', `${userPoolId}.json`);
  if (!existsSync(file)) throw new Error(`cognito-local has no data file for ${userPoolId}`);
  const pool = JSON.parse(readFileSync(file, 'utf8')) as {
    Users: Record<string, { ConfirmationCode?: string; Attributes: Array<{ Name: string; Value: string }> }>;
  };
  const user = Object.values(pool.Users).find((candidate) => candidate.Attributes.some((a) => a.Name === 'email' && a.Value === email));
  if (!user?.ConfirmationCode) throw new Error(`cognito-local holds no confirmation code for ${email}`);
  return user.ConfirmationCode;
}
