import { SandboxModule, type HandlerContext } from '../../src/appsync-js/sandbox';
import type { HandlerFacts, HandlerRun } from '../../src/appsync-js/types';

export const FACTS: HandlerFacts = { fieldName: 'getThing', parentTypeName: 'Query', authType: 'API_KEY' };

export function handlerContext(extra: Partial<HandlerContext> = {}): HandlerContext {
  return {
    arguments: {},
    identity: null,
    source: null,
    info: { fieldName: FACTS.fieldName, parentTypeName: FACTS.parentTypeName, variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
    request: { headers: {}, domainName: null },
    stash: {},
    ...extra,
  };
}

/** Loads `code` as an APPSYNC_JS module in a fresh sandbox realm. */
export function loadCode(code: string, timeoutMs?: number): Promise<SandboxModule> {
  return SandboxModule.load({ source: 'test.js', code }, { timeoutMs });
}

/** Runs a request handler returning `expression`, inside a real sandbox realm. */
export async function runExpression(expression: string, facts: HandlerFacts = FACTS): Promise<HandlerRun> {
  const module = await loadCode(
    `import { util, extensions, runtime } from '@aws-appsync/utils';\n` +
      `export function request(ctx) {\n  return ${expression};\n}\n` +
      `export function response(ctx) {\n  return ctx.result;\n}\n`,
  );
  return module.run('request', handlerContext(), facts);
}

/** The value a util expression evaluates to inside the sandbox; fails the test on any error. */
export async function evaluate(expression: string, facts: HandlerFacts = FACTS): Promise<unknown> {
  const { result } = await runExpression(expression, facts);
  if (result.kind !== 'return') throw new Error(`${expression} did not return a value: ${JSON.stringify(result)}`);
  return result.value;
}
