import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectionSetGraphQL, selectionSetList, unalias } from './selection';

// The query from the AppSync developer guide's "info" section of the resolver context reference.
const document = parse(`
query {
  getPost(id: $postId) {
    postId
    title
    secondTitle: title
    content
    author(name: "AUTHOR") {
      authorId
      name
    }
    secondAuthor(name: "ANOTHER_AUTHOR") {
      name
    }
    ... on Post {
      inlineFrag: comments {
        id
      }
    }
    ... postFrag
  }
}
fragment postFrag on Post {
  postFrag: comments {
    id
  }
}`);
const operation = document.definitions[0] as OperationDefinitionNode;
const field = operation.selectionSet.selections[0] as FieldNode;
const fragments = { postFrag: document.definitions[1] as FragmentDefinitionNode };

describe('ctx.info selection sets', () => {
  it('lists every selected path by response key with fragments expanded, as the guide shows', () => {
    expect(selectionSetList([field], fragments)).toEqual([
      'postId',
      'title',
      'secondTitle',
      'content',
      'author',
      'author/authorId',
      'author/name',
      'secondAuthor',
      'secondAuthor/name',
      'inlineFrag',
      'inlineFrag/id',
      'postFrag',
      'postFrag/id',
    ]);
  });

  it('prints the selection set as written, spreads kept', () => {
    const printed = selectionSetGraphQL([field]);
    expect(printed.startsWith('{\n  postId\n  title\n  secondTitle: title')).toBe(true);
    expect(printed).toContain('...postFrag');
    expect(printed).toContain('author(name: "AUTHOR") {');
  });
});

describe('unalias', () => {
  it('re-keys a result from aliases to field names, merging one field selected twice', () => {
    const set = parse('{ x { id a: name b: name inner: child { v } } }').definitions[0] as OperationDefinitionNode;
    const x = set.selectionSet.selections[0] as FieldNode;
    expect(x.kind).toBe(Kind.FIELD);
    const out = unalias(x.selectionSet, { id: '1', a: 'n', b: 'n', inner: { v: 2 } }, {});
    expect(out).toEqual({ id: '1', name: 'n', child: { v: 2 } });
  });
});
