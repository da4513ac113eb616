import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: rootDir });

// A resolver breaking a base rule (while), a rule that needs type information (recursion) and
// the house rule against throw.
const FORBIDDEN = `
export function request(ctx: { args: { n: number } }): number {
  while (ctx.args.n > 0) return countdown(ctx.args.n);
  if (ctx.args.n < 0) throw new Error('negative');
  return 0;
}
function countdown(n: number): number {
  return n > 0 ? countdown(n - 1) : 0;
}
`;

async function ruleIdsFor(code: string, filePath: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: `${rootDir}${filePath}` });
  return result?.messages.map((message) => message.ruleId) ?? [];
}

// Type-aware lint of every resolver builds a TypeScript program: tens of seconds on two busy cores.
describe('resolver lint', { timeout: 180_000 }, () => {
  it('finds no problem in any resolver file', async () => {
    const results = await eslint.lintFiles(['resolvers/**/*.ts']);
    const formatter = await eslint.loadFormatter('stylish');
    const problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
    expect(results.length).toBeGreaterThan(3);
    expect(problems, await formatter.format(results)).toBe(0);
  });

  it('reports APPSYNC_JS features AppSync rejects, in a resolver file', async () => {
    const rules = await ruleIdsFor(FORBIDDEN, 'resolvers/lib/response.ts');
    expect(rules).toContain('@aws-appsync/no-while');
    expect(rules).toContain('@aws-appsync/no-recursion');
    expect(rules).toContain('no-restricted-syntax');
  });

  it('leaves code outside resolvers to the TypeScript rules', async () => {
    const rules = await ruleIdsFor(FORBIDDEN, 'scripts/codegen.ts');
    expect(rules.filter((rule) => rule?.startsWith('@aws-appsync/') || rule === 'no-restricted-syntax')).toEqual([]);
  });
});
