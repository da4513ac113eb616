import { describe, expect, it } from 'vitest';
import { overridesFor, parseEnvironmentOverrides } from './env-vars';

const ids = { logicalId: 'PaymentsFunction', functionName: 'brewline-payments' };

describe("SAM CLI's environment variables file", () => {
  it('reads an entry per function and Parameters, values as Lambda strings (booleans as true/false)', () => {
    expect(parseEnvironmentOverrides('{"PaymentsFunction": {"RETRIES": 2, "DEBUG": true}, "Parameters": {"STAGE": "local"}}')).toEqual({
      PaymentsFunction: { RETRIES: '2', DEBUG: 'true' },
      Parameters: { STAGE: 'local' },
    });
  });

  it('refuses a file that is not an object of objects, saying what the format is', () => {
    expect(() => parseEnvironmentOverrides('[]', 'env.json')).toThrow('env.json must be a JSON object: {"<FunctionLogicalId>": {"VAR": "value"}');
    expect(() => parseEnvironmentOverrides('{"PaymentsFunction": "x"}', 'env.json')).toThrow('env.json: "PaymentsFunction" must be an object');
    expect(() => parseEnvironmentOverrides('{', 'env.json')).toThrow('env.json is not JSON');
  });

  it('applies Parameters only to the variables the template declares for the function, as SAM does', () => {
    const overrides = parseEnvironmentOverrides('{"Parameters": {"PAYMENT_GATEWAY": "sandbox", "UNDECLARED": "x"}}');
    expect(overridesFor(overrides, ids, ['PAYMENT_GATEWAY', 'STRIPE_SECRET_ARN'])).toEqual({ PAYMENT_GATEWAY: 'sandbox' });
  });

  it("puts the function's own entry over Parameters, found by logical id or else by function name, and lets it add variables", () => {
    const overrides = parseEnvironmentOverrides('{"Parameters": {"PAYMENT_GATEWAY": "stripe"}, "brewline-payments": {"PAYMENT_GATEWAY": "sandbox", "PAYMENT_SANDBOX_URL": "http://127.0.0.1:4010"}}');
    expect(overridesFor(overrides, ids, ['PAYMENT_GATEWAY'])).toEqual({ PAYMENT_GATEWAY: 'sandbox', PAYMENT_SANDBOX_URL: 'http://127.0.0.1:4010' });
    expect(overridesFor(overrides, { logicalId: 'Other', functionName: 'other' }, ['PAYMENT_GATEWAY'])).toEqual({ PAYMENT_GATEWAY: 'stripe' });
    expect(overridesFor(undefined, ids, ['PAYMENT_GATEWAY'])).toEqual({});
  });
});
