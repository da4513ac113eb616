/**
 * The user pool's password rules as the sign-up and reset forms show them. They are not written
 * here: `npm start` (and a deploy) ship the pool's policy in amplify_outputs.json under
 * `auth.password_policy`, the field Amplify Gen 2's outputs define for it, and the forms read it
 * from there, so infra/api/user-pool.ts stays the one source of truth.
 *
 * What each rule counts is Cognito's: "Password requirements" in the Amazon Cognito developer
 * guide (https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html)
 * — basic Latin letters and digits, and this list of symbols (a space counts when it is neither
 * first nor last).
 */
export interface PasswordPolicy {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export interface PasswordRule {
  id: 'length' | 'lowercase' | 'uppercase' | 'number' | 'symbol';
  text: string;
  met(password: string): boolean;
}

const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-';

const hasSymbol = (password: string): boolean => [...password].some((char, index) => SYMBOLS.includes(char) || (char === ' ' && index > 0 && index < password.length - 1));

/** Reads amplify_outputs.json's `auth.password_policy`; null when the outputs carry none. */
export function policyFromOutputs(raw: unknown): PasswordPolicy | null {
  if (!raw || typeof raw !== 'object') return null;
  const policy = raw as Record<string, unknown>;
  if (typeof policy.min_length !== 'number') return null;
  return {
    minLength: policy.min_length,
    requireLowercase: policy.require_lowercase === true,
    requireUppercase: policy.require_uppercase === true,
    requireNumbers: policy.require_numbers === true,
    requireSymbols: policy.require_symbols === true,
  };
}

/** The rules a policy sets, in the order the form lists them. */
export function passwordRules(policy: PasswordPolicy): PasswordRule[] {
  const rules: PasswordRule[] = [{ id: 'length', text: `At least ${policy.minLength} characters`, met: (password) => [...password].length >= policy.minLength }];
  if (policy.requireLowercase) rules.push({ id: 'lowercase', text: 'A lowercase letter (a–z)', met: (password) => /[a-z]/.test(password) });
  if (policy.requireUppercase) rules.push({ id: 'uppercase', text: 'An uppercase letter (A–Z)', met: (password) => /[A-Z]/.test(password) });
  if (policy.requireNumbers) rules.push({ id: 'number', text: 'A number (0–9)', met: (password) => /[0-9]/.test(password) });
  if (policy.requireSymbols) rules.push({ id: 'symbol', text: `A symbol, such as ! @ # $ % & *`, met: hasSymbol });
  return rules;
}

/** The rules the password does not meet yet; empty when Cognito would accept it. */
export function unmetRules(policy: PasswordPolicy, password: string): PasswordRule[] {
  return passwordRules(policy).filter((rule) => !rule.met(password));
}
