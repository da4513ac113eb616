import { buildSchema, parse, specifiedRules, validate, type ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatValidationErrors, javaValueText } from './errors';
import { installAppSyncScalars } from './install-scalars';

const schema = buildSchema(/* GraphQL */ `
  scalar AWSDateTime
  input PostInput {
    title: String!
    body: String!
    publishedAt: AWSDateTime
    meta: MetaInput
  }
  input MetaInput {
    tags: [String!]
  }
  type Post {
    id: ID!
    title: String
    comments: [Comment]
  }
  type Comment {
    text: String
  }
  type Query {
    post(id: ID!): Post
  }
  type Mutation {
    createPost(input: PostInput!): Post
  }
`);
installAppSyncScalars(schema);

function messagesFor(query: string): string[] {
  const document = parse(query);
  return formatValidationErrors(validate(schema, document, specifiedRules), document).map((e) => e.message);
}

function literal(text: string): ValueNode {
  const document = parse(`{ post(id: ${text}) { id } }`);
  const operation = document.definitions[0];
  if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
  const field = operation.selectionSet.selections[0];
  if (field?.kind !== 'Field' || !field.arguments?.[0]) throw new Error('no argument');
  return field.arguments[0].value;
}

describe('graphql-java’s query path in validation errors', () => {
  it('joins field names, not aliases, from the operation root down to the offending field', () => {
    expect(messagesFor('{ p: post(id: "1") { c: comments { author } } }')).toEqual([
      "Validation error of type FieldUndefined: Field 'author' in type 'Comment' is undefined @ 'post/comments/author'",
    ]);
  });

  it('starts at the fragment definition for a field written inside one', () => {
    expect(messagesFor('{ post(id: "1") { ...P } } fragment P on Post { comments { author } }')).toEqual([
      "Validation error of type FieldUndefined: Field 'author' in type 'Comment' is undefined @ 'P/comments/author'",
    ]);
  });

  it('places a variable used in the wrong position at the field that uses it', () => {
    expect(messagesFor('query($id: String) { post(id: $id) { id } }')).toEqual([
      "Validation error of type VariableTypeMismatch: Variable type 'String' doesn't match expected type 'ID!' @ 'post'",
    ]);
  });
});

describe('WrongType errors for input literals', () => {
  it('names the argument through nested input fields and prints the literal as graphql-java does', () => {
    expect(messagesFor('mutation { createPost(input: { title: "t", body: "b", publishedAt: "soon" }) { id } }')).toEqual([
      "Validation error of type WrongType: argument 'input.publishedAt' with value 'StringValue{value='soon'}' is not a valid 'AWSDateTime' @ 'createPost'",
    ]);
  });

  it('lists every missing required field of one literal in a single error', () => {
    expect(messagesFor('mutation { createPost(input: { meta: { tags: ["a"] } }) { id } }')).toEqual([
      "Validation error of type WrongType: argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='meta', value=ObjectValue{objectFields=[ObjectField{name='tags', value=ArrayValue{values=[StringValue{value='a'}]}}]}}]}' is missing required fields '[title, body]' @ 'createPost'",
    ]);
  });

  it('reports a field the input type lacks against the object that holds it', () => {
    expect(messagesFor('mutation { createPost(input: { title: "t", body: "b", colour: "red" }) { id } }')).toEqual([
      "Validation error of type WrongType: argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='title', value=StringValue{value='t'}}, ObjectField{name='body', value=StringValue{value='b'}}, ObjectField{name='colour', value=StringValue{value='red'}}]}' contains a field not in 'PostInput': 'colour' @ 'createPost'",
    ]);
  });
});

describe('graphql-java’s printing of literals', () => {
  it.each([
    ['"x"', "StringValue{value='x'}"],
    ['12', 'IntValue{value=12}'],
    ['1.5', 'FloatValue{value=1.5}'],
    ['true', 'BooleanValue{value=true}'],
    ['RED', "EnumValue{name='RED'}"],
    ['null', 'NullValue{}'],
    ['$v', "VariableReference{name='v'}"],
    ['[1, "a"]', "ArrayValue{values=[IntValue{value=1}, StringValue{value='a'}]}"],
    ['{a: {b: 1}}', "ObjectValue{objectFields=[ObjectField{name='a', value=ObjectValue{objectFields=[ObjectField{name='b', value=IntValue{value=1}}]}}]}"],
  ])('prints %s as %s', (source, expected) => {
    expect(javaValueText(literal(source))).toBe(expected);
  });
});
