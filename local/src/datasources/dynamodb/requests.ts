/**
 * The request objects an AMAZON_DYNAMODB resolver may return, as AppSync's JavaScript resolver
 * reference defines them, each with the schema validate.ts checks it against.
 */
import type { ResolverAttributeMap } from './attribute-values';
import type { Fields, Schema } from './validate';

export interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: ResolverAttributeMap;
}

export interface Projection {
  expression: string;
  expressionNames?: Record<string, string>;
}

export interface ConditionCheck extends Expression {
  equalsIgnore?: string[];
  consistentRead?: boolean;
  conditionalCheckFailedHandler?: { strategy: 'Custom' | 'Reject'; lambdaArn?: string };
}

export interface TransactCondition extends Expression {
  returnValuesOnConditionCheckFailure?: boolean;
}

export interface GetItemRequest {
  operation: 'GetItem';
  key: ResolverAttributeMap;
  consistentRead?: boolean;
  projection?: Projection;
}

export interface PutItemRequest {
  operation: 'PutItem';
  key: ResolverAttributeMap;
  attributeValues?: ResolverAttributeMap;
  condition?: ConditionCheck;
}

export interface UpdateItemRequest {
  operation: 'UpdateItem';
  key: ResolverAttributeMap;
  update: Expression;
  condition?: ConditionCheck;
}

export interface DeleteItemRequest {
  operation: 'DeleteItem';
  key: ResolverAttributeMap;
  condition?: ConditionCheck;
}

export interface QueryRequest {
  operation: 'Query';
  query: Expression;
  index?: string;
  nextToken?: string;
  limit?: number;
  scanIndexForward?: boolean;
  consistentRead?: boolean;
  select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES';
  filter?: Expression;
  projection?: Projection;
}

export interface ScanRequest {
  operation: 'Scan';
  index?: string;
  limit?: number;
  consistentRead?: boolean;
  nextToken?: string;
  totalSegments?: number;
  segment?: number;
  select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES';
  filter?: Expression;
  projection?: Projection;
}

export interface SyncRequest {
  operation: 'Sync';
  basePartitionKey?: string;
  deltaIndexName?: string;
  limit?: number;
  nextToken?: string;
  lastSync?: number;
  filter?: Expression;
}

export interface BatchGetItemRequest {
  operation: 'BatchGetItem';
  tables: Record<string, { keys: ResolverAttributeMap[]; consistentRead?: boolean; projection?: Projection }>;
}

export interface BatchPutItemRequest {
  operation: 'BatchPutItem';
  tables: Record<string, ResolverAttributeMap[]>;
}

export interface BatchDeleteItemRequest {
  operation: 'BatchDeleteItem';
  tables: Record<string, ResolverAttributeMap[]>;
}

export interface TransactGetItemsRequest {
  operation: 'TransactGetItems';
  transactItems: { table: string; key: ResolverAttributeMap; projection?: Projection }[];
}

export type TransactWriteItem =
  | { table: string; operation: 'PutItem'; key: ResolverAttributeMap; attributeValues?: ResolverAttributeMap; condition?: TransactCondition }
  | { table: string; operation: 'UpdateItem'; key: ResolverAttributeMap; update: Expression; condition?: TransactCondition }
  | { table: string; operation: 'DeleteItem'; key: ResolverAttributeMap; condition?: TransactCondition }
  | { table: string; operation: 'ConditionCheck'; key: ResolverAttributeMap; condition: TransactCondition };

export interface TransactWriteItemsRequest {
  operation: 'TransactWriteItems';
  transactItems: TransactWriteItem[];
}

export type DynamoDbRequest =
  | GetItemRequest
  | PutItemRequest
  | UpdateItemRequest
  | DeleteItemRequest
  | QueryRequest
  | ScanRequest
  | SyncRequest
  | BatchGetItemRequest
  | BatchPutItemRequest
  | BatchDeleteItemRequest
  | TransactGetItemsRequest
  | TransactWriteItemsRequest;

export type OperationName = DynamoDbRequest['operation'];

const string: Schema = { kind: 'string' };
const boolean: Schema = { kind: 'boolean' };
const attributeMap: Schema = { kind: 'attributeMap' };
const expression: Schema = { kind: 'expression', withValues: true };
const projection: Schema = { kind: 'expression', withValues: false };
const select: Schema = { kind: 'enum', values: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES'] };

const condition: Schema = {
  kind: 'object',
  fields: {
    expression: { schema: string, required: true },
    expressionNames: { schema: { kind: 'record', of: string } },
    expressionValues: { schema: attributeMap },
    equalsIgnore: { schema: { kind: 'list', of: string } },
    consistentRead: { schema: boolean },
    conditionalCheckFailedHandler: {
      schema: { kind: 'object', fields: { strategy: { schema: { kind: 'enum', values: ['Custom', 'Reject'] }, required: true }, lambdaArn: { schema: string } } },
    },
  },
};

const transactCondition: Schema = {
  kind: 'object',
  fields: {
    expression: { schema: string, required: true },
    expressionNames: { schema: { kind: 'record', of: string } },
    expressionValues: { schema: attributeMap },
    returnValuesOnConditionCheckFailure: { schema: boolean },
  },
};

// Fields AppSync reads for versioned (conflict-detection) data sources; accepted and ignored here.
const versioning: Fields = {
  _version: { schema: { kind: 'integer' } },
  customPartitionKey: { schema: string },
  populateIndexFields: { schema: boolean },
};

const paging: Fields = {
  nextToken: { schema: string },
  limit: { schema: { kind: 'integer', min: 1 } },
};

export const SCHEMAS: Record<OperationName, Fields> = {
  GetItem: {
    key: { schema: attributeMap, required: true },
    consistentRead: { schema: boolean },
    projection: { schema: projection },
  },
  PutItem: {
    key: { schema: attributeMap, required: true },
    attributeValues: { schema: attributeMap },
    condition: { schema: condition },
    ...versioning,
  },
  UpdateItem: {
    key: { schema: attributeMap, required: true },
    update: { schema: expression, required: true },
    condition: { schema: condition },
    ...versioning,
  },
  DeleteItem: {
    key: { schema: attributeMap, required: true },
    condition: { schema: condition },
    ...versioning,
  },
  Query: {
    query: { schema: expression, required: true },
    index: { schema: string },
    ...paging,
    scanIndexForward: { schema: boolean },
    consistentRead: { schema: boolean },
    select: { schema: select },
    filter: { schema: expression },
    projection: { schema: projection },
  },
  Scan: {
    index: { schema: string },
    ...paging,
    consistentRead: { schema: boolean },
    totalSegments: { schema: { kind: 'integer', min: 1 } },
    segment: { schema: { kind: 'integer', min: 0 } },
    select: { schema: select },
    filter: { schema: expression },
    projection: { schema: projection },
  },
  Sync: {
    basePartitionKey: { schema: string },
    deltaIndexName: { schema: string },
    ...paging,
    lastSync: { schema: { kind: 'integer', min: 0 } },
    filter: { schema: expression },
  },
  BatchGetItem: {
    tables: {
      schema: {
        kind: 'record',
        of: {
          kind: 'object',
          fields: {
            keys: { schema: { kind: 'list', of: attributeMap }, required: true },
            consistentRead: { schema: boolean },
            projection: { schema: projection },
          },
        },
      },
      required: true,
    },
  },
  BatchPutItem: {
    tables: { schema: { kind: 'record', of: { kind: 'list', of: attributeMap } }, required: true },
  },
  BatchDeleteItem: {
    tables: { schema: { kind: 'record', of: { kind: 'list', of: attributeMap } }, required: true },
  },
  TransactGetItems: {
    transactItems: {
      schema: {
        kind: 'list',
        of: {
          kind: 'object',
          fields: {
            table: { schema: string, required: true },
            key: { schema: attributeMap, required: true },
            projection: { schema: projection },
          },
        },
      },
      required: true,
    },
  },
  TransactWriteItems: {
    transactItems: {
      schema: {
        kind: 'list',
        of: {
          kind: 'object',
          fields: {
            table: { schema: string, required: true },
            operation: { schema: { kind: 'enum', values: ['PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheck'] }, required: true },
            key: { schema: attributeMap, required: true },
            attributeValues: { schema: attributeMap },
            update: { schema: expression },
            condition: { schema: transactCondition },
          },
        },
      },
      required: true,
    },
  },
};
