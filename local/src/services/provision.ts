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
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { createUser } from '../auth/cognito-admin';
import type { ApiDefinition } from '../project/definitions';
import { toCreateTableInput } from '../project/tables';
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
      await ensureTable(client, toCreateTableInput(table, physical), table.timeToLiveAttribute);
    }
  } finally {
    client.destroy();
  }
  return names;
}

/**
 * Creates a table that is not there (with its TTL attribute), or turns on the declared stream of
 * a table created before the definition had one (a re-run of `npm start` keeps tables and their
 * data). Anything else about an existing table is left alone: a stream of another view type
 * stays, since changing it means disabling the stream, and DynamoDB gives the new one a new ARN,
 * which a pipe notices and reads afresh (docs/pipes.md). Returns the table as DynamoDB describes
 * it. For the project's tables and for a template's (local/src/template/resources/dynamodb.ts).
 */
export async function ensureTable(client: DynamoDBClient, input: CreateTableCommandInput, timeToLiveAttribute?: string): Promise<TableDescription | undefined> {
  const tableName = input.TableName;
  const existing = await client
    .send(new DescribeTableCommand({ TableName: tableName }))
    .then((answer) => answer.Table)
    .catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    });
  if (!existing) {
    const created = (await client.send(new CreateTableCommand(input))).TableDescription;
    if (timeToLiveAttribute) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true } }));
    }
    return created;
  }
  if (input.StreamSpecification?.StreamEnabled && !existing.StreamSpecification?.StreamEnabled) {
    return (await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: input.StreamSpecification }))).TableDescription;
  }
  return existing;
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
