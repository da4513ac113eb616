/**
 * `appsync-local test-event-pattern`: AWS's `aws events test-event-pattern` against the local
 * matcher. Same flags (`--event-pattern <value> --event <value>`, each inline or `file://path`),
 * same output (the TestEventPattern response as the AWS CLI prints it: JSON, 4-space indent).
 *
 * The service's answers come from the operation's core (eventbridge/pattern/test-event-pattern.ts).
 * Exit codes are the AWS CLI v2's ("Command line return codes"): 252 for bad arguments, 254 when
 * the service answered an error.
 */
import { parseArgs, readParameter, runCommand, ServiceError, type CliIo } from './aws-cli';
import { InvalidEventPatternError } from '../eventbridge/pattern';
import { testEventPattern as runOperation, TestEventPatternValidationError } from '../eventbridge/pattern/test-event-pattern';

export { EXIT_OK, EXIT_SERVICE_ERROR, EXIT_USAGE, type CliIo } from './aws-cli';

const USAGE = 'usage: appsync-local test-event-pattern --event-pattern <value> --event <value>';
const FLAGS = ['event-pattern', 'event'];

export async function testEventPattern(argv: readonly string[], cwd: string): Promise<{ Result: boolean }> {
  const args = parseArgs(argv, { known: FLAGS, required: FLAGS });
  const patternText = (await readParameter(args.get('event-pattern') ?? '', cwd)).text;
  const eventText = (await readParameter(args.get('event') ?? '', cwd)).text;
  try {
    return { Result: runOperation(patternText, eventText) };
  } catch (error) {
    if (error instanceof InvalidEventPatternError || error instanceof TestEventPatternValidationError) {
      throw new ServiceError(error.name, error.message);
    }
    throw error;
  }
}

/** Runs the command; returns the exit code. */
export function runTestEventPattern(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand({ operation: 'TestEventPattern', usage: USAGE, run: () => testEventPattern(argv, io.cwd) }, io);
}
