import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildToolingSchema } from './schema';
import { loadWiring } from './wiring';

const schema = buildToolingSchema(`
  type Query { note(id: ID!): Note  notes: [Note!]! }
  type Mutation { addNote(text: String!): Note }
  type Subscription { onNote: Note @aws_subscribe(mutations: ["addNote"]) }
  type Note { id: ID! text: String! }
  input NoteInput { text: String! }
`);
const dataSources = ['notesTable', 'NONE'];
const CODE = 'export function request() { return {}; }\nexport function response(ctx) { return ctx.result; }\n';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A resolvers folder holding the given files (paths relative to it). */
function resolversDir(files: string[]): string {
  const root = join(mkdtempSync(join(tmpdir(), 'wiring-')), 'resolvers');
  dirs.push(dirname(root));
  mkdirSync(root);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), CODE);
  }
  return root;
}

function wiringError(files: string[]): string {
  try {
    loadWiring({ resolversDir: resolversDir(files), schema, dataSources });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('loadWiring accepted a broken layout');
}

describe('loadWiring', () => {
  it('reads unit resolvers from <Type>.<field>.[<dataSource>].ts, sorted by type and field', () => {
    const dir = resolversDir(['Query.notes.[notesTable].ts', 'Mutation.addNote.[notesTable].ts', 'Query.note.[notesTable].ts']);
    expect(loadWiring({ resolversDir: dir, schema, dataSources })).toEqual([
      { kind: 'UNIT', typeName: 'Mutation', fieldName: 'addNote', dataSource: 'notesTable', file: join(dir, 'Mutation.addNote.[notesTable].ts') },
      { kind: 'UNIT', typeName: 'Query', fieldName: 'note', dataSource: 'notesTable', file: join(dir, 'Query.note.[notesTable].ts') },
      { kind: 'UNIT', typeName: 'Query', fieldName: 'notes', dataSource: 'notesTable', file: join(dir, 'Query.notes.[notesTable].ts') },
    ]);
  });

  it('reads a pipeline folder: index.ts and its numbered steps, in numeric order', () => {
    const dir = resolversDir([
      'Mutation.addNote/index.ts',
      'Mutation.addNote/10.notify.[NONE].ts',
      'Mutation.addNote/2.store.[notesTable].ts',
      'Mutation.addNote/1.authorize.[NONE].ts',
      'Mutation.addNote/3.a.[NONE].ts',
      'Mutation.addNote/4.b.[NONE].ts',
      'Mutation.addNote/5.c.[NONE].ts',
      'Mutation.addNote/6.d.[NONE].ts',
      'Mutation.addNote/7.e.[NONE].ts',
      'Mutation.addNote/8.f.[NONE].ts',
      'Mutation.addNote/9.g.[NONE].ts',
    ]);
    const [entry] = loadWiring({ resolversDir: dir, schema, dataSources });
    expect(entry).toMatchObject({ kind: 'PIPELINE', typeName: 'Mutation', fieldName: 'addNote', file: join(dir, 'Mutation.addNote/index.ts') });
    expect(entry?.kind === 'PIPELINE' && entry.functions.map((fn) => fn.name)).toEqual(['authorize', 'store', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'notify']);
    expect(entry?.kind === 'PIPELINE' && entry.functions[1]).toEqual({
      name: 'store',
      dataSource: 'notesTable',
      file: join(dir, 'Mutation.addNote/2.store.[notesTable].ts'),
    });
  });

  it('accepts a resolver on a Subscription field', () => {
    const dir = resolversDir(['Subscription.onNote.[NONE].ts']);
    expect(loadWiring({ resolversDir: dir, schema, dataSources })).toHaveLength(1);
  });

  it('ignores shared helpers in lib/, tests, declaration files, notes and the folder tsconfig.json', () => {
    const dir = resolversDir(['lib/helpers.ts', 'Query.note.[notesTable].test.ts', 'types.d.ts', 'README.md', 'tsconfig.json', 'Query.note.[notesTable].ts']);
    expect(loadWiring({ resolversDir: dir, schema, dataSources }).map((entry) => entry.file)).toEqual([join(dir, 'Query.note.[notesTable].ts')]);
  });

  it('names a type the schema lacks, a field the type lacks and a type that is not an object type', () => {
    const message = wiringError(['Querie.note.[notesTable].ts', 'Query.nope.[notesTable].ts', 'NoteInput.text.[NONE].ts']);
    expect(message).toContain('resolvers/Querie.note.[notesTable].ts: type Querie is not in the schema.');
    expect(message).toContain('resolvers/Query.nope.[notesTable].ts: type Query has no field nope.');
    expect(message).toContain('resolvers/NoteInput.text.[NONE].ts: NoteInput is not an object type.');
  });

  it('names a data source the configuration lacks, listing the defined ones', () => {
    expect(wiringError(['Query.note.[noteTable].ts'])).toContain(
      'resolvers/Query.note.[noteTable].ts: data source noteTable is not defined (defined: notesTable, NONE).',
    );
  });

  it('reports a field wired twice, by two unit files or a unit file and a pipeline', () => {
    const message = wiringError([
      'Query.note.[notesTable].ts',
      'Query.note.[NONE].ts',
      'Mutation.addNote.[notesTable].ts',
      'Mutation.addNote/index.ts',
      'Mutation.addNote/1.store.[notesTable].ts',
    ]);
    expect(message).toContain('Query.note is wired more than once: resolvers/Query.note.[NONE].ts, resolvers/Query.note.[notesTable].ts.');
    expect(message).toContain('Mutation.addNote is wired more than once:');
  });

  it('reports malformed names of files, folders and steps', () => {
    const message = wiringError([
      'Query.note.ts',
      'Query.note.[notes-table].ts',
      'query-note/index.ts',
      'Query.notes/index.ts',
      'Query.notes/first.[NONE].ts',
      'Query.notes/1.list.[notesTable].ts',
    ]);
    expect(message).toContain('resolvers/Query.note.ts: not a resolver file name; expected <Type>.<field>.[<dataSource>].ts');
    expect(message).toContain('resolvers/Query.note.[notes-table].ts: not a resolver file name');
    expect(message).toContain('resolvers/query-note: not a pipeline folder name');
    expect(message).toContain('resolvers/Query.notes/first.[NONE].ts: not a pipeline step name; expected index.ts or <n>.<functionName>.[<dataSource>].ts.');
  });

  it('requires a pipeline to have index.ts and steps numbered 1, 2, 3 without gaps or repeats', () => {
    const message = wiringError(['Query.notes/1.a.[NONE].ts', 'Query.notes/3.b.[NONE].ts', 'Query.note/index.ts', 'Query.note/1.a2.[NONE].ts', 'Query.note/1.b2.[NONE].ts']);
    expect(message).toContain('resolvers/Query.notes: a pipeline folder needs an index.ts');
    expect(message).toContain('resolvers/Query.notes: steps must be numbered 1, 2, 3, ... without gaps or repeats (found 1, 3).');
    expect(message).toContain('resolvers/Query.note: steps must be numbered 1, 2, 3, ... without gaps or repeats (found 1, 1).');
  });

  it('refuses a pipeline without steps or with more than AppSync’s 10 functions', () => {
    const tooMany = Array.from({ length: 11 }, (_, i) => `Query.notes/${i + 1}.step${i + 1}.[NONE].ts`);
    const message = wiringError(['Query.note/index.ts', 'Query.notes/index.ts', ...tooMany]);
    expect(message).toContain('resolvers/Query.note: a pipeline folder needs at least one step');
    expect(message).toContain('resolvers/Query.notes: 11 steps; AppSync allows at most 10 functions per pipeline.');
  });

  it('requires function names to be unique across pipelines', () => {
    const message = wiringError(['Query.note/index.ts', 'Query.note/1.load.[notesTable].ts', 'Query.notes/index.ts', 'Query.notes/1.load.[notesTable].ts']);
    expect(message).toContain('function name load is used by more than one step: resolvers/Query.note/1.load.[notesTable].ts, resolvers/Query.notes/1.load.[notesTable].ts.');
  });

  it('lists every problem in one error with their count', () => {
    const message = wiringError(['Query.nope.[notesTable].ts', 'Query.note.[missing].ts']);
    expect(message).toMatch(/^Resolver wiring in resolvers\/ has 2 problems:\n {2}- /);
  });
});
