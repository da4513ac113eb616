export { CheckpointError, readCheckpoint, type Checkpoint, type ShardCheckpoint } from './checkpoint';
export type { FailureCondition, PipeDeadLetter, PipeDeadLetterMessage, PipeTarget, PipeTargetResult } from './delivery';
export { PipeValidationError, validatePipeSource, type PipeSource } from './options';
export { startStreamPipe, type PipeLog, type RecordMatcher, type StreamPipe, type StreamPipeOptions, type StreamPipeStats } from './poller';
export { readStreamRaw, type RawReadOptions, type RawReadResult } from './raw-reader';
export type { AttributeValueJson, ItemImage, PipeStreamRecord } from './records';
export { StreamNotFoundError } from './stream';
