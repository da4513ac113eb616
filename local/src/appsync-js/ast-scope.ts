/**
 * Just enough scope analysis for the APPSYNC_JS rules that need to know whether a name is a
 * function (recursion, passing, returning, re-assigning functions): parent links, and for every
 * scope the names it declares, with the function node when the binding is one.
 */
import type { AnyNode, Function as FunctionNode, Identifier, Pattern, Program } from 'acorn';

export type FunctionLike = FunctionNode & AnyNode;

export interface Binding {
  name: string;
  /** The scope node declaring the name. */
  scope: AnyNode;
  /** The function the name is bound to, when it is a function declaration or a const/let/var = function. */
  fn: FunctionLike | null;
  kind: 'param' | 'variable' | 'function' | 'import';
  /** The initialiser of a `const/let/var name = ...` binding (not of a destructured name). */
  init: AnyNode | null;
}

// `value` is not skipped: besides a Literal's primitive it is a Property's value (an object
// literal's methods and function-valued keys), which the rules and the time-limit checks must see.
const SKIPPED_KEYS = new Set(['type', 'start', 'end', 'loc', 'range', 'raw', 'regex']);

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function childrenOf(node: AnyNode): AnyNode[] {
  const children: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

export function isFunction(node: AnyNode | null | undefined): node is FunctionLike {
  return (
    node !== null &&
    node !== undefined &&
    (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression')
  );
}

function isBlockScope(node: AnyNode): boolean {
  return (
    node.type === 'Program' ||
    node.type === 'BlockStatement' ||
    node.type === 'ForStatement' ||
    node.type === 'ForInStatement' ||
    node.type === 'ForOfStatement' ||
    node.type === 'SwitchStatement' ||
    isFunction(node)
  );
}

export function patternNames(pattern: Pattern | null | undefined): Identifier[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        property.type === 'RestElement' ? patternNames(property.argument) : patternNames(property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => patternNames(element));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return [];
  }
}

export class ScopeAnalysis {
  readonly nodes: AnyNode[] = [];
  private readonly parents = new Map<AnyNode, AnyNode | null>();
  private readonly bindings = new Map<AnyNode, Map<string, Binding>>();

  constructor(program: Program) {
    const stack: Array<[AnyNode, AnyNode | null]> = [[program, null]];
    while (stack.length > 0) {
      const [node, parent] = stack.pop() as [AnyNode, AnyNode | null];
      this.parents.set(node, parent);
      this.nodes.push(node);
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push([children[i] as AnyNode, node]);
    }
    for (const node of this.nodes) this.declare(node);
  }

  parent(node: AnyNode): AnyNode | null {
    return this.parents.get(node) ?? null;
  }

  *ancestors(node: AnyNode): Generator<AnyNode> {
    for (let current = this.parent(node); current !== null; current = this.parent(current)) yield current;
  }

  /** The innermost function around a node, or null at the top level. */
  enclosingFunction(node: AnyNode): FunctionLike | null {
    for (const ancestor of this.ancestors(node)) if (isFunction(ancestor)) return ancestor;
    return null;
  }

  resolve(identifier: Identifier): Binding | null {
    for (const scope of this.ancestors(identifier)) {
      const found = this.bindings.get(scope)?.get(identifier.name);
      if (found !== undefined) return found;
    }
    return null;
  }

  /** The function an expression evaluates to, when that is statically known. */
  functionOf(node: AnyNode | null | undefined): FunctionLike | null {
    if (node === null || node === undefined) return null;
    if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') return node;
    if (node.type === 'Identifier') return this.resolve(node)?.fn ?? null;
    return null;
  }

  private nearest(node: AnyNode, test: (candidate: AnyNode) => boolean): AnyNode {
    for (const ancestor of this.ancestors(node)) if (test(ancestor)) return ancestor;
    return node;
  }

  private bind(scope: AnyNode, name: string, kind: Binding['kind'], fn: FunctionLike | null, init: AnyNode | null = null): void {
    let names = this.bindings.get(scope);
    if (names === undefined) {
      names = new Map();
      this.bindings.set(scope, names);
    }
    names.set(name, { name, scope, fn, kind, init });
  }

  private declare(node: AnyNode): void {
    switch (node.type) {
      case 'FunctionDeclaration':
        if (node.id) this.bind(this.nearest(node, isBlockScope), node.id.name, 'function', node);
        this.bindParams(node);
        break;
      case 'FunctionExpression':
        // A named function expression sees its own name, which is how it could call itself.
        if (node.id) this.bind(node, node.id.name, 'function', node);
        this.bindParams(node);
        break;
      case 'ArrowFunctionExpression':
        this.bindParams(node);
        break;
      case 'VariableDeclaration': {
        const scope =
          node.kind === 'var' ? this.nearest(node, (n) => n.type === 'Program' || isFunction(n)) : this.nearest(node, isBlockScope);
        for (const declarator of node.declarations) {
          const fn = declarator.id.type === 'Identifier' ? this.functionOf(declarator.init) : null;
          const init = declarator.id.type === 'Identifier' ? (declarator.init ?? null) : null;
          for (const id of patternNames(declarator.id)) this.bind(scope, id.name, fn ? 'function' : 'variable', fn, init);
        }
        break;
      }
      case 'ImportDeclaration':
        for (const specifier of node.specifiers) this.bind(this.nearest(node, (n) => n.type === 'Program'), specifier.local.name, 'import', null);
        break;
      default:
        break;
    }
  }

  private bindParams(fn: FunctionLike): void {
    for (const param of fn.params) for (const id of patternNames(param)) this.bind(fn, id.name, 'param', null);
  }
}
