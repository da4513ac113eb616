import { describe, expect, it } from 'vitest';
import type { FunctionConfig, ResolverConfig } from '../config';
import { applyFunctionSettings, applyResolverSettings } from './resolver-settings';

const code = { source: 'x', code: 'export function request() { return {}; }' };
const step: FunctionConfig = { name: 'noteOf', dataSource: 'desk', code };
const pipeline: ResolverConfig = { kind: 'PIPELINE', typeName: 'Book', fieldName: 'note', code, functions: ['noteOf'] };

describe('applyFunctionSettings', () => {
  it("gives a pipeline function its maxBatchSize and leaves the others as they were", () => {
    const other: FunctionConfig = { name: 'other', dataSource: 'desk', code };
    expect(applyFunctionSettings([step, other], { noteOf: { maxBatchSize: 3 } })).toEqual([{ ...step, maxBatchSize: 3 }, other]);
  });

  it('refuses a name that no step file defines', () => {
    expect(() => applyFunctionSettings([step], { notOf: { maxBatchSize: 3 } })).toThrow(
      "functionSettings names 'notOf', which no pipeline step file defines (steps are <n>.<functionName>.[<dataSource>].ts).",
    );
  });
});

describe('applyResolverSettings', () => {
  it('refuses maxBatchSize on a pipeline resolver, pointing at functionSettings', () => {
    expect(() => applyResolverSettings([pipeline], { 'Book.note': { maxBatchSize: 2 } })).toThrow(
      'Book.note: maxBatchSize applies to unit resolvers; this one is a pipeline (give its functions one in functionSettings).',
    );
  });
});
