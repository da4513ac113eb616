import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutgoingRequest } from './request';

/** What ctx.result holds after a call that got an answer, whatever its status. */
export interface HttpResult {
  statusCode: number;
  /** As the server spelled them; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** The body decoded as UTF-8; empty when the server sent none. */
  body: string;
}

export type CallFailure =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'unreachable'; code: string; message: string }
  | { kind: 'too-large'; limitBytes: number };

export class HttpCallError extends Error {
  override name = 'HttpCallError';
  constructor(readonly failure: CallFailure) {
    super(failure.kind);
  }
}

export interface TransportOptions {
  timeoutMs: number;
  maxResponseBytes: number;
}

function headerMap(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const value = raw[i + 1] ?? '';
    // Case-insensitive merge keeps the first spelling, as one map entry per header.
    const existing = Object.keys(out).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing === undefined) out[name] = value;
    else out[existing] = `${out[existing]}, ${value}`;
  }
  return out;
}

/**
 * One real HTTP(S) call. The timer covers the whole exchange (connect, send, answer, body), the way
 * a resolver's time budget does; it is always cleared, and the socket is destroyed on every failure.
 */
export function send(outgoing: OutgoingRequest, options: TransportOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const requester = outgoing.url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (outcome: { ok: HttpResult } | { failure: CallFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('ok' in outcome) resolve(outcome.ok);
      else {
        req.destroy();
        reject(new HttpCallError(outcome.failure));
      }
    };
    const headers: Record<string, string> = { ...outgoing.headers };
    if (outgoing.body !== undefined) headers['content-length'] = String(Buffer.byteLength(outgoing.body, 'utf8'));
    const req = requester(outgoing.url, { method: outgoing.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) finish({ failure: { kind: 'too-large', limitBytes: options.maxResponseBytes } });
        else chunks.push(chunk);
      });
      response.on('end', () => finish({ ok: { statusCode: response.statusCode ?? 0, headers: headerMap(response), body: Buffer.concat(chunks).toString('utf8') } }));
      response.on('error', (error: NodeJS.ErrnoException) => finish({ failure: { kind: 'unreachable', code: error.code ?? 'ECONNRESET', message: error.message } }));
    });
    const timer = setTimeout(() => finish({ failure: { kind: 'timeout', timeoutMs: options.timeoutMs } }), options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ failure: { kind: 'unreachable', code: error.code ?? 'ERROR', message: error.message } }));
    req.end(outgoing.body);
  });
}
