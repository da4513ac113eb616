import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Attribute values cross two borders here. Resolvers hand us AppSync's "typed values": numbers may
 * be JSON numbers (`{"N": 10}`, which is what util.dynamodb produces) and binaries are base64
 * text. The SDK wants number strings and bytes. Coming back, AppSync gives ctx.result plain JSON:
 * numbers as numbers, sets as arrays, binaries as base64 text, NULL as null.
 *
 * Inputs are checked by validate.ts before they reach toSdk, so the casts below are safe.
 */

export type ResolverAttributeValue = Record<string, unknown>;
export type ResolverAttributeMap = Record<string, ResolverAttributeValue>;
export type SdkAttributeMap = Record<string, AttributeValue>;

const bytes = (base64: unknown): Uint8Array => new Uint8Array(Buffer.from(String(base64), 'base64'));
const base64 = (data: Uint8Array): string => Buffer.from(data).toString('base64');

export function toSdk(value: ResolverAttributeValue): AttributeValue {
  const [type] = Object.keys(value) as [string];
  const inner = value[type];
  switch (type) {
    case 'S':
      return { S: String(inner) };
    case 'N':
      return { N: String(inner) };
    case 'B':
      return { B: bytes(inner) };
    case 'SS':
      return { SS: (inner as unknown[]).map(String) };
    case 'NS':
      return { NS: (inner as unknown[]).map(String) };
    case 'BS':
      return { BS: (inner as unknown[]).map(bytes) };
    case 'BOOL':
      return { BOOL: Boolean(inner) };
    case 'NULL':
      return { NULL: true };
    case 'L':
      return { L: (inner as ResolverAttributeValue[]).map(toSdk) };
    default:
      return { M: toSdkMap(inner as ResolverAttributeMap) };
  }
}

export function toSdkMap(map: ResolverAttributeMap): SdkAttributeMap {
  const out: SdkAttributeMap = {};
  for (const [name, value] of Object.entries(map)) out[name] = toSdk(value);
  return out;
}

export function fromSdk(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.B !== undefined) return base64(value.B);
  if (value.SS !== undefined) return value.SS;
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.BS !== undefined) return value.BS.map(base64);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromSdk);
  if (value.M !== undefined) return fromSdkMap(value.M);
  return null;
}

export function fromSdkMap(map: SdkAttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(map)) out[name] = fromSdk(value);
  return out;
}

/** ctx.result for one item: the plain JSON object, or null when DynamoDB had none. */
export function itemOrNull(map: SdkAttributeMap | undefined): Record<string, unknown> | null {
  return map === undefined ? null : fromSdkMap(map);
}

/** SDK values back in AppSync's typed-value form, for opaque tokens that must survive JSON. */
export function toResolver(value: AttributeValue): ResolverAttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toResolver) };
  if (value.M !== undefined) return { M: toResolverMap(value.M) };
  return { ...value };
}

export function toResolverMap(map: SdkAttributeMap): ResolverAttributeMap {
  const out: ResolverAttributeMap = {};
  for (const [name, value] of Object.entries(map)) out[name] = toResolver(value);
  return out;
}
