import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
  Projection,
  StreamSpecification,
} from '@aws-sdk/client-dynamodb';
import type { GlobalSecondaryIndexDefinition, KeyAttribute, TableDefinition } from './definitions';

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  const keys: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) keys.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return keys;
}

function projection(index: GlobalSecondaryIndexDefinition): Projection {
  const wanted = index.projection ?? 'ALL';
  if (wanted === 'ALL' || wanted === 'KEYS_ONLY') return { ProjectionType: wanted };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: wanted.include };
}

function streamSpecification(def: TableDefinition): StreamSpecification | undefined {
  return def.stream ? { StreamEnabled: true, StreamViewType: def.stream } : undefined;
}

/** CreateTable input for a table definition, as CDK would create it (TTL needs a second call). */
export function toCreateTableInput(def: TableDefinition, physicalName: string): CreateTableCommandInput {
  const indexes = def.globalSecondaryIndexes ?? [];
  const attributes = new Map<string, AttributeDefinition>();
  for (const key of [def.partitionKey, def.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    if (!key) continue;
    const known = attributes.get(key.name);
    if (known && known.AttributeType !== key.type) {
      throw new Error(`Table ${physicalName}: key attribute ${key.name} is both ${known.AttributeType} and ${key.type}.`);
    }
    attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  return {
    TableName: physicalName,
    BillingMode: def.billing,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(indexes.length > 0 && {
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: projection(index),
      })),
    }),
    ...(def.stream && { StreamSpecification: streamSpecification(def) }),
  };
}
