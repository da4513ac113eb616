/**
 * AppSync's answers when a request's credentials are rejected before any field runs. The texts are
 * the ones AppSync returns word for word (collected from real responses; sources in
 * local/docs/auth.md). The body is `{ errors }`, exactly as AppSync sends it.
 */

export interface AuthFailure {
  status: 400 | 401 | 403;
  errors: [{ errorType: string; message: string }];
}

function failure(status: AuthFailure['status'], errorType: string, message: string): AuthFailure {
  return { status, errors: [{ errorType, message }] };
}

function unauthorized(message: string): AuthFailure {
  return failure(401, 'UnauthorizedException', message);
}

/** No credential for any configured mode, or a JWT that fails verification (signature, issuer, client). */
export const missingOrInvalidCredentials = (): AuthFailure => unauthorized('Valid authorization header not provided.');

/** An x-api-key that is unknown or past its expiry. */
export const invalidApiKey = (): AuthFailure => unauthorized('You are not authorized to make this call.');

/** An Authorization header that is not a JWT at all (garbage, "Bearer <jwt>", a SigV4 header on a JWT-only API). */
export const unparsableJwt = (): AuthFailure => unauthorized('Unable to parse JWT token.');

/** A validly signed JWT whose `exp` has passed. */
export const expiredJwt = (): AuthFailure => unauthorized('Token has expired.');

/*
 * SigV4 failures use the texts every AWS SigV4 endpoint uses. AppSync reports them as 403 (signature
 * and key) and BadRequestException (clock skew); see local/docs/auth.md for the evidence.
 */

export const unknownAccessKey = (): AuthFailure =>
  failure(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');

export const signatureMismatch = (): AuthFailure =>
  failure(
    403,
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. ' +
      'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );

export const invalidSignatureScope = (message: string): AuthFailure => failure(403, 'InvalidSignatureException', message);

export const incompleteSignature = (message: string): AuthFailure => failure(403, 'IncompleteSignatureException', message);

export const signatureOutsideClockSkew = (message: string): AuthFailure => failure(400, 'BadRequestException', message);

/**
 * AWS_LAMBDA: the authorizer answered isAuthorized false (aws/aws-appsync-community issue 372: a 401
 * with this fixed text, which cannot be customised). The same answer stands locally for a token the
 * identityValidationExpression refuses and for a function that fails, times out or answers nonsense.
 */
export const lambdaUnauthorized = (): AuthFailure => unauthorized('You are not authorized to make this call.');
