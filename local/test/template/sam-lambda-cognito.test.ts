import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createUser, signIn } from '../../src/auth/cognito-admin';
import { apiKeyMode, userPoolMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

const PASSWORD = 'Passw0rd-Test';

/**
 * fixtures/orders/template.yaml: SAM Globals and a Serverless::Function from a local folder, an
 * inline ZipFile function, a Cognito pool, client and group, Cognito as the default mode with the
 * API key and a Lambda authorizer beside it, the schema and resolver code in local files.
 */
describe('a SAM-style template with Lambda data sources and a Cognito user pool', () => {
  let api: TemplateTestApi;
  let key: string;
  let clientId: string;
  let userPoolId: string;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'orders', 'template.yaml'));
    const { state } = api.served.loaded;
    key = state.apiKeys.Key?.id ?? '';
    clientId = state.clients.WebClient ?? '';
    userPoolId = state.pools.Users ?? '';
  });
  afterAll(() => api?.close());

  async function customer(email: string, groups: string[]): Promise<{ sub: string; accessToken: string }> {
    const endpoint = inject('cognitoEndpoint');
    const { sub } = await createUser({ endpoint, userPoolId, username: email, password: PASSWORD, groups, attributes: { email } });
    const tokens = await signIn({ endpoint, clientId, username: email, password: PASSWORD });
    return { sub, accessToken: tokens.accessToken };
  }

  it('serves every resource of the template', () => {
    expect(api.served.loaded.problems).toEqual([]);
    expect(api.served.loaded.pools.pools.Users?.groups).toEqual([{ name: 'Customers', precedence: 10 }]);
  });

  it('invokes the SAM function with its environment resolved to local values, over the API key', async () => {
    const { body } = await api.graphql({ query: '{ quote(drink: "flat white") { drink cents currency table api } }' }, { 'x-api-key': key });
    expect(body).toEqual({
      data: { quote: { drink: 'flat white', cents: 340, currency: 'EUR', table: api.served.loaded.tables.Orders, api: api.url } },
    });
  });

  it('invokes the inline ZipFile function named through Fn::Sub', async () => {
    const { body } = await api.graphql({ query: '{ clock { now region } }' }, { 'x-api-key': key });
    expect(body).toEqual({ data: { clock: { now: '1970-01-01T00:00:00.000Z', region: 'local' } } });
  });

  it('lets the Lambda authorizer of the template decide for its mode', async () => {
    const open = await api.graphql({ query: '{ clock { region } }' }, { authorization: 'door-open' });
    expect(open.body).toEqual({ data: { clock: { region: 'local' } } });
    const shut = await api.graphql({ query: '{ clock { region } }' }, { authorization: 'door-shut' });
    expect(shut.body.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });

  it('turns a function error into the field error AppSync returns', async () => {
    const { body } = await api.graphql({ query: '{ quote(drink: "tea") { cents } }' }, { 'x-api-key': key });
    expect(body.data).toEqual({ quote: null });
    expect(body.errors?.[0]).toMatchObject({ message: 'No such drink: tea', errorType: 'Lambda:Unhandled' });
  });

  it('refuses the API key where the schema allows only user pools, and a user outside the group', async () => {
    const placed = await api.graphql({ query: 'mutation { placeOrder(drink: "espresso") { id } }' }, { 'x-api-key': key });
    expect(placed.body.errors?.[0]?.errorType).toBe('Unauthorized');
    const outsider = await customer(`outsider-${Date.now()}@example.test`, []);
    const refused = await api.graphql({ query: 'mutation { placeOrder(drink: "espresso") { id } }' }, { authorization: outsider.accessToken });
    expect(refused.body.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('places an order as a signed-in customer and pushes it to that customer only, over the WebSocket', async () => {
    const ada = await customer(`ada-${Date.now()}@example.test`, ['Customers']);
    const bob = await customer(`bob-${Date.now()}@example.test`, ['Customers']);
    const adaSocket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: userPoolMode(api.url, ada.accessToken) });
    const bobSocket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: userPoolMode(api.url, bob.accessToken) });
    try {
      await adaSocket.subscribe('mine', 'subscription { onOrderPlaced { customer id drink cents } }');
      await bobSocket.subscribe('mine', 'subscription { onOrderPlaced { customer id drink cents } }');
      const refused = await adaSocket.start('key', 'subscription { onOrderPlaced { id } }', {}, apiKeyMode(api.url, key));
      expect(refused.type).toBe('error');

      const placed = await api.graphql({ query: 'mutation { placeOrder(drink: "espresso") { customer id drink cents } }' }, { authorization: ada.accessToken });
      expect(placed.body.errors).toBeUndefined();
      const order = placed.body.data?.placeOrder as { id: string };
      expect(order).toMatchObject({ customer: ada.sub, drink: 'espresso', cents: 250 });
      const pushed = await adaSocket.client.next((frame) => frame.id === 'mine' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onOrderPlaced: { customer: ada.sub, id: order.id, drink: 'espresso', cents: 250 } } });
      expect(bobSocket.data('mine')).toEqual([]);
    } finally {
      await Promise.all([adaSocket.close(), bobSocket.close()]);
    }
  });
});
