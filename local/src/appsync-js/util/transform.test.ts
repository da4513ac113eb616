import { describe, expect, it } from 'vitest';
import { transform } from './transform';

// Expected texts are AWS's own answers (EvaluateCode, APPSYNC_JS 1.0.0), as recorded by the
// localstack/appsync-utils test suite against the real service. AWS orders the keys of
// expressionNames / expressionValues arbitrarily, so those are compared as objects; the
// expression itself is compared character for character.

interface Rendered {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, unknown>;
}

function filter(input: unknown): Rendered | null {
  const result = transform.toDynamoDBFilterExpression(input);
  return result === null ? null : (JSON.parse(result) as Rendered);
}

describe('util.transform.toDynamoDBFilterExpression', () => {
  it('answers a JSON string, keys in the order expression, names, values', () => {
    expect(transform.toDynamoDBFilterExpression({ content: { contains: 'foo' } })).toBe(
      '{"expression":"(contains(#content,:content_contains))","expressionNames":{"#content":"content"},"expressionValues":{":content_contains":{"S":"foo"}}}',
    );
    expect(transform.toDynamoDBConditionExpression({ and: [{ id: { attributeExists: false } }] })).toBe(
      '{"expression":"(attribute_not_exists(#id))","expressionNames":{"#id":"id"},"expressionValues":{}}',
    );
  });

  it.each([
    ['eq', '='],
    ['ne', '<>'],
    ['lt', '<'],
    ['le', '<='],
    ['gt', '>'],
    ['ge', '>='],
  ])('renders %s as %s', (operator, symbol) => {
    expect(filter({ v: { [operator]: 'x' } })).toEqual({
      expression: `(#v ${symbol} :v_${operator})`,
      expressionNames: { '#v': 'v' },
      expressionValues: { [`:v_${operator}`]: { S: 'x' } },
    });
  });

  it('types each operand with util.dynamodb, numbers staying numbers', () => {
    expect(filter({ v: { eq: 10 } })?.expressionValues).toEqual({ ':v_eq': { N: 10 } });
    expect(filter({ v: { eq: 1.5 } })?.expressionValues).toEqual({ ':v_eq': { N: 1.5 } });
    expect(filter({ v: { eq: true } })?.expressionValues).toEqual({ ':v_eq': { BOOL: true } });
    expect(filter({ v: { eq: null } })?.expressionValues).toEqual({ ':v_eq': { NULL: null } });
    expect(filter({ v: { eq: { a: 1 } } })?.expressionValues).toEqual({ ':v_eq': { M: { a: { N: 1 } } } });
    expect(filter({ v: { eq: [1, 2] } })?.expressionValues).toEqual({ ':v_eq': { L: [{ N: 1 }, { N: 2 }] } });
  });

  it('renders the function operators without a space after the comma', () => {
    expect(filter({ v: { contains: 'x' } })?.expression).toBe('(contains(#v,:v_contains))');
    expect(filter({ v: { notContains: 'x' } })?.expression).toBe('(NOT contains(#v,:v_notContains))');
    expect(filter({ v: { beginsWith: 'x' } })?.expression).toBe('(begins_with(#v,:v_beginsWith))');
  });

  it('names the bounds of between start and end and ignores extra bounds', () => {
    const expected = {
      expression: '(#v BETWEEN :v_between_start AND :v_between_end)',
      expressionNames: { '#v': 'v' },
      expressionValues: { ':v_between_start': { S: '1' }, ':v_between_end': { S: '9' } },
    };
    expect(filter({ v: { between: ['1', '9'] } })).toEqual(expected);
    expect(filter({ v: { between: ['1', '9', '3'] } })).toEqual(expected);
  });

  it('separates the values of in with a comma and a space', () => {
    expect(filter({ v: { in: ['a', 'b'] } })).toEqual({
      expression: '(#v IN (:v_in_0, :v_in_1))',
      expressionNames: { '#v': 'v' },
      expressionValues: { ':v_in_0': { S: 'a' }, ':v_in_1': { S: 'b' } },
    });
    expect(filter({ v: { in: ['a'] } })?.expression).toBe('(#v IN (:v_in_0))');
  });

  it('renders attributeExists both ways without values', () => {
    expect(filter({ v: { attributeExists: true } })).toEqual({ expression: '(attribute_exists(#v))', expressionNames: { '#v': 'v' }, expressionValues: {} });
    expect(filter({ v: { attributeExists: false } })?.expression).toBe('(attribute_not_exists(#v))');
  });

  it('turns every friendly attribute type name into its DynamoDB type code', () => {
    const result = filter({
      a: { attributeType: '_null' },
      b: { attributeType: 'string' },
      c: { attributeType: 'stringSet' },
      d: { attributeType: 'number' },
      e: { attributeType: 'numberSet' },
      f: { attributeType: 'binary' },
      g: { attributeType: 'binarySet' },
      h: { attributeType: 'boolean' },
      i: { attributeType: 'list' },
      j: { attributeType: 'map' },
    });
    expect(result?.expression).toBe(
      '(attribute_type(#a,:a_attributeType)) AND (attribute_type(#b,:b_attributeType)) AND (attribute_type(#c,:c_attributeType)) AND (attribute_type(#d,:d_attributeType)) AND (attribute_type(#e,:e_attributeType)) AND (attribute_type(#f,:f_attributeType)) AND (attribute_type(#g,:g_attributeType)) AND (attribute_type(#h,:h_attributeType)) AND (attribute_type(#i,:i_attributeType)) AND (attribute_type(#j,:j_attributeType))',
    );
    expect(Object.values(result?.expressionValues ?? {})).toEqual(
      ['NULL', 'S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'L', 'M'].map((code) => ({ S: code })),
    );
  });

  it('compares the size of an attribute, naming its values after the size', () => {
    expect(filter({ v: { size: { gt: 2 } } })).toEqual({
      expression: '(size(#v) > :v_size_gt)',
      expressionNames: { '#v': 'v' },
      expressionValues: { ':v_size_gt': { N: 2 } },
    });
    expect(filter({ v: { size: { between: [1, 3] } } })?.expression).toBe('(size(#v) BETWEEN :v_size_between_start AND :v_size_between_end)');
    expect(filter({ v: { size: { contains: 'x' } } })?.expression).toBe('(contains(size(#v),:v_size_contains))');
    expect(filter({ v: { size: { attributeExists: true } } })?.expression).toBe('(attribute_exists(size(#v)))');
    expect(filter({ v: { size: { gt: 2, lt: 5 } } })?.expression).toBe('((size(#v) > :v_size_gt) AND (size(#v) < :v_size_lt))');
  });

  it('names a nested size again without nesting the call', () => {
    expect(filter({ v: { size: { size: { gt: 1 } } } })).toEqual({
      expression: '(size(#v) > :v_size_size_gt)',
      expressionNames: { '#v': 'v' },
      expressionValues: { ':v_size_size_gt': { N: 1 } },
    });
  });

  describe('grouping', () => {
    it.each([
      ['two fields at the top level are joined without being wrapped', { a: { eq: 1 }, b: { eq: 2 } }, '(#a = :a_eq) AND (#b = :b_eq)'],
      ['a field carrying two operators is wrapped', { v: { ge: 1, le: 5 } }, '((#v >= :v_ge) AND (#v <= :v_le))'],
      ['an and of one member is not wrapped', { and: [{ a: { eq: 1 } }] }, '(#a = :and_0_a_eq)'],
      ['an and of two members is wrapped', { and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, '((#a = :and_0_a_eq) AND (#b = :and_1_b_eq))'],
      ['an or of two members', { or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, '((#a = :or_0_a_eq) OR (#b = :or_1_b_eq))'],
      ['not of a single comparison', { not: { a: { eq: 1 } } }, '(NOT (#a = :not_a_eq))'],
      ['not of a group', { not: { and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] } }, '(NOT ((#a = :not_and_0_a_eq) AND (#b = :not_and_1_b_eq)))'],
      ['not of a not', { not: { not: { a: { eq: 1 } } } }, '(NOT (NOT (#a = :not_not_a_eq)))'],
      ['not inside an and', { and: [{ not: { a: { eq: 1 } } }, { b: { eq: 2 } }] }, '((NOT (#a = :and_0_not_a_eq)) AND (#b = :and_1_b_eq))'],
      [
        'an and inside an or',
        { or: [{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] },
        '(((#a = :or_0_and_0_a_eq) AND (#b = :or_0_and_1_b_eq)) OR (#c = :or_1_c_eq))',
      ],
      [
        'an or inside an and',
        { and: [{ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] },
        '(((#a = :and_0_or_0_a_eq) OR (#b = :and_0_or_1_b_eq)) AND (#c = :and_1_c_eq))',
      ],
      ['value names carry every level of the nesting', { and: [{ or: [{ and: [{ a: { eq: 1 } }] }] }] }, '(#a = :and_0_or_0_and_0_a_eq)'],
      ['a field beside a group', { a: { eq: 1 }, and: [{ b: { eq: 2 } }] }, '(#a = :a_eq) AND (#b = :and_0_b_eq)'],
      ['a field name used verbatim, dots included', { 'a.b': { eq: 1 } }, '(#a.b = :a.b_eq)'],
    ])('%s', (_name, input, expression) => {
      expect(filter(input)?.expression).toBe(expression);
    });

    it('registers the value of a dotted field under the verbatim name', () => {
      expect(filter({ 'a.b': { eq: 1 } })).toEqual({
        expression: '(#a.b = :a.b_eq)',
        expressionNames: { '#a.b': 'a.b' },
        expressionValues: { ':a.b_eq': { N: 1 } },
      });
    });
  });

  describe('filters that render no expression', () => {
    it.each([
      ['an empty filter', {}, '', {}],
      ['an empty group', { and: [] }, '', {}],
      ['a field without operators keeps its name', { v: {} }, '', { '#v': 'v' }],
      ['a size without operators keeps the name of its field', { v: { size: {} } }, '', { '#v': 'v' }],
      ['not of an empty filter', { not: {} }, '(NOT )', {}],
      ['an empty list of values', { v: { in: [] } }, '(null)', { '#v': 'v' }],
      ['an empty field beside a comparison leaves a dangling joiner', { a: { eq: 1 }, b: {} }, '(#a = :a_eq) AND ', { '#a': 'a', '#b': 'b' }],
      ['an empty member of a group leaves a dangling joiner', { and: [{ a: { eq: 1 } }, {}] }, '((#a = :and_0_a_eq) AND )', { '#a': 'a' }],
    ])('%s', (_name, input, expression, names) => {
      const result = filter(input);
      expect(result?.expression).toBe(expression);
      expect(result?.expressionNames).toEqual(names);
    });
  });

  describe('filters AWS cannot render answer null', () => {
    it.each([
      ['no filter at all', undefined],
      ['null', null],
      ['an array', []],
      ['a string', 'string'],
      ['an unknown operator', { v: { foo: 1 } }],
      ['a field holding a value instead of operators', { v: 'x' }],
      ['a field nested in a field', { a: { b: { eq: 1 } } }],
      ['an and given a map instead of a list', { and: { a: { eq: 1 } } }],
      ['an and given null', { and: null }],
      ['a group holding a null member', { and: [{ a: { eq: 1 } }, null] }],
      ['a not given a list', { not: [{ a: { eq: 1 } }] }],
      ['a range with a single bound', { v: { between: [1] } }],
      ['a range that is not a list', { v: { between: 'x' } }],
      ['a list of values that is not a list', { v: { in: 'x' } }],
      ['attributeExists given something other than a boolean', { v: { attributeExists: 'yes' } }],
      ['attributeType given a type code instead of a type name', { v: { attributeType: 'S' } }],
      ['attributeType given an unknown name', { v: { attributeType: 'bogus' } }],
      ['size given a value instead of operators', { v: { size: 3 } }],
    ])('%s', (_name, input) => {
      expect(transform.toDynamoDBFilterExpression(input)).toBeNull();
    });
  });

  it('renders conditions exactly as filters', () => {
    for (const input of [
      { content: { eq: 'x' } },
      { and: [{ content: { eq: 'x' } }, { version: { attributeExists: true } }] },
      { not: { id: { between: ['1', '9'] } } },
    ]) {
      expect(transform.toDynamoDBConditionExpression(input)).toBe(transform.toDynamoDBFilterExpression(input));
    }
  });

  it('renders the guard Amplify puts on an update', () => {
    expect(filter({ and: [{ id: { attributeExists: true } }, { _version: { eq: 1 } }] })).toEqual({
      expression: '((attribute_exists(#id)) AND (#_version = :and_1__version_eq))',
      expressionNames: { '#id': 'id', '#_version': '_version' },
      expressionValues: { ':and_1__version_eq': { N: 1 } },
    });
  });
});

describe('util.transform.toSubscriptionFilter', () => {
  const entry = (fieldName: string, operator: string, value: unknown) => ({ fieldName, operator, value });
  const groups = (...alternatives: ReturnType<typeof entry>[][]) => ({ filterGroup: alternatives.map((filters) => ({ filters })) });

  it('answers an object, not a JSON string', () => {
    expect(transform.toSubscriptionFilter({ a: { eq: 1 } })).toEqual(groups([entry('a', 'eq', 1)]));
  });

  it('combines fields, and members and a field beside an and into one group, in key order', () => {
    expect(transform.toSubscriptionFilter({ a: { eq: 1 }, b: { eq: 2 } })).toEqual(groups([entry('a', 'eq', 1), entry('b', 'eq', 2)]));
    expect(transform.toSubscriptionFilter({ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] })).toEqual(groups([entry('a', 'eq', 1), entry('b', 'eq', 2)]));
    expect(transform.toSubscriptionFilter({ z: { eq: 0 }, and: [{ a: { eq: 1 } }] })).toEqual(groups([entry('z', 'eq', 0), entry('a', 'eq', 1)]));
  });

  it('keeps a field path as written', () => {
    expect(transform.toSubscriptionFilter({ 'loc.addr.country': { eq: 'USA' } })).toEqual(groups([entry('loc.addr.country', 'eq', 'USA')]));
  });

  it('makes each operator of one field an alternative', () => {
    expect(transform.toSubscriptionFilter({ a: { eq: 1, ne: 2 } })).toEqual(groups([entry('a', 'eq', 1)], [entry('a', 'ne', 2)]));
  });

  it('splits an or into a group per member and multiplies an or nested in an and', () => {
    expect(transform.toSubscriptionFilter({ or: [{ a: { eq: 1 } }, { b: { eq: 2 } }] })).toEqual(groups([entry('a', 'eq', 1)], [entry('b', 'eq', 2)]));
    expect(transform.toSubscriptionFilter({ and: [{ a: { eq: 1 } }, { or: [{ b: { eq: 2 } }, { c: { eq: 3 } }] }] })).toEqual(
      groups([entry('a', 'eq', 1), entry('b', 'eq', 2)], [entry('a', 'eq', 1), entry('c', 'eq', 3)]),
    );
  });

  it('multiplies operators and groups out like the reference example', () => {
    const result = transform.toSubscriptionFilter({
      percentageUp: { lte: 50, gte: 20 },
      and: [{ title: { ne: 'Book1' } }, { downvotes: { gt: 2000 } }],
      or: [{ author: { eq: 'Admin' } }, { isPublished: { eq: false } }],
    });
    const shared = [entry('title', 'ne', 'Book1'), entry('downvotes', 'gt', 2000)];
    expect(result).toEqual(
      groups(
        [entry('percentageUp', 'lte', 50), ...shared, entry('author', 'eq', 'Admin')],
        [entry('percentageUp', 'lte', 50), ...shared, entry('isPublished', 'eq', false)],
        [entry('percentageUp', 'gte', 20), ...shared, entry('author', 'eq', 'Admin')],
        [entry('percentageUp', 'gte', 20), ...shared, entry('isPublished', 'eq', false)],
      ),
    );
  });

  it('carries operators through unchecked and reads not as a field name', () => {
    expect(transform.toSubscriptionFilter({ a: { in: [1, 2] }, b: { notIn: ['x'] } })).toEqual(groups([entry('a', 'in', [1, 2]), entry('b', 'notIn', ['x'])]));
    expect(transform.toSubscriptionFilter({ a: { containsAny: ['x', 'y'] } })).toEqual(groups([entry('a', 'containsAny', ['x', 'y'])]));
    expect(transform.toSubscriptionFilter({ a: { bogus: 1 } })).toEqual(groups([entry('a', 'bogus', 1)]));
    expect(transform.toSubscriptionFilter({ not: { a: { eq: 1 } } })).toEqual(groups([entry('not', 'a', { eq: 1 })]));
  });

  it('drops ignored fields at any depth', () => {
    expect(transform.toSubscriptionFilter({ a: { eq: 1 }, b: { eq: 2 } }, ['a'])).toEqual(groups([entry('b', 'eq', 2)]));
    expect(transform.toSubscriptionFilter({ a: { eq: 1 }, and: [{ b: { eq: 2 } }] }, ['b'])).toEqual(groups([entry('a', 'eq', 1)]));
  });

  it('adds each rule as an alternative every group must meet', () => {
    expect(transform.toSubscriptionFilter({ a: { eq: 1 } }, [], { r1: { gte: 250 }, r2: { eq: 'p' } })).toEqual(
      groups([entry('a', 'eq', 1), entry('r1', 'gte', 250)], [entry('a', 'eq', 1), entry('r2', 'eq', 'p')]),
    );
    expect(transform.toSubscriptionFilter({}, [], { r1: { eq: 1 } })).toEqual(groups([entry('r1', 'eq', 1)]));
  });

  it('answers no group for filters without operators', () => {
    expect(transform.toSubscriptionFilter({})).toEqual({ filterGroup: [] });
    expect(transform.toSubscriptionFilter({ a: {} })).toEqual({ filterGroup: [] });
    expect(transform.toSubscriptionFilter({ and: [] })).toEqual({ filterGroup: [] });
  });

  it('answers null for anything but a filter object', () => {
    expect(transform.toSubscriptionFilter(null)).toBeNull();
    expect(transform.toSubscriptionFilter(undefined)).toBeNull();
    expect(transform.toSubscriptionFilter([])).toBeNull();
    expect(transform.toSubscriptionFilter('{"a":{"eq":1}}')).toBeNull();
  });
});
