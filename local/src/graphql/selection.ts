import {
  Kind,
  print,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * ctx.info.selectionSetList as AppSync builds it: every selected field below the resolved one, by
 * response key (alias if given), nested paths joined with "/", inline fragments and fragment
 * spreads expanded in place, each path listed once.
 */
export function selectionSetList(fieldNodes: readonly FieldNode[], fragments: Fragments): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, prefix: string, visiting: Set<string>): void => {
    if (!set) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        const path = prefix ? `${prefix}/${key}` : key;
        if (!seen.has(path)) {
          seen.add(path);
          out.push(path);
        }
        walk(selection.selectionSet, path, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, prefix, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        // A fragment cycle is a validation error already; the guard only keeps this walk finite.
        if (!fragment || visiting.has(name)) continue;
        walk(fragment.selectionSet, prefix, new Set([...visiting, name]));
      }
    }
  };
  for (const node of fieldNodes) walk(node.selectionSet, '', new Set());
  return out;
}

/** ctx.info.selectionSetGraphQL: the field's own selection set, printed as written (spreads kept). */
export function selectionSetGraphQL(fieldNodes: readonly FieldNode[]): string {
  const first = fieldNodes[0];
  if (!first?.selectionSet) return '';
  if (fieldNodes.length === 1) return print(first.selectionSet);
  const merged: SelectionSetNode = {
    kind: Kind.SELECTION_SET,
    selections: fieldNodes.flatMap((n) => n.selectionSet?.selections ?? []),
  };
  return print(merged);
}

/** The parts of ctx.info that AppSync passes to resolvers. */
export function appSyncInfo(info: GraphQLResolveInfo): {
  fieldName: string;
  parentTypeName: string;
  variables: Record<string, unknown>;
  selectionSetList: string[];
  selectionSetGraphQL: string;
} {
  return {
    fieldName: info.fieldName,
    parentTypeName: info.parentType.name,
    variables: info.variableValues,
    selectionSetList: selectionSetList(info.fieldNodes, info.fragments),
    selectionSetGraphQL: selectionSetGraphQL(info.fieldNodes),
  };
}

/**
 * Re-keys a result shaped by a selection set from response keys (aliases) to field names, so a
 * mutation's result can be matched and re-shaped by subscribers who select by field name.
 * When one field is selected under two aliases, their sub-results are merged.
 */
export function unalias(set: SelectionSetNode | undefined, value: unknown, fragments: Fragments): unknown {
  if (!set || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => unalias(set, item, fragments));
  if (typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const visit = (selections: SelectionSetNode, visiting: Set<string>): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        if (!(key in source)) continue;
        const name = selection.name.value;
        const shaped = unalias(selection.selectionSet, source[key], fragments);
        out[name] = mergeShaped(out[name], shaped);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, visiting);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment && !visiting.has(fragment.name.value)) {
          visit(fragment.selectionSet, new Set([...visiting, fragment.name.value]));
        }
      }
    }
  };
  visit(set, new Set());
  return out;
}

function mergeShaped(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = mergeShaped(out[k], v);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.map((item, i) => mergeShaped(item, b[i]));
  return b ?? a;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
