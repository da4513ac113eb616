import type { FunctionConfig, ResolverConfig } from '../config';
import type { FunctionSettings, ResolverSettings } from './definitions';

/**
 * Applies ApiDefinition.resolverSettings (maxBatchSize, cachingConfig) to the bundled resolvers.
 * Throws one error listing every key that names no wired field, and every maxBatchSize given to a
 * pipeline resolver (AppSync sets it on the pipeline's functions instead).
 */
export function applyResolverSettings(resolvers: ResolverConfig[], settings: Record<string, ResolverSettings> = {}): ResolverConfig[] {
  const problems: string[] = [];
  const wired = new Set(resolvers.map((r) => `${r.typeName}.${r.fieldName}`));
  for (const field of Object.keys(settings)) {
    if (!wired.has(field)) problems.push(`resolverSettings names ${field}, which no resolver file (nor directLambdaResolvers) wires.`);
  }
  const out = resolvers.map((resolver): ResolverConfig => {
    const field = `${resolver.typeName}.${resolver.fieldName}`;
    const own = settings[field];
    if (!own) return resolver;
    const cachingConfig = own.cachingConfig ? { cachingConfig: own.cachingConfig } : {};
    if (resolver.kind === 'PIPELINE') {
      if (own.maxBatchSize !== undefined) problems.push(`${field}: maxBatchSize applies to unit resolvers; this one is a pipeline (give its functions one in functionSettings).`);
      return { ...resolver, ...cachingConfig };
    }
    return { ...resolver, ...cachingConfig, ...(own.maxBatchSize !== undefined && { maxBatchSize: own.maxBatchSize }) };
  });
  if (problems.length > 0) throw new Error(`Resolver settings have ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n  - ${problems.join('\n  - ')}`);
  return out;
}

/**
 * Applies ApiDefinition.functionSettings (AWS::AppSync::FunctionConfiguration's MaxBatchSize) to
 * the pipeline functions, by function name. Throws listing every name that is no function.
 */
export function applyFunctionSettings(functions: FunctionConfig[], settings: Record<string, FunctionSettings> = {}): Array<FunctionConfig & FunctionSettings> {
  const names = new Set(functions.map((fn) => fn.name));
  const unknown = Object.keys(settings).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new Error(`functionSettings names ${unknown.map((name) => `'${name}'`).join(', ')}, which no pipeline step file defines (steps are <n>.<functionName>.[<dataSource>].ts).`);
  }
  return functions.map((fn) => {
    const own = settings[fn.name];
    return own?.maxBatchSize !== undefined ? { ...fn, maxBatchSize: own.maxBatchSize } : fn;
  });
}
