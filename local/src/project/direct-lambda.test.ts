import { describe, expect, it } from 'vitest';
import { withDirectLambda } from '../datasources/lambda/direct';
import type { DataSourceDefinition } from './definitions';
import { directLambdaResolvers } from './direct-lambda';
import { buildToolingSchema } from './schema';

const schema = buildToolingSchema(`
  type Query { note(id: ID!): Note  notes: [Note!]! }
  type Note { id: ID! text: String! }
  input NoteInput { text: String! }
`);
const dataSources: Record<string, DataSourceDefinition> = {
  desk: { type: 'AWS_LAMBDA', function: 'desk' },
  NONE: { type: 'NONE' },
};
const wiring = [{ kind: 'UNIT' as const, typeName: 'Query', fieldName: 'notes', dataSource: 'NONE', file: '/r/Query.notes.[NONE].ts' }];

describe('directLambdaResolvers', () => {
  it('declares a unit resolver with no code on the named data source', () => {
    expect(directLambdaResolvers({ 'Note.text': 'desk' }, { schema, dataSources, wiring })).toEqual([
      { kind: 'UNIT', typeName: 'Note', fieldName: 'text', dataSource: 'desk', code: { source: "directLambdaResolvers['Note.text']", code: '' } },
    ]);
  });

  it('lists every entry AppSync could not run: unknown field, a field wired by a file, a data source that is not Lambda', () => {
    const declared = { 'Query.nope': 'desk', 'Query.notes': 'desk', 'Query.note': 'NONE', 'NoteInput.text': 'desk', 'Query.note.x': 'missing' };
    expect(() => directLambdaResolvers(declared, { schema, dataSources, wiring })).toThrow(
      [
        'Direct Lambda resolvers have 6 problems:',
        "  - directLambdaResolvers['Query.nope']: the schema has no field Query.nope.",
        "  - directLambdaResolvers['Query.notes']: Query.notes is also wired by a resolver file; keep one.",
        "  - directLambdaResolvers['Query.note']: data source NONE is NONE; a resolver without code runs only on AWS_LAMBDA.",
        "  - directLambdaResolvers['NoteInput.text']: the schema has no field NoteInput.text.",
        "  - directLambdaResolvers['Query.note.x']: expected a key Type.field.",
        "  - directLambdaResolvers['Query.note.x']: data source missing is not defined.",
      ].join('\n'),
    );
  });
});

describe('withDirectLambda (the runner\'s side)', () => {
  const none = { type: 'NONE' as const, name: 'NONE' };
  const desk = { type: 'AWS_LAMBDA' as const, name: 'desk', function: 'desk' };
  const empty = { source: 'x', code: '' };

  it('gives a code-less Lambda resolver Invoke code, and BatchInvoke code when maxBatchSize is above 0', () => {
    const out = withDirectLambda(
      [
        { kind: 'UNIT', typeName: 'Query', fieldName: 'a', dataSource: 'desk', code: empty },
        { kind: 'UNIT', typeName: 'Query', fieldName: 'b', dataSource: 'desk', code: empty, maxBatchSize: 0 },
        { kind: 'UNIT', typeName: 'Query', fieldName: 'c', dataSource: 'desk', code: empty, maxBatchSize: 3 },
      ],
      [{ name: 'step', dataSource: 'desk', code: empty, maxBatchSize: 2 }],
      [desk],
    );
    expect(out.resolvers.map((r) => /operation: '(\w+)'/.exec(r.code.code)?.[1])).toEqual(['Invoke', 'Invoke', 'BatchInvoke']);
    expect(out.functions[0]?.code.code).toContain("operation: 'BatchInvoke'");
    expect(out.resolvers[0]?.code.source).toBe('Query.a (Direct Lambda resolver)');
  });

  it('refuses code-less resolvers AppSync would not run: on another data source, or a pipeline resolver', () => {
    expect(() =>
      withDirectLambda(
        [
          { kind: 'UNIT', typeName: 'Query', fieldName: 'a', dataSource: 'NONE', code: empty },
          { kind: 'PIPELINE', typeName: 'Query', fieldName: 'p', code: empty, functions: [] },
        ],
        [{ name: 'step', dataSource: 'NONE', code: empty }],
        [none, desk],
      ),
    ).toThrow(
      [
        'Resolvers without code:',
        '  - Query.a has no code; only a resolver or function on an AWS_LAMBDA data source may go without (a Direct Lambda resolver), and NONE is not one.',
        '  - Query.p is a pipeline resolver without code; give it APPSYNC_JS code (its request and response).',
        '  - function step has no code; only a resolver or function on an AWS_LAMBDA data source may go without (a Direct Lambda resolver), and NONE is not one.',
      ].join('\n'),
    );
  });
});
