import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/appsync-local.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const RUNTIME = ['--runtime', 'name=APPSYNC_JS,runtimeVersion=1.0.0'];

/** Runs `appsync-local evaluate-code` as a child process, from the fixtures folder. */
function evaluateCode(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'evaluate-code', ...args], { cwd: FIXTURES });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('appsync-local evaluate-code', () => {
  it('evaluates a response handler and prints what the AWS CLI prints for the guide’s example', async () => {
    const result = await evaluateCode('--code', 'file://add-dog.js', '--function', 'response', '--context', 'file://add-dog-context.json', ...RUNTIME);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${JSON.stringify(
        {
          evaluationResult: '{"breed":"Miniature Schnauzer","color":"black_grey"}',
          logs: ['INFO - code.js:13:5: "This request is allowed"'],
          stash: '{}',
          outErrors: '[]',
        },
        null,
        4,
      )}\n`,
    );
  });

  it('evaluates a request handler with util helpers', async () => {
    const result = await evaluateCode('--code', 'file://add-dog.js', '--function', 'request', '--context', 'file://add-dog-context.json', ...RUNTIME);
    expect(result.code).toBe(0);
    const request = JSON.parse(JSON.parse(result.stdout).evaluationResult);
    expect(request).toMatchObject({ operation: 'PutItem', attributeValues: { firstname: { S: 'Shaggy' }, age: { N: 4 } } });
    expect(request.key.id.S).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports util.unauthorized in error and still exits 0, like the AWS CLI', async () => {
    const result = await evaluateCode('--code', 'file://add-dog.js', '--function', 'response', '--context', 'file://add-dog-stranger-context.json', ...RUNTIME);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { message: 'Not Authorized to access addDog on type Mutation' },
      logs: [],
      stash: '{}',
      outErrors: '[]',
    });
  });

  it('bundles TypeScript with relative imports before evaluating it', async () => {
    const result = await evaluateCode('--code', 'file://greeting.ts', '--context', '{"arguments": {"name": "Ada"}}', ...RUNTIME);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ evaluationResult: '{"payload":"Hello, Ada!"}', stash: '{"greeted":"Ada"}' });
  });

  it('accepts inline code and lists code errors with their locations', async () => {
    const code = 'export function request(ctx) {\n  while (ctx.args.go) {}\n  return {};\n}\n';
    const result = await evaluateCode('--code', code, '--context', '{}', '--function', 'request', ...RUNTIME);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        message: 'The code contains one or more errors.',
        codeErrors: [{ errorType: 'LINT_ERROR', value: 'While statements are not supported.', location: { line: 2, column: 3, span: 22 } }],
      },
    });
  });

  it('exits 252 with usage when required arguments are missing', async () => {
    const result = await evaluateCode('--code', 'file://add-dog.js');
    expect(result.code).toBe(252);
    expect(result.stderr).toContain('the following arguments are required: --runtime, --context');
    expect(result.stdout).toBe('');
  });

  it('exits 254 when the runtime is not APPSYNC_JS 1.0.0', async () => {
    const result = await evaluateCode('--code', 'file://add-dog.js', '--context', '{}', '--runtime', 'name=APPSYNC_JS,runtimeVersion=2.0.0');
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('An error occurred (BadRequestException) when calling the EvaluateCode operation');
  });
});
