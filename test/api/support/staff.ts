import { authContextFor } from '../../../scripts/seed/manager';
import type { AuthContext } from '../../../local/src/identity';
import type { TestApi } from '../../../local/test/support/local-api';

export type StaffRole = 'manager' | 'barista' | 'customer';

const GROUPS: Record<StaffRole, string> = { manager: 'Managers', barista: 'Baristas', customer: 'Customers' };

/**
 * One signed-in user per role, with emails under `domain`, and the manager's in-process auth
 * context for seeding through the API.
 */
export async function signInEachRole(api: TestApi, domain: string): Promise<{ tokens: Record<StaffRole, string>; managerAuth: AuthContext }> {
  const tokens = {} as Record<StaffRole, string>;
  for (const role of Object.keys(GROUPS) as StaffRole[]) {
    await api.createUser(`${role}@${domain}`, [GROUPS[role]]);
    tokens[role] = (await api.signIn(`${role}@${domain}`)).accessToken;
  }
  return { tokens, managerAuth: await authContextFor(api.runtime, tokens.manager) };
}
