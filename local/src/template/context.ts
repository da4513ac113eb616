import { Unresolved, pseudoParameters, resolveValue, type Scope } from './intrinsics';
import type { Template, TemplateResource } from './parse';

/** What a provisioned resource answers to Ref and Fn::GetAtt; a function is asked when read (a URL known once the server listens). */
export interface Physical {
  ref: unknown;
  attributes: Record<string, unknown>;
}

/** One part of the template the local system does not serve, with what to do about it. */
export interface TemplateProblem {
  logicalId: string;
  type: string;
  message: string;
  hint: string;
}

export interface ContextOptions {
  stackName: string;
  region: string;
  /** Parameter values given on the command line, over the template's defaults. */
  parameters?: Record<string, string>;
  /** Folder of the template, for relative asset paths. */
  templateDir: string;
  /** Folder of the cdk.out assets (asset.<hash> folders and *.assets.json manifests). */
  assetsDir: string;
}

/**
 * The loader's view of one template while it provisions it: the physical values of the resources
 * made so far (for Ref and Fn::GetAtt), the parameters and conditions, and the problems found.
 */
export class TemplateContext implements Scope {
  readonly physical = new Map<string, Physical>();
  readonly problems: TemplateProblem[] = [];
  readonly mappings: Template['Mappings'];
  private readonly pseudo: Record<string, unknown>;
  private readonly conditions = new Map<string, boolean>();

  constructor(
    readonly template: Template,
    readonly options: ContextOptions,
  ) {
    this.pseudo = pseudoParameters(options.stackName, options.region);
    this.mappings = template.Mappings;
  }

  ref(name: string): unknown {
    if (name in this.pseudo) return this.pseudo[name];
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      const value = this.options.parameters?.[name] ?? parameter.Default;
      if (value === undefined) throw new Unresolved(`parameter ${name} has no Default`, `Give it a Default, or pass --parameter ${name}=<value>.`);
      return parameter.Type?.startsWith('List<') || parameter.Type === 'CommaDelimitedList' ? String(value).split(',') : value;
    }
    return this.lookup(name, `Ref ${name}`).ref;
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const physical = this.lookup(logicalId, `Fn::GetAtt ${logicalId}.${attribute}`);
    if (!(attribute in physical.attributes)) {
      throw new Unresolved(`Fn::GetAtt ${logicalId}.${attribute}: the local ${this.template.Resources[logicalId]?.Type} has no attribute ${attribute}`, 'Use one of: ' + Object.keys(physical.attributes).join(', ') + '.');
    }
    const value = physical.attributes[attribute];
    return typeof value === 'function' ? (value as () => unknown)() : value;
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Unresolved(`condition ${name} is not in the template's Conditions`, 'Fix the template.');
    const value = Boolean(resolveValue(definition, this));
    this.conditions.set(name, value);
    return value;
  }

  private lookup(logicalId: string, what: string): Physical {
    const physical = this.physical.get(logicalId);
    if (physical) return physical;
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Unresolved(`${what}: the template has no resource or parameter ${logicalId}`, 'Fix the template.');
    throw new Unresolved(`${what}: ${logicalId} (${resource.Type}) is not running locally`, `See the line for ${logicalId}; what depends on it is left out.`);
  }

  /** The template's resources of these types whose Condition (if any) holds. */
  resourcesOf(...types: string[]): Array<[string, TemplateResource]> {
    return Object.entries(this.template.Resources).filter(([id, resource]) => {
      if (!types.includes(resource.Type)) return false;
      if (!resource.Condition) return true;
      return this.attempt(id, resource.Type, () => this.condition(resource.Condition ?? '')) ?? false;
    });
  }

  /** A resource's Properties with every intrinsic resolved. */
  properties(resource: TemplateResource): Record<string, unknown> {
    return (resolveValue(resource.Properties ?? {}, this) ?? {}) as Record<string, unknown>;
  }

  /** Runs one resource's set-up; a failure becomes a problem and the resource is left out. */
  attempt<T>(logicalId: string, type: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (error) {
      this.fail(logicalId, type, error);
      return undefined;
    }
  }

  async attemptAsync<T>(logicalId: string, type: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.fail(logicalId, type, error);
      return undefined;
    }
  }

  problem(logicalId: string, type: string, message: string, hint: string): void {
    // Once: with several APIs, each looks at every resource's ApiId, so an unresolvable one fails once per API.
    if (this.problems.some((p) => p.logicalId === logicalId && p.type === type && p.message === message)) return;
    this.problems.push({ logicalId, type, message, hint });
  }

  private fail(logicalId: string, type: string, error: unknown): void {
    if (error instanceof Unresolved) this.problem(logicalId, type, error.message, error.hint);
    else this.problem(logicalId, type, error instanceof Error ? error.message : String(error), 'Fix the template, or report the gap in local/docs/template.md.');
  }
}

export function arn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:000000000000:${resource}`;
}
