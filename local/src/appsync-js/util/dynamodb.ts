/**
 * util.dynamodb: plain JavaScript values to DynamoDB attribute values, as AppSync's APPSYNC_JS
 * runtime produces them. Numbers stay JSON numbers (`{ "N": 10 }`), not strings: that is what
 * AWS's EvaluateCode answers, and the DynamoDB data source turns them into strings on the way out.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */

export type AttributeValue =
  | { S: string }
  | { N: number }
  | { B: string }
  | { SS: string[] }
  | { NS: number[] }
  | { BS: string[] }
  | { BOOL: boolean }
  | { NULL: null }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Compared by shape, not identity: values may come from another realm (host vs sandbox).
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The general conversion. Lists always become "L", never sets: AWS is opinionated here and a
 * resolver that wants a set says so with toStringSet/toNumberSet/toBinarySet.
 * Undefined has no DynamoDB form; it yields null at the top and is skipped inside maps, matching
 * how a JSON round trip (which is what AppSync's values go through) drops it.
 */
export function toDynamoDB(value: unknown): AttributeValue | null {
  if (value === undefined) return null;
  if (value === null) return { NULL: null };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map((element) => toDynamoDB(element) ?? { NULL: null }) };
  if (typeof value === 'object') return { M: mapValues(value as Record<string, unknown>) };
  return { S: String(value) };
}

function mapValues(value: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key of Object.keys(value)) {
    const converted = toDynamoDB(value[key]);
    if (converted !== null) out[key] = converted;
  }
  return out;
}

export function toMapValues(value: unknown): Record<string, AttributeValue> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return mapValues(value as Record<string, unknown>);
}

function toStringAttribute(value: unknown): { S: string } | null {
  if (value === null || value === undefined) return null;
  return { S: String(value) };
}

function toNumberAttribute(value: unknown): { N: number } | null {
  if (value === null || value === undefined) return null;
  return { N: Number(value) };
}

function toBooleanAttribute(value: unknown): { BOOL: boolean } | null {
  if (value === null || value === undefined) return null;
  return { BOOL: Boolean(value) };
}

function toBinaryAttribute(value: unknown): { B: string } | null {
  if (value === null || value === undefined) return null;
  return { B: String(value) };
}

function listOf<T>(values: unknown, convert: (value: unknown) => T): T[] | null {
  if (!Array.isArray(values)) return null;
  return values.map(convert);
}

export function toStringSet(values: unknown): { SS: string[] } | null {
  const list = listOf(values, String);
  return list === null ? null : { SS: list };
}

export function toNumberSet(values: unknown): { NS: number[] } | null {
  const list = listOf(values, Number);
  return list === null ? null : { NS: list };
}

export function toBinarySet(values: unknown): { BS: string[] } | null {
  const list = listOf(values, String);
  return list === null ? null : { BS: list };
}

function toList(value: unknown): { L: AttributeValue[] } | null {
  if (!Array.isArray(value)) return null;
  return toDynamoDB(value) as { L: AttributeValue[] };
}

function toMap(value: unknown): { M: Record<string, AttributeValue> } | null {
  const values = toMapValues(value);
  return values === null ? null : { M: values };
}

/**
 * AWS serialises the S3 pointer compactly (`{"s3":{"key":"foo",...}}`), although its reference
 * page prints it with spaces; the compact form is what EvaluateCode returns.
 */
function toS3Object(key: string, bucket: string, region: string, version?: string): { S: string } {
  const s3: Record<string, string> = { key, bucket, region };
  if (version !== undefined && version !== null) s3.version = version;
  return { S: JSON.stringify({ s3 }) };
}

function fromS3ObjectJson(s3ObjectString: string): Record<string, unknown> | null {
  const text = isPlainObject(s3ObjectString) && typeof s3ObjectString.S === 'string' ? s3ObjectString.S : s3ObjectString;
  if (typeof text !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return isPlainObject(parsed) && isPlainObject(parsed.s3) ? parsed.s3 : null;
}

export const dynamodb = {
  toDynamoDB,
  toString: toStringAttribute,
  toStringSet,
  toNumber: toNumberAttribute,
  toNumberSet,
  toBinary: toBinaryAttribute,
  toBinarySet,
  toBoolean: toBooleanAttribute,
  toNull: (): { NULL: null } => ({ NULL: null }),
  toList,
  toMap,
  toMapValues,
  toS3Object,
  fromS3ObjectJson,
};
