import type { DataSourceConfig } from '../../config';
import type { EventBus } from '../../eventbridge/bus';
import type { DataSource, DataSourceOutcome } from '../types';

type EventBridgeConfig = Extract<DataSourceConfig, { type: 'AMAZON_EVENTBRIDGE' }>;

/** Finds a bus by name: the event services start apart from the runtime (local/src/events). */
export type EventBusLookup = (busName: string) => EventBus | undefined;

/**
 * AMAZON_EVENTBRIDGE, as AppSync's "JavaScript resolver function reference for EventBridge data
 * source" gives it: the request is `{ operation: 'PutEvents', events: [{ source, detail (an
 * object), detailType, resources?, time? (RFC 3339) }] }` and ctx.result is PutEvents' own answer,
 * `{ Entries: [{ EventId } | { ErrorCode, ErrorMessage }], FailedEntryCount }`, entry i for
 * event i. An entry the bus refused is not an error: the resolver must look at FailedEntryCount.
 * What fails the whole call (a malformed request, more than 10 events) is ctx.error, typed
 * `EventBridge:<exception>` the way the DynamoDB data source types its errors (AppSync does not
 * document the prefix for EventBridge; this keeps one convention).
 */
export function createEventBridgeDataSource(config: EventBridgeConfig, buses: EventBusLookup): DataSource {
  const fail = (type: string, message: string): DataSourceOutcome => ({ error: { type: `EventBridge:${type}`, message } });
  return {
    async invoke(request) {
      const r = (request ?? {}) as { operation?: unknown; events?: unknown };
      if (r.operation !== 'PutEvents') return fail('ValidationException', `Unsupported operation '${String(r.operation)}'. EventBridge data sources support PutEvents.`);
      if (!Array.isArray(r.events)) return fail('ValidationException', "The request's events must be a list.");
      const bus = buses(config.busName);
      if (!bus) return fail('ResourceNotFoundException', `Event bus ${config.busName} does not exist.`);
      const entries = [];
      for (const [index, raw] of (r.events as unknown[]).entries()) {
        const event = (raw ?? {}) as { source?: unknown; detail?: unknown; detailType?: unknown; resources?: unknown; time?: unknown };
        if (typeof event.detail !== 'object' || event.detail === null || Array.isArray(event.detail)) {
          return fail('ValidationException', `events[${index}].detail must be an object.`);
        }
        entries.push({
          EventBusName: config.busName,
          ...(typeof event.source === 'string' && { Source: event.source }),
          ...(typeof event.detailType === 'string' && { DetailType: event.detailType }),
          Detail: JSON.stringify(event.detail),
          ...(Array.isArray(event.resources) && { Resources: event.resources.map(String) }),
          ...(typeof event.time === 'string' && { Time: new Date(event.time) }),
        });
      }
      try {
        const answer = await bus.putEvents(entries);
        return { result: { Entries: answer.Entries, FailedEntryCount: answer.FailedEntryCount } };
      } catch (error) {
        const e = error as { name?: string; message?: string };
        return fail(e.name && e.name !== 'Error' ? e.name : 'InternalException', e.message ?? String(error));
      }
    },
    close() {},
  };
}
