import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/template';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

/**
 * fixtures/two-apis/template.yaml: a rule's AppSync target reaches the API its ARN names, not the
 * template's first. Both APIs have the same publishTicket mutation and onTicket subscription; the
 * back one's resolver marks what it publishes, so a ticket pushed with that mark came through it.
 */
describe('an AppSync rule target in a template with two APIs', () => {
  let api: TemplateTestApi;
  let front: Subscriber;
  let back: Subscriber;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'two-apis', 'template.yaml'));
    const { state } = api.served.loaded;
    const backServer = api.served.servers[1]?.server;
    if (!backServer) throw new Error('the back API is not served');
    front = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, state.apiKeys.FrontKey?.id ?? '') });
    back = await Subscriber.connect(backServer.realtimeUrl, { ca: backServer.caPem, auth: apiKeyMode(backServer.httpUrl, state.apiKeys.BackKey?.id ?? '') });
    await front.subscribe('tickets', 'subscription { onTicket { item } }');
    await back.subscribe('tickets', 'subscription { onTicket { item } }');
  });
  afterAll(async () => {
    await Promise.all([front?.close(), back?.close()]);
    await api?.close();
  });

  it('serves both APIs, and names the rule whose target is an API outside the template', () => {
    const { loaded } = api.served;
    expect(loaded.apis.map((a) => a.logicalId)).toEqual(['FrontApi', 'BackApi']);
    expect(loaded.problems).toEqual([
      {
        logicalId: 'StrayRule',
        type: 'AWS::Events::Rule',
        message: 'target elsewhere (arn:aws:appsync:eu-west-1:123456789012:endpoints/graphql-api/abcdefghijklmnopqrstuvwxyz) names no AppSync API of this template',
        hint: expect.stringContaining('GraphQLEndpointArn'),
      },
    ]);
    expect(formatProblems(loaded.problems)).toContain('StrayRule (AWS::Events::Rule)');
  });

  it("delivers the front API's event to the back API the target names: its subscriber gets the ticket, the front's none", async () => {
    const key = api.served.loaded.state.apiKeys.FrontKey?.id ?? '';
    const placed = await api.graphql({ query: 'mutation { placeOrder(item: "oat flat white") }' }, { 'x-api-key': key });
    expect(placed.body).toEqual({ data: { placeOrder: 'oat flat white' } });
    const pushed = await back.client.next((frame) => frame.id === 'tickets' && frame.type === 'data');
    expect(pushed.payload).toEqual({ data: { onTicket: { item: 'back: oat flat white' } } });
    await api.served.loaded.events?.idle();
    expect(front.data('tickets')).toEqual([]);
  });
});
