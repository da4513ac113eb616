import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/template';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

/**
 * fixtures/orders-stream/template.yaml: table stream → AWS::Pipes::Pipe → bus → rule → AppSync
 * target (an IAM mutation whose subscription pushes to clients) and Firehose target; an archive on
 * the bus, replayed; cron() schedules, one of them wrong.
 */
describe("a template's table stream, pipe, bus, AppSync and Firehose targets and archive, served through the loader", () => {
  let api: TemplateTestApi;
  let key: string;
  let socket: Subscriber;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'orders-stream', 'template.yaml'));
    key = api.served.loaded.state.apiKeys.ApiKey?.id ?? '';
    socket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, key) });
    await socket.subscribe('placed', 'subscription { onOrderPlaced { id item } }');
  });
  afterAll(async () => {
    await socket?.close();
    await api?.close();
  });

  it('serves everything but the rule whose cron() AWS would refuse, and names that one in the start-up message', () => {
    const { loaded } = api.served;
    expect(loaded.problems).toEqual([
      {
        logicalId: 'WrongScheduleRule',
        type: 'AWS::Events::Rule',
        message: expect.stringContaining('cron(0 18 * * * *): exactly one of Day-of-month and Day-of-week must be ?'),
        hint: expect.stringContaining('Cron expressions reference'),
      },
    ]);
    expect(formatProblems(loaded.problems)).toContain('WrongScheduleRule (AWS::Events::Rule)');
    expect(loaded.pipes).toHaveLength(1);
    // ClosingRule's cron() is accepted: the default bus's scheduler, created at start, would have refused it
    // (local/src/eventbridge/bus/cron-schedule.test.ts shows it firing).
    expect(loaded.events?.buses[`${loaded.stackName}-orders`]?.archiveArn).toBe(`arn:aws:events:local:000000000000:archive/${loaded.stackName}-orders-archive`);
  });

  it("pushes a placed order to the subscriber: the table's stream through the pipe, the bus and the rule's AppSync target", async () => {
    const placed = await api.graphql({ query: 'mutation { placeOrder(item: "oat flat white") { id item } }' }, { 'x-api-key': key });
    expect(placed.body.errors).toBeUndefined();
    const order = placed.body.data?.placeOrder as { id: string; item: string };
    expect(order.item).toBe('oat flat white');
    const pushed = await socket.client.next((frame) => frame.id === 'placed' && frame.type === 'data');
    expect(pushed.payload).toEqual({ data: { onOrderPlaced: order } });

    // The same event went to the Firehose target: one JSON line (AppendDelimiterToRecord) under the stream's prefix.
    const { events, stackName } = api.served.loaded;
    await events?.idle();
    const [objectKey, ...more] = (await events?.deliveryStreams[`${stackName}-Lake`]?.flush()) ?? [];
    expect(more).toEqual([]);
    expect(objectKey).toMatch(new RegExp(`^orders/\\d{4}/${stackName}-Lake-1-`));
    const text = readFileSync(join(events?.lakeDir ?? '', ...(objectKey ?? '').split('/')), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ id: { S: order.id }, item: { S: order.item } });
  });

  it('replays the archived event to the rule, which publishes the order again', async () => {
    const { events, stackName } = api.served.loaded;
    const bus = events?.buses[`${stackName}-orders`];
    const first = await socket.client.next((frame) => frame.id === 'placed' && frame.type === 'data');
    // One push so far, so the one awaited below can only come from the replay.
    await events?.idle();
    expect(socket.data('placed')).toHaveLength(1);
    bus?.startReplay({ name: `${stackName}-again`, from: new Date(Date.now() - 3_600_000), to: new Date() });
    const again = await socket.client.next((frame) => frame.id === 'placed' && frame.type === 'data' && frame !== first);
    expect(again.payload).toEqual(first.payload);
  });
});
