import { createUser, signIn } from '../../local/src/auth/cognito-admin';
import type { BootedApi } from '../../local/src/services/boot';
import { authContextFor, runAs } from '../../scripts/seed/manager';
import { seedMenuAs } from '../../scripts/seed/menu';
import { ensureStore } from '../../scripts/seed/store';

/**
 * What every coffee bench server seeds, through the API itself as `npm start` does: a manager,
 * the menu, an open store with limits the bench's orders fit in. Returns the Flat white's id.
 */
export async function seedCoffeeBench(booted: BootedApi, options: { cognitoEndpoint: string; password: string }): Promise<string> {
  const { userPoolId, clientId } = booted.state.pool;
  const email = `bench-manager-${Date.now().toString(36)}@brewline.test`;
  await createUser({ endpoint: options.cognitoEndpoint, userPoolId, username: email, password: options.password, groups: ['Managers'], attributes: { email } });
  const tokens = await signIn({ endpoint: options.cognitoEndpoint, clientId, username: email, password: options.password });
  const manager = await authContextFor(booted.runtime, tokens.accessToken);
  await seedMenuAs(booted.runtime, manager);
  await ensureStore(booted.runtime, manager);
  // The defaults (30 orders in the queue, 3 active per customer) would refuse the bench's orders:
  // READY orders stay active until collected, and the bench does not collect them.
  await runAs(booted.runtime, manager, 'raising the store limits', 'mutation($input: UpdateStoreSettingsInput!) { updateStoreSettings(input: $input) { capacity } }', {
    input: { capacity: 1000, customerOrderLimit: 100 },
  });
  const { menu } = await runAs<{ menu: { categories: Array<{ items: Array<{ id: string; name: string }> }> } }>(
    booted.runtime,
    manager,
    'reading the menu',
    'query { menu { categories { items { id name } } } }',
  );
  const flatWhite = menu.categories.flatMap((category) => category.items).find((item) => item.name === 'Flat white');
  if (!flatWhite) throw new Error('the seeded menu has no Flat white');
  return flatWhite.id;
}
