import { describe, expect, it } from 'vitest';
import { authMessageFor, type AuthStep } from './auth-errors';

/** aws-amplify v6 rejects with an Error whose name is Cognito's exception name. */
const cognitoError = (name: string, message = 'raw Cognito text'): Error => Object.assign(new Error(message), { name });

describe('sign-in and sign-up messages', () => {
  it.each([
    ['UsernameExistsException', 'signUp', 'email', 'An account with this email exists. Sign in or reset your password.'],
    ['CodeMismatchException', 'confirm', 'code', 'That code is not right. Check the email we sent and try again.'],
    ['ExpiredCodeException', 'reset', 'code', 'That code has expired. Ask for a new code.'],
    ['InvalidPasswordException', 'signUp', 'password', 'This password does not meet the rules listed under it.'],
    ['InvalidPasswordException', 'signIn', 'password', 'The email or password is not right. Try again, or reset your password.'],
    ['NotAuthorizedException', 'signIn', 'password', 'The email or password is not right. Try again, or reset your password.'],
    ['NotAuthorizedException', 'confirm', 'code', 'This account is already confirmed. Go back and sign in.'],
    ['UserNotFoundException', 'forgot', 'email', 'No account uses this email. Check it, or create an account.'],
    ['LimitExceededException', 'resend', 'form', 'Too many attempts for now. Please wait a few minutes, then try again.'],
    ['TooManyRequestsException', 'signIn', 'form', 'Too many requests right now. Please wait a moment, then try again.'],
  ] as const)('puts %s on %s beside the %s field in words for people', (name, step, field, text) => {
    expect(authMessageFor(cognitoError(name), step as AuthStep)).toEqual({ field, text });
  });

  it("names cognito-local's missing ResendConfirmationCode and where the first code is", () => {
    const message = authMessageFor(cognitoError('Unsupported', 'Cognito Local unsupported feature: Unsupported x-amz-target header "AWSCognitoIdentityProviderService.ResendConfirmationCode"'), 'resend');
    expect(message.field).toBe('code');
    expect(message.text).toContain('cannot send a new code');
    expect(message.text).toContain('.local/cognito/db/');
  });

  it("keeps Cognito's own words for a name it does not know", () => {
    expect(authMessageFor(cognitoError('SomethingNewException', 'Something new.'), 'signUp')).toEqual({ field: 'form', text: 'Something new.' });
  });
});
