import { isObjectType, type GraphQLSchema } from 'graphql';
import type { ResolverConfig } from '../config';
import type { DataSourceDefinition } from './definitions';
import type { WiringEntry } from './wiring';

/**
 * ApiDefinition.directLambdaResolvers as the runtime's resolvers: a unit resolver with no code on
 * an AWS_LAMBDA data source, which AppSync runs as a Direct Lambda resolver (the context goes to
 * the function, its answer is the field's value; local/docs/lambda.md). File names cannot carry
 * such a resolver (a file is code), so the definition declares it by `Type.field`.
 *
 * Throws one error listing every entry that names no field of the schema, a field a resolver file
 * already wires, or a data source that is not AWS_LAMBDA.
 */
export function directLambdaResolvers(
  declared: Record<string, string> | undefined,
  options: { schema: GraphQLSchema; dataSources: Record<string, DataSourceDefinition>; wiring: WiringEntry[] },
): ResolverConfig[] {
  const problems: string[] = [];
  const wired = new Set(options.wiring.map((entry) => `${entry.typeName}.${entry.fieldName}`));
  const out: ResolverConfig[] = [];
  for (const [field, dataSource] of Object.entries(declared ?? {})) {
    const [typeName = '', fieldName = '', ...rest] = field.split('.');
    const type = options.schema.getType(typeName);
    const at = `directLambdaResolvers['${field}']`;
    if (rest.length > 0 || fieldName === '') problems.push(`${at}: expected a key Type.field.`);
    else if (!type || !isObjectType(type) || !type.getFields()[fieldName]) problems.push(`${at}: the schema has no field ${field}.`);
    else if (wired.has(field)) problems.push(`${at}: ${field} is also wired by a resolver file; keep one.`);
    const definition = options.dataSources[dataSource];
    if (!definition) problems.push(`${at}: data source ${dataSource} is not defined.`);
    else if (definition.type !== 'AWS_LAMBDA') problems.push(`${at}: data source ${dataSource} is ${definition.type}; a resolver without code runs only on AWS_LAMBDA.`);
    // An empty code text is "no code" to the runner (datasources/lambda/direct.ts).
    out.push({ kind: 'UNIT', typeName, fieldName, dataSource, code: { source: at, code: '' } });
  }
  if (problems.length > 0) throw new Error(`Direct Lambda resolvers have ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n  - ${problems.join('\n  - ')}`);
  return out;
}
