/**
 * How the @aws-appsync/utils/dynamodb builders turn plain values into attribute values: like
 * util.dynamodb.toDynamoDB, except that a value made by the module's own toStringSet /
 * toNumberSet / toBinarySet (an object whose single key is SS, NS or BS) stays a set.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject, toDynamoDB, type AttributeValue } from './dynamodb';

export type SetValue = { SS: string[] } | { NS: string[] } | { BS: string[] };
export type BuilderValue = AttributeValue | SetValue;

const SET_TYPES = ['SS', 'NS', 'BS'];

export function isSetValue(value: unknown): value is SetValue {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && SET_TYPES.includes(keys[0] as string) && Array.isArray(value[keys[0] as string]);
}

export function marshal(value: unknown): BuilderValue {
  if (isSetValue(value)) return value;
  if (Array.isArray(value)) return { L: value.map((element) => marshal(element) as AttributeValue) };
  if (isPlainObject(value)) return { M: marshalMap(value) as Record<string, AttributeValue> };
  return toDynamoDB(value) ?? { NULL: null };
}

export function marshalMap(value: unknown): Record<string, BuilderValue> {
  const out: Record<string, BuilderValue> = {};
  if (!isPlainObject(value)) return out;
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined) out[key] = marshal(value[key]);
  }
  return out;
}

/** The module's set helpers: AWS documents number sets with their members as strings. */
export function toStringSet(list: readonly unknown[]): { SS: string[] } {
  return { SS: list.map(String) };
}

export function toNumberSet(numbers: readonly unknown[]): { NS: string[] } {
  return { NS: numbers.map(String) };
}

export function toBinarySet(values: readonly unknown[]): { BS: string[] } {
  return { BS: values.map(String) };
}
