/**
 * AMAZON_RDS: Aurora (PostgreSQL) through the RDS Data API, as AppSync calls it. The request is
 * what createPgStatement returns, `{ statements, variableMap, variableTypeHintMap }`; AppSync runs
 * each statement (at most two) with ExecuteStatement, in order, outside a transaction, and gives
 * the resolver the Data API's answers as ctx.result: the JSON text of
 * `{ sqlStatementResults: [one result per statement] }`, which toJsonObject reads. A failed
 * statement stops the request with the Data API's error (results.ts). See local/docs/rds.md.
 */
import { resolve } from 'node:path';
import type { DataSource, DataSourceOutcome } from '../types';
import { isEngineError, pgliteEngine, postgresServerEngine, type SqlEngine } from './engines';
import { ParameterError, prepare, toSqlParameter } from './parameters';
import { dataApiMessage, rdsHttpError, statementResult } from './results';

export interface RdsDataSourceConfig {
  name: string;
  /** The database engine of the cluster; only PostgreSQL runs locally. */
  engine: 'postgresql' | 'mysql';
  /** PGlite's folder (created on first use); ignored when connectionString is set. */
  dataDir: string;
  /** A real PostgreSQL server instead of PGlite, e.g. postgres://user:pass@127.0.0.1:5432/db. */
  connectionString?: string;
}

/** AppSync's limit: createPgStatement / createMySQLStatement take one or two statements. */
const MAX_STATEMENTS = 2;
const MAPPING_TEMPLATE = 'MappingTemplate';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): DataSourceOutcome {
  return { error: { message, type: MAPPING_TEMPLATE } };
}

export function createRdsDataSource(config: RdsDataSourceConfig): DataSource {
  if (config.engine === 'mysql') {
    throw new Error(
      `Data source ${config.name} is an Aurora MySQL cluster; the local runtime runs only PostgreSQL (PGlite, or a server through connectionString). ` +
        'Declare engine: "postgresql" and use createPgStatement, or leave this data source out of local runs.',
    );
  }
  const engine: SqlEngine = config.connectionString ? postgresServerEngine(config.connectionString) : pgliteEngine(resolve(config.dataDir));

  async function run(request: Record<string, unknown>): Promise<DataSourceOutcome> {
    const { statements, variableMap = {}, variableTypeHintMap = {} } = request;
    if (!Array.isArray(statements) || statements.length === 0 || !statements.every((s) => typeof s === 'string' && s.trim() !== '')) {
      return invalid('An RDS request needs statements: one or two SQL strings (createPgStatement returns them).');
    }
    if (statements.length > MAX_STATEMENTS) return invalid(`An RDS request takes at most ${MAX_STATEMENTS} statements; it has ${statements.length}.`);
    if (!isRecord(variableMap) || !isRecord(variableTypeHintMap)) return invalid('variableMap and variableTypeHintMap must be objects.');

    let parameters;
    try {
      parameters = Object.entries(variableMap).map(([name, value]) => toSqlParameter(name, value, variableTypeHintMap[name]));
    } catch (error) {
      if (error instanceof ParameterError) return { error: rdsHttpError(error.message) };
      throw error;
    }
    const results: Array<Record<string, unknown>> = [];
    for (const sql of statements as string[]) {
      let prepared;
      try {
        prepared = prepare(sql, parameters);
      } catch (error) {
        if (error instanceof ParameterError) return { error: rdsHttpError(error.message) };
        throw error;
      }
      try {
        results.push(statementResult(await engine.query(prepared.text, prepared.values)));
      } catch (error) {
        if (isEngineError(error)) return { error: rdsHttpError(dataApiMessage(error, prepared.position)) };
        // Not PostgreSQL's answer: the database could not be reached (or PGlite failed to open).
        const message = error instanceof Error ? error.message : String(error);
        return { error: rdsHttpError(`Communications link failure: ${message}`) };
      }
    }
    return { result: JSON.stringify({ sqlStatementResults: results }) };
  }

  return {
    invoke(request) {
      if (!isRecord(request)) return Promise.resolve(invalid('An RDS request must be an object: return createPgStatement(...).'));
      return run(request);
    },
    close: () => engine.close(),
  };
}
