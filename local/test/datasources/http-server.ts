import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request, echoed back as JSON by most routes. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TestEndpoint {
  url: string;
  /** Requests in arrival order. */
  seen: SeenRequest[];
  /** Whom /signed checks signatures against; set once the API has booted. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

function queryOf(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of search.replace(/^\?/, '').split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=', 2);
    out[decodeURIComponent(key)] = decodeURIComponent(value);
  }
  return out;
}

/**
 * The server side of SigV4, independent of the runtime's signer: the request is signed again
 * with the same key, region, service, date and signed headers, and the two Authorization headers
 * must be identical.
 */
async function signatureIsValid(req: IncomingMessage, seen: SeenRequest, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const authorization = String(req.headers.authorization ?? '');
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return `malformed Authorization: ${authorization}`;
  const [, keyId, , region = '', service = '', signedHeaders = ''] = match;
  if (keyId !== credentials.accessKeyId) return `unknown key ${keyId}`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
  const again = await signer.sign(
    new HttpRequest({ method: seen.method, hostname: headers.host?.split(':')[0] ?? '', path: url.pathname, query: seen.query, headers, ...(seen.body !== '' && { body: seen.body }) }),
    { signingDate: date, signingRegion: region, signingService: service },
  );
  return again.headers.authorization === authorization ? 'valid' : `signature mismatch: expected ${String(again.headers.authorization)}`;
}

/** An HTTP endpoint on 127.0.0.1 for the HTTP data source to call; routes in `route` below. */
export async function startTestEndpoint(): Promise<TestEndpoint> {
  const seen: SeenRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const endpoint: TestEndpoint = { url: '', seen, close: async () => undefined };
  const route = async (req: IncomingMessage, res: ServerResponse, request: SeenRequest): Promise<void> => {
    const status = /^\/status\/(\d{3})$/.exec(request.path);
    if (status) {
      res.writeHead(Number(status[1]), { 'Content-Type': 'application/json', 'X-Reason': 'asked' });
      res.end(JSON.stringify({ message: `status ${status[1]} as asked` }));
    } else if (request.path === '/big') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('x'.repeat(Number(request.query.bytes ?? '0')));
    } else if (request.path === '/hang') {
      // Never answered: the data source's timeout must end the call.
      hanging.add(res);
    } else if (request.path.startsWith('/signed')) {
      const verdict = endpoint.credentials ? await signatureIsValid(req, request, endpoint.credentials) : 'no credentials';
      res.writeHead(verdict === 'valid' ? 200 : 403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ verdict, request }));
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Served-By': 'test-endpoint' });
      res.end(JSON.stringify(request));
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const request: SeenRequest = { method: req.method ?? '', path: url.pathname, query: queryOf(url.search), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      route(req, res, request).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return endpoint;
}

/** A loopback URL whose port was just freed, so connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
