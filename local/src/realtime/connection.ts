import type { AppSyncError } from '../identity';
import type { RealtimeAuthenticate } from './auth';
import type { SubscriptionEngine, SubscriptionPlan } from './engine';
import { validateFilterSpec } from './filter';
import type { Handshake } from './handshake';
import type { RealtimeOptions } from './options';
import { quotaIdentity, type RealtimeQuotas } from './quotas';
import {
  CloseCode,
  MessageType,
  type ParseResult,
  type ProtocolError,
  type ServerMessage,
  type StartMessage,
  badRequestError,
  duplicatedOperationError,
  maxSubscriptionsReachedError,
  parseClientMessage,
  parseStartData,
  serialize,
  subprotocolNotSupportedError,
  unauthorizedConnectionError,
} from './protocol';
import type { Timers, TimerHandle, Transport } from './transport';
import { CHUNK_5KB, Usage, chunks, usage } from '../metering/index';

/** A started subscription, as the hub indexes it. */
export interface ActiveSubscription {
  readonly id: string;
  readonly plan: SubscriptionPlan;
  readonly connection: RealtimeConnection;
  /** Whose per-identity subscription slot it holds (quotaIdentity of its start's auth). */
  readonly identity: string;
}

/** Where a connection puts its subscriptions so that publications find them. */
export interface SubscriptionSink {
  register(subscription: ActiveSubscription): void;
  unregister(subscription: ActiveSubscription): void;
}

export interface ConnectionDeps {
  transport: Transport;
  timers: Timers;
  engine: Pick<SubscriptionEngine, 'prepareSubscription'>;
  authenticate: RealtimeAuthenticate;
  sink: SubscriptionSink;
  handshake: Handshake;
  sourceIp: string | null;
  options: RealtimeOptions;
  /** Server-wide per-address and per-identity caps, shared by every connection of the hub. */
  quotas: RealtimeQuotas;
  /** Called once, when the connection is over for any reason. */
  onClosed?: () => void;
}

type Admission = { ok: true } | { ok: false; errors: ProtocolError[] };

function toProtocolErrors(errors: readonly AppSyncError[]): ProtocolError[] {
  return errors.map((error) => {
    const entry: ProtocolError = {};
    for (const [key, value] of Object.entries(error)) {
      if (value !== undefined) entry[key] = value;
    }
    return entry;
  });
}

/**
 * One client's AppSync real-time session, independent of any socket library: it reads frames,
 * writes frames through `Transport`, and owns every timer it starts (all cleared on close).
 *
 * Auth happens at the upgrade (the handshake's header map); AppSync's answer to bad credentials,
 * connection_error, is sent in reply to the client's first frame (amplify v6 installs its handler
 * just before sending connection_init, so an unsolicited frame could be missed).
 */
export class RealtimeConnection {
  private readonly deps: ConnectionDeps;
  private readonly admission: Promise<Admission>;
  private readonly active = new Map<string, ActiveSubscription>();
  private readonly pending = new Map<string, { cancelled: boolean }>();
  private initTimer: TimerHandle | null = null;
  private keepAliveTimer: TimerHandle | null = null;
  private isClosed = false;
  /** Whether this connection holds a slot of its address's cap. */
  private holdsAddress = false;
  /** The identity whose connection slot this connection holds, once admitted. */
  private heldIdentity: string | null = null;
  /** Ends this connection's account of connection-minutes (AppSync bills them). */
  private closeUsage: (() => void) | null = null;

  constructor(deps: ConnectionDeps) {
    this.deps = deps;
    const overAddressCap = deps.quotas.openFromAddress(deps.sourceIp);
    if (overAddressCap !== null) {
      // Refused before any auth work or timer: an address over its cap gets no resources at all,
      // only the typed reason and the close (amplify v6 retries a closed connection with backoff).
      this.admission = Promise.resolve({ ok: false, errors: [overAddressCap] });
      // After the constructor returns, so the hub has the object it is told about when it closes.
      queueMicrotask(() => {
        if (!this.isClosed) this.reject([overAddressCap]);
      });
      return;
    }
    this.holdsAddress = true;
    this.closeUsage = usage.connectionOpened();
    this.admission = this.admit();
    this.initTimer = deps.timers.setTimeout(() => this.onInitTimeout(), deps.options.initTimeoutMs);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** A frame from the client. Binary frames are not part of the protocol. */
  receive(data: string, isBinary = false): void {
    if (this.isClosed) return;
    const parsed: ParseResult = isBinary
      ? { ok: false, error: badRequestError('Binary frames are not supported; send JSON text frames') }
      : parseClientMessage(data);
    // Every frame waits for the same settled promise, so frames are handled in arrival order.
    void this.admission.then((admission) => {
      if (this.isClosed) return;
      if (!parsed.ok) {
        this.send({ ...(parsed.id === undefined ? {} : { id: parsed.id }), type: MessageType.Error, payload: { errors: [parsed.error] } });
        return;
      }
      const message = parsed.message;
      if (message.type === MessageType.Stop) {
        this.stop(message.id);
        return;
      }
      if (!admission.ok) {
        this.reject(admission.errors);
        return;
      }
      this.clearInitTimer();
      this.startKeepAlive();
      if (message.type === MessageType.ConnectionInit) {
        this.send({ type: MessageType.ConnectionAck, payload: { connectionTimeoutMs: this.deps.options.connectionTimeoutMs } });
        this.send({ type: MessageType.KeepAlive });
        return;
      }
      void this.start(message);
    });
  }

  /** A delivery from the hub; dropped if the subscription stopped meanwhile. */
  deliver(subscription: ActiveSubscription, text: string): void {
    if (this.isClosed || this.active.get(subscription.id) !== subscription) return;
    // AppSync bills each data message delivered, in 5 KB increments; acks and keep-alives are free.
    usage.add(Usage.appsyncRealtimeMessages);
    usage.add(Usage.appsyncRealtimeUnits, chunks(text.length, CHUNK_5KB));
    this.sendText(text);
  }

  /** AppSync ends an invalidated subscription with "complete" and keeps the connection. */
  invalidate(subscription: ActiveSubscription): void {
    if (this.isClosed || this.active.get(subscription.id) !== subscription) return;
    this.removeActive(subscription);
    this.send({ id: subscription.id, type: MessageType.Complete });
  }

  /** The server closes the connection (shutdown). */
  shutdown(code: number = CloseCode.GoingAway, reason = 'Server shutting down'): void {
    if (this.isClosed) return;
    this.deps.transport.close(code, reason);
    this.transportClosed();
  }

  /** The socket is gone: release timers and subscriptions. Idempotent. */
  transportClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clearInitTimer();
    if (this.keepAliveTimer !== null) {
      this.deps.timers.clearInterval(this.keepAliveTimer);
      this.keepAliveTimer = null;
    }
    for (const subscription of this.active.values()) {
      this.deps.sink.unregister(subscription);
      this.deps.quotas.unsubscribe(subscription.identity);
    }
    this.active.clear();
    if (this.heldIdentity !== null) this.deps.quotas.closeForIdentity(this.heldIdentity);
    this.heldIdentity = null;
    if (this.holdsAddress) this.deps.quotas.closeFromAddress(this.deps.sourceIp);
    this.holdsAddress = false;
    this.closeUsage?.();
    this.closeUsage = null;
    for (const state of this.pending.values()) state.cancelled = true;
    this.pending.clear();
    this.deps.onClosed?.();
  }

  // ---- internals ------------------------------------------------------------------------------

  private async admit(): Promise<Admission> {
    const { handshake } = this.deps;
    if (!handshake.subprotocolOffered) return { ok: false, errors: [subprotocolNotSupportedError()] };
    if (handshake.malformed !== undefined) return { ok: false, errors: [unauthorizedConnectionError()] };
    try {
      const result = await this.deps.authenticate({
        headers: handshake.headers,
        signed: { method: 'POST', path: `${handshake.graphqlPath.replace(/\/$/, '')}/connect`, body: '{}' },
        sourceIp: this.deps.sourceIp,
      });
      if (result.ok) {
        // A socket that closed while its credentials were checked must not take a slot it never frees.
        if (this.isClosed) return { ok: false, errors: [unauthorizedConnectionError()] };
        const identity = quotaIdentity(result.auth, this.deps.sourceIp);
        const overIdentityCap = this.deps.quotas.openForIdentity(identity);
        if (overIdentityCap !== null) return { ok: false, errors: [overIdentityCap] };
        this.heldIdentity = identity;
        return { ok: true };
      }
      return { ok: false, errors: [unauthorizedConnectionError(result.errors[0]?.message ?? undefined)] };
    } catch (error) {
      this.deps.options.onDiagnostic({ kind: 'auth-failed', error });
      return { ok: false, errors: [unauthorizedConnectionError()] };
    }
  }

  private reject(errors: ProtocolError[]): void {
    this.send({ type: MessageType.ConnectionError, payload: { errors } });
    const code = errors.some((error) => error.errorType === 'LimitExceededError')
      ? CloseCode.LimitExceeded
      : errors.some((error) => error.errorCode === 400)
        ? CloseCode.BadRequest
        : CloseCode.Unauthorized;
    this.shutdown(code, 'connection_error');
  }

  private onInitTimeout(): void {
    this.initTimer = null;
    if (this.isClosed) return;
    void this.admission.then((admission) => {
      if (this.isClosed) return;
      if (!admission.ok) this.reject(admission.errors);
      else this.shutdown(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    });
  }

  private clearInitTimer(): void {
    if (this.initTimer !== null) {
      this.deps.timers.clearTimeout(this.initTimer);
      this.initTimer = null;
    }
  }

  private startKeepAlive(): void {
    if (this.keepAliveTimer !== null) return;
    this.keepAliveTimer = this.deps.timers.setInterval(
      () => this.send({ type: MessageType.KeepAlive }),
      this.deps.options.keepAliveIntervalMs,
    );
  }

  private stop(id: string): void {
    const pending = this.pending.get(id);
    if (pending) {
      // Answered with "complete" once the start settles, so the client sees one reply.
      pending.cancelled = true;
      return;
    }
    const subscription = this.active.get(id);
    if (subscription) this.removeActive(subscription);
    this.send({ id, type: MessageType.Complete });
  }

  private removeActive(subscription: ActiveSubscription): void {
    this.active.delete(subscription.id);
    this.deps.sink.unregister(subscription);
    this.deps.quotas.unsubscribe(subscription.identity);
  }

  private startError(id: string, errors: ProtocolError[]): void {
    this.send({ id, type: MessageType.Error, payload: { errors } });
  }

  private async start(message: StartMessage): Promise<void> {
    const { id } = message;
    if (this.active.has(id) || this.pending.has(id)) {
      this.startError(id, [duplicatedOperationError(id)]);
      return;
    }
    if (this.active.size + this.pending.size >= this.deps.options.maxSubscriptionsPerConnection) {
      this.startError(id, [maxSubscriptionsReachedError()]);
      return;
    }
    const state = { cancelled: false };
    this.pending.set(id, state);
    let outcome: { plan: SubscriptionPlan; identity: string } | { errors: ProtocolError[] };
    try {
      outcome = await this.prepare(message);
    } catch (error) {
      this.deps.options.onDiagnostic({ kind: 'start-failed', error });
      outcome = { errors: [{ errorType: 'InternalFailureException', message: 'An internal failure occurred while starting the subscription' }] };
    }
    if (this.isClosed || state.cancelled) {
      if ('plan' in outcome) this.deps.quotas.unsubscribe(outcome.identity);
      if (this.isClosed) return;
      this.pending.delete(id);
      this.send({ id, type: MessageType.Complete });
      return;
    }
    this.pending.delete(id);
    if ('errors' in outcome) {
      this.startError(id, outcome.errors);
      return;
    }
    const subscription: ActiveSubscription = { id, plan: outcome.plan, connection: this, identity: outcome.identity };
    this.active.set(id, subscription);
    this.deps.sink.register(subscription);
    this.send({ id, type: MessageType.StartAck });
  }

  private async prepare(message: StartMessage): Promise<{ plan: SubscriptionPlan; identity: string } | { errors: ProtocolError[] }> {
    const data = parseStartData(message.data);
    if (!data.ok) return { errors: [data.error] };
    // A connection may carry subscriptions of different auth modes: each start is authorized on its own.
    const authResult = await this.deps.authenticate({
      headers: message.authorization,
      signed: { method: 'POST', path: this.deps.handshake.graphqlPath, body: message.data },
      sourceIp: this.deps.sourceIp,
    });
    if (!authResult.ok) return { errors: toProtocolErrors(authResult.errors) };
    // The slot is taken before the engine runs the subscription resolver, so a burst of starts
    // cannot overshoot the cap while their resolvers are in flight.
    const identity = quotaIdentity(authResult.auth, this.deps.sourceIp);
    const overCap = this.deps.quotas.subscribe(identity);
    if (overCap !== null) return { errors: [overCap] };
    let errors: ProtocolError[];
    try {
      const prepared = await this.deps.engine.prepareSubscription(data.request, authResult.auth);
      if (prepared.ok) {
        errors = [
          ...(prepared.plan.filter ? validateFilterSpec(prepared.plan.filter) : []),
          ...(prepared.plan.invalidationFilter ? validateFilterSpec(prepared.plan.invalidationFilter) : []),
        ];
        if (errors.length === 0) return { plan: prepared.plan, identity };
      } else {
        errors = toProtocolErrors(prepared.errors);
      }
    } catch (error) {
      this.deps.quotas.unsubscribe(identity);
      throw error;
    }
    this.deps.quotas.unsubscribe(identity);
    return { errors };
  }

  private send(message: ServerMessage): void {
    this.sendText(serialize(message));
  }

  /**
   * Slow-consumer policy: a client that lets more than maxBufferedBytes pile up is closed with
   * 1013 (Try Again Later) rather than buffered without bound; amplify v6 reconnects and
   * re-subscribes on any close. AppSync does not replay missed messages, and neither do we.
   */
  private sendText(text: string): void {
    if (this.isClosed) return;
    const buffered = this.deps.transport.bufferedAmount();
    const limit = this.deps.options.maxBufferedBytes;
    if (buffered + Buffer.byteLength(text) > limit) {
      this.deps.options.onDiagnostic({ kind: 'slow-consumer', bufferedBytes: buffered, limit });
      this.shutdown(CloseCode.TryAgainLater, 'Slow consumer: send buffer full');
      return;
    }
    this.deps.transport.send(text);
  }
}
