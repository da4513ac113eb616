/**
 * util.transform.toElasticsearchQueryDSL: an OpenSearchQueryObject (the published types in
 * @aws-appsync/utils transform-utils.d.ts) rendered as OpenSearch Query DSL, answered as a JSON
 * string ("returning it as a JSON string", AppSync developer guide, "Transformation helpers in
 * util.transform").
 *
 * The guide's one example fixes the shape of what it shows: fields, and several operators on one
 * field, are AND'ed as `{ bool: { must: [...] } }` in the order written; `ne` is
 * `{ bool: { must_not: { term } } }`, `eq` a `term`, `wildcard` a `wildcard`, `range: [a, b]` a
 * `range` with `gte`/`lte`. Decided here, in the same style, because AWS does not show them: a
 * single field or operator is not wrapped in a bool; gt/gte/lt/lte are a `range` with that bound;
 * match, matchPhrase, matchPhrasePrefix and regexp are the query of that name (snake_case);
 * multiMatch is `{ multi_match: { query, fields: [field] } }`; exists true/false is an `exists`
 * query or its must_not; and/or/not are bool must/should/must_not. An operator the types do not
 * name is an error rather than a silently dropped condition.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { isPlainObject } from './dynamodb';
import { raiseError } from './signals';

type Query = Record<string, unknown>;

const must = (queries: Query[]): Query => (queries.length === 1 && queries[0] !== undefined ? queries[0] : { bool: { must: queries } });

function invalid(message: string): never {
  return raiseError(`util.transform.toElasticsearchQueryDSL: ${message}`, 'ValidationError');
}

function operatorQuery(field: string, operator: string, value: unknown): Query {
  switch (operator) {
    case 'eq':
      return { term: { [field]: value } };
    case 'ne':
      return { bool: { must_not: { term: { [field]: value } } } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { range: { [field]: { [operator]: value } } };
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) return invalid(`'range' of '${field}' must be a list of two bounds`);
      return { range: { [field]: { gte: value[0], lte: value[1] } } };
    }
    case 'match':
      return { match: { [field]: value } };
    case 'matchPhrase':
      return { match_phrase: { [field]: value } };
    case 'matchPhrasePrefix':
      return { match_phrase_prefix: { [field]: value } };
    case 'multiMatch':
      return { multi_match: { query: value, fields: [field] } };
    case 'wildcard':
      return { wildcard: { [field]: value } };
    case 'regexp':
      return { regexp: { [field]: value } };
    case 'exists':
      return value === false ? { bool: { must_not: { exists: { field } } } } : { exists: { field } };
    default:
      return invalid(`unknown operator '${operator}' on '${field}'`);
  }
}

function listOf(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) return invalid(`'${name}' must be a list of query objects`);
  return value;
}

function renderQuery(filter: unknown): Query {
  if (!isPlainObject(filter)) return invalid('expects a query object');
  const queries: Query[] = [];
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (value === undefined || value === null) continue;
    if (key === 'and') queries.push({ bool: { must: listOf(value, key).map(renderQuery) } });
    else if (key === 'or') queries.push({ bool: { should: listOf(value, key).map(renderQuery) } });
    else if (key === 'not') queries.push({ bool: { must_not: renderQuery(value) } });
    else if (isPlainObject(value)) {
      const operators = Object.keys(value).filter((operator) => value[operator] !== undefined);
      queries.push(must(operators.map((operator) => operatorQuery(key, operator, value[operator]))));
    } else invalid(`the operators of '${key}' must be an object such as { eq: value }`);
  }
  return must(queries);
}

export function toElasticsearchQueryDSL(filter: unknown): string {
  return JSON.stringify(renderQuery(filter));
}
