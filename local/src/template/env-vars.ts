import { readFileSync } from 'node:fs';

/**
 * SAM CLI's environment variables file (`sam local start-api --env-vars env.json`): an object by
 * function, `{"<FunctionLogicalId>": {"VAR": "value"}}`, and `"Parameters": {...}` for every
 * function. A function's own entry wins over Parameters (aws-sam-cli pull request 4132, which
 * also lets the entry be named by the function's name instead of its logical id).
 */
export type EnvironmentOverrides = Record<string, Record<string, string>>;

/** Values are strings in Lambda's environment; SAM writes true/false for booleans (samcli/local/lambdafn/env_vars.py). */
function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function parseEnvironmentOverrides(text: string, source = 'the environment variables file'): EnvironmentOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source} must be a JSON object: {"<FunctionLogicalId>": {"VAR": "value"}, "Parameters": {"VAR": "value"}}`);
  }
  const overrides: EnvironmentOverrides = {};
  for (const [key, variables] of Object.entries(parsed)) {
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      throw new Error(`${source}: "${key}" must be an object of variable names and values`);
    }
    overrides[key] = Object.fromEntries(Object.entries(variables as Record<string, unknown>).map(([name, value]) => [name, stringify(value)]));
  }
  return overrides;
}

export function readEnvironmentOverrides(file: string): EnvironmentOverrides {
  return parseEnvironmentOverrides(readFileSync(file, 'utf8'), file);
}

/**
 * What one function's environment becomes. As in SAM, Parameters override only the variables the
 * template declares for the function (env_vars.py resolves the declared names alone). Unlike SAM
 * (aws-sam-cli issue 542), the function's own entry may also add variables: a local stand-in
 * often needs what its AWS configuration has no variable for (a sandbox's URL and key in place
 * of a secret's ARN), and there is no other way to hand it to one function.
 */
export function overridesFor(overrides: EnvironmentOverrides | undefined, ids: { logicalId: string; functionName: string }, declared: readonly string[]): Record<string, string> {
  if (!overrides) return {};
  const global = overrides.Parameters ?? {};
  const own = overrides[ids.logicalId] ?? overrides[ids.functionName] ?? {};
  return { ...Object.fromEntries(declared.filter((name) => name in global).map((name) => [name, global[name] ?? ''])), ...own };
}
