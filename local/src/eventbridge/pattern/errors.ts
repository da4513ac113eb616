/**
 * The error EventBridge answers for a pattern it refuses (PutRule, TestEventPattern): HTTP 400,
 * code InvalidEventPatternException, message "Event pattern is not valid. Reason: <reason>". The
 * reasons are aws/event-ruler's own texts (JsonRuleCompiler, CIDR, ComparableNumber, Range,
 * WildcardParser), since Ruler is the matcher EventBridge runs; they name the offending key where
 * Ruler does. Ruler's Jackson location suffix (` at [Source: ...; line: 1, column: 8]`) is left out:
 * a pattern given as an object has no source text to point into.
 */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternException';

  constructor(readonly reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}

/** Refuses the pattern; typed `never` so parsers read as straight-line checks. */
export function refuse(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
