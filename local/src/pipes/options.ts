import type { PipeDefinition } from '../project/definitions';

export type PipeSource = PipeDefinition['source'];

/** A pipe whose settings AWS would refuse: thrown by startStreamPipe before anything is read. */
export class PipeValidationError extends Error {
  override name = 'ValidationException';
}

interface Range {
  field: keyof PipeSource;
  /** The member's name in the Pipes API (CreatePipe SourceParameters.DynamoDBStreamParameters). */
  member: string;
  min: number;
  max: number;
  /** A value allowed outside [min, max], as -1 for "forever". */
  also?: number;
}

/**
 * The ranges of PipeSourceDynamoDBStreamParameters (EventBridge Pipes API reference). The
 * maximum record age below -1..604800 is Lambda's rule for event source mappings (services-ddb-params:
 * -1, or 60..604800), which the definitions promise; Pipes' reference only gives -1..604800.
 */
const RANGES: Range[] = [
  { field: 'batchSize', member: 'BatchSize', min: 1, max: 10_000 },
  { field: 'maximumBatchingWindowSeconds', member: 'MaximumBatchingWindowInSeconds', min: 0, max: 300 },
  { field: 'maximumRetryAttempts', member: 'MaximumRetryAttempts', min: -1, max: 10_000 },
  { field: 'maximumRecordAgeSeconds', member: 'MaximumRecordAgeInSeconds', min: 60, max: 604_800, also: -1 },
];

/** Refuses settings out of AWS's ranges, with the wording of AWS's ValidationException. */
export function validatePipeSource(name: string, source: PipeSource): void {
  const problems: string[] = [];
  for (const range of RANGES) {
    const value = source[range.field];
    if (value === undefined) continue;
    const path = `sourceParameters.dynamoDBStreamParameters.${range.member.charAt(0).toLowerCase()}${range.member.slice(1)}`;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push(`Value '${String(value)}' at '${path}' failed to satisfy constraint: Member must be an integer`);
    } else if (value !== range.also && value < range.min) {
      problems.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value ${range.also === undefined ? '' : `${range.also} or `}greater than or equal to ${range.min}`);
    } else if (value > range.max) {
      problems.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`);
    }
  }
  if (source.startingPosition !== 'TRIM_HORIZON' && source.startingPosition !== 'LATEST') {
    problems.push(
      `Value '${String(source.startingPosition)}' at 'sourceParameters.dynamoDBStreamParameters.startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST]`,
    );
  }
  if (source.onPartialBatchItemFailure !== undefined && source.onPartialBatchItemFailure !== 'AUTOMATIC_BISECT') {
    problems.push(
      `Value '${String(source.onPartialBatchItemFailure)}' at 'sourceParameters.dynamoDBStreamParameters.onPartialBatchItemFailure' failed to satisfy constraint: Member must satisfy enum value set: [AUTOMATIC_BISECT]`,
    );
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
    throw new PipeValidationError(`Pipe ${name}: ${count} detected: ${problems.join('; ')}`);
  }
}
