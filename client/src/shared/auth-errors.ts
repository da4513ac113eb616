/**
 * What a person reads when Cognito refuses a sign-up, sign-in, code or reset, and which field the
 * message belongs beside. Keyed by Cognito's exception names, which aws-amplify v6 puts on the
 * error's `name` (from the `__type` of the JSON error, after any `#`). The names are the ones each
 * operation documents in the Amazon Cognito user pools API reference (SignUp, ConfirmSignUp,
 * ResendConfirmationCode, InitiateAuth, ForgotPassword, ConfirmForgotPassword); an unknown name
 * keeps Cognito's own message, so nothing is hidden.
 */
export type AuthStep = 'signIn' | 'signUp' | 'confirm' | 'resend' | 'forgot' | 'reset';
export type AuthField = 'email' | 'password' | 'code' | 'form';

export interface AuthMessage {
  field: AuthField;
  text: string;
}

const WRONG_CREDENTIALS: AuthMessage = { field: 'password', text: 'The email or password is not right. Try again, or reset your password.' };
const THROTTLED: AuthMessage = { field: 'form', text: 'Too many attempts for now. Please wait a few minutes, then try again.' };

/**
 * cognito-local (the local user pool) answers operations it lacks with HTTP 500 and
 * `__type: "CognitoLocal#Unsupported"`; 5.3.0 has no ResendConfirmationCode. Its codes are kept in
 * its data file, so the first one still works.
 */
const LOCAL_UNSUPPORTED: Partial<Record<AuthStep, AuthMessage>> = {
  resend: {
    field: 'code',
    text: 'The local user pool (cognito-local) cannot send a new code. The code from sign-up still works: it is saved as ConfirmationCode in .local/cognito/db/.',
  },
};

const BY_NAME: Record<string, AuthMessage | Partial<Record<AuthStep, AuthMessage>>> = {
  UsernameExistsException: { field: 'email', text: 'An account with this email exists. Sign in or reset your password.' },
  CodeMismatchException: { field: 'code', text: 'That code is not right. Check the email we sent and try again.' },
  ExpiredCodeException: { field: 'code', text: 'That code has expired. Ask for a new code.' },
  InvalidPasswordException: {
    signUp: { field: 'password', text: 'This password does not meet the rules listed under it.' },
    reset: { field: 'password', text: 'This password does not meet the rules listed under it.' },
    // cognito-local answers a wrong password with InvalidPasswordException; Cognito with NotAuthorizedException.
    signIn: WRONG_CREDENTIALS,
  },
  NotAuthorizedException: {
    signIn: WRONG_CREDENTIALS,
    // ConfirmSignUp on an account that is already confirmed.
    confirm: { field: 'code', text: 'This account is already confirmed. Go back and sign in.' },
  },
  UserNotFoundException: {
    signIn: WRONG_CREDENTIALS,
    forgot: { field: 'email', text: 'No account uses this email. Check it, or create an account.' },
    confirm: { field: 'code', text: 'No account uses this email. Go back and create one.' },
    resend: { field: 'code', text: 'No account uses this email. Go back and create one.' },
    reset: { field: 'code', text: 'No account uses this email. Go back and check it.' },
  },
  UserNotConfirmedException: { field: 'form', text: 'Confirm your email first: enter the code we sent you.' },
  InvalidParameterException: {
    signUp: { field: 'email', text: 'Please check the email address.' },
    forgot: { field: 'email', text: 'This account has no verified email to send a code to.' },
  },
  AliasExistsException: { field: 'email', text: 'An account with this email exists. Sign in or reset your password.' },
  CodeDeliveryFailureException: { field: 'form', text: 'We could not send the code just now. Please try again in a few minutes.' },
  LimitExceededException: THROTTLED,
  TooManyRequestsException: { field: 'form', text: 'Too many requests right now. Please wait a moment, then try again.' },
  TooManyFailedAttemptsException: THROTTLED,
  PasswordResetRequiredException: { field: 'password', text: 'Your password must be reset. Use “Forgot password?” to set a new one.' },
  Unsupported: LOCAL_UNSUPPORTED,
  // aws-amplify's own name for a request that never got an answer.
  NetworkError: { field: 'form', text: 'The sign-in service could not be reached. Check your connection and try again.' },
};

function isMessage(entry: AuthMessage | Partial<Record<AuthStep, AuthMessage>>): entry is AuthMessage {
  return typeof (entry as AuthMessage).text === 'string';
}

export function authMessageFor(error: unknown, step: AuthStep): AuthMessage {
  const name = error instanceof Error ? error.name : '';
  const entry = BY_NAME[name];
  const found = entry && (isMessage(entry) ? entry : entry[step]);
  if (found) return found;
  return { field: 'form', text: error instanceof Error ? error.message : String(error) };
}
