import { CONNECTION_STATE_CHANGE, type ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';

/**
 * Amplify's real-time connection state, from its Hub events. `onReconnected` runs when the
 * connection comes back after a disruption, which is when a client must catch up on what it
 * missed (AppSync does not replay events).
 */
export function watchConnection(handlers: { onState(state: ConnectionState): void; onReconnected(): void }): () => void {
  let disrupted = false;
  return Hub.listen('api', ({ payload }) => {
    if (payload.event !== CONNECTION_STATE_CHANGE) return;
    const state = (payload.data as { connectionState: ConnectionState }).connectionState;
    handlers.onState(state);
    if (state === 'Connected' && disrupted) {
      disrupted = false;
      handlers.onReconnected();
    } else if (state !== 'Connected' && state !== 'Connecting') {
      disrupted = true;
    }
  });
}
