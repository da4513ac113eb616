import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES, serveTestTemplate, type TemplateTestApi } from './support';

/** fixtures/events/template.yaml: a bus, two rules, two queues, a function target, an AMAZON_EVENTBRIDGE data source. */
describe("a template's EventBridge bus, rules and SQS queues served through the loader", () => {
  let api: TemplateTestApi;
  let key: string;

  beforeAll(async () => {
    api = await serveTestTemplate(join(FIXTURES, 'events', 'template.yaml'));
    key = api.served.loaded.state.apiKeys.ApiKey?.id ?? '';
  });
  afterAll(() => api?.close());

  /** The next message of a queue, long-polled as SQS does (the queue answers when one arrives). */
  async function nextBody(logicalQueue: string): Promise<unknown> {
    const { events, stackName } = api.served.loaded;
    const [message] = (await events?.queues.get(`${stackName}-${logicalQueue}`).receiveMessage({ WaitTimeSeconds: 20 })) ?? [];
    return JSON.parse(message?.Body ?? 'null');
  }

  it('serves every resource of the template', () => {
    expect(api.served.loaded.problems).toEqual([]);
    // The template's bus (the local event services may add the account's default bus beside it).
    expect(Object.keys(api.served.loaded.events?.buses ?? {})).toContain(`${api.served.loaded.stackName}-notes`);
  });

  it('puts the mutation’s event on the bus; the rule delivers it to its queue and its function, whose own event reaches the second queue; the subscriber gets the result', async () => {
    const socket = await Subscriber.connect(api.realtimeUrl, { ca: api.ca, auth: apiKeyMode(api.url, key) });
    try {
      await socket.subscribe('added', 'subscription { onNoteAdded }');
      const { body } = await api.graphql({ query: 'mutation { addNote(text: "oat milk") }' }, { 'x-api-key': key });
      expect(body).toEqual({ data: { addNote: 'oat milk' } });
      const pushed = await socket.client.next((frame) => frame.id === 'added' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onNoteAdded: 'oat milk' } });
    } finally {
      await socket.close();
    }
    expect(await nextBody('AddedQueue')).toMatchObject({ source: 'notes', 'detail-type': 'NoteAdded', detail: { text: 'oat milk' } });
    // InputPath $.detail: the queue gets the function's event's detail alone.
    expect(await nextBody('EchoQueue')).toEqual({ echoed: 'oat milk' });
  });
});
