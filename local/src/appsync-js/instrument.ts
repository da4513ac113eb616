/**
 * Load-time instrumentation that bounds a handler run without a `vm` watchdog thread: a call of
 * the realm's time-limit check (TICK) goes at the start of every function body and every
 * for-of/for-in body. The validator has already refused every other way APPSYNC_JS code could
 * run for long: while, do-while, C-style for, labels, recursion, generators, async code, and
 * try/catch/throw (so the check's error cannot be caught by resolver code). Any loop that remains
 * therefore passes a check on each iteration or each callback call.
 *
 * Inserting text moves columns on the lines it touches; `shifts` records each insertion so the
 * realm maps a stack position back to the code as written (AppSync's `code.js:L:C`).
 */
import type { AnyNode, Program } from 'acorn';
import { childrenOf } from './ast-scope';

/** The factory parameter through which instrumented code reaches the check; reserved by the validator. */
export const TICK = '__appsyncTick';

export interface Insertion {
  /** Offset in the original code; the text goes before whatever starts there. */
  at: number;
  text: string;
}

/** Per 1-based line: [0-based original column, inserted length], in column order. */
export type ColumnShifts = Record<number, Array<[number, number]>>;

const CHECK = `${TICK}();`;

function bodyInsertions(body: AnyNode, out: Insertion[]): void {
  if (body.type === 'BlockStatement') {
    out.push({ at: body.start + 1, text: CHECK });
  } else {
    out.push({ at: body.start, text: `{${CHECK}` }, { at: body.end, text: '}' });
  }
}

/** Where the checks go, for every function and for-of/for-in loop of the program. */
export function timeLimitInsertions(program: Program): Insertion[] {
  const out: Insertion[] = [];
  const visit = (node: AnyNode): void => {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
        bodyInsertions(node.body, out);
        break;
      case 'ArrowFunctionExpression':
        if (node.body.type === 'BlockStatement') bodyInsertions(node.body, out);
        else out.push({ at: node.body.start, text: `(${TICK}(), ` }, { at: node.body.end, text: ')' });
        break;
      case 'ForOfStatement':
      case 'ForInStatement':
        bodyInsertions(node.body, out);
        break;
      default:
        break;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(program);
  return out;
}

/** The column shifts the insertions cause, for mapping generated positions back. */
export function columnShifts(code: string, insertions: Insertion[]): ColumnShifts {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i += 1) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const shifts: ColumnShifts = {};
  for (const { at, text } of [...insertions].sort((a, b) => a.at - b.at)) {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    const line = low + 1;
    (shifts[line] ??= []).push([at - (lineStarts[low] ?? 0), text.length]);
  }
  return shifts;
}

/**
 * Names through which code reaches the regular-expression engine with a pattern of its own
 * (`match`/`matchAll`/`search` turn a string into a RegExp; `util.matches` takes one), or calls a
 * method it did not name (`call`, `apply`, `bind`, `Reflect`). A catastrophically backtracking
 * pattern is one long built-in call that no inserted check interrupts, and V8's linear-time
 * fallback does not cover every pattern (backreferences, lookarounds; the `u` flag on Node 20).
 */
const REGEXP_REACH = new Set(['match', 'matchAll', 'search', 'matches', 'RegExp', 'test', 'exec', 'call', 'apply', 'bind', 'Reflect']);

/**
 * Whether the module may run a regular expression of its choosing, so its handler runs still need
 * `vm`'s preemptive watchdog: it names one of REGEXP_REACH (as an identifier, a property or a
 * string key) or calls a method through a computed key (`value[name](...)`).
 */
export function mayRunOwnRegExp(program: Program): boolean {
  const visit = (node: AnyNode): boolean => {
    if (node.type === 'Identifier' && REGEXP_REACH.has(node.name)) return true;
    if (node.type === 'Literal' && typeof node.value === 'string' && REGEXP_REACH.has(node.value)) return true;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.computed && node.callee.property.type !== 'Literal') return true;
    return childrenOf(node).some(visit);
  };
  return visit(program);
}
