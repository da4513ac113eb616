import type { EventArchive } from './archive';
import type { Clock } from './clock';
import { EventBridgeServiceError, type EventBridgeEvent } from './put-events';

/**
 * Replays as EventBridge runs them (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html,
 * API_StartReplay, API_DescribeReplay): the archived events whose `time` is at or after the start and
 * before the end are sent again, in time order, to the bus's rules (or only the rules named), never to
 * the archive, each with `replay-name` set. AWS paces a replay one minute of event time at a time;
 * locally it goes as fast as the targets' queues take it. The counts are a local addition.
 */

export type ReplayState = 'STARTING' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface StartReplayInput {
  name: string;
  from: Date;
  to: Date;
  /** Rule names to replay to; all of the bus's rules when absent. */
  rules?: string[];
}

export interface ReplayDescription {
  name: string;
  state: ReplayState;
  stateReason?: string;
  from: Date;
  to: Date;
  rules?: string[];
  replayStartTime: Date;
  replayEndTime?: Date;
  eventLastReplayedTime?: Date;
  /** Archived events inside the window, once known. */
  eventsTotal: number;
  eventsReplayed: number;
}

const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export class Replays {
  private readonly replays = new Map<string, ReplayDescription>();

  constructor(
    private readonly options: {
      archive: () => EventArchive | null;
      busName: string;
      ruleNames: () => readonly string[];
      clock: Clock;
      route: (event: EventBridgeEvent, rules: readonly string[] | undefined) => void;
    },
  ) {}

  start(input: StartReplayInput): ReplayDescription {
    if (typeof input.name !== 'string' || !REPLAY_NAME.test(input.name)) {
      throw new EventBridgeServiceError(
        'ValidationException',
        `1 validation error detected: Value '${String(input.name)}' at 'replayName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+',
      );
    }
    if (this.replays.has(input.name)) {
      throw new EventBridgeServiceError('ResourceAlreadyExistsException', `Replay ${input.name} already exists.`);
    }
    const archive = this.options.archive();
    if (!archive) {
      throw new EventBridgeServiceError('ResourceNotFoundException', `Event bus ${this.options.busName} has no archive.`);
    }
    if (!(input.from instanceof Date) || !(input.to instanceof Date) || Number.isNaN(input.from.getTime()) || Number.isNaN(input.to.getTime())) {
      throw new EventBridgeServiceError('ValidationException', 'Parameter EventStartTime and EventEndTime must be timestamps.');
    }
    if (input.from.getTime() >= input.to.getTime()) {
      throw new EventBridgeServiceError(
        'ValidationException',
        'Parameter EventStartTime is not valid. Reason: EventStartTime must be before EventEndTime.',
      );
    }
    const known = new Set(this.options.ruleNames());
    for (const rule of input.rules ?? []) {
      if (!known.has(rule)) {
        throw new EventBridgeServiceError(
          'ResourceNotFoundException',
          `Rule ${rule} does not exist on EventBus ${this.options.busName}.`,
        );
      }
    }
    const replay: ReplayDescription = {
      name: input.name,
      state: 'STARTING',
      from: input.from,
      to: input.to,
      ...(input.rules ? { rules: [...input.rules] } : {}),
      replayStartTime: new Date(this.options.clock.now()),
      eventsTotal: 0,
      eventsReplayed: 0,
    };
    this.replays.set(input.name, replay);
    void this.run(replay, archive);
    return { ...replay };
  }

  describe(name: string): ReplayDescription {
    const replay = this.replays.get(name);
    if (!replay) throw new EventBridgeServiceError('ResourceNotFoundException', `Replay ${name} does not exist.`);
    return { ...replay };
  }

  private async run(replay: ReplayDescription, archive: EventArchive): Promise<void> {
    try {
      const from = replay.from.getTime();
      const to = replay.to.getTime();
      const window = (await archive.events())
        .map((event, order) => ({ event, order, time: Date.parse(event.time) }))
        .filter(({ time }) => time >= from && time < to)
        // Time order; events of the same second keep the order they were archived in.
        .sort((a, b) => a.time - b.time || a.order - b.order);
      replay.eventsTotal = window.length;
      replay.state = 'RUNNING';
      for (const { event } of window) {
        this.options.route({ ...event, 'replay-name': replay.name }, replay.rules);
        replay.eventsReplayed += 1;
        replay.eventLastReplayedTime = new Date(Date.parse(event.time));
        // Lets PutEvents and the targets run between replayed events.
        await new Promise((resolve) => setImmediate(resolve));
      }
      replay.state = 'COMPLETED';
    } catch (error) {
      replay.state = 'FAILED';
      replay.stateReason = error instanceof Error ? error.message : String(error);
    }
    replay.replayEndTime = new Date(this.options.clock.now());
  }
}
