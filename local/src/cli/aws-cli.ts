import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * What every `appsync-local` command shares with the AWS CLI it mirrors: its exit codes, its
 * argument parsing (`--name value` or `--name=value`, its error texts) and its parameter values
 * (inline, or the contents of a `file://` path).
 */
export const EXIT_OK = 0;
export const EXIT_USAGE = 252;
export const EXIT_SERVICE_ERROR = 254;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** A mistake in the command line: printed with the usage, exit 252. */
export class UsageError extends Error {}

/** What the service would answer as an error: `An error occurred (<code>) ...`, exit 254. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseArgs(argv: readonly string[], flags: { known: readonly string[]; required: readonly string[] }): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    if (!token.startsWith('--')) throw new UsageError(`Unknown options: ${token}`);
    const equals = token.indexOf('=');
    const name = token.slice(2, equals < 0 ? undefined : equals);
    const value = equals < 0 ? argv[(i += 1)] : token.slice(equals + 1);
    if (!flags.known.includes(name)) throw new UsageError(`Unknown options: --${name}`);
    if (value === undefined) throw new UsageError(`argument --${name}: expected one argument`);
    args.set(name, value);
  }
  const missing = flags.required.filter((flag) => !args.has(flag));
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.map((flag) => `--${flag}`).join(', ')}`);
  return args;
}

export interface ParameterValue {
  text: string;
  /** The file it came from, for `file://` values. */
  path: string | null;
}

/** A parameter value as the AWS CLI reads it: inline, or the contents of a `file://` path. */
export async function readParameter(raw: string, cwd: string): Promise<ParameterValue> {
  if (!raw.startsWith('file://')) return { text: raw, path: null };
  const given = raw.slice('file://'.length);
  const path = resolve(cwd, given);
  try {
    return { text: await readFile(path, 'utf8'), path };
  } catch {
    throw new UsageError(`Error parsing parameter: Unable to load paramfile ${raw}: [Errno 2] No such file or directory: '${given}'`);
  }
}

/**
 * Runs one command as the AWS CLI does: its answer as indented JSON on stdout (exit 0), a usage
 * mistake with the usage on stderr (exit 252), a service error in the CLI's words (exit 254).
 */
export async function runCommand(command: { operation: string; usage: string; run: () => Promise<unknown> }, io: CliIo): Promise<number> {
  try {
    io.stdout(`${JSON.stringify(await command.run(), null, 4)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${command.usage}\n\nappsync-local: error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ServiceError) {
      io.stderr(`\nAn error occurred (${error.code}) when calling the ${command.operation} operation: ${error.message}\n`);
      return EXIT_SERVICE_ERROR;
    }
    throw error;
  }
}
