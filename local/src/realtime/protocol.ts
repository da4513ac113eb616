/**
 * AppSync's real-time WebSocket protocol (subprotocol `graphql-ws`, AppSync dialect): message
 * types, close codes, limits, the server's error payloads and a validator for client frames.
 *
 * Shapes follow the AppSync developer guide ("Building a real-time WebSocket client") and what
 * aws-amplify v6 sends and expects (packages/api-graphql, AWSWebSocketProvider and
 * AWSAppSyncRealTimeProvider). Texts observed from the live service are quoted in
 * local/docs/realtime.md with their sources.
 */

export const SUBPROTOCOL = 'graphql-ws';

export const MessageType = {
  ConnectionInit: 'connection_init',
  ConnectionAck: 'connection_ack',
  ConnectionError: 'connection_error',
  KeepAlive: 'ka',
  Start: 'start',
  StartAck: 'start_ack',
  Data: 'data',
  Error: 'error',
  Stop: 'stop',
  Complete: 'complete',
} as const;

/**
 * WebSocket close codes the server uses. AppSync does not document its own; these follow RFC 6455
 * and the 4xxx range graphql-ws uses, so a client sees why it was closed.
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  /** The send buffer overflowed: the client should reconnect (amplify v6 does on any close). */
  TryAgainLater: 1013,
  /** connection_error was sent for a failed handshake (bad credentials or subprotocol). */
  Unauthorized: 4401,
  BadRequest: 4400,
  /** A per-client cap was reached (4429 as in graphql-ws's "too many requests"; AppSync documents none). */
  LimitExceeded: 4429,
  /** Neither connection_init nor start arrived in time. */
  ConnectionInitialisationTimeout: 4408,
} as const;

export const Limits = {
  /** AppSync service quota: subscriptions per WebSocket connection. */
  subscriptionsPerConnection: 100,
  /** AppSync service quota: subscription message payload, 240 KB. */
  payloadBytes: 240 * 1024,
  /** What connection_ack promises: the longest gap between two "ka" messages. */
  connectionTimeoutMs: 300_000,
} as const;

/** One entry of `payload.errors` in error and connection_error frames. */
export interface ProtocolError {
  errorType?: string;
  message?: string;
  errorCode?: number;
  [key: string]: unknown;
}

export type ServerMessage =
  | { type: typeof MessageType.ConnectionAck; payload: { connectionTimeoutMs: number } }
  | { type: typeof MessageType.ConnectionError; payload: { errors: ProtocolError[] } }
  | { type: typeof MessageType.KeepAlive }
  | { id: string; type: typeof MessageType.StartAck }
  | { id: string; type: typeof MessageType.Data; payload: { data: unknown; errors?: unknown[] } }
  | { id?: string; type: typeof MessageType.Error; payload: { errors: ProtocolError[] } }
  | { id: string; type: typeof MessageType.Complete };

export interface StartMessage {
  type: typeof MessageType.Start;
  id: string;
  /** The JSON string of {query, variables, operationName}: IAM signs exactly this text. */
  data: string;
  /** Auth headers of this subscription (payload.extensions.authorization). */
  authorization: Record<string, string>;
}

export type ClientMessage =
  | { type: typeof MessageType.ConnectionInit }
  | StartMessage
  | { type: typeof MessageType.Stop; id: string };

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; id?: string; error: ProtocolError };

export function serialize(message: ServerMessage): string {
  return JSON.stringify(message);
}

// ---- error payloads -------------------------------------------------------------------------

/** Observed from AppSync when a connection's credentials are rejected. */
export function unauthorizedConnectionError(message = 'You are not authorized to make this call.'): ProtocolError {
  return { errorType: 'UnauthorizedException', message, errorCode: 401 };
}

/** Observed from AppSync when the client did not offer the `graphql-ws` subprotocol. */
export function subprotocolNotSupportedError(): ProtocolError {
  return { message: 'SubProtocolNotSupportedError', errorCode: 400 };
}

/** Observed from AppSync for the 101st subscription on one connection (amplify-swift notes it). */
export function maxSubscriptionsReachedError(): ProtocolError {
  return {
    errorType: 'MaxSubscriptionsReachedError',
    message: `Max number of ${Limits.subscriptionsPerConnection} subscriptions reached`,
  };
}

/** AppSync's errorType for a start whose id is already in use; the message text is ours. */
export function duplicatedOperationError(id: string): ProtocolError {
  return { errorType: 'DuplicatedOperationError', message: `Duplicated operation with id ${id}` };
}

/**
 * AppSync's answer to a start carrying a query or mutation ("query not supported through the
 * realtime channel"); exported for the GraphQL side, which knows the operation type.
 */
export function unsupportedOperationError(operation: string): ProtocolError {
  return { errorType: 'UnsupportedOperation', message: `${operation} not supported through the realtime channel` };
}

/** A frame we cannot act on. AppSync documents no text for this; ours says what is wrong. */
export function badRequestError(message: string): ProtocolError {
  return { errorType: 'BadRequestException', message, errorCode: 400 };
}

// ---- validation -----------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerMap(value: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw === 'string') headers[key.toLowerCase()] = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean') headers[key.toLowerCase()] = String(raw);
  }
  return headers;
}

/**
 * Validates one client frame. Never throws: a bad frame becomes a descriptive error that the
 * connection reports while staying open.
 */
export function parseClientMessage(text: string): ParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's own text (positions, excerpts of the input) is not part of the answer.
    return { ok: false, error: badRequestError('Message is not valid JSON') };
  }
  if (!isRecord(parsed)) return { ok: false, error: badRequestError('Message must be a JSON object') };
  const id = typeof parsed.id === 'string' ? parsed.id : undefined;
  const type = parsed.type;
  if (typeof type !== 'string') {
    return { ok: false, ...(id === undefined ? {} : { id }), error: badRequestError('Message has no string "type"') };
  }
  switch (type) {
    case MessageType.ConnectionInit:
      return { ok: true, message: { type } };
    case MessageType.Stop:
      if (id === undefined || id === '') return { ok: false, error: badRequestError('"stop" requires a non-empty string "id"') };
      return { ok: true, message: { type, id } };
    case MessageType.Start:
      return parseStart(parsed, id);
    default:
      return { ok: false, ...(id === undefined ? {} : { id }), error: unsupportedOperationError(type) };
  }
}

function parseStart(parsed: Record<string, unknown>, id: string | undefined): ParseResult {
  if (id === undefined || id === '') return { ok: false, error: badRequestError('"start" requires a non-empty string "id"') };
  const payload = parsed.payload;
  if (!isRecord(payload)) return { ok: false, id, error: badRequestError('"start" requires an object "payload"') };
  if (typeof payload.data !== 'string') {
    return { ok: false, id, error: badRequestError('"start" requires "payload.data", the JSON string of {query, variables}') };
  }
  const extensions = payload.extensions;
  const authorization = isRecord(extensions) && isRecord(extensions.authorization) ? extensions.authorization : {};
  return {
    ok: true,
    message: { type: MessageType.Start, id, data: payload.data, authorization: headerMap(authorization) },
  };
}

/** Parses a start message's `data` string into a GraphQL request. */
export function parseStartData(
  data: string,
): { ok: true; request: { query: string; variables: Record<string, unknown> | null; operationName: string | null } } | { ok: false; error: ProtocolError } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, error: badRequestError('"payload.data" is not valid JSON') };
  }
  if (!isRecord(parsed) || typeof parsed.query !== 'string') {
    return { ok: false, error: badRequestError('"payload.data" must be a JSON object with a string "query"') };
  }
  const variables = parsed.variables;
  if (variables !== undefined && variables !== null && !isRecord(variables)) {
    return { ok: false, error: badRequestError('"variables" must be an object') };
  }
  const operationName = typeof parsed.operationName === 'string' ? parsed.operationName : null;
  return { ok: true, request: { query: parsed.query, variables: variables ?? null, operationName } };
}
