import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaService, LambdaConfigError, LambdaServiceError, type AsyncInvocationRecord, type LambdaService, type LambdaServiceOptions } from './index';

const handlers = fileURLToPath(new URL('./fixtures/handlers.ts', import.meta.url));

const open: LambdaService[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((service) => service.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function service(options: LambdaServiceOptions): LambdaService {
  const created = createLambdaService(options);
  open.push(created);
  return created;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-service-'));
  dirs.push(dir);
  return dir;
}

const fn = (handlerExport: string, extra: object = {}) => ({ handlerModule: handlers, handlerExport, timeoutMs: 5_000, ...extra });

describe('the local Lambda service', () => {
  it('runs a function by name with its own environment, memory and ARN', async () => {
    const lambda = service({
      functions: {
        greeter: fn('env', { environment: { GREETING: 'hello' }, memoryMB: 512 }),
        plain: fn('env'),
      },
    });
    process.env.HOST_ONLY_SECRET = 'do-not-pass';
    try {
      expect(await lambda.invoke('greeter', {})).toEqual({
        StatusCode: 200,
        ExecutedVersion: '$LATEST',
        Payload: { greeting: 'hello', functionName: 'greeter', memory: '512', arn: 'arn:aws:lambda:local:000000000000:function:greeter', hostSecret: null },
      });
      expect(await lambda.invoke('plain', {})).toMatchObject({ Payload: { greeting: null, functionName: 'plain', memory: '128' } });
    } finally {
      delete process.env.HOST_ONLY_SECRET;
    }
  });

  it('runs a TypeScript handler as its bundle on plain Node, with the heap Lambda’s bootstrap sizes from the memory', async () => {
    const lambda = service({ functions: { sized: fn('runtime', { memoryMB: 256 }), small: fn('runtime') } });
    // 256 MB: a tenth (25) for the young generation, 12 per semi-space, 231 for the old one.
    expect(await lambda.invoke('sized', {})).toMatchObject({
      Payload: { execArgv: ['--expose-gc', '--max-http-header-size=81920', '--max-semi-space-size=12', '--max-old-space-size=231'], exposesGc: true },
    });
    expect(await lambda.invoke('small', {})).toMatchObject({ Payload: { execArgv: expect.arrayContaining(['--max-semi-space-size=6', '--max-old-space-size=116']) } });
  });

  it('runs a JavaScript module as it is, and from its sources through tsx a handler that imports by a computed name', async () => {
    const lambda = service({
      functions: {
        plain: { handlerModule: fileURLToPath(new URL('./fixtures/plain.mjs', import.meta.url)), handlerExport: 'handler', timeoutMs: 5_000 },
        computed: { handlerModule: fileURLToPath(new URL('./fixtures/computed-import.ts', import.meta.url)), handlerExport: 'handler', timeoutMs: 5_000 },
      },
    });
    const plain = (await lambda.invoke('plain', {})).Payload as { execArgv: string[] };
    expect(plain.execArgv).toContain('--expose-gc');
    expect(plain.execArgv.join(' ')).not.toContain('tsx');
    const computed = (await lambda.invoke('computed', {})).Payload as { execArgv: string[] };
    expect(computed.execArgv).toContain('--import');
    expect(computed.execArgv.join(' ')).toContain('tsx');
  });

  it('reads a deferred environment on the first invocation, not before', async () => {
    let reads = 0;
    const lambda = service({ functions: { late: fn('env', { environment: () => ((reads += 1), { GREETING: 'known later' }) }) } });
    expect(reads).toBe(0);
    expect(await lambda.invoke('late', {})).toMatchObject({ Payload: { greeting: 'known later' } });
    await lambda.invoke('late', {});
    expect(reads).toBe(1);
  });

  it('answers a function error as Invoke does: 200, FunctionError Unhandled, errorType and errorMessage', async () => {
    const dir = tempDir();
    const lambda = service({ functions: { flaky: fn('flaky') } });
    expect(await lambda.invoke('flaky', { dir, failTimes: 1 })).toEqual({
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      FunctionError: 'Unhandled',
      Payload: { errorType: 'Error', errorMessage: 'attempt 1 failed' },
    });
    expect(await lambda.invoke('flaky', { dir, failTimes: 1 })).toMatchObject({ StatusCode: 200, Payload: { attempts: 2 } });
  });

  it('bounds the invocations in flight by the reserved concurrency', async () => {
    const dir = tempDir();
    const lambda = service({ functions: { gated: fn('gate', { reservedConcurrency: 2 }) } });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => lambda.invoke('gated', { dir, target: 3, id: String(i) })));
    const seen = results.map((r) => (r.Payload as { maxSeen: number }).maxSeen);
    expect(Math.max(...seen)).toBe(2);
  });

  it('runs more at once without reserved concurrency, so the bound above is the setting’s doing', async () => {
    const dir = tempDir();
    const lambda = service({ functions: { gated: fn('gate') } });
    const results = await Promise.all(Array.from({ length: 3 }, (_, i) => lambda.invoke('gated', { dir, target: 3, id: String(i) })));
    expect(Math.max(...results.map((r) => (r.Payload as { maxSeen: number }).maxSeen))).toBe(3);
  });

  it('throttles every invocation of a function with reserved concurrency 0', async () => {
    const lambda = service({ functions: { off: fn('env', { reservedConcurrency: 0 }) } });
    await expect(lambda.invoke('off', {})).rejects.toMatchObject({ name: 'TooManyRequestsException', message: 'Rate Exceeded.', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
  });

  it('answers 202 to an Event invocation and retries a failing one twice, then reports it to the on-failure destination', async () => {
    const dir = tempDir();
    const failures: AsyncInvocationRecord[] = [];
    const failed = new Promise<void>((resolve) => {
      const lambda = service({
        functions: { flaky: fn('flaky') },
        asyncInvoke: { retryDelaysMs: [20, 40], onFailure: (record) => (failures.push(record), resolve()) },
      });
      void lambda.invoke('flaky', { dir, failTimes: 10 }, { invocationType: 'Event' }).then((out) => expect(out).toEqual({ StatusCode: 202 }));
    });
    await failed;
    expect(failures).toEqual([
      {
        version: '1.0',
        timestamp: expect.any(String),
        requestContext: { requestId: expect.any(String), functionArn: 'arn:aws:lambda:local:000000000000:function:flaky:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: { dir, failTimes: 10 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'attempt 3 failed' },
      },
    ]);
  });

  it('delivers an Event invocation that succeeds on a retry, once', async () => {
    const dir = tempDir();
    const successes: AsyncInvocationRecord[] = [];
    await new Promise<void>((resolve) => {
      const lambda = service({
        functions: { flaky: fn('flaky') },
        asyncInvoke: { retryDelaysMs: [20, 20], onSuccess: (record) => (successes.push(record), resolve()), onFailure: () => resolve() },
      });
      void lambda.invoke('flaky', { dir, failTimes: 2 }, { invocationType: 'Event' });
    });
    expect(successes).toHaveLength(1);
    expect(successes[0]).toMatchObject({ requestContext: { condition: 'Success', approximateInvokeCount: 3 }, responsePayload: { attempts: 3 } });
  });

  it('refuses unknown functions, oversized payloads and unserialisable events with the Invoke API’s errors', async () => {
    const lambda = service({ functions: { echo: fn('env') } });
    await expect(lambda.invoke('nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Function not found: arn:aws:lambda:local:000000000000:function:nope' });
    const big = 'x'.repeat(1024 * 1024 + 1);
    await expect(lambda.invoke('echo', big, { invocationType: 'Event' })).rejects.toMatchObject({ name: 'RequestTooLargeException' });
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    await expect(lambda.invoke('echo', cyclic)).rejects.toBeInstanceOf(LambdaServiceError);
  });

  it('rejects a declaration Lambda would reject', () => {
    expect(() => createLambdaService({ functions: { 'bad name': fn('env') } })).toThrow(LambdaConfigError);
    expect(() => createLambdaService({ functions: { f: fn('env', { timeoutMs: 901_000 }) } })).toThrow('Function f: the timeout must be between 1 and 900 seconds, not 901.');
    expect(() => createLambdaService({ functions: { f: fn('env', { memoryMB: 64 }) } })).toThrow(/memory must be between 128 and 10240 MB/);
    expect(() => createLambdaService({ functions: {}, asyncInvoke: { maximumRetryAttempts: 3 } })).toThrow('MaximumRetryAttempts must be 0, 1 or 2, not 3.');
  });

  it('refuses invocations once closed', async () => {
    const lambda = createLambdaService({ functions: { echo: fn('env') } });
    await lambda.close();
    await expect(lambda.invoke('echo', {})).rejects.toMatchObject({ name: 'ServiceException' });
  });
});
