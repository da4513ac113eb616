import { Kind, visit, type ASTNode, type DocumentNode, type FieldNode, type ObjectValueNode } from 'graphql';

/**
 * Where a node sits in a document, as graphql-java (AppSync's engine) names it in validation
 * errors. graphql-java's TraversalContext keeps a name stack while it walks the document: it pushes
 * a field's NAME (never its alias) on entering the field and a fragment definition's name on
 * entering the fragment, and an error's `@ 'a/b/c'` suffix is that stack joined with "/".
 */
export interface QueryPosition {
  /** Field names from the operation (or fragment definition) down to the node, inclusive. */
  path: string[];
  /** The argument holding the node, dotted through input object fields: 'input.createdAt'. */
  argument: string | null;
  /** The closest input object literal around the node, for "is missing required fields" texts. */
  enclosingObject: ObjectValueNode | null;
  /** The innermost field at or around the node: graphql-java locates some errors at the field. */
  field: FieldNode | null;
}

/** The positions of `targets` in `document`, found in one walk. Nodes not in the document are absent. */
export function queryPositions(document: DocumentNode, targets: Iterable<ASTNode>): Map<ASTNode, QueryPosition> {
  const wanted = new Set(targets);
  const found = new Map<ASTNode, QueryPosition>();
  if (wanted.size === 0) return found;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (!wanted.has(node)) return undefined;
      // graphql-js's `ancestors` stop short of the parent, which may itself be the Argument or Field.
      const chain = [...ancestors, parent].filter((a): a is ASTNode => isNode(a));
      found.set(node, positionOf([...chain, node]));
      return undefined;
    },
  });
  return found;
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string';
}

function positionOf(chain: readonly ASTNode[]): QueryPosition {
  const path: string[] = [];
  let argument: string[] | null = null;
  let enclosingObject: ObjectValueNode | null = null;
  let field: FieldNode | null = null;
  const target = chain[chain.length - 1];
  for (const node of chain) {
    switch (node.kind) {
      case Kind.FIELD:
        field = node;
        path.push(node.name.value);
        argument = null;
        break;
      case Kind.FRAGMENT_DEFINITION:
        path.push(node.name.value);
        argument = null;
        break;
      case Kind.ARGUMENT:
        argument = [node.name.value];
        break;
      case Kind.OBJECT_FIELD:
        // The field a literal names is part of the argument's name, unless it IS the offending node
        // (an unknown field is reported against the object that holds it).
        if (argument && node !== target) argument.push(node.name.value);
        break;
      case Kind.OBJECT:
        enclosingObject = node;
        break;
      default:
        break;
    }
  }
  return { path, argument: argument ? argument.join('.') : null, enclosingObject, field };
}
