import { GraphQLError, Kind, Lexer, Source, TokenKind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * What one query text may cost before graphql-js's validation runs, so that no request can hold
 * the event loop: validation's OverlappingFieldsCanBeMerged compares every pair of fields that
 * share a response name, so 8,000 copies of one field cost 32 million comparisons (65 s).
 *
 * The error texts of the token and nesting limits are graphql-java's (ParserOptions, the parser
 * AppSync runs), and so is the nesting bound (maxRuleDepth 500). Its token default, 15,000, is
 * not used: AppSync's own is unpublished and its documented 10,000-resolver limit is reachable
 * with 10,000 aliased root fields that take an argument (11 tokens each: `m1: menuItem(id: "x") { id }`), so the runtime allows 200,000 (a 1 MB body
 * holds at most ~500,000). The merge
 * budget is this runtime's own: AppSync's answer to thousands of repeated fields is not published
 * (graphql-java ≥ 20 validates them in near-linear time), so the runtime refuses above a bound no
 * hand-written query reaches (see local/docs/graphql-http.md).
 */
export interface QueryBudget {
  /** Grammar tokens (punctuation, names, values; not whitespace, commas or comments) in one document. */
  maxTokens: number;
  /** Nesting of `{`, `(` and `[` in one document. */
  maxNesting: number;
  /** Field pairs the overlap rule may compare: Σ k² over response paths, fragments expanded. */
  maxMergeComparisons: number;
}

export const DEFAULT_QUERY_BUDGET: QueryBudget = { maxTokens: 200_000, maxNesting: 500, maxMergeComparisons: 50_000 };

const cancelled = 'To prevent Denial Of Service attacks, parsing has been cancelled.';

/**
 * One linear pass of graphql-js's lexer (no recursion, so no stack to exhaust): refuses a text
 * with too many tokens or too deep a nesting before the recursive parser sees it. A text the lexer
 * rejects passes with the tokens counted so far: the parser then reports the syntax error.
 */
export function checkTokens(text: string, budget: QueryBudget): { tokens: number } | { error: GraphQLError } {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > budget.maxTokens) {
        return { error: new GraphQLError(`Invalid Syntax : More than ${budget.maxTokens} 'grammar' tokens have been presented. ${cancelled}`) };
      }
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.PAREN_L || token.kind === TokenKind.BRACKET_L) {
        depth += 1;
        if (depth > budget.maxNesting) {
          return { error: new GraphQLError(`Invalid Syntax : More than ${budget.maxNesting} deep 'grammar' rules have been entered. ${cancelled}`) };
        }
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.PAREN_R || token.kind === TokenKind.BRACKET_R) {
        depth -= 1;
      }
    }
  } catch {
    return { tokens };
  }
  return { tokens };
}

/** A selection set and the named fragments spread on the way to it (to cut fragment cycles). */
interface Scoped {
  set: SelectionSetNode;
  spreading: ReadonlySet<string>;
}

/**
 * An upper bound of the overlap rule's work, computed without its quadratic loops: the fields of
 * a document are merged by response path (aliases, inline fragments and named fragments
 * expanded), and a path reached by k field nodes costs k² comparisons. Stops as soon as the
 * budget is spent, so its own work is bounded by the budget plus the document's size.
 */
export function checkMergeCost(document: DocumentNode, budget: QueryBudget): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let spent = 0;
  const overBudget = (): boolean => spent > budget.maxMergeComparisons;

  /** Field nodes of the given selection sets, grouped by response name; fragment cycles cut. */
  function group(sets: readonly Scoped[]): Map<string, Scoped[]> {
    const byName = new Map<string, Scoped[]>();
    const counts = new Map<string, number>();
    const pending = [...sets];
    while (pending.length > 0 && !overBudget()) {
      const { set, spreading } = pending.pop() as Scoped;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = (selection.alias ?? selection.name).value;
          const k = (counts.get(name) ?? 0) + 1;
          counts.set(name, k);
          // k² - (k-1)²: the running total of k² for this name.
          spent += 2 * k - 1;
          if (selection.selectionSet) {
            const children = byName.get(name) ?? [];
            children.push({ set: selection.selectionSet, spreading });
            byName.set(name, children);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          pending.push({ set: selection.selectionSet, spreading });
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A cycle is a validation error (NoFragmentCycles) that graphql-js reports cheaply.
          if (fragment && !spreading.has(name)) pending.push({ set: fragment.selectionSet, spreading: new Set([...spreading, name]) });
        }
        if (overBudget()) break;
      }
    }
    return byName;
  }

  const work: Array<readonly Scoped[]> = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) work.push([{ set: definition.selectionSet, spreading: new Set() }]);
    if (definition.kind === Kind.FRAGMENT_DEFINITION) work.push([{ set: definition.selectionSet, spreading: new Set([definition.name.value]) }]);
  }
  while (work.length > 0 && !overBudget()) {
    for (const children of group(work.pop() as readonly Scoped[]).values()) work.push(children);
  }
  if (!overBudget()) return null;
  return new GraphQLError(
    `Validation error of type QueryTooComplex: More than ${budget.maxMergeComparisons} field comparisons are needed to validate this document (fields repeated under one response name). To prevent Denial Of Service attacks, validation has been cancelled.`,
  );
}
