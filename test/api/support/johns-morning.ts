import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect, inject } from 'vitest';
import type { RunningServer } from '../../../local/src/server/index';
import { userPoolMode } from '../../../local/test/realtime/appsync-auth';
import type { Frame } from '../../../local/test/realtime/harness';
import { Subscriber } from '../../../local/test/realtime/subscriber';
import type { RunningPaymentSandbox } from '../../../payment-sandbox';
import { chargesFor, dataAs, menuItemId, signedInUser, tableItems, tokenize, type ApiClient } from './payment-steps';

/**
 * John's morning (../shared/seed-brief.md) as steps that take the API they run against, so the
 * same morning runs against the API booted from the project (test/api/john.test.ts) and against
 * the stack CDK synthesizes, served from cdk.out (local/test/template/cdk-out.test.ts).
 */
export interface MorningWorld {
  api: ApiClient & {
    server: Pick<RunningServer, 'httpUrl' | 'realtimeUrl' | 'caPem'>;
    pool: { userPoolId: string; clientId: string };
    /** The orders table's physical name, to check what was stored. */
    ordersTable: string;
  };
  sandbox: RunningPaymentSandbox;
}

/**
 * The code cognito-local "sends": its console message sender prints it, and it keeps it on the
 * user in its data file, <data dir>/.cognito/db/<userPoolId>.json (the same file `npm start`
 * keeps under .local/cognito). test/global-setup.ts provides the run's data dir.
 */
function confirmationCode(userPoolId: string, email: string): string {
  const file = join(inject('cognitoDataDir'), '.cognito', 'db', `${userPoolId}.json`);
  expect(existsSync(file)).toBe(true);
  const pool = JSON.parse(readFileSync(file, 'utf8')) as {
    Users: Record<string, { ConfirmationCode?: string; Attributes: Array<{ Name: string; Value: string }> }>;
  };
  const user = Object.values(pool.Users).find((candidate) => candidate.Attributes.some((a) => a.Name === 'email' && a.Value === email));
  if (!user?.ConfirmationCode) throw new Error(`cognito-local holds no confirmation code for ${email}`);
  return user.ConfirmationCode;
}

type Drink = { name: string; size: string; milk: string | null; quantity: number };
type OrderEventView = { status: string; by: string; role: string };
type JohnsOrder = {
  id: string;
  orderNumber: number | null;
  status: string;
  pickupName: string;
  total: number;
  readyAt: string | null;
  lines: Drink[];
  payment: { cardLast4: string | null } | null;
  events: OrderEventView[];
};

// Each mutation selects what its subscribers need: AppSync delivers the mutation's selection set,
// and onMyOrderChanged's server-side filter matches on customerId, so that is selected too.
const ORDER_FIELDS = 'id customerId orderNumber status pickupName total readyAt lines { name size milk quantity } payment { cardLast4 } events { status by role }';
const QUEUE_FIELDS = 'id customerId orderNumber status pickupName readyAt lines { name size milk quantity }';

function payloadOf(frame: Frame, field: string): JohnsOrder {
  return (frame.payload as { data: Record<string, JohnsOrder> }).data[field] as JohnsOrder;
}

/**
 * He signs up with his email and the confirmation code Cognito sends him, browses the menu,
 * orders two flat whites with oat milk, tokenizes his card at the payment gateway and pays; the
 * barista, subscribed to the queue, sees the paid order with his name, the drinks and the milk,
 * prepares it and marks it ready; John's own subscription hears READY; he collects it. The menu
 * and an open store must be there (seedMenuAndStore).
 */
export async function johnsMorning({ api, sandbox }: MorningWorld): Promise<void> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: inject('cognitoEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const subscribers: Subscriber[] = [];
  try {
    const { userPoolId, clientId } = api.pool;

    // Sign-up with an email and the code Cognito sends to it.
    const email = `john-${Date.now().toString(36)}@brewline.test`;
    const password = 'Flatwhite1';
    const signUp = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }));
    expect(signUp.UserConfirmed).toBe(false);
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: confirmationCode(userPoolId, email) }));
    // No group step: any signed-in user may order, so a confirmed sign-up is a customer at once.
    const signedIn = await cognito.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: password } }));
    const john = signedIn.AuthenticationResult?.AccessToken ?? '';
    expect(john).not.toBe('');

    // The barista watches the queue; John watches his own orders.
    const barista = await signedInUser(api, 'barista', ['Baristas']);
    const baristaFeed = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: userPoolMode(api.server.httpUrl, barista.token) });
    subscribers.push(baristaFeed);
    const johnFeed = await Subscriber.connect(api.server.realtimeUrl, { ca: api.server.caPem, auth: userPoolMode(api.server.httpUrl, john) });
    subscribers.push(johnFeed);
    await baristaFeed.subscribe('queue', `subscription { onOrderQueueChanged { ${QUEUE_FIELDS} } }`);
    await johnFeed.subscribe('mine', `subscription { onMyOrderChanged { ${QUEUE_FIELDS} } }`);

    // He browses the menu and orders two flat whites with oat milk.
    const { menu } = await dataAs<{ menu: { categories: Array<{ name: string; items: Array<{ name: string; milkOptions: Array<{ milk: string }> }> }> } }>(
      api,
      john,
      'query { menu { categories { name items { name milkOptions { milk } } } } }',
    );
    const flatWhite = menu.categories.flatMap((category) => category.items).find((item) => item.name === 'Flat white');
    expect(flatWhite?.milkOptions.map((option) => option.milk)).toContain('OAT');
    const { placeOrder } = await dataAs<{ placeOrder: JohnsOrder }>(api, john, `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`, {
      input: {
        idempotencyKey: 'johns-morning',
        pickupName: 'John',
        lines: [{ menuItemId: await menuItemId(api, john, 'Flat white'), size: 'REGULAR', milk: 'OAT', quantity: 2 }],
      },
    });
    expect(placeOrder).toMatchObject({ status: 'PENDING_PAYMENT', pickupName: 'John', lines: [{ name: 'Flat white', milk: 'OAT', quantity: 2 }] });

    // He pays by card: the browser tokenizes it at the gateway, the API gets only the token.
    const cardToken = await tokenize(sandbox, '4242424242424242');
    const { payOrder } = await dataAs<{ payOrder: JohnsOrder }>(api, john, `mutation($input: PayOrderInput!) { payOrder(input: $input) { ${ORDER_FIELDS} } }`, {
      input: { orderId: placeOrder.id, cardToken, idempotencyKey: 'johns-payment' },
    });
    // Paying gives the order its number for the day (an unpaid order has none).
    expect(placeOrder.orderNumber).toBeNull();
    expect(payOrder).toMatchObject({ status: 'PAID', orderNumber: expect.any(Number), payment: { cardLast4: '4242' } });
    expect(await chargesFor(sandbox, placeOrder.id)).toMatchObject([{ amount: placeOrder.total, status: 'succeeded' }]);

    // The barista gets the paid order: John's name, the drinks and the milk.
    const paid = await baristaFeed.client.next((frame) => frame.id === 'queue' && frame.type === 'data' && payloadOf(frame, 'onOrderQueueChanged').status === 'PAID');
    expect(payloadOf(paid, 'onOrderQueueChanged')).toMatchObject({
      id: placeOrder.id,
      pickupName: 'John',
      lines: [{ name: 'Flat white', size: 'REGULAR', milk: 'OAT', quantity: 2 }],
    });

    // The barista prepares it and marks it ready; John hears READY with what the app needs to notify him.
    await dataAs(api, barista.token, `mutation($id: ID!) { startPreparing(orderId: $id) { ${ORDER_FIELDS} } }`, { id: placeOrder.id });
    await dataAs(api, barista.token, `mutation($id: ID!) { markReady(orderId: $id) { ${ORDER_FIELDS} } }`, { id: placeOrder.id });
    const ready = await johnFeed.client.next((frame) => frame.id === 'mine' && frame.type === 'data' && payloadOf(frame, 'onMyOrderChanged').status === 'READY');
    expect(payloadOf(ready, 'onMyOrderChanged')).toMatchObject({
      id: placeOrder.id,
      orderNumber: payOrder.orderNumber,
      pickupName: 'John',
      readyAt: expect.any(String),
      lines: [{ name: 'Flat white', milk: 'OAT', quantity: 2 }],
    });

    // He walks in, and walks away with his coffee.
    const { markCollected } = await dataAs<{ markCollected: JohnsOrder }>(api, barista.token, `mutation($id: ID!) { markCollected(orderId: $id) { ${ORDER_FIELDS} } }`, {
      id: placeOrder.id,
    });
    expect(markCollected.status).toBe('COLLECTED');
    const { order } = await dataAs<{ order: JohnsOrder }>(api, john, `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: placeOrder.id });
    expect(order.events.map((event) => event.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'PREPARING', 'READY', 'COLLECTED']);
    expect(order.events.map((event) => event.role)).toEqual(['customer', 'customer', 'barista', 'barista', 'barista']);

    // His card number never reached the API.
    expect(JSON.stringify(await tableItems(api.ordersTable))).not.toContain('4242424242424242');
  } finally {
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    cognito.destroy();
  }
}
