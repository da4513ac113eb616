import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { prepare, type NamedQuery } from './catalog';
import { LAKE_COLUMNS, LAKE_PREFIX, PARTITION_COLUMN, duckdbType } from './lake-schema';
import { normalizeRow, type Row } from './rows';

/**
 * The local engine: DuckDB, embedded, over the folder the local delivery stream writes
 * (`<lake>/events/dt=YYYY-MM-DD/*.gz`, the bucket's layout). `events` is a view over read_json with
 * hive partitioning, `dt` a string as on Athena; the compatibility macros run on every connection.
 * The view reads the folder at each query, so objects delivered since are seen at once.
 */
export interface DuckDbLake {
  run(query: NamedQuery, values: Record<string, string>): Promise<Row[]>;
  close(): void;
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

function hasObjects(eventsDir: string): boolean {
  if (!existsSync(eventsDir)) return false;
  return readdirSync(eventsDir, { withFileTypes: true }).some(
    (entry) => entry.isDirectory() && entry.name.startsWith(`${PARTITION_COLUMN}=`) && readdirSync(join(eventsDir, entry.name)).length > 0,
  );
}

/** The `events` view; over an empty lake (nothing delivered yet) a typed empty relation, so a query answers no rows. */
function eventsView(lakeDir: string): string {
  const eventsDir = join(lakeDir, ...LAKE_PREFIX.split('/').filter(Boolean));
  const select = LAKE_COLUMNS.map((c) => (c.jsonKey ? `"${c.jsonKey}" AS ${c.name}` : c.name)).join(', ');
  if (!hasObjects(eventsDir)) {
    const nulls = LAKE_COLUMNS.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${c.name}`).join(', ');
    return `CREATE OR REPLACE TEMP VIEW events AS SELECT ${nulls}, CAST(NULL AS VARCHAR) AS ${PARTITION_COLUMN} WHERE false`;
  }
  const columns = LAKE_COLUMNS.map((c) => `${sqlString(c.jsonKey ?? c.name)}: ${sqlString(duckdbType(c.type))}`).join(', ');
  const glob = join(eventsDir, `${PARTITION_COLUMN}=*`, '*');
  return (
    `CREATE OR REPLACE TEMP VIEW events AS SELECT ${select}, ${PARTITION_COLUMN} FROM read_json(${sqlString(glob)}, ` +
    `format = 'newline_delimited', hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': 'VARCHAR'}, columns = {${columns}})`
  );
}

export async function openDuckDbLake(lakeDir: string, compatSql: string): Promise<DuckDbLake> {
  const instance = await DuckDBInstance.create(':memory:');
  const connect = async (): Promise<DuckDBConnection> => {
    const connection = await instance.connect();
    await connection.run(compatSql);
    await connection.run(eventsView(lakeDir));
    return connection;
  };
  return {
    async run(query, values) {
      const { sql, order } = prepare(query);
      const connection = await connect();
      try {
        const statement = await connection.prepare(sql);
        order.forEach((name, index) => {
          const value = values[name];
          if (value === undefined) throw new Error(`${query.name}: no value for :${name}.`);
          statement.bindVarchar(index + 1, value);
        });
        const reader = await statement.runAndReadAll();
        return reader.getRowObjectsJS().map((row) => normalizeRow(query, row));
      } finally {
        connection.closeSync();
      }
    },
    close() {
      instance.closeSync();
    },
  };
}
