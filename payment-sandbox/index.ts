export { TEST_CARDS, type CardBehavior } from './cards';
export { JOURNAL_FILE, STATE_FILE } from './state';
export { SECRET_KEY_FILE } from './api-keys';
export { startPaymentSandbox, type BrowserOrigins, type PaymentSandboxOptions, type RunningPaymentSandbox } from './server';
