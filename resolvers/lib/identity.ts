import { util, type AppSyncIdentityCognito, type Identity } from '@aws-appsync/utils';

/**
 * The signed-in user's id (the token's sub). Only for fields whose sole auth mode is Cognito user
 * pools, where AppSync guarantees a Cognito identity; anything else is refused.
 */
export function cognitoUserId(identity: Identity): string {
  const sub = (identity as AppSyncIdentityCognito | null)?.sub;
  if (!sub) util.unauthorized();
  return sub;
}
