import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isObjectType, type GraphQLSchema } from 'graphql';

/**
 * Resolver wiring read from file names, as in aws-samples/aws-appsync-resolver-samples:
 *
 *   <Type>.<field>.[<dataSource>].ts        a unit resolver
 *   <Type>.<field>/index.ts                 a pipeline resolver's before (request) and after (response)
 *   <Type>.<field>/<n>.<fn>.[<dataSource>].ts   its n-th step, the AppSync function <fn>
 *
 * Ignored: lib/ (shared helpers), *.test.ts, *.d.ts, *.md, tsconfig.json (a folder's own TypeScript
 * settings, as for its type-aware lint) and dotfiles. Anything else is a mistake.
 */

export interface WiringFunction {
  /** The AppSync function name; unique across the API so logs and the runtime can name it. */
  name: string;
  dataSource: string;
  /** Absolute path. */
  file: string;
}

export type WiringEntry =
  | { kind: 'UNIT'; typeName: string; fieldName: string; dataSource: string; file: string }
  | { kind: 'PIPELINE'; typeName: string; fieldName: string; file: string; functions: WiringFunction[] };

export interface LoadWiringOptions {
  resolversDir: string;
  /** The tooling schema (see buildToolingSchema), to check that each wired field exists. */
  schema: GraphQLSchema;
  /** Names of the data sources the API defines. */
  dataSources: string[];
}

/** AppSync's limit on functions in one pipeline resolver. */
export const MAX_PIPELINE_FUNCTIONS = 10;

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
const UNIT_FILE = new RegExp(`^(${NAME})\\.(${NAME})\\.\\[(${NAME})\\]\\.ts$`);
const PIPELINE_DIR = new RegExp(`^(${NAME})\\.(${NAME})$`);
const STEP_FILE = new RegExp(`^([1-9]\\d*)\\.(${NAME})\\.\\[(${NAME})\\]\\.ts$`);
const UNIT_HINT = '<Type>.<field>.[<dataSource>].ts or a pipeline folder <Type>.<field>/';
const STEP_HINT = 'index.ts or <n>.<functionName>.[<dataSource>].ts';

function ignored(entry: Dirent): boolean {
  const { name } = entry;
  return (
    name.startsWith('.') ||
    name.endsWith('.test.ts') ||
    name.endsWith('.d.ts') ||
    name.endsWith('.md') ||
    (entry.isFile() && name === 'tsconfig.json') ||
    (entry.isDirectory() && name === 'lib')
  );
}

function sortedEntries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !ignored(entry))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Reads the wiring from `resolversDir` and checks it against the schema and the data sources.
 * Throws one error listing every problem, so a broken layout is fixed in one go.
 */
export function loadWiring(options: LoadWiringOptions): WiringEntry[] {
  const { schema, dataSources } = options;
  const root = resolve(options.resolversDir);
  if (!existsSync(root)) throw new Error(`Resolver folder ${root} does not exist.`);
  const problems: string[] = [];
  // Paths in messages start at the resolver folder's name: short, and the same on every machine.
  const shown = (path: string) => join(basename(root), path.slice(root.length + 1));
  const entries: WiringEntry[] = [];

  const checkDataSource = (file: string, dataSource: string) => {
    if (!dataSources.includes(dataSource)) {
      const known = dataSources.length > 0 ? dataSources.join(', ') : 'none';
      problems.push(`${shown(file)}: data source ${dataSource} is not defined (defined: ${known}).`);
    }
  };
  const checkField = (file: string, typeName: string, fieldName: string) => {
    const type = schema.getType(typeName);
    if (!type) return problems.push(`${shown(file)}: type ${typeName} is not in the schema.`);
    if (!isObjectType(type)) return problems.push(`${shown(file)}: ${typeName} is not an object type.`);
    if (!type.getFields()[fieldName]) problems.push(`${shown(file)}: type ${typeName} has no field ${fieldName}.`);
  };

  for (const entry of sortedEntries(root)) {
    const path = join(root, entry.name);
    if (entry.isFile()) {
      const match = UNIT_FILE.exec(entry.name);
      if (!match) {
        problems.push(`${shown(path)}: not a resolver file name; expected ${UNIT_HINT}.`);
        continue;
      }
      const [, typeName = '', fieldName = '', dataSource = ''] = match;
      checkField(path, typeName, fieldName);
      checkDataSource(path, dataSource);
      entries.push({ kind: 'UNIT', typeName, fieldName, dataSource, file: path });
      continue;
    }
    const match = entry.isDirectory() ? PIPELINE_DIR.exec(entry.name) : null;
    if (!match) {
      problems.push(`${shown(path)}: not a pipeline folder name; expected ${UNIT_HINT}.`);
      continue;
    }
    const [, typeName = '', fieldName = ''] = match;
    checkField(path, typeName, fieldName);
    const functions = readPipeline(path, problems, shown, checkDataSource);
    entries.push({ kind: 'PIPELINE', typeName, fieldName, file: join(path, 'index.ts'), functions });
  }

  const byField = new Map<string, string[]>();
  const byFunction = new Map<string, string[]>();
  for (const entry of entries) {
    const key = `${entry.typeName}.${entry.fieldName}`;
    byField.set(key, [...(byField.get(key) ?? []), shown(entry.file)]);
    if (entry.kind === 'PIPELINE') {
      for (const fn of entry.functions) byFunction.set(fn.name, [...(byFunction.get(fn.name) ?? []), shown(fn.file)]);
    }
  }
  for (const [field, files] of byField) {
    if (files.length > 1) problems.push(`${field} is wired more than once: ${files.join(', ')}.`);
  }
  for (const [name, files] of byFunction) {
    if (files.length > 1) problems.push(`function name ${name} is used by more than one step: ${files.join(', ')}.`);
  }

  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new Error(`Resolver wiring in ${basename(root)}/ has ${count}:\n  - ${problems.join('\n  - ')}`);
  }
  return entries.sort((a, b) => a.typeName.localeCompare(b.typeName) || a.fieldName.localeCompare(b.fieldName));
}

function readPipeline(
  dir: string,
  problems: string[],
  shown: (path: string) => string,
  checkDataSource: (file: string, dataSource: string) => void,
): WiringFunction[] {
  const steps: (WiringFunction & { order: number })[] = [];
  let hasIndex = false;
  for (const entry of sortedEntries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === 'index.ts') {
      hasIndex = true;
      continue;
    }
    const match = entry.isFile() ? STEP_FILE.exec(entry.name) : null;
    if (!match) {
      problems.push(`${shown(path)}: not a pipeline step name; expected ${STEP_HINT}.`);
      continue;
    }
    const [, order = '', name = '', dataSource = ''] = match;
    checkDataSource(path, dataSource);
    steps.push({ order: Number(order), name, dataSource, file: path });
  }
  if (!hasIndex) problems.push(`${shown(dir)}: a pipeline folder needs an index.ts with the resolver's request and response.`);
  if (steps.length === 0) problems.push(`${shown(dir)}: a pipeline folder needs at least one step ${STEP_HINT}.`);
  if (steps.length > MAX_PIPELINE_FUNCTIONS) {
    problems.push(`${shown(dir)}: ${steps.length} steps; AppSync allows at most ${MAX_PIPELINE_FUNCTIONS} functions per pipeline.`);
  }
  steps.sort((a, b) => a.order - b.order);
  const orders = steps.map((step) => step.order);
  if (orders.some((order, index) => order !== index + 1)) {
    problems.push(`${shown(dir)}: steps must be numbered 1, 2, 3, ... without gaps or repeats (found ${orders.join(', ')}).`);
  }
  return steps.map(({ name, dataSource, file }) => ({ name, dataSource, file }));
}
