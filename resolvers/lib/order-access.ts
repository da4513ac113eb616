import { util, type AppSyncIdentityCognito, type Identity } from '@aws-appsync/utils';

/**
 * Who acts on an order, from ctx.identity only. Staff are the Baristas and Managers groups. A
 * call over IAM (the expiry sweeper) is the system. The role is written into the audit trail.
 */
export type Actor = { by: string; role: 'manager' | 'barista' | 'customer' | 'system' };

export const STAFF_GROUPS = ['Baristas', 'Managers'];

function cognitoIdentity(identity: Identity): AppSyncIdentityCognito | null {
  const cognito = identity as AppSyncIdentityCognito | null;
  return cognito && cognito.sub ? cognito : null;
}

export function isStaff(identity: Identity): boolean {
  const groups = cognitoIdentity(identity)?.groups ?? [];
  return groups.some((group) => STAFF_GROUPS.includes(group));
}

/** The signed-in caller as an actor; the highest of their groups names the role. */
export function cognitoActor(identity: Identity): Actor {
  const cognito = cognitoIdentity(identity);
  if (!cognito) util.unauthorized();
  const groups = cognito.groups ?? [];
  if (groups.includes('Managers')) return { by: cognito.sub, role: 'manager' };
  if (groups.includes('Baristas')) return { by: cognito.sub, role: 'barista' };
  return { by: cognito.sub, role: 'customer' };
}

/** For fields only the back office reaches over IAM. */
export function systemActor(): Actor {
  return { by: 'system', role: 'system' };
}

/** Refuses a caller outside the staff groups (the schema's directives already do; this is the second lock). */
export function requireStaff(identity: Identity): void {
  if (!isStaff(identity)) util.unauthorized();
}

/** An order is visible to its owner and to staff; to anyone else it does not exist. */
export function canSeeOrder(identity: Identity, customerId: string): boolean {
  const cognito = cognitoIdentity(identity);
  return !!cognito && (cognito.sub === customerId || isStaff(identity));
}
