import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ANALYTICS_WORKGROUP_SUFFIX } from '../../lambdas/analytics/contract';
import { readNamedQueries } from '../../lambdas/analytics/files';
import { LAKE_COLUMNS, LAKE_PREFIX, PARTITION_COLUMN, hiveType } from '../../lambdas/analytics/lake-schema';

/**
 * The analytics side of the lake (analytics/README.md): a Glue table over the delivery stream's
 * objects, Athena's workgroup and the named queries, and the analytics function's role and
 * environment. No crawler and no partition updates: partition projection computes the `dt`
 * partitions from the table's properties.
 */
export interface AnalyticsProps {
  /** The bucket the `analytics` delivery stream writes to (event-aggregator.ts). */
  lake: IBucket;
  /** The analytics Lambda (lambdas/analytics/handler.ts). */
  fn: NodejsFunction;
  /** analytics/ in the project: the named queries. */
  analyticsDir: string;
  removalPolicy?: RemovalPolicy;
}

export interface AnalyticsResources {
  database: CfnDatabase;
  table: CfnTable;
  workGroup: CfnWorkGroup;
  results: Bucket;
  namedQueries: Record<string, CfnNamedQuery>;
}

/**
 * A dashboard query reads a year of the lake at most (gzip JSON, about 1 KB an event before
 * compression); at 1,000 orders a day that is well under 200 MB. 1 GB stops a runaway scan at
 * half a cent, five times above the largest honest query. The minimum AWS accepts is 10 MB.
 */
export const BYTES_SCANNED_CUTOFF = 1024 ** 3;
/** The first day the lake can hold: partition projection lists dates from here to NOW. */
export const LAKE_FIRST_DAY = '2026-01-01';
export const TABLE_NAME = 'events';

export function createAnalytics(scope: Construct, props: AnalyticsProps): AnalyticsResources {
  const stack = Stack.of(scope);
  const databaseName = `${stack.stackName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_analytics`;
  const database = new CfnDatabase(scope, 'AnalyticsDatabase', {
    catalogId: stack.account,
    databaseInput: { name: databaseName, description: 'The domain-event lake, for Athena.' },
  });
  const location = `s3://${props.lake.bucketName}/${LAKE_PREFIX}`;
  const table = new CfnTable(scope, 'AnalyticsEventsTable', {
    catalogId: stack.account,
    databaseName,
    tableInput: {
      name: TABLE_NAME,
      description: 'One row per domain event, as the analytics delivery stream writes them: gzip JSON lines under events/dt=yyyy-MM-dd/.',
      tableType: 'EXTERNAL_TABLE',
      // dt is a string, as Firehose writes it; the date projection formats each day as the prefix
      // does (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-kinesis-firehose-example-using-the-date-type.html).
      partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
      parameters: {
        classification: 'json',
        compressionType: 'gzip',
        'projection.enabled': 'true',
        [`projection.${PARTITION_COLUMN}.type`]: 'date',
        [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
        [`projection.${PARTITION_COLUMN}.range`]: `${LAKE_FIRST_DAY},NOW`,
        [`projection.${PARTITION_COLUMN}.interval`]: '1',
        [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
        'storage.location.template': `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
      },
      storageDescriptor: {
        location,
        columns: LAKE_COLUMNS.map((c) => ({ name: c.name, type: hiveType(c.type) })),
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serdeInfo: {
          // The OpenX JSON SerDe maps a column to a key SQL cannot name (detail-type) and matches
          // the details' camelCase keys without regard to case, as Athena's names are lower case.
          serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          parameters: {
            ...Object.fromEntries(LAKE_COLUMNS.filter((c) => c.jsonKey).map((c) => [`mapping.${c.name}`, c.jsonKey])),
            'ignore.malformed.json': 'true',
          },
        },
      },
    },
  });
  table.addDependency(database);

  const results = new Bucket(scope, 'AnalyticsResults', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // Results are caches of a few KB; a cancelled query may leave a multipart upload behind
    // (Athena's data usage controls page advises a lifecycle rule for it).
    lifecycleRules: [{ expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    ...(props.removalPolicy && { removalPolicy: props.removalPolicy }),
  });
  const workGroupName = `${stack.stackName}${ANALYTICS_WORKGROUP_SUFFIX}`;
  const workGroup = new CfnWorkGroup(scope, 'AnalyticsWorkGroup', {
    name: workGroupName,
    description: "The analytics Lambda's named queries over the event lake.",
    state: 'ENABLED',
    recursiveDeleteOption: true,
    workGroupConfiguration: {
      // The workgroup's settings win over a caller's: results go here, the cutoff always applies.
      enforceWorkGroupConfiguration: true,
      bytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
      engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
      publishCloudWatchMetricsEnabled: true,
      resultConfiguration: {
        outputLocation: `s3://${results.bucketName}/results/`,
        encryptionConfiguration: { encryptionOption: 'SSE_S3' },
      },
    },
  });

  const namedQueries: Record<string, CfnNamedQuery> = {};
  for (const [name, query] of readNamedQueries(props.analyticsDir)) {
    const named = new CfnNamedQuery(scope, `AnalyticsQuery_${name}`, {
      name,
      database: databaseName,
      workGroup: workGroup.ref,
      description: firstComment(query.text),
      queryString: readFileSync(join(props.analyticsDir, 'queries', `${name}.sql`), 'utf8'),
    });
    named.addDependency(workGroup);
    namedQueries[name] = named;
  }

  grantAnalytics(stack, props, { databaseName, workGroupName, results });
  props.fn.addEnvironment('ATHENA_WORKGROUP', workGroupName);
  props.fn.addEnvironment('GLUE_DATABASE', databaseName);
  props.fn.addEnvironment('ANALYTICS_NAMED_QUERIES', stack.toJsonString(Object.fromEntries(Object.entries(namedQueries).map(([name, q]) => [name, q.attrNamedQueryId]))));
  return { database, table, workGroup, results, namedQueries };
}

function firstComment(text: string): string {
  const line = text.split('\n').find((l) => l.startsWith('-- ')) ?? '';
  return line.slice(3, 1024);
}

/**
 * The analytics function may run queries in its workgroup and read their results, read the lake
 * table's metadata, read the lake's events/ objects and write Athena's results: Athena reads and
 * writes S3 with the caller's credentials. Nothing else, not even the lake's error output.
 */
function grantAnalytics(stack: Stack, props: AnalyticsProps, r: { databaseName: string; workGroupName: string; results: Bucket }): void {
  const { fn, lake } = props;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:BatchGetNamedQuery', 'athena:GetNamedQuery'],
      resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: r.workGroupName })],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['glue:GetDatabase', 'glue:GetTable'],
      resources: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: r.databaseName }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${r.databaseName}/${TABLE_NAME}` }),
      ],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [lake.arnForObjects(`${LAKE_PREFIX}*`)] }));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [lake.bucketArn], conditions: { StringLike: { 's3:prefix': [`${LAKE_PREFIX}*`] } } }));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [lake.bucketArn] }));
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [r.results.arnForObjects('results/*')],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], resources: [r.results.bucketArn] }));
}
