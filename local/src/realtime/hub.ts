import type { RealtimeAuthenticate } from './auth';
import { type ActiveSubscription, RealtimeConnection, type SubscriptionSink } from './connection';
import type { InvalidationRequested, MutationPublished, SubscriptionEngine } from './engine';
import { matchesFilter } from './filter';
import type { Handshake } from './handshake';
import { type RealtimeOptions, resolveRealtimeOptions } from './options';
import { RealtimeQuotas } from './quotas';
import { SubscriptionRegistry } from './registry';
import { type Timers, type Transport, globalTimers } from './transport';

export interface RealtimeHubConfig {
  engine: SubscriptionEngine;
  authenticate: RealtimeAuthenticate;
  options?: Partial<RealtimeOptions>;
  timers?: Timers;
  /**
   * Schedules fan-out after the publishing call returns, so a mutation's HTTP response never waits
   * for subscribers. Defaults to setImmediate.
   */
  defer?: (task: () => void) => void;
}

export interface RealtimeHub {
  /** Opens a session for an accepted WebSocket; the adapter feeds it frames and the close. */
  connect(transport: Transport, handshake: Handshake, sourceIp: string | null): RealtimeConnection;
  /** Live connections and subscriptions, for diagnostics and tests. */
  stats(): { connections: number; subscriptions: number };
  /** Keys holding per-address and per-identity slots: all zero once every client has gone. */
  quotaStats(): ReturnType<RealtimeQuotas['stats']>;
  /** Stops listening to the engine and closes every connection (1001). */
  dispose(): void;
}

/**
 * The server-wide half of the real-time side: one registry of subscriptions across connections,
 * fed by the engine's publications. Deliveries are rendered per subscriber (its selection set)
 * and dropped when over the payload limit, as AppSync drops them (aws-appsync-community#33).
 */
export function createRealtimeHub(config: RealtimeHubConfig): RealtimeHub {
  const options = resolveRealtimeOptions(config.options);
  const timers = config.timers ?? globalTimers;
  const defer = config.defer ?? ((task: () => void) => void setImmediate(task));
  const registry = new SubscriptionRegistry<ActiveSubscription>();
  const connections = new Set<RealtimeConnection>();
  const quotas = new RealtimeQuotas(options);
  let disposed = false;

  const sink: SubscriptionSink = {
    register: (subscription) => registry.add(subscription),
    unregister: (subscription) => registry.remove(subscription),
  };

  function deliver(event: MutationPublished): void {
    for (const subscription of registry.candidates(event.mutationField, event.payload)) {
      const { plan, connection } = subscription;
      if (connection.closed) continue;
      if (plan.filter && !matchesFilter(plan.filter, event.payload)) continue;
      let payloadJson: string;
      try {
        const rendered = config.engine.renderPayload(plan, event.payload);
        payloadJson = JSON.stringify(rendered.errors?.length ? { data: rendered.data, errors: rendered.errors } : { data: rendered.data });
      } catch (error) {
        options.onDiagnostic({ kind: 'render-failed', subscriptionField: plan.fieldName, error });
        continue;
      }
      const bytes = Buffer.byteLength(payloadJson);
      if (bytes > options.maxPayloadBytes) {
        options.onDiagnostic({
          kind: 'payload-too-large',
          subscriptionField: plan.fieldName,
          mutationField: event.mutationField,
          bytes,
          limit: options.maxPayloadBytes,
        });
        continue;
      }
      connection.deliver(subscription, `{"id":${JSON.stringify(subscription.id)},"type":"data","payload":${payloadJson}}`);
    }
  }

  function invalidate(event: InvalidationRequested): void {
    for (const subscription of registry.invalidationCandidates(event.subscriptionField)) {
      const filter = subscription.plan.invalidationFilter;
      if (filter && matchesFilter(filter, event.payload)) subscription.connection.invalidate(subscription);
    }
  }

  const stopMutations = config.engine.onMutation((event) => {
    defer(() => {
      if (!disposed) deliver(event);
    });
  });
  const stopInvalidations = config.engine.onInvalidation((event) => {
    defer(() => {
      if (!disposed) invalidate(event);
    });
  });

  return {
    connect(transport, handshake, sourceIp) {
      const connection: RealtimeConnection = new RealtimeConnection({
        transport,
        timers,
        engine: config.engine,
        authenticate: config.authenticate,
        sink,
        handshake,
        sourceIp,
        options,
        quotas,
        onClosed: () => connections.delete(connection),
      });
      if (disposed) connection.shutdown();
      else connections.add(connection);
      return connection;
    },
    stats() {
      return { connections: connections.size, subscriptions: registry.size };
    },
    quotaStats: () => quotas.stats(),
    dispose() {
      if (disposed) return;
      disposed = true;
      stopMutations();
      stopInvalidations();
      for (const connection of [...connections]) connection.shutdown();
    },
  };
}
