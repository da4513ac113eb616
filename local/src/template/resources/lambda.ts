import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import type { LambdaFunctionConfig } from '../../lambda';
import { assetPath } from '../assets';
import { overridesFor, type EnvironmentOverrides } from '../env-vars';
import { arn, type TemplateContext } from '../context';
import { Unresolved, resolveValue } from '../intrinsics';
import type { TemplateResource } from '../parse';

/**
 * AWS::Lambda::Function (and SAM's AWS::Serverless::Function) as functions of the one local
 * Lambda service (local/src/lambda). The code is the asset folder CDK synthesized, a local
 * CodeUri, or inline ZipFile text (which Lambda stores as index.js for Node.js runtimes,
 * aws-properties-lambda-function-code.html). Only Node.js runtimes run locally.
 */
export const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];

/** The Handler setting is `<file path without extension>.<export>` (nodejs-handler.html). */
export function handlerModule(codeDir: string, handler: string): { module: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Handler ${handler} is not <file>.<export>`);
  const base = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  for (const extension of ['.js', '.mjs', '.cjs', '.ts']) {
    const candidate = join(codeDir, `${base}${extension}`);
    if (existsSync(candidate)) return { module: candidate, exportName };
  }
  throw new Error(`Handler ${handler}: no ${base}.js, .mjs or .cjs in ${codeDir}`);
}

/**
 * Lambda's Node.js runtimes (18 and later) include the AWS SDK for JavaScript v3, in
 * /var/runtime/node_modules on the runtime's NODE_PATH, so CDK's NodejsFunction leaves
 * `@aws-sdk/*` out of its bundles. A function from cdk.out finds it locally the same way: NODE_PATH
 * names the node_modules folder this runtime's own SDK is installed in.
 */
function runtimeNodeModules(): string {
  const sdk = createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb');
  return sdk.slice(0, sdk.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
}

/** Lambda's function name rule; a generated one stays within it. */
export function functionName(ctx: TemplateContext, logicalId: string, props: Record<string, unknown>): string {
  if (typeof props.FunctionName === 'string') return props.FunctionName;
  return `${ctx.options.stackName}-${logicalId}`.replace(/[^a-zA-Z0-9-_]/g, '-').slice(0, 64);
}

function codeDirectory(ctx: TemplateContext, logicalId: string, resource: TemplateResource, props: Record<string, unknown>, workDir: string): string {
  const inline = (props.Code as { ZipFile?: unknown } | undefined)?.ZipFile ?? props.InlineCode;
  if (typeof inline === 'string') {
    const dir = join(workDir, 'inline-functions', logicalId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), inline);
    return dir;
  }
  const code = (props.Code ?? props.CodeUri) as string | { S3Bucket?: string; S3Key?: string; Bucket?: string; Key?: string } | undefined;
  if (typeof code === 'string') return assetPath(ctx, code, resource.Metadata);
  const key = code?.S3Key ?? code?.Key;
  if (typeof key === 'string') return assetPath(ctx, `s3://${code?.S3Bucket ?? code?.Bucket ?? 'bucket'}/${key}`, resource.Metadata);
  throw new Error('the function has no Code (S3Bucket/S3Key or ZipFile) or CodeUri');
}

/**
 * The template's Node.js functions as Lambda service configs, registering their Ref (the name)
 * and Arn. The environment is resolved again at each worker start, so a value known only once
 * the server listens (the API's GraphQLUrl) is the real one by then.
 */
export function templateFunctions(
  ctx: TemplateContext,
  options: { workDir: string; extraEnvironment: Record<string, string>; environmentOverrides?: EnvironmentOverrides },
): Record<string, LambdaFunctionConfig> {
  const functions: Record<string, LambdaFunctionConfig> = {};
  const nodePath = runtimeNodeModules();
  const globals = (ctx.template.Globals?.Function ?? {}) as Record<string, unknown>;
  for (const [logicalId, resource] of ctx.resourcesOf(...FUNCTION_TYPES)) {
    ctx.attempt(logicalId, resource.Type, () => {
      const serverless = resource.Type === 'AWS::Serverless::Function';
      const raw = { ...(serverless ? globals : {}), ...resource.Properties };
      // Everything but the environment now: a bad reference is reported at start-up, not on first call.
      const { Environment, ...rest } = raw;
      const props = resolveValue(rest, ctx) as Record<string, unknown>;
      const runtime = String(props.Runtime ?? '');
      if (!runtime.startsWith('nodejs')) {
        throw new Unresolved(`runtime ${runtime || '(none)'} does not run locally`, 'Only Node.js functions run locally; data sources and resolvers that call this one are left out.');
      }
      const name = functionName(ctx, logicalId, props);
      const { module, exportName } = handlerModule(codeDirectory(ctx, logicalId, resource, props, options.workDir), String(props.Handler ?? 'index.handler'));
      // Each variable alone: one naming a resource that does not run locally (a secret, a bus) is
      // reported and left out, and the function still runs without it.
      const variables = ((Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      // An overridden variable is never resolved: overriding is how one that names an AWS-only
      // resource (a secret) gets a local value.
      const overrides = overridesFor(options.environmentOverrides, { logicalId, functionName: name }, Object.keys(variables));
      const kept = Object.keys(variables).filter((variable) =>
        !(variable in overrides) &&
        ctx.attempt(logicalId, resource.Type, () => {
          try {
            resolveValue(variables[variable], ctx);
            return true;
          } catch (error) {
            if (error instanceof Unresolved) throw new Unresolved(`environment variable ${variable} is left out: ${error.message}`, error.hint);
            throw error;
          }
        }),
      );
      const environment = (): Record<string, string> => {
        const resolved = kept.map((variable): [string, string] => {
          const value = resolveValue(variables[variable], ctx);
          return [variable, typeof value === 'string' ? value : JSON.stringify(value)];
        });
        return { NODE_PATH: nodePath, ...Object.fromEntries(resolved), ...options.extraEnvironment, ...overrides };
      };
      functions[name] = {
        handlerModule: module,
        handlerExport: exportName,
        timeoutMs: Number(props.Timeout ?? 3) * 1000,
        environment,
        ...(props.MemorySize !== undefined && { memoryMB: Number(props.MemorySize) }),
        ...(props.ReservedConcurrentExecutions !== undefined && { reservedConcurrency: Number(props.ReservedConcurrentExecutions) }),
      };
      const functionArn = arn('lambda', ctx.options.region, `function:${name}`);
      ctx.physical.set(logicalId, { ref: name, attributes: { Arn: functionArn } });
    });
  }
  return functions;
}
