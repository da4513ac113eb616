/**
 * The TestEventPattern operation's core, for every front end that offers it (the CLI, the SDK
 * endpoint): the answers EventBridge gives (API reference, TestEventPattern). The pattern is read
 * first: past 4,096 characters it is a ValidationException, invalid an InvalidEventPatternException.
 * The event must be a JSON object with id, account, source, time, region and detail-type, else
 * "Parameter Event is not valid." (the text EventBridge answers). The reference lists `resources`
 * as mandatory too, but the service does not require it (LocalStack's AWS-validated provider notes
 * the same), so neither is it required here.
 */
import { compileEventPattern, EVENT_PATTERN_MAX_LENGTH } from './index';

export class TestEventPatternValidationError extends Error {
  override readonly name = 'ValidationException';
}

const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

function parseEvent(text: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new TestEventPatternValidationError('Parameter Event is not valid.');
  }
  const isObject = typeof event === 'object' && event !== null && !Array.isArray(event);
  if (!isObject || !REQUIRED_EVENT_FIELDS.every((field) => Object.hasOwn(event as object, field))) {
    throw new TestEventPatternValidationError('Parameter Event is not valid.');
  }
  return event as Record<string, unknown>;
}

/** Throws InvalidEventPatternError or TestEventPatternValidationError, as EventBridge answers. */
export function testEventPattern(patternText: string, eventText: string): boolean {
  if (patternText.length > EVENT_PATTERN_MAX_LENGTH) {
    throw new TestEventPatternValidationError(
      `1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${EVENT_PATTERN_MAX_LENGTH}`,
    );
  }
  const pattern = compileEventPattern(patternText);
  return pattern.matches(parseEvent(eventText));
}
