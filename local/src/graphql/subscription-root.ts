import {
  GraphQLError,
  Kind,
  SingleFieldSubscriptionsRule,
  specifiedRules,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * A subscription operation has exactly one root field (GraphQL spec, "Single Root Field"), and that
 * field may not be conditional: the current draft's CollectSubscriptionFields forbids `@skip` and
 * `@include` in the root selection set (graphql-spec PR #860; graphql-js 17 and graphql-java's
 * SubscriptionRootFieldNoSkipNoInclude enforce it). graphql-js 16's SingleFieldSubscriptionsRule
 * evaluates the directives instead, so `a @skip(if: true) b` passes it as one field although a
 * server that reads the first field would serve `a`. This rule replaces it: every root selection
 * counts, directives or not, through fragments.
 *
 * Texts: graphql-java's (i18n/Validation.properties, SubscriptionUniqueRootField,
 * SubscriptionIntrospectionRootField, SubscriptionRootFieldNoSkipNoInclude) in the
 * "Validation error of type X: …" form AppSync answers with; graphql-java names an anonymous
 * operation 'null'.
 */

interface RootSelection {
  field: FieldNode;
  /** Where a @skip/@include sits on the way to this field (the field itself or a fragment), if anywhere. */
  conditional: SelectionNode | null;
}

function isConditional(selection: SelectionNode): boolean {
  return (selection.directives ?? []).some((directive) => directive.name.value === 'skip' || directive.name.value === 'include');
}

/** Every field of a subscription's root selection set, through inline fragments and spreads. */
function rootSelections(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  conditional: SelectionNode | null = null,
  visited: Set<string> = new Set(),
): RootSelection[] {
  const out: RootSelection[] = [];
  for (const selection of selectionSet.selections) {
    const here = conditional ?? (isConditional(selection) ? selection : null);
    if (selection.kind === Kind.FIELD) {
      out.push({ field: selection, conditional: here });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      out.push(...rootSelections(selection.selectionSet, fragments, here, visited));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Cycles and unknown fragments are reported by their own rules.
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      out.push(...rootSelections(fragment.selectionSet, fragments, here, visited));
    }
  }
  return out;
}

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** The root fields of a subscription operation, each once per response key. */
export function subscriptionRootFields(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FieldNode[] {
  const byKey = new Map<string, FieldNode>();
  for (const { field } of rootSelections(selectionSet, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    if (!byKey.has(key)) byKey.set(key, field);
  }
  return [...byKey.values()];
}

export const SubscriptionRootFieldRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return false;
    const name = node.name?.value ?? 'null';
    const fragments = fragmentsOf(context);
    const selections = rootSelections(node.selectionSet, fragments);
    const fields = subscriptionRootFields(node.selectionSet, fragments);
    if (fields.length > 1) {
      context.reportError(
        new GraphQLError(`Validation error of type SubscriptionMultipleRootFields: Subscription operation '${name}' must have exactly one root field`, {
          nodes: fields.slice(1),
        }),
      );
    }
    for (const { field, conditional } of selections) {
      if (conditional !== null) {
        context.reportError(
          new GraphQLError(
            `Validation error of type SubscriptionRootFieldNoSkipNoInclude: Subscription operation '${name}' root field '${field.name.value}' must not use @skip nor @include directives in top level selection`,
            { nodes: [conditional] },
          ),
        );
      }
      if (field.name.value.startsWith('__')) {
        context.reportError(
          new GraphQLError(
            `Validation error of type SubscriptionIntrospectionRootField: Subscription operation '${name}' root field '${field.name.value}' cannot be an introspection field`,
            { nodes: [field] },
          ),
        );
      }
    }
    return false;
  },
});

/** graphql-js's rules with SingleFieldSubscriptionsRule replaced by SubscriptionRootFieldRule. */
export const validationRules: readonly ValidationRule[] = [
  ...specifiedRules.filter((rule) => rule !== SingleFieldSubscriptionsRule),
  SubscriptionRootFieldRule,
];
