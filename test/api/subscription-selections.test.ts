import { readFileSync } from 'node:fs';
import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type StringValueNode,
  type ListValueNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXPIRE_ORDER, SETTLE_ORDER } from '../../lambdas/expiry-sweeper/sweep';

/**
 * AppSync delivers a mutation's selection set to the subscriptions it feeds: a field the
 * mutation did not select reaches the subscriber as null, and a non-null one fails the delivery
 * ("Cannot return null for non-nullable type"). So every mutation document our apps and services
 * send must select at least what every subscription document on a field it feeds selects. This
 * reads the schema's @aws_subscribe lists and every document that is sent: the web apps'
 * operations and the sweeper's.
 */

const schema = parse(readFileSync('schema/schema.graphql', 'utf8'));
const sent: Array<{ source: string; document: DocumentNode }> = [
  { source: 'client/src/graphql/operations.graphql', document: parse(readFileSync('client/src/graphql/operations.graphql', 'utf8')) },
  { source: 'lambdas/expiry-sweeper (expireOrder)', document: parse(EXPIRE_ORDER) },
  { source: 'lambdas/expiry-sweeper (settleOrder)', document: parse(SETTLE_ORDER) },
];

/** Subscription field -> the mutations that feed it, from the schema. */
function feeds(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const definition of schema.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.name.value !== 'Subscription') continue;
    for (const field of definition.fields ?? []) {
      const subscribe = field.directives?.find((directive) => directive.name.value === 'aws_subscribe');
      const list = subscribe?.arguments?.find((argument) => argument.name.value === 'mutations')?.value as ListValueNode | undefined;
      result.set(field.name.value, (list?.values ?? []).map((value) => (value as StringValueNode).value));
    }
  }
  return result;
}

type Tree = Map<string, Tree>;

/** The fields a selection set selects, fragments expanded, as a tree of names. */
function treeOf(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): Tree {
  const tree: Tree = new Map();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const below = treeOf(selection.selectionSet, fragments);
      const existing = tree.get(name);
      if (existing) for (const [key, value] of below) existing.set(key, value);
      else tree.set(name, below);
    } else {
      const set = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : selection.selectionSet;
      for (const [key, value] of treeOf(set, fragments)) tree.set(key, value);
    }
  }
  return tree;
}

/** The paths `wanted` has that `given` lacks. */
function missing(given: Tree, wanted: Tree, prefix = ''): string[] {
  return [...wanted].flatMap(([name, below]) => {
    const there = given.get(name);
    return there ? missing(there, below, `${prefix}${name}.`) : [`${prefix}${name}`];
  });
}

type RootSelection = { source: string; operation: string; field: string; tree: Tree };

function rootSelections(kind: 'mutation' | 'subscription'): RootSelection[] {
  return sent.flatMap(({ source, document }) => {
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return document.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === kind)
      .flatMap((operation) =>
        operation.selectionSet.selections.flatMap((selection) =>
          selection.kind === Kind.FIELD ? [{ source, operation: operation.name?.value ?? '(anonymous)', field: selection.name.value, tree: treeOf(selection.selectionSet, fragments) }] : [],
        ),
      );
  });
}

describe('mutations that feed subscriptions', () => {
  const subscriptions = rootSelections('subscription');
  const mutations = rootSelections('mutation');
  const pairs = [...feeds()].flatMap(([subscriptionField, fed]) =>
    subscriptions
      .filter((subscription) => subscription.field === subscriptionField)
      .flatMap((subscription) => mutations.filter((mutation) => fed.includes(mutation.field)).map((mutation) => ({ subscription, mutation }))),
  );

  it('are found in what the apps and the sweeper send, for every order subscription', () => {
    const fed = new Set(pairs.map(({ mutation }) => mutation.field));
    for (const field of ['placeOrder', 'payOrder', 'cancelOrder', 'startPreparing', 'markReady', 'markCollected', 'expireOrder', 'settleOrder']) {
      expect(fed, `no document sends ${field}`).toContain(field);
    }
  });

  it.each(pairs.map(({ subscription, mutation }) => [`${mutation.operation} (${mutation.source})`, subscription.operation, subscription, mutation] as const))(
    '%s selects everything %s renders',
    (_name, _subscriptionName, subscription, mutation) => {
      expect(missing(mutation.tree, subscription.tree)).toEqual([]);
    },
  );
});
