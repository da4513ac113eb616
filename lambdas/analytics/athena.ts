import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { parseNamedQuery, prepare, type NamedQuery } from './catalog';
import { AnalyticsError, type Engine, type Execution } from './contract';
import { normalizeRow, type Row } from './rows';

/**
 * The AWS world's engine: Athena (engine v3) in the analytics workgroup, which holds the result
 * location and the bytes-scanned cutoff (infra/lib/analytics.ts). The query texts are the Athena
 * named queries CDK made from analytics/queries (ANALYTICS_NAMED_QUERIES: {name: id}), read once
 * per execution environment.
 *
 * Values go in ExecutionParameters, which Athena substitutes for the `?` placeholders in order
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html); Athena
 * takes each as SQL literal text, so every value is quoted here, and it is a checked date or a
 * granularity from a fixed list (params.ts) before it gets this far.
 */
const POLL_MS = 500;

export interface AthenaEngineConfig {
  workGroup: string;
  database: string;
  namedQueries: Record<string, string>;
  /** Athena's result reuse: the same query and parameters within this age answer from the last result. */
  reuseMaxAgeMinutes: number;
}

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function athenaConfigFrom(env: NodeJS.ProcessEnv): AthenaEngineConfig {
  const { ATHENA_WORKGROUP: workGroup, GLUE_DATABASE: database, ANALYTICS_NAMED_QUERIES: named } = env;
  if (!workGroup || !database || !named) throw new Error('ATHENA_WORKGROUP, GLUE_DATABASE and ANALYTICS_NAMED_QUERIES must all be set for Athena.');
  return { workGroup, database, namedQueries: JSON.parse(named) as Record<string, string>, reuseMaxAgeMinutes: 5 };
}

export function createAthenaEngine(config: AthenaEngineConfig, client = new AthenaClient({})): Engine {
  let catalog: Promise<Map<string, NamedQuery>> | undefined;
  const loadCatalog = async (): Promise<Map<string, NamedQuery>> => {
    const names = new Map(Object.entries(config.namedQueries).map(([name, id]) => [id, name]));
    const answer = await client.send(new BatchGetNamedQueryCommand({ NamedQueryIds: [...names.keys()] }));
    const queries = new Map<string, NamedQuery>();
    for (const found of answer.NamedQueries ?? []) {
      const name = found.NamedQueryId ? names.get(found.NamedQueryId) : undefined;
      if (name && found.QueryString) queries.set(name, parseNamedQuery(name, found.QueryString));
    }
    if (queries.size !== names.size) throw new Error(`Athena has ${queries.size} of the ${names.size} named queries: ${JSON.stringify(answer.UnprocessedNamedQueryIds ?? [])}.`);
    return queries;
  };

  const describe = async (executionId: string): Promise<QueryExecution> => {
    try {
      const { QueryExecution: execution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId }));
      if (!execution) throw new AnalyticsError('UNKNOWN_EXECUTION', `No execution ${executionId}.`);
      return execution;
    } catch (error) {
      if (error instanceof InvalidRequestException) throw new AnalyticsError('UNKNOWN_EXECUTION', `No execution ${executionId}.`);
      throw error;
    }
  };

  const results = async (query: NamedQuery, executionId: string): Promise<Row[]> => {
    const rows: Row[] = [];
    let nextToken: string | undefined;
    let names: string[] = [];
    let first = true;
    do {
      const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: executionId, NextToken: nextToken, MaxResults: 1000 }));
      names = page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? names;
      const data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row of the first page is the header.
      for (const row of first ? data.slice(1) : data) {
        const raw = Object.fromEntries(names.map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null]));
        rows.push(normalizeRow(query, raw));
      }
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  };

  return {
    name: 'athena',
    queries: () => (catalog ??= loadCatalog().catch((error: unknown) => {
      catalog = undefined;
      throw error;
    })),
    async run(query, values, options): Promise<Execution> {
      const { sql, order } = prepare(query);
      const parameters = order.map((name) => literal(values[name] ?? ''));
      let executionId = options.executionId;
      if (executionId) {
        // Only an execution of this very query with these very values, in this workgroup, may be picked up.
        const execution = await describe(executionId);
        const same = execution.WorkGroup === config.workGroup && execution.Query?.trim() === sql.trim() && JSON.stringify(execution.ExecutionParameters ?? []) === JSON.stringify(parameters);
        if (!same) throw new AnalyticsError('UNKNOWN_EXECUTION', `Execution ${executionId} is not this query's.`);
      } else {
        const started = await client.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            ExecutionParameters: parameters.length > 0 ? parameters : undefined,
            WorkGroup: config.workGroup,
            QueryExecutionContext: { Database: config.database, Catalog: 'AwsDataCatalog' },
            ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: config.reuseMaxAgeMinutes } },
          }),
        );
        executionId = started.QueryExecutionId;
        if (!executionId) throw new Error('Athena started no execution.');
      }
      for (;;) {
        const { Status: status } = await describe(executionId);
        switch (status?.State) {
          case 'SUCCEEDED':
            return { state: 'DONE', rows: await results(query, executionId) };
          case 'FAILED':
          case 'CANCELLED':
            // The bytes-scanned cutoff cancels a query with a reason that says so.
            throw new AnalyticsError('ANALYTICS_QUERY_FAILED', `${query.name}: ${status.State}: ${status.StateChangeReason ?? 'no reason given'}`);
          default:
            if (Date.now() + POLL_MS > options.deadline) return { state: 'PENDING', executionId };
            await sleep(POLL_MS);
        }
      }
    },
  };
}
