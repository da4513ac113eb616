import { DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ensureTable, LOCAL_CREDENTIALS } from '../../services/provision';
import { arn, type TemplateContext } from '../context';

/**
 * AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable (what CDK's TableV2 writes) in DynamoDB
 * Local. Their properties are CreateTable's own (AWS-resource-dynamodb-table.html,
 * aws-resource-dynamodb-globaltable.html), so they pass through; what DynamoDB Local ignores or
 * lacks (replicas, point-in-time recovery, SSE, tags) is dropped. An existing table keeps its data.
 */
export const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'];

type Props = Record<string, unknown>;

/** CloudFormation names a table without TableName `<stack>-<logicalId>-<random>`; locally it stays stable across starts. */
export function physicalTableName(ctx: TemplateContext, logicalId: string, props: Props): string {
  return typeof props.TableName === 'string' ? props.TableName : `${ctx.options.stackName}-${logicalId}`;
}

export function toCreateTableInput(props: Props, tableName: string): CreateTableCommandInput {
  const stream = props.StreamSpecification as { StreamViewType?: string; StreamEnabled?: boolean } | undefined;
  const billing = (props.BillingMode as string | undefined) ?? 'PROVISIONED';
  // GlobalTable puts provisioned capacity in WriteProvisionedThroughputSettings; DynamoDB Local
  // needs some number for PROVISIONED tables and does not enforce it.
  const throughput = billing === 'PROVISIONED' ? { ProvisionedThroughput: (props.ProvisionedThroughput as CreateTableCommandInput['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } : {};
  const indexes = (props.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined)?.map((index) => ({
    IndexName: index.IndexName as string,
    KeySchema: index.KeySchema as NonNullable<CreateTableCommandInput['KeySchema']>,
    Projection: index.Projection as NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>[number]['Projection'],
    ...(billing === 'PROVISIONED' && { ProvisionedThroughput: (index.ProvisionedThroughput as CreateTableCommandInput['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
  }));
  const localIndexes = props.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'];
  return {
    TableName: tableName,
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    BillingMode: billing === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ...throughput,
    ...(indexes && indexes.length > 0 && { GlobalSecondaryIndexes: indexes }),
    ...(localIndexes && localIndexes.length > 0 && { LocalSecondaryIndexes: localIndexes }),
    // Table's StreamSpecification has only StreamViewType; its presence turns the stream on.
    ...(stream?.StreamViewType && { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'NEW_AND_OLD_IMAGES' } }),
  };
}

/** Creates the template's tables that DynamoDB Local lacks and registers their Ref (the name), Arn and StreamArn. */
export async function provisionTables(ctx: TemplateContext, endpoint: string): Promise<Record<string, string>> {
  const client = new DynamoDBClient({ endpoint, region: ctx.options.region, credentials: LOCAL_CREDENTIALS });
  const names: Record<string, string> = {};
  try {
    for (const [logicalId, resource] of ctx.resourcesOf(...TABLE_TYPES)) {
      await ctx.attemptAsync(logicalId, resource.Type, async () => {
        const props = ctx.properties(resource);
        const tableName = physicalTableName(ctx, logicalId, props);
        const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
        const description = await ensureTable(client, toCreateTableInput(props, tableName), ttl?.AttributeName && ttl.Enabled !== false ? ttl.AttributeName : undefined);
        names[logicalId] = tableName;
        ctx.physical.set(logicalId, {
          ref: tableName,
          attributes: {
            Arn: arn('dynamodb', ctx.options.region, `table/${tableName}`),
            TableId: description?.TableId ?? tableName,
            ...(description?.LatestStreamArn && { StreamArn: description.LatestStreamArn }),
          },
        });
      });
    }
  } finally {
    client.destroy();
  }
  return names;
}
