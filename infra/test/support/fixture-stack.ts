import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadProject } from '../../../local/src/project';
import type { ApiDefinition } from '../../../local/src/project/definitions';
import { apiDefinition } from '../../api';
import { ApiStack } from '../../lib/api-stack';

/**
 * Synthesizes fixture APIs (the same definitions their local tests boot) as `cdk synth` does: each
 * copied where CDK can bundle its Lambdas (a lock file and the project's node_modules beside it).
 * `dispose` removes the copies.
 */
export function fixtureStacks(): {
  synth(fixture: ApiDefinition): Promise<Template>;
  /** The stack written as a cloud assembly (what `cdk synth` writes to cdk.out), for the template loader to serve. */
  assemble(fixture: ApiDefinition): Promise<{ dir: string; templateFile: string }>;
  dispose(): void;
} {
  const roots: string[] = [];
  const build = async (fixture: ApiDefinition, outdir?: string): Promise<{ app: App; stack: ApiStack }> => {
    const root = mkdtempSync(join(tmpdir(), 'fixture-stack-'));
    roots.push(root);
    cpSync(fixture.rootDir, root, { recursive: true });
    writeFileSync(join(root, 'package-lock.json'), '{}\n');
    symlinkSync(join(apiDefinition.rootDir, 'node_modules'), join(root, 'node_modules'));
    const definition: ApiDefinition = { ...fixture, rootDir: root, schemaFiles: [join(root, 'schema.graphql')], resolversDir: join(root, 'resolvers') };
    const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    const app = new App({ context, ...(outdir && { outdir }) });
    return { app, stack: new ApiStack(app, 'FixtureApi', { definition, project: await loadProject(definition) }) };
  };
  return {
    async synth(fixture) {
      return Template.fromStack((await build(fixture)).stack);
    },
    async assemble(fixture) {
      const outdir = mkdtempSync(join(tmpdir(), 'fixture-cdk-out-'));
      roots.push(outdir);
      const { app, stack } = await build(fixture, outdir);
      const assembly = app.synth();
      return { dir: assembly.directory, templateFile: join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile) };
    },
    dispose() {
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    },
  };
}
