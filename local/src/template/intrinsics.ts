/**
 * CloudFormation's intrinsic functions, evaluated against local values. A reference the local
 * system cannot answer (a resource type it does not run, Fn::ImportValue, a parameter without a
 * default) throws Unresolved, which the loader turns into one line of its start-up message and
 * the resource holding it is left out. Semantics from the intrinsic function reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html)
 * and the pseudo parameters page (pseudo-parameter-reference.html).
 */

export class Unresolved extends Error {
  constructor(
    message: string,
    /** What the developer can do about it. */
    readonly hint: string,
  ) {
    super(message);
  }
}

/** AWS::NoValue: the property holding it is removed, as CloudFormation does. */
const NO_VALUE = Symbol('AWS::NoValue');

export interface Scope {
  /** Ref of a parameter or a resource; throws Unresolved. */
  ref(name: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  /** A named condition's value. */
  condition(name: string): boolean;
  mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

export const LOCAL_ACCOUNT = '000000000000';

export function pseudoParameters(stackName: string, region: string): Record<string, unknown> {
  return {
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::Region': region,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${LOCAL_ACCOUNT}:stack/${stackName}/local`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
    'AWS::NoValue': NO_VALUE,
  };
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Unresolved(`${where} needs a string, got ${JSON.stringify(value)}`, 'Fix the template.');
}

function asList(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new Unresolved(`${where} needs a list, got ${JSON.stringify(value)}`, 'Fix the template.');
}

/** `${Name}`, `${Resource.Attribute}`, and `${!Literal}` which stands for `${Literal}`. */
function substitute(text: string, variables: Record<string, unknown>, scope: Scope): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in variables) return asString(variables[name], `Fn::Sub variable ${name}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return asString(scope.getAtt(name.slice(0, dot), name.slice(dot + 1)), `Fn::Sub \${${name}}`);
    return asString(scope.ref(name), `Fn::Sub \${${name}}`);
  });
}

function fn(name: string, arg: unknown, scope: Scope): unknown {
  switch (name) {
    case 'Ref':
      return scope.ref(asString(arg, 'Ref'));
    case 'Fn::GetAtt': {
      const [id, attribute] = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : asList(arg, 'Fn::GetAtt');
      return scope.getAtt(asString(id, 'Fn::GetAtt'), asString(resolveValue(attribute, scope), 'Fn::GetAtt'));
    }
    case 'Fn::Sub': {
      if (typeof arg === 'string') return substitute(arg, {}, scope);
      const [text, variables] = asList(arg, 'Fn::Sub');
      const resolved = resolveValue(variables ?? {}, scope) as Record<string, unknown>;
      return substitute(asString(text, 'Fn::Sub'), resolved, scope);
    }
    case 'Fn::Join': {
      const [separator, items] = asList(arg, 'Fn::Join');
      return asList(resolveValue(items, scope), 'Fn::Join').map((item) => asString(item, 'Fn::Join')).join(asString(separator, 'Fn::Join'));
    }
    case 'Fn::Select': {
      const [index, items] = asList(resolveValue(arg, scope), 'Fn::Select');
      const list = asList(items, 'Fn::Select');
      const at = Number(index);
      if (!Number.isInteger(at) || at < 0 || at >= list.length) throw new Unresolved(`Fn::Select index ${String(index)} is out of range`, 'Fix the template.');
      return list[at];
    }
    case 'Fn::Split': {
      const [separator, text] = asList(resolveValue(arg, scope), 'Fn::Split');
      return asString(text, 'Fn::Split').split(asString(separator, 'Fn::Split'));
    }
    case 'Fn::Base64':
      return Buffer.from(asString(resolveValue(arg, scope), 'Fn::Base64')).toString('base64');
    case 'Fn::FindInMap': {
      const [map, top, second] = asList(resolveValue(arg, scope), 'Fn::FindInMap').map((part) => asString(part, 'Fn::FindInMap'));
      const value = scope.mappings?.[map ?? '']?.[top ?? '']?.[second ?? ''];
      if (value === undefined) throw new Unresolved(`Fn::FindInMap [${map}, ${top}, ${second}] is not in the template's Mappings`, 'Fix the template.');
      return resolveValue(value, scope);
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = asList(arg, 'Fn::If');
      return resolveValue(scope.condition(asString(condition, 'Fn::If')) ? whenTrue : whenFalse, scope);
    }
    case 'Fn::Equals': {
      const [a, b] = asList(resolveValue(arg, scope), 'Fn::Equals');
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !asList(resolveValue(arg, scope), 'Fn::Not')[0];
    case 'Fn::And':
      return asList(resolveValue(arg, scope), 'Fn::And').every(Boolean);
    case 'Fn::Or':
      return asList(resolveValue(arg, scope), 'Fn::Or').some(Boolean);
    case 'Condition':
      return scope.condition(asString(arg, 'Condition'));
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveValue(arg, scope));
    case 'Fn::ImportValue':
      throw new Unresolved('Fn::ImportValue (an export of another stack) has no local value', 'Serve the exporting stack too, or replace the import with a parameter that has a default.');
    default:
      throw new Unresolved(`${name} is not supported by the local template loader`, 'Replace it with Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select or Fn::If.');
  }
}

/** A value with every intrinsic replaced by its local value; AWS::NoValue removes its property or item. */
export function resolveValue(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope)).filter((item) => item !== NO_VALUE);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only && (only[0] === 'Ref' || only[0] === 'Condition' || only[0].startsWith('Fn::'))) return fn(only[0], only[1], scope);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolveValue(item, scope);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}
