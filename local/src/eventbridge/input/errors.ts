/**
 * A target input EventBridge would not accept (PutTargets answers ValidationException). Raised
 * when the input is compiled, so a bad rule definition fails at start-up, not on the first event.
 */
export class InvalidTargetInputError extends Error {
  override readonly name = 'ValidationException';
}

export function invalidInput(message: string): never {
  throw new InvalidTargetInputError(message);
}
