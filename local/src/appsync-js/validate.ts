/**
 * Load-time check of APPSYNC_JS code, as AppSync does when a resolver or function is created:
 * the code must parse as an ES module, stay within the 32,768-character limit, import only
 * AppSync's modules, and use none of the constructs the runtime rejects. The list and the
 * messages follow the AppSync developer guide ("Supported runtime features") and AWS's own
 * @aws-appsync/eslint-plugin; `throw`, which the plugin misses, is refused too.
 */
import { parse, type AnyNode, type Identifier, type Program } from 'acorn';
import type { JsCode } from '../config';
import { ScopeAnalysis, type FunctionLike } from './ast-scope';

/** AppSync's limit on a resolver's or function's `code`. */
export const MAX_CODE_LENGTH = 32_768;

/** The modules APPSYNC_JS code may import. */
export const AVAILABLE_MODULES = ['@aws-appsync/utils', '@aws-appsync/utils/dynamodb', '@aws-appsync/utils/rds'] as const;

/** Names the sandbox uses for its own plumbing; resolver code may not touch them. */
export const RESERVED_PREFIX = '__appsync';

/** An entry of EvaluateCode's `error.codeErrors`, in AppSync's shape. */
export interface CodeError {
  errorType: 'PARSER_ERROR' | 'LINT_ERROR';
  value: string;
  location: { line: number; column: number; span: number };
}

export class AppSyncJsCodeError extends Error {
  constructor(
    readonly source: string,
    readonly codeErrors: CodeError[],
  ) {
    super(codeErrors.map((error) => `${source}:${error.location.line}:${error.location.column}: ${error.value}`).join('\n'));
    this.name = 'AppSyncJsCodeError';
  }
}

/** Array methods AppSync lets a callback be passed to (the eslint plugin's allow-list). */
const CALLBACK_METHODS = new Set([
  'map',
  'find',
  'filter',
  'findIndex',
  'findLast',
  'findLastIndex',
  'forEach',
  'reduce',
  'reduceRight',
  'every',
  'some',
  'flatMap',
]);

/**
 * Object static methods the eslint plugin reports as not implemented by the runtime. The plugin
 * also lists hasOwnProperty, isPrototypeOf, propertyIsEnumerable, toLocaleString, toString and
 * valueOf as `ObjectConstructor.*`, but TypeScript resolves those to the `Object` interface, so
 * the rule never fires for them: AWS's lint passes them, and so does this one.
 */
const DENIED_OBJECT_METHODS = new Set([
  'create',
  'defineProperties',
  'defineProperty',
  'freeze',
  'getOwnPropertyDescriptor',
  'getOwnPropertyDescriptors',
  'getOwnPropertyNames',
  'getOwnPropertySymbols',
  'getPrototypeOf',
  'is',
  'isExtensible',
  'isFrozen',
  'isSealed',
  'preventExtensions',
  'seal',
  'setPrototypeOf',
]);
class Linter {
  readonly errors: CodeError[] = [];
  private readonly scopes: ScopeAnalysis;

  constructor(program: Program) {
    this.scopes = new ScopeAnalysis(program);
  }

  run(): CodeError[] {
    for (const node of this.scopes.nodes) this.check(node);
    this.checkRecursion();
    return this.errors.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  }

  private report(node: AnyNode, value: string): void {
    const start = node.loc?.start ?? { line: 0, column: -1 };
    this.errors.push({ errorType: 'LINT_ERROR', value, location: { line: start.line, column: start.column + 1, span: node.end - node.start } });
  }

  private check(node: AnyNode): void {
    switch (node.type) {
      case 'TryStatement':
        return this.report(node, 'Try statements are not supported.');
      case 'ThrowStatement':
        return this.report(node, 'Throw statements are not supported. Use util.error() instead.');
      case 'WhileStatement':
        return this.report(node, 'While statements are not supported.');
      case 'DoWhileStatement':
        return this.report(node, 'do...while statements are not supported.');
      case 'ForStatement':
        return this.report(node, 'For statements are not supported.');
      case 'ContinueStatement':
        return this.report(node, 'Continue statements are not supported');
      case 'LabeledStatement':
        return this.report(node, 'Labeled statements are not supported.');
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.report(node, 'Class declarations are not supported.');
      case 'ThisExpression':
        return this.report(node, 'This expressions are not supported.');
      case 'AwaitExpression':
        return this.report(node, 'The `await` keyword is not supported');
      case 'YieldExpression':
        return this.report(node, 'Yield statements are not supported');
      case 'ImportExpression':
        return this.report(node, 'Dynamic import is not supported.');
      case 'UpdateExpression':
        return this.report(node, `The operator ${node.operator} is not supported`);
      case 'UnaryExpression':
        if (node.operator === '~') this.report(node, 'The operator ~ is not supported');
        return this.checkContextWrite(node.operator === 'delete' ? node.argument : null, node);
      case 'BinaryExpression':
        if (node.operator === 'in') this.report(node, 'in operator is not supported. Use Object.hasOwn().');
        if (node.operator === 'instanceof') this.report(node, 'The operator instanceof is not supported');
        return;
      case 'Literal':
        if (node.regex) this.report(node, 'Regex literals are not supported.');
        return;
      case 'NewExpression':
        // The plugin's no-function-passing looks at calls only, so `new X(fn)` is not refused.
        if (node.callee.type === 'Identifier' && node.callee.name === 'Promise') this.report(node, 'Promise is not supported');
        return;
      case 'Identifier':
        if (node.name.startsWith(RESERVED_PREFIX)) this.report(node, `Identifiers starting with ${RESERVED_PREFIX} are reserved by the runtime.`);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.checkFunction(node);
      case 'CallExpression':
        this.checkDeniedMethod(node);
        return this.checkFunctionArguments(node, node.arguments);
      case 'ReturnStatement':
        if (this.scopes.functionOf(node.argument)) this.report(node, 'returning a function is not allowed');
        return;
      case 'VariableDeclarator':
        if (node.init?.type === 'Identifier' && this.scopes.functionOf(node.init)) this.report(node, 're-assigning function is not allowed');
        return;
      case 'AssignmentExpression':
        if (node.operator === '=' && node.right.type === 'Identifier' && this.scopes.functionOf(node.right)) {
          this.report(node, 're-assigning function is not allowed');
        }
        return this.checkContextWrite(node.left, node);
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.checkContextWrite(node.left, node);
      case 'ImportDeclaration': {
        const name = String(node.source.value);
        if (!(AVAILABLE_MODULES as readonly string[]).includes(name)) {
          this.report(node, `Cannot find module '${name}': APPSYNC_JS code can import only ${AVAILABLE_MODULES.join(', ')}.`);
        }
        return;
      }
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        return this.report(node, 'Only named exports (request, response) are supported.');
      case 'ExportNamedDeclaration':
        if (node.source) this.report(node, 'Only named exports (request, response) are supported.');
        return;
      default:
        return;
    }
  }

  private checkFunction(fn: FunctionLike): void {
    if (fn.async) this.report(fn, 'Async functions are not supported.');
    if (fn.generator) this.report(fn, 'Generator functions are not supported.');
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement' && this.scopes.functionOf(fn.body)) {
      this.report(fn, 'returning a function is not allowed');
    }
  }

  private checkFunctionArguments(call: AnyNode & { callee: AnyNode }, args: AnyNode[]): void {
    if (!args.some((arg) => this.scopes.functionOf(arg))) return;
    const callee = call.callee;
    const allowed =
      callee.type === 'MemberExpression' &&
      ((!callee.computed && callee.property.type === 'Identifier' && CALLBACK_METHODS.has(callee.property.name)) ||
        this.isObjectLiteralMember(callee.object));
    if (!allowed) this.report(call, 'Functions can not be passed as an argument');
  }

  /**
   * The plugin reports a member callee only when TypeScript resolves it to a method signature of a
   * named interface or class; a property of a local object literal is neither, so `helpers.run(fn)`
   * passes AWS's lint.
   */
  private isObjectLiteralMember(object: AnyNode): boolean {
    if (object.type !== 'Identifier') return false;
    const binding = this.scopes.resolve(object);
    return binding?.kind === 'variable' && binding.init?.type === 'ObjectExpression';
  }

  private checkDeniedMethod(call: AnyNode & { callee: AnyNode }): void {
    const callee = call.callee;
    if (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'Object' &&
      this.scopes.resolve(callee.object) === null &&
      callee.property.type === 'Identifier' &&
      DENIED_OBJECT_METHODS.has(callee.property.name)
    ) {
      this.report(call, `Method ObjectConstructor.${callee.property.name} is not implemented`);
    }
  }

  /**
   * The eslint plugin's no-disallowed-re-assignment: in `function request(ctx)` / `response(ctx)`,
   * `ctx` and its own properties are read-only (`ctx.stash.x = 1` is fine, `ctx.result = 1` is not).
   */
  private checkContextWrite(target: AnyNode | null, at: AnyNode): void {
    if (target === null) return;
    const root = target.type === 'MemberExpression' ? target.object : target;
    if (root.type !== 'Identifier' || !this.isHandlerContext(root)) return;
    if (target.type === 'Identifier') {
      this.report(at, `${root.name} is readonly and re-assignment is not supported.`);
      return;
    }
    if (target.type !== 'MemberExpression') return;
    const property = target.property;
    const name = !target.computed && property.type === 'Identifier' ? property.name : property.type === 'Literal' ? String(property.value) : null;
    this.report(
      at,
      name === null
        ? `${root.name} is readonly adding/modifying properties is not supported.`
        : `${root.name} is readonly. Adding/Updating ${name} is not supported.`,
    );
  }

  private isHandlerContext(identifier: Identifier): boolean {
    const binding = this.scopes.resolve(identifier);
    if (binding === null || binding.kind !== 'param' || binding.scope.type !== 'FunctionDeclaration') return false;
    const fn = binding.scope;
    const first = fn.params[0];
    return (fn.id?.name === 'request' || fn.id?.name === 'response') && first?.type === 'Identifier' && first.name === identifier.name;
  }

  /** AppSync does not support recursion, direct or through other functions. */
  private checkRecursion(): void {
    const calls = new Map<FunctionLike | null, Set<FunctionLike>>();
    const sites: Array<{ call: AnyNode; from: FunctionLike | null; to: FunctionLike }> = [];
    for (const node of this.scopes.nodes) {
      if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') continue;
      const to = this.scopes.functionOf(node.callee);
      if (to === null) continue;
      const from = this.scopes.enclosingFunction(node);
      if (!calls.has(from)) calls.set(from, new Set());
      calls.get(from)?.add(to);
      sites.push({ call: node, from, to });
    }
    for (const { call, from, to } of sites) {
      if (from === null) continue;
      const path = this.pathBetween(calls, to, from, new Set());
      if (path !== null) {
        const names = [from, ...path].map((fn) => functionName(fn, this.scopes)).join(' <-');
        this.report(call, `Recursive function calls not supported. Detected cycle in ${names}`);
      }
    }
  }

  private pathBetween(
    calls: Map<FunctionLike | null, Set<FunctionLike>>,
    start: FunctionLike,
    goal: FunctionLike,
    seen: Set<FunctionLike>,
  ): FunctionLike[] | null {
    if (start === goal) return [start];
    if (seen.has(start)) return null;
    seen.add(start);
    for (const next of calls.get(start) ?? []) {
      const rest = this.pathBetween(calls, next, goal, seen);
      if (rest !== null) return [start, ...rest];
    }
    return null;
  }
}

function functionName(fn: FunctionLike, scopes: ScopeAnalysis): string {
  if (fn.id) return fn.id.name;
  const parent = scopes.parent(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return fn.type === 'ArrowFunctionExpression' ? 'Anonymous Arrow Function' : 'Anonymous Function';
}

export interface Analysis {
  program: Program | null;
  codeErrors: CodeError[];
}

/** Parses and lints APPSYNC_JS code; never throws. */
export function analyseAppSyncJs(code: string): Analysis {
  if (code.length > MAX_CODE_LENGTH) {
    return {
      program: null,
      codeErrors: [
        {
          errorType: 'LINT_ERROR',
          value: `Code is ${code.length} characters long; APPSYNC_JS allows at most ${MAX_CODE_LENGTH}.`,
          location: { line: 0, column: 0, span: -1 },
        },
      ],
    };
  }
  let program: Program;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    const { message, loc } = error as SyntaxError & { loc?: { line: number; column: number } };
    return {
      program: null,
      codeErrors: [
        {
          errorType: 'PARSER_ERROR',
          value: `Parsing error: ${message.replace(/ \(\d+:\d+\)$/, '')}`,
          location: { line: loc?.line ?? 0, column: (loc?.column ?? -1) + 1, span: -1 },
        },
      ],
    };
  }
  return { program, codeErrors: new Linter(program).run() };
}

/** Validates a resolver's or function's code; throws AppSyncJsCodeError naming source, line and column. */
export function validateAppSyncJs(js: JsCode): Program {
  const { program, codeErrors } = analyseAppSyncJs(js.code);
  if (program === null || codeErrors.length > 0) throw new AppSyncJsCodeError(js.source, codeErrors);
  return program;
}

