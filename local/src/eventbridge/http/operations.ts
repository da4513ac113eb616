import {
  compileEventPattern,
  EVENT_PATTERN_MAX_LENGTH,
  isInvalidEventPatternError,
  type CompiledEventPattern,
} from '../pattern/index';
import {
  EventBridgeServiceError,
  validatePutEventsRequest,
  type EventBus,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
  type ReplayDescription,
} from '../bus/index';

/**
 * The EventBridge operations this endpoint answers, as the AWS JSON 1.1 protocol carries them: the
 * request is the operation's input shape, the answer its output shape, timestamps are epoch seconds.
 * Shapes and error codes from the EventBridge API reference (API_PutEvents, API_TestEventPattern,
 * API_StartReplay, API_DescribeReplay). Transport-free, so it is tested without a socket too.
 */

export type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const validation = (message: string): EventBridgeServiceError => new EventBridgeServiceError('ValidationException', message);

function requiredString(input: JsonObject, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw validation(`1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function timestamp(input: JsonObject, field: string): Date {
  const value = input[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw validation(`1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return new Date(value * 1000);
}

const epochSeconds = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime() / 1000);

/** `arn:aws:events:<region>:<account>:<kind>/<name>` or a bare name; the last path part is the name. */
function resourceName(value: string, kind: string): string | null {
  if (!value.startsWith('arn:')) return value;
  const resource = value.split(':').slice(5).join(':');
  return resource.startsWith(`${kind}/`) ? resource.slice(kind.length + 1) : null;
}

export class EventBridgeOperations {
  private readonly buses = new Map<string, EventBus>();

  constructor(buses: readonly EventBus[]) {
    for (const bus of buses) this.buses.set(bus.name, bus);
  }

  async run(operation: string, input: JsonObject): Promise<JsonObject> {
    switch (operation) {
      case 'PutEvents':
        return this.putEvents(input);
      case 'TestEventPattern':
        return this.testEventPattern(input);
      case 'StartReplay':
        return this.startReplay(input);
      case 'DescribeReplay':
        return this.describeReplay(input);
      default:
        throw new EventBridgeServiceError('UnknownOperationException', `Operation ${operation} is not supported by this endpoint.`);
    }
  }

  private async putEvents(input: JsonObject): Promise<JsonObject> {
    const entries = input.Entries;
    if (!Array.isArray(entries) || !entries.every(isObject)) {
      throw validation("1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
    }
    const typed = entries.map((entry): PutEventsRequestEntry => {
      const { Time, ...rest } = entry;
      return { ...(rest as PutEventsRequestEntry), ...(Time === undefined ? {} : { Time: Time as number }) };
    });
    // The limits apply to the request as a whole, whichever buses its entries name.
    validatePutEventsRequest(typed);
    const results: PutEventsResultEntry[] = new Array<PutEventsResultEntry>(typed.length);
    const byBus = new Map<EventBus, number[]>();
    typed.forEach((entry, index) => {
      const requested = typeof entry.EventBusName === 'string' && entry.EventBusName !== '' ? entry.EventBusName : 'default';
      const name = resourceName(requested, 'event-bus');
      const bus = name === null ? undefined : this.buses.get(name);
      if (!bus) {
        results[index] = { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${requested} does not exist.` };
        return;
      }
      byBus.set(bus, [...(byBus.get(bus) ?? []), index]);
    });
    await Promise.all(
      [...byBus].map(async ([bus, indexes]) => {
        const answer = await bus.putEvents(indexes.map((index) => typed[index] as PutEventsRequestEntry));
        answer.Entries.forEach((result, position) => {
          results[indexes[position] as number] = result;
        });
      }),
    );
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  private testEventPattern(input: JsonObject): JsonObject {
    const patternText = requiredString(input, 'EventPattern');
    const eventText = requiredString(input, 'Event');
    if (patternText.length > EVENT_PATTERN_MAX_LENGTH) {
      throw validation(
        `1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${EVENT_PATTERN_MAX_LENGTH}`,
      );
    }
    let compiled: CompiledEventPattern;
    try {
      compiled = compileEventPattern(patternText);
    } catch (error) {
      if (!isInvalidEventPatternError(error)) throw error;
      throw new EventBridgeServiceError('InvalidEventPatternException', error.message);
    }
    let event: unknown;
    try {
      event = JSON.parse(eventText);
    } catch {
      throw validation('Parameter Event is not valid.');
    }
    // The fields TestEventPattern insists on (API_TestEventPattern; `resources` is listed but not enforced).
    const mandatory = ['id', 'account', 'source', 'time', 'region', 'detail-type'];
    if (!isObject(event) || mandatory.some((field) => !(field in event))) throw validation('Parameter Event is not valid.');
    return { Result: compiled.matches(event) };
  }

  private findBusByArchive(archiveArn: string): EventBus {
    for (const bus of this.buses.values()) if (bus.archiveArn === archiveArn) return bus;
    const name = resourceName(archiveArn, 'archive') ?? archiveArn;
    throw new EventBridgeServiceError('ResourceNotFoundException', `Archive ${name} does not exist.`);
  }

  private replayOutput(bus: EventBus, replay: ReplayDescription): JsonObject {
    return {
      ReplayName: replay.name,
      ReplayArn: `${bus.arn.replace(/:event-bus\/.*$/, '')}:replay/${replay.name}`,
      State: replay.state,
      ...(replay.stateReason === undefined ? {} : { StateReason: replay.stateReason }),
      EventSourceArn: bus.archiveArn,
      Destination: {
        Arn: bus.arn,
        ...(replay.rules ? { FilterArns: replay.rules.map((rule) => bus.ruleArn(rule)) } : {}),
      },
      EventStartTime: epochSeconds(replay.from),
      EventEndTime: epochSeconds(replay.to),
      EventLastReplayedTime: epochSeconds(replay.eventLastReplayedTime),
      ReplayStartTime: epochSeconds(replay.replayStartTime),
      ReplayEndTime: epochSeconds(replay.replayEndTime),
    };
  }

  private readonly replayBus = new Map<string, EventBus>();

  private startReplay(input: JsonObject): JsonObject {
    const name = requiredString(input, 'ReplayName');
    const bus = this.findBusByArchive(requiredString(input, 'EventSourceArn'));
    const destination = input.Destination;
    if (!isObject(destination) || typeof destination.Arn !== 'string') {
      throw validation("1 validation error detected: Value null at 'destination' failed to satisfy constraint: Member must not be null");
    }
    // A replay goes back to the archive's own bus (StartReplay: "the event bus must be the source bus").
    if (destination.Arn !== bus.arn) {
      throw validation('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
    }
    const filterArns = destination.FilterArns;
    if (filterArns !== undefined && (!Array.isArray(filterArns) || !filterArns.every((arn) => typeof arn === 'string'))) {
      throw validation('Parameter Destination.FilterArns is not valid.');
    }
    const rules = filterArns?.map((arn: string) => {
      const rulePath = resourceName(arn, 'rule');
      return rulePath === null ? arn : (rulePath.split('/').pop() ?? rulePath);
    });
    const from = timestamp(input, 'EventStartTime');
    const to = timestamp(input, 'EventEndTime');
    const replay = bus.startReplay({ name, from, to, ...(rules ? { rules } : {}) });
    this.replayBus.set(name, bus);
    const output = this.replayOutput(bus, replay);
    return { ReplayArn: output.ReplayArn, State: output.State, ReplayStartTime: output.ReplayStartTime };
  }

  private describeReplay(input: JsonObject): JsonObject {
    const name = requiredString(input, 'ReplayName');
    const bus = this.replayBus.get(name);
    if (!bus) throw new EventBridgeServiceError('ResourceNotFoundException', `Replay ${name} does not exist.`);
    return this.replayOutput(bus, bus.describeReplay(name));
  }
}
