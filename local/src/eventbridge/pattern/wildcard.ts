import { refuse } from './errors';
import { testMatcher, type ValueMatcher } from './types';

/**
 * A compiled wildcard: the literal pieces between unescaped `*`. A value matches if it starts with
 * the first piece, ends with the last, and holds the middle ones in order between them; that greedy
 * scan is exact for a glob whose only metacharacter is `*`, and needs no regular expression.
 */
export interface Wildcard {
  readonly pieces: readonly string[];
}

const utf8Length = (character: string): number => Buffer.byteLength(character, 'utf8');

/**
 * Reads a wildcard as Ruler's WildcardParser does: `*` matches any run of characters, `\*` is a
 * literal asterisk, `\\` a literal backslash; any other escape and two `*` in a row are refused.
 * Ruler reports byte positions in the quoted value (`"` + text + `"`), so positions start at 1.
 */
export function parseWildcardText(text: string): Wildcard {
  const pieces: string[] = [];
  let current = '';
  let position = 1;
  const characters = [...text];
  for (let i = 0; i < characters.length; i += 1) {
    const character = characters[i] ?? '';
    if (character === '*') {
      if (characters[i + 1] === '*') refuse(`Consecutive wildcard characters at pos ${position}`);
      pieces.push(current);
      current = '';
    } else if (character === '\\') {
      const next = characters[i + 1];
      if (next !== '*' && next !== '\\') refuse(`Invalid escape character at pos ${position}`);
      current += next;
      i += 1;
      position += 1;
    } else {
      current += character;
    }
    position += utf8Length(character);
  }
  pieces.push(current);
  return { pieces };
}

export function wildcardMatches({ pieces }: Wildcard, value: string): boolean {
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let from = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i] ?? '';
    const at = value.indexOf(piece, from);
    if (at < 0 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}

/** `{"wildcard": "dir/*.png"}`: strings only. */
export function parseWildcard(operand: unknown): ValueMatcher {
  if (typeof operand !== 'string') refuse('wildcard match pattern must be a string');
  const wildcard = parseWildcardText(operand);
  return testMatcher((value) => typeof value === 'string' && wildcardMatches(wildcard, value));
}
