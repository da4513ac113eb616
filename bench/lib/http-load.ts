/**
 * A closed-loop HTTP load generator: `concurrency` keep-alive connections, each sending the next
 * request as soon as the previous answer is read, for a bounded time and request count.
 *
 * Not autocannon: its percentiles are whole milliseconds (hdr-histogram of integer ms), and on
 * loopback most of these requests take well under one, so p50 would read 0 or 1 for every server.
 * Here every latency is kept at microsecond resolution and percentiles are exact.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { Samples, summarize, type LatencySummary } from './stats';

export interface HttpTarget {
  url: string;
  headers?: Record<string, string>;
  /** Trusted CA for https URLs. */
  ca?: string | null;
}

export interface HttpLoadOptions extends HttpTarget {
  body: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Hard cap on measured requests, whatever the duration. */
  maxRequests: number;
  /** Throws (failing the run) when a response is not what the scenario expects. */
  check(status: number, body: string): void;
}

export interface HttpLoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
}

export interface HttpClient {
  post(body: string): Promise<{ status: number; body: string }>;
  close(): void;
}

/** A keep-alive client for one URL, with at most `sockets` connections. */
export function httpClient(target: HttpTarget, sockets = 1): HttpClient {
  const url = new URL(target.url);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: sockets, ...(target.ca ? { ca: target.ca } : {}) })
    : new HttpAgent({ keepAlive: true, maxSockets: sockets });
  const send = secure ? httpsRequest : httpRequest;
  return {
    post(body) {
      return new Promise((resolve, reject) => {
        const req = send(
          url,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers },
          },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const client = httpClient(options, options.concurrency);
  try {
    const phase = async (durationMs: number, maxRequests: number, samples: Samples | null): Promise<number> => {
      const deadline = performance.now() + durationMs;
      let sent = 0;
      const worker = async (): Promise<void> => {
        while (sent < maxRequests && performance.now() < deadline) {
          sent += 1;
          const started = performance.now();
          const { status, body } = await client.post(options.body);
          const elapsed = performance.now() - started;
          options.check(status, body);
          samples?.push(elapsed);
        }
      };
      const began = performance.now();
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      return (performance.now() - began) / 1000;
    };
    await phase(options.warmupMs, options.maxRequests, null);
    const samples = new Samples();
    const seconds = await phase(options.durationMs, options.maxRequests, samples);
    return { requests: samples.length, seconds, requestsPerSecond: samples.length / seconds, latencyMs: summarize(samples.values()) };
  } finally {
    client.close();
  }
}

/** The usual check: HTTP 200 and a GraphQL answer without errors. */
export function expectGraphqlData(status: number, body: string): void {
  if (status !== 200 || body.includes('"errors"')) throw new Error(`unexpected response ${status}: ${body.slice(0, 500)}`);
}
