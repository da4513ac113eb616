import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createUser } from '../auth/cognito-admin';
import type { ApiDefinition } from '../project/definitions';
import { toCreateTableInput, toUpdateTimeToLiveInput } from '../project/tables';
import { toCreateGroupInputs, toCreateUserPoolClientInput, toCreateUserPoolInput } from '../project/user-pool';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'local';

/** Physical table name for a logical one, as the local system names it. */
export function localTableName(definition: ApiDefinition, logical: string): string {
  return `${definition.name}-${logical}`;
}

/**
 * Creates every table of the definition that DynamoDB Local lacks, from the same definitions
 * the CDK stack deploys. Existing tables are kept with their data: `npm start` is re-runnable.
 */
export async function ensureTables(definition: ApiDefinition, endpoint: string): Promise<Record<string, string>> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const names: Record<string, string> = {};
  try {
    for (const [logical, table] of Object.entries(definition.tables)) {
      const physical = localTableName(definition, logical);
      names[logical] = physical;
      try {
        await client.send(new DescribeTableCommand({ TableName: physical }));
        continue;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      await client.send(new CreateTableCommand(toCreateTableInput(table, physical)));
      const ttl = toUpdateTimeToLiveInput(table, physical);
      if (ttl) await client.send(new UpdateTimeToLiveCommand(ttl));
    }
  } finally {
    client.destroy();
  }
  return names;
}

export interface ProvisionedPool {
  userPoolId: string;
  clientId: string;
}

/**
 * Makes sure the user pool, its app client and its groups exist on cognito-local. `known` is the
 * pool remembered from an earlier start; it is reused when cognito-local still has it.
 */
export async function ensureUserPool(
  definition: ApiDefinition,
  endpoint: string,
  known: ProvisionedPool | undefined,
): Promise<ProvisionedPool> {
  const client = new CognitoIdentityProviderClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    if (known) {
      const exists = await client
        .send(new DescribeUserPoolCommand({ UserPoolId: known.userPoolId }))
        .then(() => true)
        .catch(() => false);
      if (exists) {
        const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: known.userPoolId, MaxResults: 60 }));
        if (clients.UserPoolClients?.some((c) => c.ClientId === known.clientId)) return known;
      }
    }
    const pool = await client.send(new CreateUserPoolCommand(toCreateUserPoolInput(definition.userPool, `${definition.name}-users`)));
    const userPoolId = pool.UserPool?.Id;
    if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
    const appClient = await client.send(new CreateUserPoolClientCommand(toCreateUserPoolClientInput(definition.userPool, userPoolId)));
    const clientId = appClient.UserPoolClient?.ClientId;
    if (!clientId) throw new Error('cognito-local created an app client without an id');
    for (const group of toCreateGroupInputs(definition.userPool, userPoolId)) await client.send(new CreateGroupCommand(group));
    return { userPoolId, clientId };
  } finally {
    client.destroy();
  }
}

export interface DemoUser {
  email: string;
  password: string;
  name: string;
  groups: string[];
}

/** Creates confirmed users with permanent passwords, for demo logins; users already there are kept. */
export async function ensureUsers(endpoint: string, userPoolId: string, users: DemoUser[]): Promise<void> {
  const client = new CognitoIdentityProviderClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    for (const user of users) {
      const exists = await client
        .send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.email }))
        .then(() => true)
        .catch(() => false);
      if (exists) continue;
      await createUser({
        endpoint,
        userPoolId,
        username: user.email,
        password: user.password,
        groups: user.groups,
        attributes: { email: user.email, email_verified: 'true', name: user.name },
      });
    }
  } finally {
    client.destroy();
  }
}
