import { readFileSync } from 'node:fs';
import { parse as parseYaml, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Reads a CloudFormation template, JSON or YAML. YAML templates may use the short forms of the
 * intrinsic functions (`!Ref X`, `!GetAtt A.B`, `!Sub '...'`, `!Join [...]`), which are YAML tags:
 * each is turned into its long form (`{ Ref: X }`, `{ 'Fn::GetAtt': [A, B] }`) so the rest of the
 * loader sees one shape. The list and the GetAtt dotted form follow the intrinsic function
 * reference (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 */

export interface Template {
  AWSTemplateFormatVersion?: string;
  Transform?: string | string[];
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Globals?: Record<string, Record<string, unknown>>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
}

/** Short forms whose long form is `Fn::<Name>`; Ref and Condition keep their own keys. */
const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `!GetAtt Table.Arn` is `Fn::GetAtt: [Table, Arn]`; the attribute may itself contain dots (Endpoint.Address). */
function scalarValue(name: string, value: string): unknown {
  if (name !== 'GetAtt') return value;
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

const cloudFormationTags: Tags = [...FUNCTIONS, 'Ref', 'Condition'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => ({ [longName(name)]: scalarValue(name, value) }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [longName(name)]: seq.toJSON() as unknown }) },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [longName(name)]: map.toJSON() as unknown }) },
]);

/** Parses template text; JSON is YAML, so one parser reads both. */
export function parseTemplate(text: string, source = 'template'): Template {
  let parsed: unknown;
  try {
    // CloudFormation's own YAML is 1.1-flavoured but templates never rely on the differences
    // that matter here; 'core' keeps `on`/`yes` as strings, as CloudFormation does.
    parsed = parseYaml(text, { customTags: cloudFormationTags, schema: 'core', maxAliasCount: 1000 });
  } catch (error) {
    throw new Error(`${source}: not a YAML or JSON template: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${source}: a template is a map with a Resources section.`);
  const template = parsed as Template;
  if (typeof template.Resources !== 'object' || template.Resources === null) throw new Error(`${source}: the template has no Resources section.`);
  return template;
}

export function readTemplate(file: string): Template {
  return parseTemplate(readFileSync(file, 'utf8'), file);
}
