import { afterEach, describe, expect, it } from 'vitest';
import { authorizerService } from '../../test/fixtures/auth-modes/api';
import type { LambdaService } from '../lambda';
import { AUTHORIZER_LIMIT_MS, authorizerFunctionName, graphqlRequestOf, LambdaAuthorizer, readDecision, type LambdaModeConfig } from './lambda-authorizer';

const MODE: LambdaModeConfig = { type: 'AWS_LAMBDA', authorizerUri: 'authorizer', authorizerResultTtlInSeconds: 120 };
const API = { apiId: 'api-1', accountId: '111122223333' };

describe('authorizerFunctionName', () => {
  it('takes a plain name as it is', () => {
    expect(authorizerFunctionName('authorizer')).toBe('authorizer');
  });

  it('takes the function name out of an ARN, with or without a version or alias', () => {
    expect(authorizerFunctionName('arn:aws:lambda:eu-west-1:111122223333:function:authorizer')).toBe('authorizer');
    expect(authorizerFunctionName('arn:aws:lambda:eu-west-1:111122223333:function:authorizer:live')).toBe('authorizer');
    expect(authorizerFunctionName('arn:aws:lambda:eu-west-1:111122223333:function:authorizer:3')).toBe('authorizer');
  });
});

describe('graphqlRequestOf (requestContext.queryString, operationName, variables)', () => {
  it('reads a POST body', () => {
    const body = JSON.stringify({ query: 'query A { a }', operationName: 'A', variables: { x: 1 } });
    expect(graphqlRequestOf({ method: 'POST', path: '/graphql', body })).toEqual({ queryString: 'query A { a }', operationName: 'A', variables: { x: 1 } });
  });

  it('reads a GET query string', () => {
    const query = new URLSearchParams({ query: '{ a }', variables: '{"y":2}' });
    expect(graphqlRequestOf({ method: 'GET', path: '/graphql', query, body: '' })).toEqual({ queryString: '{ a }', variables: { y: 2 } });
  });

  it('gives a WebSocket connection (body {}) an empty query and no variables', () => {
    expect(graphqlRequestOf({ method: 'POST', path: '/graphql/connect', body: '{}' })).toEqual({ queryString: '', variables: {} });
  });

  it('survives a body that is not JSON', () => {
    expect(graphqlRequestOf({ method: 'POST', path: '/graphql', body: 'not json' })).toEqual({ queryString: '', variables: {} });
  });
});

describe('readDecision', () => {
  it('puts resolverContext in the identity and takes the configured TTL without ttlOverride', () => {
    expect(readDecision({ isAuthorized: true, resolverContext: { user: 'ana' } }, MODE, API)).toEqual({
      isAuthorized: true,
      identity: { resolverContext: { user: 'ana' } },
      deniedFields: new Set(),
      ttlSeconds: 120,
    });
  });

  it('lets ttlOverride replace the TTL, 0 included, within AppSync’s 0..3600', () => {
    expect(readDecision({ isAuthorized: true, ttlOverride: 0 }, MODE, API)?.ttlSeconds).toBe(0);
    expect(readDecision({ isAuthorized: true, ttlOverride: 30 }, MODE, API)?.ttlSeconds).toBe(30);
    expect(readDecision({ isAuthorized: true, ttlOverride: 99_999 }, MODE, API)?.ttlSeconds).toBe(3600);
    expect(readDecision({ isAuthorized: true }, { ...MODE, authorizerResultTtlInSeconds: undefined }, API)?.ttlSeconds).toBe(0);
  });

  it('keeps short deniedFields and this API’s field ARNs, as Type.field', () => {
    const decision = readDecision(
      {
        isAuthorized: true,
        deniedFields: [
          'Query.secret',
          'arn:aws:appsync:eu-west-1:111122223333:apis/api-1/types/Order/fields/total',
          'arn:aws:appsync:eu-west-1:111122223333:apis/api-2/types/Query/fields/ping',
          'not a field',
          7,
        ],
      },
      MODE,
      API,
    );
    expect(decision?.deniedFields).toEqual(new Set(['Query.secret', 'Order.total']));
  });

  it('gives an empty resolverContext when the function returns none', () => {
    expect(readDecision({ isAuthorized: false }, MODE, API)?.identity).toEqual({ resolverContext: {} });
  });

  it('reads an answer without a boolean isAuthorized as no answer', () => {
    expect(readDecision({ isAuthorized: 'true' }, MODE, API)).toBeNull();
    expect(readDecision(null, MODE, API)).toBeNull();
    expect(readDecision([true], MODE, API)).toBeNull();
  });
});

describe('LambdaAuthorizer', () => {
  it('refuses to be built over a function the Lambda service does not have', () => {
    const lambda = { has: () => false, invoke: () => Promise.reject(new Error('not reached')) };
    expect(() => new LambdaAuthorizer(MODE, lambda, API)).toThrow('The AWS_LAMBDA auth mode names function authorizer, which the Lambda service does not have.');
  });

  describe('waiting for the function', () => {
    let lambda: LambdaService | undefined;
    afterEach(async () => {
      await lambda?.close();
      lambda = undefined;
    });
    const signed = { method: 'POST', path: '/graphql', body: '{"query":"{ ping }"}' };

    it('waits AppSync’s 10 seconds by default', () => {
      expect(AUTHORIZER_LIMIT_MS).toBe(10_000);
    });

    it('denies when the function has not answered within the limit, although its own Lambda timeout is longer', async () => {
      // The function's own timeout (30 s) never comes into it: the authorizer stops waiting first.
      lambda = authorizerService(30_000);
      const authorizer = new LambdaAuthorizer({ ...MODE, authorizerResultTtlInSeconds: 0 }, lambda, API, { limitMs: 200 });
      const verdict = await authorizer.authorize('hang-on', {}, signed, new Date());
      expect(verdict).toEqual({ ok: false, failure: { status: 401, errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
    });

    it('admits an answer that comes within the limit', async () => {
      lambda = authorizerService(30_000);
      const authorizer = new LambdaAuthorizer({ ...MODE, authorizerResultTtlInSeconds: 0 }, lambda, API, { limitMs: 5_000 });
      const verdict = await authorizer.authorize('allow-in-time', {}, signed, new Date());
      expect(verdict.ok).toBe(true);
    });
  });
});
