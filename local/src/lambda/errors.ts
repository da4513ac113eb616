/**
 * Errors the Invoke API itself answers (as opposed to a function error, which is a 200 with
 * FunctionError). Names and wording are the Lambda API reference's (API_Invoke.html, "Errors").
 */
export class LambdaServiceError extends Error {
  constructor(
    override readonly name:
      | 'ResourceNotFoundException'
      | 'InvalidRequestContentException'
      | 'RequestTooLargeException'
      | 'TooManyRequestsException'
      | 'InvalidParameterValueException'
      | 'ServiceException',
    message: string,
    /** TooManyRequestsException's Reason, e.g. ReservedFunctionConcurrentInvocationLimitExceeded. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** Thrown while building the service: a function's declaration cannot run as given. */
export class LambdaConfigError extends Error {
  override readonly name = 'LambdaConfigError';
}
