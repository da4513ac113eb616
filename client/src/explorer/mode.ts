import type { AuthMode } from '../shared/api';

/** The one thing the explorer stores: which identity GraphiQL uses. Tokens stay in Amplify's store. */
const MODE_KEY = 'brewline:explorer:auth-mode';

export function parseMode(value: string | null): AuthMode | null {
  return value === 'userPool' || value === 'apiKey' ? value : null;
}

export const storedMode = (): AuthMode | null => parseMode(localStorage.getItem(MODE_KEY));

export function storeMode(mode: AuthMode): void {
  localStorage.setItem(MODE_KEY, mode);
}
