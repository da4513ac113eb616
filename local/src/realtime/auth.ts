import type { AuthRequest, AuthResult } from '../auth/authenticate';
import type { AppSyncError, AuthContext } from '../identity';

/**
 * How the real-time side asks the runtime to authenticate a header map. The runtime's
 * `authenticate` (local/src/auth/authenticate.ts) fits through `fromRuntimeAuthenticate`.
 */
export interface RealtimeAuthRequest {
  /** Lower-cased header map decoded from the handshake or from a start message. */
  headers: Record<string, string>;
  /**
   * The HTTP request an IAM (SigV4) signature covers: AppSync clients sign POST
   * `<graphql path>/connect` with body `{}` for the connection and POST `<graphql path>` with the
   * start message's `data` string for each subscription.
   */
  signed: { method: 'POST'; path: string; body: string };
  /** The peer's address, for ctx.identity.sourceIp. */
  sourceIp: string | null;
}

export type RealtimeAuthResult = { ok: true; auth: AuthContext } | { ok: false; errors: AppSyncError[] };

export type RealtimeAuthenticate = (request: RealtimeAuthRequest) => Promise<RealtimeAuthResult>;

/** Adapts the runtime's authenticate (HTTP-shaped failures) to the real-time side. */
export function fromRuntimeAuthenticate(authenticate: (request: AuthRequest) => Promise<AuthResult>): RealtimeAuthenticate {
  return async (request) => {
    const result = await authenticate({ headers: request.headers, signed: request.signed, sourceIp: request.sourceIp ?? '' });
    return result.ok ? { ok: true, auth: result.auth } : { ok: false, errors: [...result.failure.errors] };
  };
}
