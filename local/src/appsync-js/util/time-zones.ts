/**
 * Region time zones (`Australia/Perth`) for js-joda, answered by the realm's own Intl (V8 with
 * ICU's tz database) instead of @js-joda/timezone, whose bundled data costs ~100 ms to unpack in
 * every sandbox realm. Offsets and the list of zone ids come from Intl; gaps and overlaps
 * around DST changes are found by comparing the offsets a day before and after. Only what
 * formatting and parsing need is modelled: isDaylightSavings answers false and there is no
 * transition history.
 *
 * This file runs INSIDE the sandbox realm.
 */
import {
  DateTimeException,
  Duration,
  Instant,
  LocalDateTime,
  ZoneOffset,
  ZoneOffsetTransition,
  ZoneRules,
  ZoneRulesProvider,
  UnsupportedTemporalTypeException,
  type ZoneOffsetTransitionRule,
} from '@js-joda/core';

const DAY_MS = 86_400_000;

class IntlZoneRules extends ZoneRules {
  private readonly parts: Intl.DateTimeFormat;

  constructor(private readonly zoneId: string) {
    super();
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zoneId,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset in seconds at an instant: the zone's wall-clock time minus UTC. */
  private offsetSeconds(epochMilli: number): number {
    const whole = Math.floor(epochMilli / 1000) * 1000;
    const fields: Record<string, number> = {};
    let bc = false;
    for (const part of this.parts.formatToParts(new Date(whole))) {
      if (part.type === 'era') bc = part.value.startsWith('B');
      else if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = new Date(0);
    wall.setUTCFullYear(bc ? 1 - (fields.year ?? 0) : (fields.year ?? 1970), (fields.month ?? 1) - 1, fields.day ?? 1);
    wall.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, 0);
    return Math.round((wall.getTime() - whole) / 1000);
  }

  private candidates(localDateTime: LocalDateTime): { before: number; after: number; valid: number[] } {
    const wallMs = localDateTime.toEpochSecond(ZoneOffset.UTC) * 1000;
    const before = this.offsetSeconds(wallMs - DAY_MS);
    const after = this.offsetSeconds(wallMs + DAY_MS);
    const valid = [...new Set([before, after])].filter((offset) => this.offsetSeconds(wallMs - offset * 1000) === offset);
    return { before, after, valid };
  }

  override isFixedOffset(): boolean {
    return false;
  }

  override offsetOfInstant(instant: Instant): ZoneOffset {
    return this.offsetOfEpochMilli(instant.toEpochMilli());
  }

  override offsetOfEpochMilli(epochMilli: number): ZoneOffset {
    return ZoneOffset.ofTotalSeconds(this.offsetSeconds(epochMilli));
  }

  override offsetOfLocalDateTime(localDateTime: LocalDateTime): ZoneOffset {
    const { before, valid } = this.candidates(localDateTime);
    return ZoneOffset.ofTotalSeconds(valid[0] ?? before);
  }

  override validOffsets(localDateTime: LocalDateTime): ZoneOffset[] {
    return this.candidates(localDateTime).valid.map((offset) => ZoneOffset.ofTotalSeconds(offset));
  }

  /** The transition a local time falls in (gap or overlap), else null; ZonedDateTime only uses its offsets. */
  override transition(localDateTime: LocalDateTime): ZoneOffsetTransition {
    const { before, after, valid } = this.candidates(localDateTime);
    if (valid.length === 1) return null as unknown as ZoneOffsetTransition;
    return ZoneOffsetTransition.of(localDateTime, ZoneOffset.ofTotalSeconds(before), ZoneOffset.ofTotalSeconds(after));
  }

  override isValidOffset(localDateTime: LocalDateTime, offset: ZoneOffset): boolean {
    return this.candidates(localDateTime).valid.includes(offset.totalSeconds());
  }

  override standardOffset(instant: Instant): ZoneOffset {
    return this.offsetOfInstant(instant);
  }

  override daylightSavings(): Duration {
    return Duration.ZERO;
  }

  override isDaylightSavings(): boolean {
    return false;
  }

  override nextTransition(): ZoneOffsetTransition {
    throw new UnsupportedTemporalTypeException('Transition history is not available for Intl time zones');
  }

  override previousTransition(): ZoneOffsetTransition {
    throw new UnsupportedTemporalTypeException('Transition history is not available for Intl time zones');
  }

  override transitions(): ZoneOffsetTransition[] {
    return [];
  }

  override transitionRules(): ZoneOffsetTransitionRule[] {
    return [];
  }

  override toString(): string {
    return this.zoneId;
  }
}

function isKnownZone(zoneId: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zoneId });
    return true;
  } catch {
    return false;
  }
}

const rules = new Map<string, IntlZoneRules>();

/** Makes ZoneId.of('Region/City') work in this realm. */
export function useIntlTimeZones(): void {
  const provider = ZoneRulesProvider as unknown as {
    getRules: (zoneId: string) => ZoneRules;
    getAvailableZoneIds: () => string[];
  };
  provider.getRules = (zoneId: string): ZoneRules => {
    let found = rules.get(zoneId);
    if (found === undefined) {
      if (!isKnownZone(zoneId)) throw new DateTimeException(`Unknown time-zone ID: ${zoneId}`);
      found = new IntlZoneRules(zoneId);
      rules.set(zoneId, found);
    }
    return found;
  };
  provider.getAvailableZoneIds = (): string[] => Intl.supportedValuesOf('timeZone');
}
