import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isIP } from 'node:net';

/**
 * AppSync's own scalars, validated as the AppSync developer guide ("Scalar types in AWS AppSync")
 * describes them. They are strings on the wire (AWSTimestamp is an integer); AWSJSON is parsed
 * on input (resolvers receive maps and lists) and serialised on output.
 *
 * Error texts follow AppSync's coercing messages: "Unable to parse `2019` as a valid DateTime
 * Object." (a variable), "Unable to serialize `…` as a valid DateTime Object." (a resolver's
 * value). Only the DateTime and date nouns are attested (amplify-cli#2033, amplify-swift#278,
 * amplify-js#5963); the other scalars' nouns follow the same pattern unverified. A bad literal is
 * reported by validation (WrongType), so parseLiteral throws a plain Error and lets graphql-js
 * attach the offending node.
 */

/** A resolver returned a value the scalar cannot represent; AppSync reports "Can't serialize value". */
export class ScalarSerializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScalarSerializationError';
  }
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
const parseFailure = (noun: string, value: unknown): GraphQLError => new GraphQLError(`Unable to parse \`${shown(value)}\` as a valid ${noun}.`);
const serializeFailure = (noun: string, value: unknown): ScalarSerializationError =>
  new ScalarSerializationError(`Unable to serialize \`${shown(value)}\` as a valid ${noun}.`);

// Dates and times: ISO 8601 extended format. Seconds and fractions are optional in times;
// AWSDateTime requires an offset, AWSDate and AWSTime accept an optional one. Offsets may carry
// seconds (±hh:mm:ss), which AppSync accepts although ISO 8601 does not.
const OFFSET = '(?:Z|[+-]\\d{2}:\\d{2}(?::\\d{2})?)';
const DATE = '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?';
const AWS_DATE = new RegExp(`^${DATE}${OFFSET}?$`);
const AWS_TIME = new RegExp(`^${TIME}${OFFSET}?$`);
const AWS_DATE_TIME = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);
// RFC 822 addr-spec, as far as a single pattern can check it: local part, @, dotted domain.
const AWS_EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
// Digits grouped by spaces or hyphens, an optional leading + and country code.
const AWS_PHONE = /^\+?\d(?:[\d\s-]*\d)?$/;

function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isUrl(text: string): boolean {
  // RFC 1738: a scheme is required; AppSync also rejects a doubled slash in the path part.
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(text);
  if (!match) return false;
  const rest = match[2] ?? '';
  const path = rest.startsWith('//') ? rest.slice(2).replace(/^[^/?#]*/, '') : rest;
  if (path.includes('//')) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

function isIpAddress(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

function stringScalar(name: string, noun: string, description: string, valid: (text: string) => boolean): GraphQLScalarType<string, string> {
  const isValid = (value: unknown): value is string => typeof value === 'string' && valid(value);
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize(value) {
      if (!isValid(value)) throw serializeFailure(noun, value);
      return value;
    },
    parseValue(value) {
      if (!isValid(value)) throw parseFailure(noun, value);
      return value;
    },
    parseLiteral(ast: ValueNode) {
      if (ast.kind !== Kind.STRING || !valid(ast.value)) throw new Error(`Not a valid ${name} literal.`);
      return ast.value;
    },
  });
}

export const AWSDate = stringScalar('AWSDate', 'date', 'An extended ISO 8601 date, YYYY-MM-DD, with an optional offset.', (t) => AWS_DATE.test(t) && isCalendarDate(t));
export const AWSTime = stringScalar('AWSTime', 'time', 'An extended ISO 8601 time, hh:mm:ss.sss, with an optional offset.', (t) => AWS_TIME.test(t));
export const AWSDateTime = stringScalar('AWSDateTime', 'DateTime Object', 'An extended ISO 8601 date and time with a required offset.', (t) => AWS_DATE_TIME.test(t) && isCalendarDate(t));
export const AWSEmail = stringScalar('AWSEmail', 'email address', 'An email address as defined by RFC 822.', (t) => AWS_EMAIL.test(t));
export const AWSPhone = stringScalar('AWSPhone', 'phone number', 'A phone number; digit groups may be separated by spaces or hyphens.', (t) => AWS_PHONE.test(t) && t.replace(/\D/g, '').length >= 7);
export const AWSURL = stringScalar('AWSURL', 'URL', 'A URL as defined by RFC 1738, with a scheme.', isUrl);
export const AWSIPAddress = stringScalar('AWSIPAddress', 'IP address', 'An IPv4 or IPv6 address, optionally with a CIDR prefix.', isIpAddress);

export const AWSTimestamp = new GraphQLScalarType<number, number>({
  name: 'AWSTimestamp',
  description: 'Seconds since 1970-01-01T00:00Z, an integer.',
  serialize(value) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    throw serializeFailure('timestamp', value);
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw parseFailure('timestamp', value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new Error('Not a valid AWSTimestamp literal.');
    return Number(ast.value);
  },
});

export const AWSJSON = new GraphQLScalarType<unknown, string>({
  name: 'AWSJSON',
  description: 'A JSON string; resolvers receive it parsed and may return any JSON value.',
  serialize(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },
  parseValue(value) {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw parseFailure('JSON', value);
    }
  },
  // A literal must be a string holding JSON: AppSync answers an object literal with WrongType
  // "is not a valid 'AWSJSON'" (aws-mobile-appsync-sdk-js#554), though variables may be objects.
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new Error('Not a valid AWSJSON literal.');
    try {
      return JSON.parse(ast.value) as unknown;
    } catch {
      throw new Error('Not a valid AWSJSON literal.');
    }
  },
});

export const APPSYNC_SCALARS: readonly GraphQLScalarType[] = [
  AWSDate,
  AWSTime,
  AWSDateTime,
  AWSTimestamp,
  AWSEmail,
  AWSJSON,
  AWSPhone,
  AWSURL,
  AWSIPAddress,
];
