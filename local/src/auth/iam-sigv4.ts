import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IamCredential } from '../config';
import type { IamIdentity } from '../identity';
import {
  incompleteSignature,
  invalidSignatureScope,
  signatureMismatch,
  signatureOutsideClockSkew,
  unknownAccessKey,
  type AuthFailure,
} from './failures';

/**
 * The parts of the request that was signed, besides its headers. Over HTTP that is the POST itself;
 * over WebSocket AppSync clients sign a made-up POST: `<graphql path>/connect` with body "{}" for the
 * connection, and `<graphql path>` with the start message's `data` string for each subscription.
 */
export interface SignedRequestParts {
  method: string;
  path: string;
  /**
   * The request's query string. SigV4 signs it (the canonical query string, task 1 of the signing
   * process), so a GET signed for one `?query=` cannot be replayed with another. Pass the same
   * decoded parameters the request is executed from: what runs is then exactly what was signed.
   */
  query?: URLSearchParams | Record<string, string | string[]>;
  body: string;
}

/** Repeated parameters become arrays, which the signer sorts by value as the canonical form requires. */
function queryRecord(query: SignedRequestParts['query']): Record<string, string | string[]> {
  if (query === undefined) return {};
  if (!(query instanceof URLSearchParams)) return query;
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return record;
}

export type IamVerification = { ok: true; identity: IamIdentity } | { ok: false; failure: AuthFailure };

const SERVICE = 'appsync';
const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Every SigV4 service accepts a signature dated up to 5 minutes either side of its clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  scopeTerminator: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Verifies a SigV4-signed request the way AWS does: the credential scope, the access key, the clock
 * skew, then the signature, recomputed with the configured secret and compared in constant time.
 */
export async function verifyIamSignature(
  headers: Record<string, string>,
  request: SignedRequestParts,
  /** `service` is the signing name; AppSync's unless another local service (EventBridge: `events`) verifies. */
  mode: { credentials: readonly IamCredential[]; region: string; service?: string },
  sourceIp: string,
  now: Date,
): Promise<IamVerification> {
  const authorization = headers.authorization ?? '';
  const parsed = parseAuthorization(authorization, headers);
  if ('failure' in parsed) return { ok: false, failure: parsed.failure };
  const { auth, signingDate, amzDate } = parsed;

  const service = mode.service ?? SERVICE;
  const scopeProblem = checkScope(auth, amzDate, mode.region, service);
  if (scopeProblem) return { ok: false, failure: invalidSignatureScope(scopeProblem) };

  const credential = mode.credentials.find((candidate) => candidate.accessKeyId === auth.accessKeyId);
  // The configuration holds long-term keys only, so any session token is one we did not issue.
  if (!credential || headers['x-amz-security-token'] !== undefined) return { ok: false, failure: unknownAccessKey() };

  const skewProblem = checkSkew(signingDate, amzDate, now);
  if (skewProblem) return { ok: false, failure: signatureOutsideClockSkew(skewProblem) };

  const expected = await computeSignature(headers, request, auth, credential, mode.region, service, signingDate);
  if (expected === null || !sameHex(expected, auth.signature)) return { ok: false, failure: signatureMismatch() };

  return {
    ok: true,
    identity: {
      accountId: credential.accountId,
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: [sourceIp],
      // AppSync reports the caller's principal id here; long-term keys have none locally, and the
      // access key id is as stable and unique per caller.
      username: credential.accessKeyId,
      userArn: credential.userArn,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    },
  };
}

function parseAuthorization(
  authorization: string,
  headers: Record<string, string>,
): { auth: ParsedAuthorization; signingDate: Date; amzDate: string } | { failure: AuthFailure } {
  const params = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = params.get('Credential');
  const signedHeaders = params.get('SignedHeaders');
  const signature = params.get('Signature');
  const amzDate = headers['x-amz-date'];

  const missing: string[] = [];
  if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeaders === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDate === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (credential === undefined || signature === undefined || signedHeaders === undefined || amzDate === undefined) {
    return { failure: incompleteSignature(`${missing.join(' ')} Authorization=${authorization}`) };
  }

  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) {
    return {
      failure: incompleteSignature(
        `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      ),
    };
  }

  const [accessKeyId = '', scopeDate = '', scopeRegion = '', scopeService = '', scopeTerminator = ''] =
    credential.split('/');
  return {
    auth: {
      accessKeyId,
      scopeDate,
      scopeRegion,
      scopeService,
      scopeTerminator,
      signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
      signature,
    },
    signingDate,
    amzDate,
  };
}

function checkScope(auth: ParsedAuthorization, amzDate: string, region: string, service: string): string | null {
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    return (
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
      `'${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`
    );
  }
  if (auth.scopeRegion !== region) return `Credential should be scoped to a valid region, not '${auth.scopeRegion}'. `;
  if (auth.scopeService !== service) return `Credential should be scoped to correct service: '${service}'. `;
  if (auth.scopeTerminator !== 'aws4_request') {
    return `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.scopeTerminator}'. `;
  }
  return null;
}

function checkSkew(signingDate: Date, amzDate: string, now: Date): string | null {
  const nowText = formatAmzDate(now);
  if (signingDate.getTime() < now.getTime() - MAX_SKEW_MS) {
    const limit = formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS));
    return `Signature expired: ${amzDate} is now earlier than ${limit} (${nowText} - 5 min.)`;
  }
  if (signingDate.getTime() > now.getTime() + MAX_SKEW_MS) {
    const limit = formatAmzDate(new Date(now.getTime() + MAX_SKEW_MS));
    return `Signature not yet current: ${amzDate} is still later than ${limit} (${nowText} + 5 min.)`;
  }
  return null;
}

/** Re-signs exactly the headers the client said it signed; null when a signed header is absent. */
async function computeSignature(
  headers: Record<string, string>,
  request: SignedRequestParts,
  auth: ParsedAuthorization,
  credential: IamCredential,
  region: string,
  service: string,
  signingDate: Date,
): Promise<string | null> {
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headers[name];
    if (value === undefined) return null;
    signed[name] = value;
  }
  // The signer trusts a signed x-amz-content-sha256 as the body's hash; make sure it is.
  const claimedHash = signed['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(request.body).digest('hex')) {
    return null;
  }
  const signer = new SignatureV4({
    service,
    region,
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
    sha256: Sha256,
    applyChecksum: false,
  });
  const resigned = await signer.sign(
    new HttpRequest({
      method: request.method,
      hostname: signed.host ?? '',
      path: request.path,
      query: queryRecord(request.query),
      headers: signed,
      body: request.body,
    }),
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const header = resigned.headers.authorization ?? '';
  return /Signature=([0-9a-f]+)/.exec(header)?.[1] ?? null;
}

function sameHex(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseAmzDate(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day, hour, minute, second));
  return formatAmzDate(date) === value ? date : null;
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}
