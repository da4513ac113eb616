/**
 * EventBridge event patterns: every comparison operator the EventBridge User Guide documents
 * ("Event patterns", "Comparison operators for use in event patterns", "Arrays in event
 * patterns", "Matching on null values and empty strings"), validated and matched as
 * aws/event-ruler (the matcher EventBridge runs) does. A pattern is parsed and validated once;
 * `matches` then walks the compiled tree without re-reading the pattern.
 */
import { InvalidEventPatternError, refuse } from './errors';
import { objectMatches } from './match';
import { parsePattern } from './parse';

export { InvalidEventPatternError } from './errors';

/**
 * PutRule and TestEventPattern refuse a longer EventPattern before looking at it (API reference,
 * TestEventPattern: "Length Constraints: Maximum length of 4096"), with a ValidationException,
 * not an InvalidEventPatternException; the callers that read pattern text apply it.
 */
export const EVENT_PATTERN_MAX_LENGTH = 4096;

export interface CompiledEventPattern {
  matches(event: unknown): boolean;
  readonly source: Record<string, unknown>;
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // EventBridge passes Jackson's parse error on; Node's words differ, the code is the same.
    return refuse(error instanceof Error ? error.message : String(error));
  }
}

/** Parses and validates once (throws InvalidEventPatternError with EventBridge's message). Accepts an object or JSON text. */
export function compileEventPattern(pattern: unknown): CompiledEventPattern {
  const source = typeof pattern === 'string' ? parseText(pattern) : pattern;
  const root = parsePattern(source);
  return {
    source: source as Record<string, unknown>,
    matches: (event: unknown) => objectMatches(root, event),
  };
}

export function isInvalidEventPatternError(error: unknown): error is InvalidEventPatternError {
  return error instanceof InvalidEventPatternError;
}
