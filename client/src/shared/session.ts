import { confirmResetPassword, confirmSignUp, fetchAuthSession, getCurrentUser, resendSignUpCode, resetPassword, signIn, signOut, signUp } from 'aws-amplify/auth';

export interface SignedInUser {
  username: string;
  email: string;
  groups: string[];
  /** The access token, for the explorer's Authorization header. */
  accessToken: string;
}

/** Whether this tab has seen a signed-in user since it last signed out: only then can another tab sign it out. */
let signedInHere = false;

/** The signed-in user from Amplify's stored tokens, or null. */
export async function currentUser(): Promise<SignedInUser | null> {
  const user = await readUser();
  signedInHere = user !== null;
  return user;
}

async function readUser(): Promise<SignedInUser | null> {
  try {
    const { username } = await getCurrentUser();
    const session = await fetchAuthSession();
    const access = session.tokens?.accessToken;
    if (!access) return null;
    const groups = access.payload['cognito:groups'];
    const email = session.tokens?.idToken?.payload['email'];
    return {
      username,
      email: typeof email === 'string' ? email : username,
      groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
      accessToken: access.toString(),
    };
  } catch {
    return null;
  }
}

export type SignInResult = { done: true } | { done: false; needsConfirmation: boolean; step: string };

export async function signInWithPassword(email: string, password: string, authFlowType: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH'): Promise<SignInResult> {
  // A stale session from another user would make signIn refuse ("already signed in").
  await signOut().catch(() => undefined);
  const result = await signIn({ username: email, password, options: { authFlowType } });
  if (result.isSignedIn) return { done: true };
  return { done: false, needsConfirmation: result.nextStep.signInStep === 'CONFIRM_SIGN_UP', step: result.nextStep.signInStep };
}

export async function register(email: string, password: string): Promise<void> {
  await signUp({ username: email, password, options: { userAttributes: { email } } });
}

export async function confirm(email: string, code: string): Promise<void> {
  await confirmSignUp({ username: email, confirmationCode: code });
}

/** Cognito's ResendConfirmationCode (cognito-local 5.3.0 lacks it: see auth-errors.ts). */
export async function resendCode(email: string): Promise<void> {
  await resendSignUpCode({ username: email });
}

/** Cognito's ForgotPassword: a code is emailed to the account's verified address. */
export async function startPasswordReset(email: string): Promise<void> {
  await resetPassword({ username: email });
}

/** Cognito's ConfirmForgotPassword: the emailed code and the new password. */
export async function finishPasswordReset(email: string, code: string, newPassword: string): Promise<void> {
  await confirmResetPassword({ username: email, confirmationCode: code, newPassword });
}

export async function leave(): Promise<void> {
  signedInHere = false;
  await signOut();
}

/**
 * Calls `onSignedOut` when another tab of this origin signs out. Amplify keeps its tokens in
 * localStorage under `CognitoIdentityServiceProvider.<clientId>.…` and removes them all on
 * signOut, LastAuthUser included; the browser fires `storage` in every OTHER tab of the origin
 * when an item changes (HTML, "The storage event"), so no channel of our own is needed. A token
 * refresh rewrites the tokens but never removes LastAuthUser, so it does not count.
 */
export function watchSignOutElsewhere(clientId: string, onSignedOut: () => void): () => void {
  const lastAuthUser = `CognitoIdentityServiceProvider.${clientId}.LastAuthUser`;
  const listener = (event: StorageEvent): void => {
    if (event.storageArea !== localStorage) return;
    // key null: localStorage.clear() in the other tab.
    if (signedInHere && (event.key === null || (event.key === lastAuthUser && event.newValue === null))) {
      signedInHere = false;
      onSignedOut();
    }
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
