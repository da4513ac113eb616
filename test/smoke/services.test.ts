import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';

const local = { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

describe('the shared local services', () => {
  it('DynamoDB Local answers ListTables', async () => {
    const client = new DynamoDBClient({ ...local, endpoint: inject('dynamoEndpoint') });
    const out = await client.send(new ListTablesCommand({}));
    expect(Array.isArray(out.TableNames)).toBe(true);
    client.destroy();
  });
  it('cognito-local answers ListUserPools', async () => {
    const client = new CognitoIdentityProviderClient({ ...local, endpoint: inject('cognitoEndpoint') });
    const out = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(Array.isArray(out.UserPools)).toBe(true);
    client.destroy();
  });
});
