import type { AuthContext } from '../../local/src/identity';
import type { Runtime } from '../../local/src/runtime';
import { runAs } from './manager';

export interface SeededStore {
  /** True when this call set the store up; false when it existed and was left alone. */
  created: boolean;
  open: boolean;
}

/**
 * Makes sure the store item exists, through the API as a manager. A store never set up (no
 * updatedAt) is opened, which creates it with the default settings: capacity 30, 3 active orders
 * per customer, 30 minutes to collect, 3 minutes per order. A store that exists is left as the
 * managers left it (open or closed), so a restart changes nothing.
 */
export async function ensureStore(runtime: Runtime, manager: AuthContext): Promise<SeededStore> {
  const { store } = await runAs<{ store: { open: boolean; updatedAt: string | null } }>(
    runtime,
    manager,
    'reading the store',
    'query { store { open updatedAt } }',
  );
  if (store.updatedAt !== null) return { created: false, open: store.open };
  const { openStore } = await runAs<{ openStore: { open: boolean } }>(runtime, manager, 'opening the store', 'mutation { openStore { open } }');
  return { created: true, open: openStore.open };
}
