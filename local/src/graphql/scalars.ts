import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isIP } from 'node:net';

/**
 * AppSync's own scalars, validated as the AppSync developer guide ("Scalar types in AWS AppSync")
 * describes them. They are strings on the wire (AWSTimestamp is an integer); AWSJSON is parsed
 * on input (resolvers receive maps and lists) and serialised on output.
 */

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

function stringScalar(name: string, description: string, valid: (text: string) => boolean): GraphQLScalarType<string, string> {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) {
      throw new GraphQLError(`Invalid ${name} value: ${JSON.stringify(value)}`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral(ast: ValueNode) {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`Can't parse a non-string literal as ${name}`, { nodes: ast });
      return check(ast.value);
    },
  });
}

export const AWSDate = stringScalar('AWSDate', 'An extended ISO 8601 date, YYYY-MM-DD, with an optional offset.', (t) => AWS_DATE.test(t) && isCalendarDate(t));
export const AWSTime = stringScalar('AWSTime', 'An extended ISO 8601 time, hh:mm:ss.sss, with an optional offset.', (t) => AWS_TIME.test(t));
export const AWSDateTime = stringScalar('AWSDateTime', 'An extended ISO 8601 date and time with a required offset.', (t) => AWS_DATE_TIME.test(t) && isCalendarDate(t));
export const AWSEmail = stringScalar('AWSEmail', 'An email address as defined by RFC 822.', (t) => AWS_EMAIL.test(t));
export const AWSPhone = stringScalar('AWSPhone', 'A phone number; digit groups may be separated by spaces or hyphens.', (t) => AWS_PHONE.test(t) && t.replace(/\D/g, '').length >= 7);
export const AWSURL = stringScalar('AWSURL', 'A URL as defined by RFC 1738, with a scheme.', isUrl);
export const AWSIPAddress = stringScalar('AWSIPAddress', 'An IPv4 or IPv6 address, optionally with a CIDR prefix.', isIpAddress);

export const AWSTimestamp = new GraphQLScalarType<number, number>({
  name: 'AWSTimestamp',
  description: 'Seconds since 1970-01-01T00:00Z, an integer.',
  serialize(value) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    throw new GraphQLError(`Invalid AWSTimestamp value: ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw new GraphQLError(`Invalid AWSTimestamp value: ${JSON.stringify(value)}`);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError("Can't parse a non-integer literal as AWSTimestamp", { nodes: ast });
    return Number(ast.value);
  },
});

/** A literal of any shape, as a plain JS value (for AWSJSON given inline in a query). */
function literalToValue(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.NULL:
      return null;
    case Kind.INT:
      return Number.parseInt(ast.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(ast.value);
    case Kind.STRING:
    case Kind.ENUM:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.LIST:
      return ast.values.map((v) => literalToValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToValue(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

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
      throw new GraphQLError(`Invalid AWSJSON value: ${JSON.stringify(value)}`);
    }
  },
  parseLiteral(ast, variables) {
    if (ast.kind === Kind.STRING) {
      try {
        return JSON.parse(ast.value) as unknown;
      } catch {
        throw new GraphQLError(`Invalid AWSJSON value: ${JSON.stringify(ast.value)}`, { nodes: ast });
      }
    }
    return literalToValue(ast, variables);
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
