import { readFileSync } from 'node:fs';
import { signIn } from '../../local/src/auth/cognito-admin';
import type { Runtime } from '../../local/src/runtime';
import { demoUsers } from './users';

interface SeedItem {
  name: string;
  description: string;
  category: string;
  price: number;
  available: boolean;
}

const MENU: SeedItem[] = JSON.parse(readFileSync(new URL('./menu.json', import.meta.url), 'utf8')) as SeedItem[];

/**
 * Puts the seed menu through the API itself, signed in as the demo manager, so seeding takes the
 * same path (auth, resolvers, conditions) as a manager's edit. Items are matched by name, so a
 * restart adds only what is missing and never overwrites a manager's edits.
 */
export async function seedMenu(options: { runtime: Runtime; cognitoEndpoint: string; clientId: string }): Promise<{ total: number; created: number }> {
  const manager = demoUsers.find((u) => u.groups.includes('Managers'));
  if (!manager) throw new Error('The demo users include no manager to seed the menu with.');
  const tokens = await signIn({ endpoint: options.cognitoEndpoint, clientId: options.clientId, username: manager.email, password: manager.password });
  const authed = await options.runtime.authenticate({
    headers: { authorization: tokens.accessToken },
    sourceIp: '127.0.0.1',
    signed: { method: 'POST', path: '/graphql', body: '' },
  });
  if (!authed.ok) throw new Error(`Seeding could not authenticate the demo manager: ${authed.failure.errors[0].message}`);
  const names = new Set<string>();
  let nextToken: string | null = null;
  do {
    const page = await options.runtime.execute(
      { query: 'query($next: String) { menu(limit: 100, nextToken: $next) { items { name } nextToken } }', variables: { next: nextToken } },
      authed.auth,
    );
    if (page.errors?.length) throw new Error(`Seeding failed reading the menu: ${page.errors[0]?.message}`);
    const menu = (page.data as { menu: { items: Array<{ name: string }>; nextToken: string | null } }).menu;
    for (const item of menu.items) names.add(item.name);
    nextToken = menu.nextToken;
  } while (nextToken);
  let created = 0;
  for (const item of MENU) {
    if (names.has(item.name)) continue;
    const put = await options.runtime.execute(
      { query: 'mutation($input: PutMenuItemInput!) { putMenuItem(input: $input) { id } }', variables: { input: item } },
      authed.auth,
    );
    if (put.errors?.length) throw new Error(`Seeding failed writing ${item.name}: ${put.errors[0]?.message}`);
    created += 1;
  }
  return { total: MENU.length, created };
}
