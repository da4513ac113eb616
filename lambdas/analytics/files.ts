import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseNamedQuery, type NamedQuery } from './catalog';

/**
 * The named queries and the DuckDB compatibility file, read from the project's analytics/ folder.
 * Locally the Lambda reads them at start; CDK reads them at synth into Athena named queries.
 */
export function readNamedQueries(analyticsDir: string): Map<string, NamedQuery> {
  const dir = join(analyticsDir, 'queries');
  const queries = new Map<string, NamedQuery>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const name = basename(file, '.sql');
    queries.set(name, parseNamedQuery(name, readFileSync(join(dir, file), 'utf8')));
  }
  return queries;
}

export function readDuckDbCompat(analyticsDir: string): string {
  return readFileSync(join(analyticsDir, 'compat', 'duckdb.sql'), 'utf8');
}
