import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadProject } from '../../../local/src/project';
import { apiDefinition } from '../../api';
import { deployment } from '../../api/deployment';
import { ApiStack } from '../../lib/api-stack';

export const STACK_NAME = 'BrewlineApi';

export interface SynthesizedAssembly {
  /** The cloud assembly folder, what `cdk synth` writes to cdk.out: the template and its asset folders. */
  dir: string;
  templateFile: string;
}

/**
 * The project's stack synthesized in-process into a cloud assembly, as `cdk synth` writes it
 * (infra/bin/app.ts: the same loader, the same cdk.json context, so the same feature flags), but
 * without the CLI's child process and its second TypeScript start: about half the time. Every
 * Lambda is bundled by esbuild as on deploy, so the assembly is the one that would be deployed.
 */
export async function synthesizeStack(outdir = mkdtempSync(join(tmpdir(), 'brewline-cdk-out-'))): Promise<SynthesizedAssembly> {
  const { context } = JSON.parse(readFileSync(join(apiDefinition.rootDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // CDK's built-in CloudFormation validation (about 8 s to load its rules on a process's first
  // synth) is left to the infra tests, which synthesize the same stack with it on; it changes
  // nothing in the assembly.
  const app = new App({ context, outdir, builtinCloudFormationValidation: false });
  new ApiStack(app, STACK_NAME, { definition: apiDefinition, project: await loadProject(apiDefinition), deployment });
  const assembly = app.synth();
  return { dir: assembly.directory, templateFile: join(assembly.directory, assembly.getStackByName(STACK_NAME).templateFile) };
}
