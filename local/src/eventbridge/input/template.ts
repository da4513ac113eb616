import { invalidInput } from './errors';

/**
 * An InputTransformer's InputTemplate, compiled once into literal text and placeholders, each
 * placeholder knowing whether it sits inside a JSON string literal. How a value is written then
 * follows "Amazon EventBridge input transformation" (examples and "Common issues"):
 * - in a JSON template (one surrounded by curly braces, per the PutTargets reference) a
 *   placeholder outside quotes becomes the value as JSON: strings quoted, objects as JSON;
 * - inside quotes, and anywhere in a plain-text template, a string goes in as it is, unescaped
 *   ("EventBridge doesn't escape values extracted by Input Path"); an object or array inside
 *   quotes loses its internal quotes, so the string stays a string;
 * - a variable whose path is not in the event is null in JSON and nothing in text. The guide says
 *   only that such a variable "isn't created"; null keeps a JSON template valid JSON.
 * A JSON result that parses is sent minified ("The JSON that is passed to the target is minified");
 * one that does not (an unescaped quote from a value) is sent as produced.
 */
export const RESERVED_VARIABLES = {
  ruleArn: 'aws.events.rule-arn',
  ruleName: 'aws.events.rule-name',
  ingestionTime: 'aws.events.event.ingestion-time',
  event: 'aws.events.event',
  eventJson: 'aws.events.event.json',
} as const;

const RESERVED: ReadonlySet<string> = new Set(Object.values(RESERVED_VARIABLES));
/** Whole-event variables are JSON that is not escaped, so only a JSON field's value may hold them. */
const JSON_ONLY: ReadonlySet<string> = new Set([RESERVED_VARIABLES.event, RESERVED_VARIABLES.eventJson]);

type Part = { readonly literal: string } | { readonly variable: string; readonly inString: boolean };

export interface CompiledTemplate {
  readonly json: boolean;
  render(values: ReadonlyMap<string, unknown>): string;
}

/** A `<name>` at `start` that names a variable, or null when the `<` is plain text. */
function placeholderAt(template: string, start: number, variables: ReadonlySet<string>): string | null {
  const end = template.indexOf('>', start + 1);
  if (end < 0) return null;
  const name = template.slice(start + 1, end);
  return variables.has(name) || RESERVED.has(name) ? name : null;
}

function isObjectKey(template: string, after: number): boolean {
  let i = after;
  while (i < template.length && /\s/.test(template[i] ?? '')) i += 1;
  return template[i] === ':';
}

function compileParts(template: string, variables: ReadonlySet<string>, json: boolean): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let inString = false;
  for (let i = 0; i < template.length; i += 1) {
    const character = template[i] ?? '';
    if (inString && character === '\\') {
      literal += character + (template[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (character === '"') inString = !inString;
    const name = character === '<' ? placeholderAt(template, i, variables) : null;
    if (name === null) {
      literal += character;
      continue;
    }
    const after = i + name.length + 2;
    if (JSON_ONLY.has(name) && (!json || inString)) {
      invalidInput(`InputTemplate: <${name}> can only be used as the value of a JSON field.`);
    }
    if (json && !inString && isObjectKey(template, after)) invalidInput(`InputTemplate: placeholder <${name}> cannot be used as an object key.`);
    if (literal !== '') parts.push({ literal });
    literal = '';
    parts.push({ variable: name, inString });
    i = after - 1;
  }
  if (literal !== '') parts.push({ literal });
  return parts;
}

function asJson(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function asText(value: unknown, inString: boolean): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return inString ? text.replaceAll('"', '') : text;
  }
  return String(value);
}

export function compileTemplate(template: string, variables: ReadonlySet<string>): CompiledTemplate {
  const trimmed = template.trim();
  const json = trimmed.startsWith('{') && trimmed.endsWith('}');
  const parts = compileParts(template, variables, json);
  return {
    json,
    render(values) {
      let output = '';
      for (const part of parts) {
        if ('literal' in part) output += part.literal;
        else output += json && !part.inString ? asJson(values.get(part.variable)) : asText(values.get(part.variable), part.inString);
      }
      if (!json) return output;
      try {
        return JSON.stringify(JSON.parse(output));
      } catch {
        return output;
      }
    },
  };
}
