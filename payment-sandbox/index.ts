export { TEST_CARDS, type CardBehavior } from './cards';
export { STATE_FILE } from './state';
export { startPaymentSandbox, type PaymentSandboxOptions, type RunningPaymentSandbox } from './server';
