import {
  getNamedType,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { AuthModeType } from '../config';
import type { AuthContext } from '../identity';
import type { AuthConfig } from './authenticate';

/**
 * AppSync's schema-level authorization: which auth modes (and Cognito groups) may read a field.
 * The rules, with their sources, are in local/docs/auth.md; in short:
 * - a field's own auth directives decide; without any, its type's directives; without those, only
 *   the API's default mode may read it;
 * - a field whose return type carries its own auth directives is also closed to callers that type
 *   does not admit (the error then names the return type);
 * - cognito_groups admits members of ANY listed group;
 * - @aws_auth counts only on an API whose sole mode is Cognito, and only on root operation fields;
 *   there, with defaultAction DENY, a root field without @aws_auth is closed;
 * - @aws_oidc and @aws_lambda follow the same rules as @aws_api_key and @aws_iam;
 * - an AWS_LAMBDA caller's deniedFields (from its authorizer) answer Unauthorized wherever they occur.
 */

/** AppSync's field-level denial: the field resolves to null with this error. */
export interface FieldDenial {
  errorType: 'Unauthorized';
  message: string;
}

type DirectiveMode = AuthModeType;

interface Rule {
  modes: ReadonlySet<DirectiveMode>;
  /** For Cognito callers: membership in any of these groups admits; null admits every user. */
  cognitoGroups: readonly string[] | null;
}

interface FieldRule {
  own: Rule;
  /** The return type's own rule, when it declares one. */
  returned: { typeName: string; rule: Rule } | null;
}

type RuleTable = Map<string, Map<string, FieldRule>>;

const MODE_DIRECTIVES: Readonly<Record<string, DirectiveMode>> = {
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
};

/** Only the parts of the auth config that change the rules. */
interface Policy {
  defaultMode: AuthModeType;
  /** Cognito is the only mode: @aws_auth counts and defaultAction applies. */
  soleCognito: boolean;
  denyByDefault: boolean;
}

const tables = new WeakMap<GraphQLSchema, Map<string, RuleTable>>();

/**
 * Decides whether the caller may read `typeName.fieldName`; null means allowed. The rules are
 * computed once per schema and auth config, so each call is a lookup.
 */
export function authorizeField(
  schema: GraphQLSchema,
  config: AuthConfig,
  auth: AuthContext,
  typeName: string,
  fieldName: string,
): FieldDenial | null {
  // Meta fields (__typename, introspection) carry no directives and AppSync does not restrict them.
  if (fieldName.startsWith('__')) return null;
  // A Lambda authorizer's deniedFields close fields whatever the directives say.
  if (auth.deniedFields?.has(`${typeName}.${fieldName}`)) return denial(fieldName, typeName);
  const rule = ruleTable(schema, policyOf(config)).get(typeName)?.get(fieldName);
  if (!rule || !admits(rule.own, auth)) return denial(fieldName, typeName);
  if (rule.returned && !admits(rule.returned.rule, auth)) return denial(fieldName, rule.returned.typeName);
  return null;
}

/** The same decision bound to one schema and config, in the shape the executor takes. */
export function fieldAuthorizer(
  schema: GraphQLSchema,
  config: AuthConfig,
): (typeName: string, fieldName: string, auth: AuthContext) => FieldDenial | null {
  return (typeName, fieldName, auth) => authorizeField(schema, config, auth, typeName, fieldName);
}

function denial(fieldName: string, typeName: string): FieldDenial {
  return { errorType: 'Unauthorized', message: `Not Authorized to access ${fieldName} on type ${typeName}` };
}

function admits(rule: Rule, auth: AuthContext): boolean {
  if (!rule.modes.has(auth.mode)) return false;
  if (auth.mode !== 'AMAZON_COGNITO_USER_POOLS' || rule.cognitoGroups === null) return true;
  const callerGroups = auth.identity && 'groups' in auth.identity ? (auth.identity.groups ?? []) : [];
  const allowed = rule.cognitoGroups;
  return callerGroups.some((group) => allowed.includes(group));
}

function policyOf(config: AuthConfig): Policy {
  const soleCognito = config.defaultAuth.type === 'AMAZON_COGNITO_USER_POOLS' && config.additionalAuth.length === 0;
  const denyByDefault =
    soleCognito && config.defaultAuth.type === 'AMAZON_COGNITO_USER_POOLS' && config.defaultAuth.defaultAction === 'DENY';
  return { defaultMode: config.defaultAuth.type, soleCognito, denyByDefault };
}

function ruleTable(schema: GraphQLSchema, policy: Policy): RuleTable {
  let perPolicy = tables.get(schema);
  if (!perPolicy) {
    perPolicy = new Map();
    tables.set(schema, perPolicy);
  }
  const key = `${policy.defaultMode}|${policy.soleCognito}|${policy.denyByDefault}`;
  let table = perPolicy.get(key);
  if (!table) {
    table = buildTable(schema, policy);
    perPolicy.set(key, table);
  }
  return table;
}

function buildTable(schema: GraphQLSchema, policy: Policy): RuleTable {
  const rootTypes = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      type ? [type.name] : [],
    ),
  );
  const table: RuleTable = new Map();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = new Map<string, FieldRule>();
    for (const field of Object.values(type.getFields())) {
      fields.set(field.name, {
        own: fieldRule(type, field, rootTypes.has(type.name), policy),
        returned: returnedTypeRule(field),
      });
    }
    table.set(type.name, fields);
  }
  return table;
}

function fieldRule(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  isRootField: boolean,
  policy: Policy,
): Rule {
  const honoursAwsAuth = policy.soleCognito && isRootField;
  const own = ruleFrom(field.astNode?.directives ?? [], honoursAwsAuth);
  if (own) return own;
  const inherited = typeRule(type);
  if (inherited) return inherited;
  if (policy.denyByDefault && isRootField) return { modes: new Set(), cognitoGroups: null };
  return { modes: new Set([policy.defaultMode]), cognitoGroups: null };
}

function typeRule(type: GraphQLObjectType): Rule | null {
  const directives = [type.astNode, ...type.extensionASTNodes].flatMap((node) => node?.directives ?? []);
  return ruleFrom(directives, false);
}

function returnedTypeRule(field: GraphQLField<unknown, unknown>): FieldRule['returned'] {
  const returned = getNamedType(field.type);
  if (!isObjectType(returned)) return null;
  const rule = typeRule(returned);
  return rule ? { typeName: returned.name, rule } : null;
}

/** The rule a set of directives spells out, or null when none of them is an auth directive. */
function ruleFrom(directives: readonly ConstDirectiveNode[], honoursAwsAuth: boolean): Rule | null {
  const modes = new Set<DirectiveMode>();
  const groupLists: Array<string[] | null> = [];
  for (const directive of directives) {
    const name = directive.name.value;
    const isAwsAuth = name === 'aws_auth' && honoursAwsAuth;
    const mode = isAwsAuth ? 'AMAZON_COGNITO_USER_POOLS' : MODE_DIRECTIVES[name];
    if (!mode) continue;
    modes.add(mode);
    if (mode === 'AMAZON_COGNITO_USER_POOLS') groupLists.push(cognitoGroupsOf(directive));
  }
  if (modes.size === 0) return null;
  // A Cognito directive without groups admits every user, whatever another one lists.
  const restricted = groupLists.filter((list): list is string[] => list !== null);
  const everyUser = groupLists.length === 0 || restricted.length < groupLists.length;
  return { modes, cognitoGroups: everyUser ? null : restricted.flat() };
}

/** cognito_groups: ["a", "b"], or a single "a" (GraphQL coerces a lone value into a list). */
function cognitoGroupsOf(directive: ConstDirectiveNode): string[] | null {
  const argument = directive.arguments?.find((arg) => arg.name.value === 'cognito_groups');
  if (!argument) return null;
  const value: unknown = valueFromASTUntyped(argument.value);
  const listed = Array.isArray(value) ? value : [value];
  const groups = listed.filter((group): group is string => typeof group === 'string');
  return groups.length > 0 ? groups : null;
}
