import { randomBytes } from 'node:crypto';
import { DateTimeFormatter, Instant, LocalDateTime, ZoneOffset } from '@js-joda/core';

/**
 * Firehose's S3 key layout (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html and
 * .../s3-prefixes.html): `<evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>`,
 * times in UTC. In the prefix, `!{timestamp:<Java DateTimeFormatter pattern>}` is evaluated at the
 * approximate arrival time of the oldest record in the object (every occurrence at the same instant),
 * and `!{firehose:random-string}` is an 11-character random string. An empty prefix means the
 * default `yyyy/MM/dd/HH/`. The other namespaces (partitionKeyFromQuery, partitionKeyFromLambda:
 * dynamic partitioning; firehose:error-output-type, only in error prefixes) are refused here.
 */

export class PrefixExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrefixExpressionError';
  }
}

const EXPRESSION = /!\{([^:}]+):([^}]*)\}/g;
const RANDOM_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DEFAULT_PREFIX = '!{timestamp:yyyy/MM/dd/HH}/';

function utc(ms: number): LocalDateTime {
  return LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
}

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (const byte of bytes) text += RANDOM_ALPHABET[byte % RANDOM_ALPHABET.length];
  return text;
}

export type CompiledPrefix = (arrivalMs: number) => string;

/** Checks every expression once, so a bad prefix fails when the stream is created, not at delivery. */
export function compilePrefix(prefix: string): CompiledPrefix {
  const source = prefix === '' ? DEFAULT_PREFIX : prefix;
  const parts: Array<string | ((time: LocalDateTime) => string)> = [];
  let last = 0;
  for (const match of source.matchAll(EXPRESSION)) {
    const [whole, namespace, value] = match as unknown as [string, string, string];
    parts.push(source.slice(last, match.index));
    last = (match.index ?? 0) + whole.length;
    if (namespace === 'timestamp') {
      let formatter: DateTimeFormatter;
      try {
        formatter = DateTimeFormatter.ofPattern(value);
        formatter.format(utc(0));
      } catch (error) {
        throw new PrefixExpressionError(`The expression ${whole} is not a valid DateTimeFormatter pattern: ${(error as Error).message}`);
      }
      parts.push((time) => formatter.format(time));
    } else if (namespace === 'firehose' && value === 'random-string') {
      parts.push(() => randomString(11));
    } else {
      throw new PrefixExpressionError(`The expression ${whole} is not supported locally.`);
    }
  }
  parts.push(source.slice(last));
  if (source.slice(last).includes('!{')) throw new PrefixExpressionError(`The prefix ${prefix} has an unterminated expression.`);
  return (arrivalMs) => {
    const time = utc(arrivalMs);
    return parts.map((part) => (typeof part === 'string' ? part : part(time))).join('');
  };
}

const SUFFIX_TIME = DateTimeFormatter.ofPattern('yyyy-MM-dd-HH-mm-ss');

/** `<stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>`, the part of the key Firehose does not let you change. */
export function objectSuffix(stream: string, version: number, arrivalMs: number, uuid: string): string {
  return `${stream}-${version}-${SUFFIX_TIME.format(utc(arrivalMs))}-${uuid}`;
}
