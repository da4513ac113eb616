import { invalidInput } from './errors';

/**
 * The JSONPath subset EventBridge evaluates for InputPath and InputPathsMap ("Amazon EventBridge
 * input transformation": dot notation, dashes, underscores, alphanumerics, array indices,
 * wildcards, forward slashes; InputPath also takes bracket notation). A path is compiled once into
 * steps; evaluating it walks the event. A path with a wildcard selects a list (possibly empty);
 * any other path selects one value, or nothing when it leads nowhere.
 */
type Step = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'all' };

export interface JsonPath {
  readonly text: string;
  select(document: unknown): unknown;
}

function bad(text: string): never {
  return invalidInput(`Invalid JSON path: ${text}`);
}

function parseSteps(text: string): Step[] {
  if (!text.startsWith('$')) bad(text);
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    const character = text[i];
    if (character === '.') {
      let end = i + 1;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end += 1;
      const name = text.slice(i + 1, end);
      if (name === '') bad(text);
      steps.push(name === '*' ? { kind: 'all' } : { kind: 'name', name });
      i = end;
    } else if (character === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) bad(text);
      const inside = text.slice(i + 1, close).trim();
      if (inside === '*') steps.push({ kind: 'all' });
      else if (/^[0-9]+$/.test(inside)) steps.push({ kind: 'index', index: Number(inside) });
      else if (/^'[^']*'$/.test(inside) || /^"[^"]*"$/.test(inside)) steps.push({ kind: 'name', name: inside.slice(1, -1) });
      else bad(text);
      i = close + 1;
    } else {
      bad(text);
    }
  }
  return steps;
}

function child(node: unknown, step: Step): unknown[] {
  if (step.kind === 'all') {
    if (Array.isArray(node)) return node;
    if (typeof node === 'object' && node !== null) return Object.values(node);
    return [];
  }
  if (step.kind === 'index') return Array.isArray(node) && step.index < node.length ? [node[step.index]] : [];
  if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, step.name)) {
    return [(node as Record<string, unknown>)[step.name]];
  }
  return [];
}

export function compileJsonPath(text: string): JsonPath {
  const steps = parseSteps(text);
  const selectsList = steps.some((step) => step.kind === 'all');
  return {
    text,
    select(document: unknown): unknown {
      let nodes: unknown[] = [document];
      for (const step of steps) nodes = nodes.flatMap((node) => child(node, step));
      return selectsList ? nodes : nodes[0];
    },
  };
}
