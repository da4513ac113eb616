/**
 * The in-realm util (util/index.ts and everything it imports, js-joda and ulid included) bundled
 * once per process into a script that every sandbox realm evaluates. The script's completion
 * value is the realm installer, so nothing of it is reachable by name from resolver code.
 */
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./util/index.ts', import.meta.url));
const GLOBAL_NAME = '__appsyncUtilBundle';

let pending: Promise<Script> | null = null;

async function bundle(): Promise<Script> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    // Neither node nor browser: the realm has only ECMAScript built-ins.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error('esbuild produced no output for the APPSYNC_JS util bundle');
  return new Script(`(function () {\n${text}\nreturn ${GLOBAL_NAME}.install;\n})()`, { filename: 'appsync-utils.js' });
}

/** The compiled util script; built on first use, shared by every realm of the process. */
export function utilScript(): Promise<Script> {
  pending ??= bundle().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}
