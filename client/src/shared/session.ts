import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';

export interface SignedInUser {
  username: string;
  email: string;
  groups: string[];
  /** The access token, for the explorer's Authorization header. */
  accessToken: string;
}

/** The signed-in user from Amplify's stored tokens, or null. */
export async function currentUser(): Promise<SignedInUser | null> {
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

export async function leave(): Promise<void> {
  await signOut();
}
