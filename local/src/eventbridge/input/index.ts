/**
 * What a rule's target receives ("Amazon EventBridge input transformation" and the PutTargets
 * reference): the whole event as JSON by default, or the target's Input (constant JSON text),
 * InputPath (a part of the event) or InputTransformer (variables from JSON paths put into a
 * template). Everything is validated and compiled once; each event then only walks its paths.
 */
import type { TargetInput } from '../../project/event-definitions';
import { invalidInput } from './errors';
import { compileJsonPath, type JsonPath } from './json-path';
import { compileTemplate, RESERVED_VARIABLES } from './template';

export { InvalidTargetInputError } from './errors';
export { RESERVED_VARIABLES } from './template';

/** What the reserved variables stand for; EventBridge fills them in, the bus passes them here. */
export interface TargetInputContext {
  ruleArn?: string;
  ruleName?: string;
  /** ISO 8601; the time of rendering when not given. */
  ingestionTime?: string;
}

export type RenderTargetInput = (event: Record<string, unknown>, context?: TargetInputContext) => string;

/** PutTargets limits (API reference: Target.Input, Target.InputPath, InputTransformer). */
export const TARGET_INPUT_LIMITS = {
  input: 8192,
  inputPath: 256,
  inputPathsMapEntries: 100,
  inputPathsMapKey: 256,
  inputPathsMapValue: 256,
  inputTemplate: 8192,
} as const;

const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

function tooLong(what: string, limit: number): never {
  return invalidInput(`1 validation error detected: Value at '${what}' failed to satisfy constraint: Member must have length less than or equal to ${limit}`);
}

function compileConstant(input: string): RenderTargetInput {
  if (input.length > TARGET_INPUT_LIMITS.input) tooLong('input', TARGET_INPUT_LIMITS.input);
  try {
    JSON.parse(input);
  } catch {
    invalidInput('Input is not valid JSON text.');
  }
  return () => input;
}

function compileInputPath(path: string): RenderTargetInput {
  if (path.length > TARGET_INPUT_LIMITS.inputPath) tooLong('inputPath', TARGET_INPUT_LIMITS.inputPath);
  const compiled = compileJsonPath(path);
  // A path that leads nowhere gives null: the target still receives JSON.
  return (event) => JSON.stringify(compiled.select(event) ?? null);
}

function compileTransformer(transformer: { inputPathsMap?: Record<string, string>; inputTemplate: string }): RenderTargetInput {
  const entries = Object.entries(transformer.inputPathsMap ?? {});
  if (entries.length > TARGET_INPUT_LIMITS.inputPathsMapEntries) tooLong('inputTransformer.inputPathsMap', TARGET_INPUT_LIMITS.inputPathsMapEntries);
  const paths = new Map<string, JsonPath>();
  for (const [key, path] of entries) {
    if (key.length > TARGET_INPUT_LIMITS.inputPathsMapKey || !KEY_PATTERN.test(key)) {
      invalidInput(`InputPathsMap key "${key}" must be 1 to 256 letters, digits, '_' or '-'.`);
    }
    if (typeof path !== 'string' || path.length > TARGET_INPUT_LIMITS.inputPathsMapValue) tooLong(`inputTransformer.inputPathsMap.${key}`, TARGET_INPUT_LIMITS.inputPathsMapValue);
    paths.set(key, compileJsonPath(path));
  }
  const { inputTemplate } = transformer;
  if (typeof inputTemplate !== 'string' || inputTemplate.length === 0) invalidInput('InputTemplate is required.');
  if (inputTemplate.length > TARGET_INPUT_LIMITS.inputTemplate) tooLong('inputTransformer.inputTemplate', TARGET_INPUT_LIMITS.inputTemplate);
  const template = compileTemplate(inputTemplate, new Set(paths.keys()));
  return (event, context = {}) => {
    const values = new Map<string, unknown>();
    for (const [key, path] of paths) values.set(key, path.select(event));
    const envelope = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'detail'));
    values.set(RESERVED_VARIABLES.ruleArn, context.ruleArn);
    values.set(RESERVED_VARIABLES.ruleName, context.ruleName);
    values.set(RESERVED_VARIABLES.ingestionTime, context.ingestionTime ?? new Date().toISOString());
    // The guide: aws.events.event is the event "without the detail field"; .json is all of it.
    values.set(RESERVED_VARIABLES.event, envelope);
    values.set(RESERVED_VARIABLES.eventJson, event);
    return template.render(values);
  };
}

/** What the target receives, as JSON text (or plain text for a string template), per EventBridge. Throws a typed error on a bad path/template at compile time. */
export function compileTargetInput(input: TargetInput | undefined): RenderTargetInput {
  if (input === undefined) return (event) => JSON.stringify(event);
  if ('input' in input) return compileConstant(input.input);
  if ('inputPath' in input) return compileInputPath(input.inputPath);
  return compileTransformer(input.inputTransformer);
}
