import { describe, expect, it } from 'vitest';
import { evaluate, runExpression } from '../../../test/appsync-js/support';

const dsl = async (filter: unknown): Promise<unknown> => JSON.parse(String(await evaluate(`util.transform.toElasticsearchQueryDSL(${JSON.stringify(filter)})`)));

describe('util.transform.toElasticsearchQueryDSL', () => {
  it('answers the developer guide example as a JSON string, fields and operators AND-ed in written order', async () => {
    // AppSync developer guide, "Transformation helpers in util.transform" (and the same example in
    // @aws-appsync/utils lib/transform-utils.d.ts).
    const text = await evaluate(`util.transform.toElasticsearchQueryDSL({ upvotes: { ne: 15, range: [10, 20] }, title: { eq: 'hihihi', wildcard: 'h*i' } })`);
    expect(typeof text).toBe('string');
    expect(JSON.parse(String(text))).toEqual({
      bool: {
        must: [
          { bool: { must: [{ bool: { must_not: { term: { upvotes: 15 } } } }, { range: { upvotes: { gte: 10, lte: 20 } } }] } },
          { bool: { must: [{ term: { title: 'hihihi' } }, { wildcard: { title: 'h*i' } }] } },
        ],
      },
    });
  });

  it('renders one operator on one field without a wrapping bool', async () => {
    expect(await dsl({ title: { matchPhrase: 'flat white' } })).toEqual({ match_phrase: { title: 'flat white' } });
    expect(await dsl({ price: { lt: 4 } })).toEqual({ range: { price: { lt: 4 } } });
  });

  it('renders and / or / not as bool must / should / must_not', async () => {
    expect(await dsl({ or: [{ size: { eq: 'L' } }, { size: { eq: 'M' } }], not: { name: { matchPhrasePrefix: 'dec' } } })).toEqual({
      bool: {
        must: [
          { bool: { should: [{ term: { size: 'L' } }, { term: { size: 'M' } }] } },
          { bool: { must_not: { match_phrase_prefix: { name: 'dec' } } } },
        ],
      },
    });
  });

  it('renders exists, match, regexp and multiMatch', async () => {
    expect(await dsl({ and: [{ photo: { exists: true } }, { deleted: { exists: false } }] })).toEqual({
      bool: { must: [{ exists: { field: 'photo' } }, { bool: { must_not: { exists: { field: 'deleted' } } } }] },
    });
    expect(await dsl({ notes: { match: 'oat', regexp: 'o.t', multiMatch: 'oat' } })).toEqual({
      bool: { must: [{ match: { notes: 'oat' } }, { regexp: { notes: 'o.t' } }, { multi_match: { query: 'oat', fields: ['notes'] } }] },
    });
  });

  it('refuses an operator the types do not name instead of dropping it', async () => {
    const { result } = await runExpression(`util.transform.toElasticsearchQueryDSL({ title: { like: 'x' } })`);
    expect(result).toMatchObject({
      kind: 'error',
      error: { message: "util.transform.toElasticsearchQueryDSL: unknown operator 'like' on 'title'", errorType: 'ValidationError' },
    });
  });
});
