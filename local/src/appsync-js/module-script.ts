/**
 * Turns a validated APPSYNC_JS ES module into a classic script the sandbox can run: imports
 * become `__appsyncRequire` calls, `export` keywords are blanked, and the exports are assigned
 * at the end. Every line keeps its number and (outside import statements) its columns, so
 * runtime errors and console logs point at the code as written, like AppSync's `code.js:L:C`.
 * The time-limit checks of instrument.ts are inserted too; the columns they move are recorded
 * and mapped back inside the realm.
 */
import type { AnyNode, Program } from 'acorn';
import { patternNames } from './ast-scope';
import { columnShifts, TICK, timeLimitInsertions } from './instrument';

export interface SandboxScript {
  /** Script text; its first line is plumbing, so run it with `lineOffset: -1`. */
  text: string;
  /** "line:column" of each console method name -> "line:column" of its call (1-based columns). */
  callSites: Record<string, string>;
}

/** Replaces a range with spaces, keeping its line breaks. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function lineBreaks(text: string): string {
  return text.replace(/[^\n]/g, '');
}

function importReplacement(node: AnyNode & { type: 'ImportDeclaration' }): string {
  const from = `__appsyncRequire(${JSON.stringify(node.source.value)})`;
  const named: string[] = [];
  const statements: string[] = [];
  for (const specifier of node.specifiers) {
    if (specifier.type === 'ImportSpecifier') {
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
      named.push(imported === specifier.local.name ? imported : `${JSON.stringify(imported)}: ${specifier.local.name}`);
    } else if (specifier.type === 'ImportDefaultSpecifier') {
      statements.push(`const ${specifier.local.name} = ${from}.default;`);
    } else {
      statements.push(`const ${specifier.local.name} = ${from};`);
    }
  }
  if (named.length > 0) statements.unshift(`const { ${named.join(', ')} } = ${from};`);
  return statements.join(' ');
}

export function toSandboxScript(program: Program, code: string): SandboxScript {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const exported: Array<[exported: string, local: string]> = [];
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      const original = code.slice(node.start, node.end);
      edits.push({ start: node.start, end: node.end, text: importReplacement(node) + lineBreaks(original) });
    } else if (node.type === 'ExportNamedDeclaration') {
      const declaration = node.declaration;
      if (declaration) {
        edits.push({ start: node.start, end: declaration.start, text: blank(code.slice(node.start, declaration.start)) });
        if (declaration.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) for (const id of patternNames(declarator.id)) exported.push([id.name, id.name]);
        } else if (declaration.id) {
          exported.push([declaration.id.name, declaration.id.name]);
        }
      } else {
        edits.push({ start: node.start, end: node.end, text: blank(code.slice(node.start, node.end)) });
        for (const specifier of node.specifiers) {
          const name = (id: AnyNode) => (id.type === 'Identifier' ? id.name : String((id as { value?: unknown }).value));
          exported.push([name(specifier.exported), name(specifier.local)]);
        }
      }
    }
  }
  const insertions = timeLimitInsertions(program);
  for (const { at, text } of insertions) edits.push({ start: at, end: at, text });
  let body = '';
  let cursor = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    body += code.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  body += code.slice(cursor);
  const assignments = exported.map(([name, local]) => `__appsyncExports[${JSON.stringify(name)}] = ${local};`).join(' ');
  const callSites = consoleCallSites(program);
  const text =
    `__appsyncLocal.load(function (__appsyncRequire, __appsyncExports, ${TICK}) { "use strict";\n` +
    `${body}\n;${assignments}\n}, ${JSON.stringify(JSON.stringify({ callSites, shifts: columnShifts(code, insertions) }))});`;
  return { text, callSites };
}

function consoleCallSites(program: Program): Record<string, string> {
  const sites: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const candidate = node as AnyNode;
    if (
      candidate.type === 'CallExpression' &&
      candidate.callee.type === 'MemberExpression' &&
      candidate.callee.object.type === 'Identifier' &&
      candidate.callee.object.name === 'console' &&
      candidate.callee.property.loc &&
      candidate.loc
    ) {
      const at = candidate.callee.property.loc.start;
      sites[`${at.line}:${at.column + 1}`] = `${candidate.loc.start.line}:${candidate.loc.start.column + 1}`;
    }
    for (const [key, value] of Object.entries(candidate)) if (key !== 'loc') visit(value);
  };
  visit(program);
  return sites;
}
