import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaService, type LambdaFunctionConfig, type LambdaService } from '../../lambda';
import type { DataSource } from '../types';
import { createLambdaDataSource } from './index';

const handlers = fileURLToPath(new URL('../../../test/fixtures/lambdas/handlers.ts', import.meta.url));

const open: LambdaService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((service) => service.close()));
});

/** A data source over a Lambda service holding one function, `fn-<export>`. */
function lambda(handlerExport: string, extra: Partial<LambdaFunctionConfig> = {}): DataSource {
  const name = `fn-${handlerExport}`;
  const service = createLambdaService({ functions: { [name]: { handlerModule: handlers, handlerExport, timeoutMs: 3_000, ...extra } } });
  open.push(service);
  return createLambdaDataSource({ type: 'AWS_LAMBDA', name: `ds-${handlerExport}`, function: name }, service);
}

describe('the AWS_LAMBDA data source', () => {
  it('invokes the handler with the payload as its event and returns its result', async () => {
    const out = await lambda('echo', { environment: { GREETING: 'hello' } }).invoke({ operation: 'Invoke', payload: { value: 7 } });
    expect(out).toEqual({ result: { event: { value: 7 }, functionName: 'fn-echo', remainingPositive: true, env: 'hello', secret: null } });
  });

  it('does not leak the runtime’s own environment into the function', async () => {
    process.env.HOST_ONLY_SECRET = 'do-not-pass';
    try {
      const out = await lambda('echo').invoke({ operation: 'Invoke', payload: {} });
      expect(out).toMatchObject({ result: { secret: null } });
    } finally {
      delete process.env.HOST_ONLY_SECRET;
    }
  });

  it('supports callback-style handlers', async () => {
    expect(await lambda('callback').invoke({ operation: 'Invoke', payload: { value: 'x' } })).toEqual({ result: { viaCallback: 'x' } });
  });

  it('turns a rejected handler into a Lambda:Unhandled error and keeps serving', async () => {
    const ds = lambda('rejects');
    expect(await ds.invoke({ operation: 'Invoke', payload: {} })).toEqual({
      error: { type: 'Lambda:Unhandled', message: 'the handler said no', data: { errorType: 'TypeError' } },
    });
    expect(await ds.invoke({ operation: 'Invoke', payload: {} })).toMatchObject({ error: { type: 'Lambda:Unhandled' } });
  });

  it('survives a handler that crashes its process, and replaces the worker', async () => {
    const crashing = lambda('crashes');
    expect(await crashing.invoke({ operation: 'Invoke', payload: {} })).toMatchObject({ error: { type: 'Lambda:Unhandled', message: 'escaped the promise chain' } });
    expect(await lambda('exits').invoke({ operation: 'Invoke', payload: {} })).toMatchObject({
      error: { type: 'Lambda:Unhandled', message: expect.stringContaining('Runtime exited with error: exit status 3') },
    });
    expect(await crashing.invoke({ operation: 'Invoke', payload: {} })).toMatchObject({ error: { message: 'escaped the promise chain' } });
  });

  it('stops a hanging handler at its timeout with Lambda’s wording', async () => {
    const out = await lambda('hangs', { timeoutMs: 1_000 }).invoke({ operation: 'Invoke', payload: {} });
    expect(out).toMatchObject({ error: { type: 'Lambda:Unhandled', message: expect.stringMatching(/Task timed out after 1\.00 seconds$/), data: { errorType: 'Sandbox.Timedout' } } });
  });

  it('reports a missing export the way Lambda does', async () => {
    expect(await lambda('notAFunction').invoke({ operation: 'Invoke', payload: {} })).toMatchObject({
      error: { type: 'Lambda:Unhandled', message: expect.stringContaining('Runtime.HandlerNotFound') },
    });
  });

  it('answers an Event invocation at once with a null result', async () => {
    expect(await lambda('echo').invoke({ operation: 'Invoke', invocationType: 'Event', payload: { value: 1 } })).toEqual({ result: null });
  });

  it('refuses to be built over a function the service does not have', () => {
    const service = createLambdaService({ functions: {} });
    open.push(service);
    expect(() => createLambdaDataSource({ type: 'AWS_LAMBDA', name: 'ds', function: 'missing' }, service)).toThrow(
      'Data source ds invokes function missing, which the Lambda service does not have.',
    );
  });

  it('refuses BatchInvoke with a clear message instead of guessing', async () => {
    expect(await lambda('echo').invoke({ operation: 'BatchInvoke', payload: [] })).toEqual({
      error: { type: 'Lambda:Unhandled', message: 'BatchInvoke is not supported by the local runtime.' },
    });
  });
});
