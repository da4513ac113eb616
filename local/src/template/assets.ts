import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { TemplateContext } from './context';
import { Unresolved } from './intrinsics';

/**
 * Where the local file behind an S3 location is. `cdk synth` writes each asset beside the
 * template as `asset.<hash>` (a folder for zip packaging, a file otherwise) and names it in
 * `<stack>.assets.json` (files.<hash>.source.path), while the template points at the object key
 * `<hash>.zip` or `<hash>.<ext>` in the bootstrap bucket; CDK also puts `aws:asset:path` in a
 * Lambda function's Metadata. A template written by hand (SAM before `sam package`) names a
 * local path instead, relative to the template.
 */
export function assetPath(ctx: TemplateContext, location: string, metadata?: Record<string, unknown>): string {
  const { assetsDir, templateDir } = ctx.options;
  const fromMetadata = metadata?.['aws:asset:path'];
  if (typeof fromMetadata === 'string') {
    const path = isAbsolute(fromMetadata) ? fromMetadata : join(assetsDir, fromMetadata);
    if (existsSync(path)) return path;
  }
  const key = location.replace(/^s3:\/\/[^/]+\//, '');
  const hash = basename(key).replace(/\.[^.]*$/, '');
  const fromManifest = manifestSources(assetsDir)[hash];
  if (fromManifest && existsSync(fromManifest)) return fromManifest;
  const plain = join(assetsDir, `asset.${hash}`);
  if (existsSync(plain)) return plain;
  if (!location.startsWith('s3://')) {
    const local = resolve(templateDir, location);
    if (existsSync(local)) return local;
  }
  throw new Unresolved(
    `the asset ${location} is not in ${assetsDir}`,
    'Run `cdk synth` and pass its output folder with --assets, or point the property at a local file.',
  );
}

/** `files.<hash>.source.path` of every `*.assets.json` in the folder, as absolute paths. */
function manifestSources(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.assets.json'));
  } catch {
    return out;
  }
  for (const name of names) {
    const manifest = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { files?: Record<string, { source?: { path?: string } }> };
    for (const [hash, file] of Object.entries(manifest.files ?? {})) {
      if (file.source?.path) out[hash] = isAbsolute(file.source.path) ? file.source.path : join(dir, file.source.path);
    }
  }
  return out;
}

/** Text of an asset that is one file (a schema, resolver code). */
export function readAsset(ctx: TemplateContext, location: string): string {
  return readFileSync(assetPath(ctx, location), 'utf8');
}
