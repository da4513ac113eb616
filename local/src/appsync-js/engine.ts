/**
 * Runs UNIT and PIPELINE resolvers as AppSync does, on top of sandboxed APPSYNC_JS modules:
 *
 *   unit:      request -> data source -> response
 *   pipeline:  before (resolver request) -> for each function: request -> data source -> response
 *              -> after (resolver response)
 *
 * ctx.stash lives through the whole resolver run; ctx.prev.result chains the steps of a pipeline
 * (the before step's return value is the first function's ctx.prev.result, and the last
 * function's result is the after step's ctx.prev.result and ctx.result). runtime.earlyReturn in
 * a request handler skips the data source and response handler; in the before step it skips
 * every function; with `{ skipTo: 'END' }` in a function it skips the remaining functions.
 * util.error aborts the field; util.appendError errors are reported while the value stands.
 *
 * Each distinct code text is validated and compiled once per engine.
 */
import type { FunctionConfig, JsCode, ResolverConfig } from '../config';
import { SandboxModule, type HandlerContext } from './sandbox';
import type { FieldError, HandlerFacts, HandlerName, HandlerRun, RecordedExtensions } from './types';

/**
 * What a data source answered; the runtime's invoker supplies it. An error may come with a result
 * (a cancelled DynamoDB transaction sets both ctx.error and ctx.result.cancellationReasons).
 */
export type DataSourceAnswer = { result: unknown } | { error: { message: string; type: string; data?: unknown }; result?: unknown };

export type InvokeDataSource = (dataSourceName: string, request: unknown) => Promise<DataSourceAnswer>;

/** The field being resolved and the request around it: everything ctx is built from. */
export interface ResolverInput {
  arguments: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  request: { headers: Record<string, string>; domainName: string | null };
  info: {
    fieldName: string;
    parentTypeName: string;
    variables: Record<string, unknown>;
    selectionSetList: string[];
    selectionSetGraphQL: string;
  };
  /** AppSync's auth mode of the request (for util.authType), when known. */
  authType?: string | null;
  /** The API's environment variables, ctx.env. */
  env?: Record<string, string>;
}

export interface ResolverOutcome {
  /** The field's value; null when the run was aborted. */
  value: unknown;
  /** util.appendError errors, in call order. */
  appendedErrors: FieldError[];
  /** What aborted the field (util.error, a code failure, a time-out), or null. */
  error: FieldError | null;
  extensions: RecordedExtensions;
  /** console.log / console.error lines, AppSync's format (`INFO - code.js:3:5: "text"`). */
  logs: string[];
}

export interface EngineOptions {
  /** The API's functions, looked up by name from pipeline resolvers. */
  functions?: FunctionConfig[];
  /** Time limit for one handler run. */
  timeoutMs?: number;
  /** Receives every console line with the code's source, e.g. to print it. */
  onLog?: (line: string, source: string) => void;
}

type Step = { kind: 'value'; value: unknown; skipTo: 'END' | 'NEXT' | null; early: boolean } | { kind: 'abort'; error: FieldError };

/** Mutable record of one resolver run. */
class Run {
  stash: Record<string, unknown> = {};
  readonly appendedErrors: FieldError[] = [];
  readonly logs: string[] = [];
  readonly extensions: RecordedExtensions = { invalidateSubscriptions: [], cacheEvictions: [] };

  constructor(
    readonly input: ResolverInput,
    readonly facts: HandlerFacts,
    private readonly onLog: ((line: string, source: string) => void) | undefined,
  ) {}

  context(extra: Partial<HandlerContext>): HandlerContext {
    const { arguments: args, identity, source, info, request, env } = this.input;
    return { arguments: args, identity, source: source ?? null, info, request, stash: this.stash, env: env ?? {}, ...extra };
  }

  absorb(module: SandboxModule, run: HandlerRun): Step {
    this.stash = run.stash;
    this.appendedErrors.push(...run.appendedErrors);
    for (const line of run.logs) {
      this.logs.push(line);
      this.onLog?.(line, module.source);
    }
    const recorded = run.extensions;
    if (recorded.subscriptionFilter !== undefined) this.extensions.subscriptionFilter = recorded.subscriptionFilter;
    if (recorded.subscriptionInvalidationFilter !== undefined) {
      this.extensions.subscriptionInvalidationFilter = recorded.subscriptionInvalidationFilter;
    }
    this.extensions.invalidateSubscriptions.push(...recorded.invalidateSubscriptions);
    this.extensions.cacheEvictions.push(...recorded.cacheEvictions);
    if (recorded.responseHeaders) (this.extensions.responseHeaders ??= []).push(...recorded.responseHeaders);
    const result = run.result;
    if (result.kind === 'error') return { kind: 'abort', error: result.error };
    if (result.kind === 'earlyReturn') return { kind: 'value', value: result.value, skipTo: result.skipTo, early: true };
    return { kind: 'value', value: result.value, skipTo: null, early: false };
  }

  outcome(step: Step): ResolverOutcome {
    const base = { appendedErrors: this.appendedErrors, extensions: this.extensions, logs: this.logs };
    return step.kind === 'abort' ? { value: null, error: step.error, ...base } : { value: step.value, error: null, ...base };
  }
}

function dataSourceContext(answer: DataSourceAnswer): Partial<HandlerContext> {
  return 'error' in answer ? { result: answer.result ?? null, error: answer.error } : { result: answer.result ?? null };
}

export class AppSyncJsEngine {
  private readonly modules = new Map<string, Promise<SandboxModule>>();
  private readonly functions: Map<string, FunctionConfig>;

  constructor(private readonly options: EngineOptions = {}) {
    this.functions = new Map((options.functions ?? []).map((fn) => [fn.name, fn]));
  }

  /** Validates and compiles code (once per distinct text); rejects with AppSyncJsCodeError or AppSyncJsLoadError. */
  module(code: JsCode): Promise<SandboxModule> {
    let found = this.modules.get(code.code);
    if (found === undefined) {
      found = SandboxModule.load(code, { timeoutMs: this.options.timeoutMs });
      this.modules.set(code.code, found);
    }
    return found;
  }

  /** Loads every resolver's and function's code up front, so bad code fails at start-up. */
  async prepare(resolvers: ResolverConfig[]): Promise<void> {
    const codes = [...resolvers.map((resolver) => resolver.code), ...[...this.functions.values()].map((fn) => fn.code)];
    await Promise.all(codes.map((code) => this.module(code)));
  }

  async runResolver(resolver: ResolverConfig, input: ResolverInput, invoke: InvokeDataSource): Promise<ResolverOutcome> {
    const facts: HandlerFacts = {
      fieldName: input.info.fieldName,
      parentTypeName: input.info.parentTypeName,
      authType: input.authType ?? null,
    };
    const run = new Run(input, facts, this.options.onLog);
    const module = await this.module(resolver.code);
    if (resolver.kind === 'UNIT') {
      return run.outcome(await this.unit(run, module, resolver.dataSource, {}, invoke));
    }
    return run.outcome(await this.pipeline(run, module, resolver.functions, invoke));
  }

  /** request -> data source -> response, for a unit resolver or one pipeline function. */
  private async unit(
    run: Run,
    module: SandboxModule,
    dataSource: string,
    extra: Partial<HandlerContext>,
    invoke: InvokeDataSource,
  ): Promise<Step> {
    const request = this.handler(run, module, 'request', extra);
    if (request.kind === 'abort' || request.early) return request;
    const answer = await invoke(dataSource, request.value);
    return this.handler(run, module, 'response', { ...extra, ...dataSourceContext(answer) });
  }

  private async pipeline(run: Run, resolver: SandboxModule, functionNames: string[], invoke: InvokeDataSource): Promise<Step> {
    const before = this.handler(run, resolver, 'request', {});
    if (before.kind === 'abort') return before;
    let previous = before.value;
    if (!before.early) {
      for (const name of functionNames) {
        const fn = this.functions.get(name);
        if (fn === undefined) throw new Error(`Pipeline function ${name} is not defined`);
        const step = await this.unit(run, await this.module(fn.code), fn.dataSource, { prev: { result: previous } }, invoke);
        if (step.kind === 'abort') return step;
        previous = step.value;
        if (step.early && step.skipTo === 'END') break;
      }
    }
    return this.handler(run, resolver, 'response', { prev: { result: previous }, result: previous });
  }

  private handler(run: Run, module: SandboxModule, name: HandlerName, extra: Partial<HandlerContext>): Step {
    return run.absorb(module, module.run(name, run.context(extra), run.facts));
  }
}
