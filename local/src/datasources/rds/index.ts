/**
 * AMAZON_RDS: Aurora (PostgreSQL or MySQL) through the RDS Data API, as AppSync calls it. The
 * request is what createPgStatement / createMySQLStatement returns, `{ statements, variableMap, variableTypeHintMap }`; AppSync runs
 * each statement (at most two) with ExecuteStatement, in order, outside a transaction, and gives
 * the resolver the Data API's answers as ctx.result: the JSON text of
 * `{ sqlStatementResults: [one result per statement] }`, which toJsonObject reads. A failed
 * statement stops the request with the Data API's error (results.ts, mysql-results.ts).
 * PostgreSQL runs on PGlite or a server through `pg`; MySQL on a MySQL/MariaDB server through
 * `mysql2` (mysql-engine.ts). See local/docs/rds.md.
 */
import { resolve } from 'node:path';
import type { DataSource, DataSourceOutcome } from '../types';
import { isEngineError, pgliteEngine, postgresServerEngine, type SqlEngine } from './engines';
import { DATA_API_STATEMENT_TIMEOUT_MS, overResponseLimit, RESPONSE_TOO_LARGE, STATEMENT_TIMED_OUT, StatementTimeout } from './limits';
import { isMysqlServerError, mysqlServerEngine } from './mysql-engine';
import { mysqlDataApiMessage, mysqlStatementResult } from './mysql-results';
import { postgresOnlyForm, prepareMysql } from './mysql-statements';
import { mysqlOnlyForm, ParameterError, prepare, toSqlParameter, type SqlParameter } from './parameters';
import { dataApiMessage, rdsHttpError, statementResult } from './results';

export interface RdsDataSourceConfig {
  name: string;
  /** The database engine of the cluster. */
  engine: 'postgresql' | 'mysql';
  /** PGlite's folder (created on first use); ignored when connectionString is set. */
  dataDir: string;
  /**
   * The server the statements run on: for PostgreSQL a real server instead of PGlite
   * (postgres://user:pass@127.0.0.1:5432/db); for MySQL, required, a MySQL or MariaDB server
   * (mysql://user:pass@127.0.0.1:3306/db).
   */
  connectionString?: string;
  /**
   * The Data API's statement timeout, 45,000 ms (AWS's, not settable there); shorter locally only
   * so a test can reach it. A statement past it is cancelled and rolled back.
   */
  statementTimeoutMs?: number;
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

interface Runner {
  /** Why the statement is the other engine's, as a message, or null: checked for every statement before any runs. */
  wrongDialect(sql: string): string | null;
  /** Runs one statement on the engine and answers the Data API's result, or its error message. */
  run(sql: string, parameters: readonly SqlParameter[]): Promise<{ result: Record<string, unknown> } | { message: string }>;
  close(): Promise<void>;
}

function communicationsFailure(error: unknown): { message: string } {
  // Not the server's answer: the database could not be reached (or PGlite failed to open).
  return { message: `Communications link failure: ${error instanceof Error ? error.message : String(error)}` };
}

function postgresRunner(config: RdsDataSourceConfig): Runner {
  const timeoutMs = config.statementTimeoutMs ?? DATA_API_STATEMENT_TIMEOUT_MS;
  const engine: SqlEngine = config.connectionString ? postgresServerEngine(config.connectionString, timeoutMs) : pgliteEngine(resolve(config.dataDir));
  return {
    wrongDialect(sql) {
      const form = mysqlOnlyForm(sql);
      return form && `Data source ${config.name} is Aurora PostgreSQL, but this statement is MySQL's (${form}): build it with createPgStatement, or declare engine: "mysql".`;
    },
    async run(sql, parameters) {
      const prepared = prepare(sql, parameters);
      try {
        return { result: statementResult(await engine.query(prepared.text, prepared.values, timeoutMs)) };
      } catch (error) {
        if (error instanceof StatementTimeout) return { message: STATEMENT_TIMED_OUT };
        if (isEngineError(error)) return { message: dataApiMessage(error, prepared.position) };
        return communicationsFailure(error);
      }
    },
    close: () => engine.close(),
  };
}

function mysqlRunner(config: RdsDataSourceConfig & { connectionString: string }): Runner {
  const timeoutMs = config.statementTimeoutMs ?? DATA_API_STATEMENT_TIMEOUT_MS;
  const engine = mysqlServerEngine(config.connectionString);
  return {
    wrongDialect(sql) {
      const form = postgresOnlyForm(sql);
      return form && `Data source ${config.name} is Aurora MySQL, but this statement is PostgreSQL's (${form}): build it with createMySQLStatement, or declare engine: "postgresql".`;
    },
    async run(sql, parameters) {
      const text = prepareMysql(sql, parameters);
      try {
        return { result: mysqlStatementResult(await engine.query(text, timeoutMs)) };
      } catch (error) {
        if (error instanceof StatementTimeout) return { message: STATEMENT_TIMED_OUT };
        if (isMysqlServerError(error)) return { message: mysqlDataApiMessage(error) };
        return communicationsFailure(error);
      }
    },
    close: () => engine.close(),
  };
}

const MYSQL_URL = /^mysql:\/\//i;
const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** The runner for the data source's engine; a connection string of the other engine stops start-up. */
function runnerFor(config: RdsDataSourceConfig): Runner {
  const { connectionString, engine, name } = config;
  if (engine === 'mysql') {
    if (!connectionString || !MYSQL_URL.test(connectionString)) {
      throw new Error(
        `Data source ${name} is an Aurora MySQL cluster: locally its statements run on a MySQL or MariaDB server you name with ` +
          'localConnectionString: "mysql://user:password@127.0.0.1:3306/database" (PGlite runs only PostgreSQL).' +
          (connectionString ? ` Its localConnectionString does not start with mysql://.` : ''),
      );
    }
    return mysqlRunner({ ...config, connectionString });
  }
  if (connectionString && !POSTGRES_URL.test(connectionString)) {
    throw new Error(`Data source ${name} is an Aurora PostgreSQL cluster: its localConnectionString must start with postgres:// or postgresql:// (declare engine: "mysql" for a MySQL server).`);
  }
  return postgresRunner(config);
}

export function createRdsDataSource(config: RdsDataSourceConfig): DataSource {
  const engine = runnerFor(config);

  async function run(request: Record<string, unknown>): Promise<DataSourceOutcome> {
    const { statements, variableMap = {}, variableTypeHintMap = {} } = request;
    if (!Array.isArray(statements) || statements.length === 0 || !statements.every((s) => typeof s === 'string' && s.trim() !== '')) {
      return invalid('An RDS request needs statements: one or two SQL strings (createPgStatement or createMySQLStatement returns them).');
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
    // A statement of the other engine is refused before any statement of the request runs.
    for (const sql of statements as string[]) {
      const wrong = engine.wrongDialect(sql);
      if (wrong) return { error: rdsHttpError(wrong) };
    }
    const results: Array<Record<string, unknown>> = [];
    for (const sql of statements as string[]) {
      let outcome;
      try {
        outcome = await engine.run(sql, parameters);
      } catch (error) {
        if (error instanceof ParameterError) return { error: rdsHttpError(error.message) };
        throw error;
      }
      if ('message' in outcome) return { error: rdsHttpError(outcome.message) };
      // The Data API terminates a call past 1 MiB; a statement before it in the request stays committed.
      if (overResponseLimit(outcome.result)) return { error: rdsHttpError(RESPONSE_TOO_LARGE) };
      results.push(outcome.result);
    }
    return { result: JSON.stringify({ sqlStatementResults: results }) };
  }

  return {
    invoke(request) {
      if (!isRecord(request)) return Promise.resolve(invalid('An RDS request must be an object: return createPgStatement(...) or createMySQLStatement(...).'));
      return run(request);
    },
    close: () => engine.close(),
  };
}
