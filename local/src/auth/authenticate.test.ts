import { Sha256 } from '@aws-crypto/sha256-js';
import { signRequest } from '@aws-amplify/core/internals/aws-client-utils';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { AuthModeConfig } from '../config';
import { authenticate, type AuthConfig, type AuthRequest } from './authenticate';

const NOW = new Date('2025-03-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const apiKeyMode: AuthModeConfig = {
  type: 'API_KEY',
  keys: [
    { id: 'da2-valid', expires: NOW_SECONDS + 3600 },
    { id: 'da2-expired', expires: NOW_SECONDS - 1 },
  ],
};
const iamMode: AuthModeConfig = {
  type: 'AWS_IAM',
  region: 'local',
  credentials: [
    {
      accessKeyId: 'AKIDBACKEND',
      secretAccessKey: 'backend-secret',
      userArn: 'arn:aws:iam::111122223333:user/backend',
      accountId: '111122223333',
    },
  ],
};
const cognitoMode: AuthModeConfig = {
  type: 'AMAZON_COGNITO_USER_POOLS',
  userPoolId: 'local_pool',
  issuer: 'http://127.0.0.1:1/local_pool',
  jwksUri: 'http://127.0.0.1:1/local_pool/.well-known/jwks.json',
};
const config: AuthConfig = { defaultAuth: cognitoMode, additionalAuth: [apiKeyMode, iamMode] };

const HOST = 'localhost:4000';
const BODY = JSON.stringify({ query: '{ menu { items { id } } }' });

function request(headers: Record<string, string>, overrides: Partial<AuthRequest> = {}): AuthRequest {
  return {
    headers: { host: HOST, 'content-type': 'application/json', ...headers },
    sourceIp: '10.0.0.7',
    signed: { method: 'POST', path: '/graphql', body: BODY },
    now: NOW,
    ...overrides,
  };
}

/** Signs like the AWS SDK does and returns the lower-cased header map a server would see. */
async function sdkSigned(options: {
  secretAccessKey?: string;
  accessKeyId?: string;
  signingDate?: Date;
  region?: string;
  sessionToken?: string;
  body?: string;
}): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 'appsync',
    region: options.region ?? 'local',
    sha256: Sha256,
    credentials: {
      accessKeyId: options.accessKeyId ?? 'AKIDBACKEND',
      secretAccessKey: options.secretAccessKey ?? 'backend-secret',
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: 'localhost',
      port: 4000,
      path: '/graphql',
      headers: { host: HOST, 'content-type': 'application/json' },
      body: options.body ?? BODY,
    }),
    { signingDate: options.signingDate ?? NOW },
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]));
}

describe('choosing the auth mode', () => {
  it('rejects a request without credentials as AppSync does', async () => {
    const result = await authenticate(config, request({}));
    expect(result).toEqual({
      ok: false,
      failure: {
        status: 401,
        errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }],
      },
    });
  });

  it('treats an x-api-key as no credential when the API has no API_KEY mode', async () => {
    const result = await authenticate(
      { defaultAuth: cognitoMode, additionalAuth: [] },
      request({ 'x-api-key': 'da2-valid' }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure.errors[0].message).toBe('Valid authorization header not provided.');
  });

  it('reads a SigV4 header as a JWT when the API has no AWS_IAM mode', async () => {
    const headers = await sdkSigned({});
    const result = await authenticate({ defaultAuth: cognitoMode, additionalAuth: [] }, request(headers));
    expect(!result.ok && result.failure.errors[0]).toEqual({
      errorType: 'UnauthorizedException',
      message: 'Unable to parse JWT token.',
    });
  });

  it('reports garbage in Authorization as an unparsable JWT', async () => {
    const result = await authenticate(config, request({ authorization: 'Bearer not-a-token' }));
    expect(!result.ok && result.failure.errors[0].message).toBe('Unable to parse JWT token.');
  });
});

describe('API_KEY', () => {
  it('accepts a configured key and gives a null identity', async () => {
    const result = await authenticate(config, request({ 'x-api-key': 'da2-valid' }));
    expect(result).toEqual({
      ok: true,
      auth: { mode: 'API_KEY', identity: null, headers: expect.objectContaining({ 'x-api-key': 'da2-valid' }) },
    });
  });

  it('rejects an unknown key', async () => {
    const result = await authenticate(config, request({ 'x-api-key': 'da2-unknown' }));
    expect(!result.ok && result.failure).toEqual({
      status: 401,
      errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }],
    });
  });

  it('rejects a key past its expiry with the same answer', async () => {
    const result = await authenticate(config, request({ 'x-api-key': 'da2-expired' }));
    expect(!result.ok && result.failure.errors[0].message).toBe('You are not authorized to make this call.');
  });

  it('lets the x-api-key header decide even when an Authorization header is present', async () => {
    const result = await authenticate(config, request({ 'x-api-key': 'da2-valid', authorization: 'whatever' }));
    expect(result.ok && result.auth.mode).toBe('API_KEY');
  });
});

describe('AWS_IAM', () => {
  it('accepts a request signed by the AWS SDK signer and reports the IAM identity', async () => {
    const result = await authenticate(config, request(await sdkSigned({})));
    expect(result).toEqual({
      ok: true,
      auth: {
        mode: 'AWS_IAM',
        identity: {
          accountId: '111122223333',
          cognitoIdentityPoolId: null,
          cognitoIdentityId: null,
          sourceIp: ['10.0.0.7'],
          username: 'AKIDBACKEND',
          userArn: 'arn:aws:iam::111122223333:user/backend',
          cognitoIdentityAuthType: null,
          cognitoIdentityAuthProvider: null,
        },
        headers: expect.objectContaining({ host: HOST }),
      },
    });
  });

  it('accepts the WebSocket connection header map Amplify v6 signs (POST <endpoint>/connect with body {})', async () => {
    const signed = signRequest(
      {
        headers: {
          accept: 'application/json, text/javascript',
          'content-encoding': 'amz-1.0',
          'content-type': 'application/json; charset=UTF-8',
        },
        method: 'POST',
        url: new URL(`http://${HOST}/graphql/connect`),
        body: '{}',
      },
      {
        credentials: { accessKeyId: 'AKIDBACKEND', secretAccessKey: 'backend-secret' },
        signingRegion: 'local',
        signingService: 'appsync',
        signingDate: NOW,
      },
    );
    const result = await authenticate(config, {
      headers: signed.headers,
      sourceIp: '10.0.0.7',
      signed: { method: 'POST', path: '/graphql/connect', body: '{}' },
      now: NOW,
    });
    expect(result.ok && result.auth.mode).toBe('AWS_IAM');
  });

  it('rejects a signature made with the wrong secret', async () => {
    const result = await authenticate(config, request(await sdkSigned({ secretAccessKey: 'guessed' })));
    expect(!result.ok && result.failure).toEqual({
      status: 403,
      errors: [
        {
          errorType: 'InvalidSignatureException',
          message:
            'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
            'Access Key and signing method. Consult the service documentation for details.',
        },
      ],
    });
  });

  it('rejects a body that differs from the one that was signed', async () => {
    const headers = await sdkSigned({});
    const result = await authenticate(
      config,
      request(headers, { signed: { method: 'POST', path: '/graphql', body: '{"query":"mutation { x }"}' } }),
    );
    expect(!result.ok && result.failure.errors[0].errorType).toBe('InvalidSignatureException');
  });

  it('rejects a signed header whose value was changed after signing', async () => {
    const headers = await sdkSigned({});
    const result = await authenticate(config, request({ ...headers, 'content-type': 'text/plain' }));
    expect(!result.ok && result.failure.errors[0].errorType).toBe('InvalidSignatureException');
  });

  it('rejects an access key it does not know', async () => {
    const result = await authenticate(config, request(await sdkSigned({ accessKeyId: 'AKIDSTRANGER' })));
    expect(!result.ok && result.failure).toEqual({
      status: 403,
      errors: [
        {
          errorType: 'UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        },
      ],
    });
  });

  it('rejects a session token, since only long-term keys are configured', async () => {
    const result = await authenticate(config, request(await sdkSigned({ sessionToken: 'FwoGZXIvYXdz' })));
    expect(!result.ok && result.failure.errors[0].errorType).toBe('UnrecognizedClientException');
  });

  it('rejects a signature dated more than 5 minutes in the past', async () => {
    const signingDate = new Date(NOW.getTime() - 6 * 60 * 1000);
    const result = await authenticate(config, request(await sdkSigned({ signingDate })));
    expect(!result.ok && result.failure).toEqual({
      status: 400,
      errors: [
        {
          errorType: 'BadRequestException',
          message: 'Signature expired: 20250301T115400Z is now earlier than 20250301T115500Z (20250301T120000Z - 5 min.)',
        },
      ],
    });
  });

  it('rejects a signature dated more than 5 minutes in the future', async () => {
    const signingDate = new Date(NOW.getTime() + 6 * 60 * 1000);
    const result = await authenticate(config, request(await sdkSigned({ signingDate })));
    expect(!result.ok && result.failure.errors[0].message).toBe(
      'Signature not yet current: 20250301T120600Z is still later than 20250301T120500Z (20250301T120000Z + 5 min.)',
    );
  });

  it('accepts a signature dated within the 5 minutes of skew', async () => {
    const signingDate = new Date(NOW.getTime() - 4 * 60 * 1000);
    const result = await authenticate(config, request(await sdkSigned({ signingDate })));
    expect(result.ok).toBe(true);
  });

  it('rejects a credential scoped to another region', async () => {
    const result = await authenticate(config, request(await sdkSigned({ region: 'us-east-1' })));
    expect(!result.ok && result.failure.errors[0]).toEqual({
      errorType: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'us-east-1'. ",
    });
  });

  it('rejects an Authorization header that lacks the signature parts', async () => {
    const result = await authenticate(
      config,
      request({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBACKEND/20250301/local/appsync/aws4_request' }),
    );
    expect(!result.ok && result.failure.errors[0].errorType).toBe('IncompleteSignatureException');
    expect(!result.ok && result.failure.errors[0].message).toContain(
      "Authorization header requires 'Signature' parameter.",
    );
  });
});

describe('which mode an Authorization header goes to when AWS_LAMBDA is configured', () => {
  const lambdaMode: AuthModeConfig = { type: 'AWS_LAMBDA', authorizerUri: 'authorizer' };
  const oidcMode: AuthModeConfig = { type: 'OPENID_CONNECT', issuer: 'http://127.0.0.1:1/oidc' };
  const invoked: unknown[] = [];
  const lambda = {
    has: () => true,
    async invoke(_name: string, event: unknown) {
      invoked.push(event);
      return { StatusCode: 200 as const, ExecutedVersion: '$LATEST' as const, Payload: { isAuthorized: true, resolverContext: { via: 'lambda' } } };
    },
  };
  const lambdaConfig: AuthConfig = { defaultAuth: lambdaMode, additionalAuth: [cognitoMode, oidcMode, iamMode] };
  const jwtShaped = (payload: Record<string, unknown>): string =>
    [{ alg: 'RS256' }, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';

  it('gives a token that is neither SigV4 nor a JWT to the authorizer', async () => {
    invoked.length = 0;
    const result = await authenticate(lambdaConfig, request({ authorization: 'custom-token' }), { lambda, apiId: 'api-1' });
    expect(result).toMatchObject({ ok: true, auth: { mode: 'AWS_LAMBDA', identity: { resolverContext: { via: 'lambda' } } } });
    expect(invoked).toEqual([expect.objectContaining({ authorizationToken: 'custom-token', requestContext: expect.objectContaining({ apiId: 'api-1', queryString: '{ menu { items { id } } }' }) })]);
  });

  it('keeps a JWT-shaped token (any issuer) and a SigV4 header away from the authorizer', async () => {
    invoked.length = 0;
    const forOidc = await authenticate(lambdaConfig, request({ authorization: jwtShaped({ iss: 'http://127.0.0.1:1/oidc' }) }), { lambda });
    const forNobody = await authenticate(lambdaConfig, request({ authorization: jwtShaped({ iss: 'https://elsewhere' }) }), { lambda });
    const sigv4 = await authenticate(lambdaConfig, request({ authorization: 'AWS4-HMAC-SHA256 Credential=nope' }), { lambda });
    expect([forOidc.ok, forNobody.ok, sigv4.ok]).toEqual([false, false, false]);
    expect(invoked).toEqual([]);
  });
});
