import { isDeepStrictEqual } from 'node:util';
import { fromSdkMap, type SdkAttributeMap } from '../attribute-values';
import type { OperationContext } from '../context';

/**
 * The tables a batch names, each with the real table it maps to. Two names that map to the same
 * table would collide in DynamoDB's RequestItems, so that is reported instead of half-served.
 */
export function resolveTables(requested: readonly string[], context: OperationContext): Map<string, string> | string {
  const tables = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const name of requested) {
    const real = context.tableFor(name);
    const earlier = seen.get(real);
    if (earlier !== undefined) return `Tables '${earlier}' and '${name}' both resolve to table '${real}'.`;
    seen.set(real, name);
    tables.set(name, real);
  }
  return tables;
}

/** Whether `item` is the one `key` names (numbers compared as numbers, not as their text). */
export function matchesKey(key: SdkAttributeMap, item: SdkAttributeMap): boolean {
  const keyValues = fromSdkMap(key);
  const itemValues = fromSdkMap(item);
  return Object.keys(keyValues).every((name) => isDeepStrictEqual(keyValues[name], itemValues[name]));
}

/** Whether the same entry (item or key) is among those DynamoDB left unprocessed. */
export function isAmong(entry: SdkAttributeMap, others: readonly SdkAttributeMap[]): boolean {
  const plain = fromSdkMap(entry);
  return others.some((other) => isDeepStrictEqual(plain, fromSdkMap(other)));
}
