import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * The header maps AppSync clients send, per auth mode, built the way aws-amplify v6 builds them
 * (packages/api-graphql, AWSWebSocketProvider/authHeaders.ts): the connection, each `start`, and
 * plain HTTP requests. Only IAM depends on what is signed: POST `<graphql path>/connect` with body
 * `{}` for the connection, POST `<graphql path>` with the start's `data` string for a subscription.
 */
export interface AuthMode {
  readonly name: string;
  connect(): Promise<Record<string, string>>;
  start(data: string): Promise<Record<string, string>>;
  /** Headers for a POST of `body` to the GraphQL endpoint; `host` is left to fetch. */
  http(body: string): Promise<Record<string, string>>;
}

function amzDate(now = new Date()): string {
  return now.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** `endpoint` is the GraphQL URL, e.g. http://127.0.0.1:PORT/graphql; amplify puts its host in the map. */
export function apiKeyMode(endpoint: string, apiKey: string): AuthMode {
  const host = new URL(endpoint).host;
  const headers = async () => ({ host, 'x-amz-date': amzDate(), 'x-api-key': apiKey });
  return { name: 'API_KEY', connect: headers, start: headers, http: async () => ({ 'x-api-key': apiKey }) };
}

/** amplify v6 sends the raw access token, without "Bearer". */
export function userPoolMode(endpoint: string, accessToken: string): AuthMode {
  const host = new URL(endpoint).host;
  const headers = async () => ({ Authorization: accessToken, host });
  return { name: 'AMAZON_COGNITO_USER_POOLS', connect: headers, start: headers, http: async () => ({ authorization: accessToken }) };
}

/** Headers amplify signs along with a real-time IAM request (AWS_APPSYNC_REALTIME_HEADERS). */
const REALTIME_SIGNED_HEADERS = {
  accept: 'application/json, text/javascript',
  'content-encoding': 'amz-1.0',
  'content-type': 'application/json; charset=UTF-8',
};

export function iamMode(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, region = 'local'): AuthMode {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'appsync', region, credentials, sha256: Sha256, applyChecksum: false });
  async function sign(path: string, body: string, headers: Record<string, string>): Promise<Record<string, string>> {
    const signed = await signer.sign(
      new HttpRequest({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, headers: { ...headers, host: url.host }, body }),
    );
    return signed.headers;
  }
  return {
    name: 'AWS_IAM',
    connect: () => sign(`${url.pathname}/connect`, '{}', REALTIME_SIGNED_HEADERS),
    start: (data) => sign(url.pathname, data, REALTIME_SIGNED_HEADERS),
    async http(body) {
      const headers = await sign(url.pathname, body, { 'content-type': 'application/json' });
      // fetch sends the same host itself and refuses to be told one.
      return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'host'));
    },
  };
}
