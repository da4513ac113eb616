/**
 * The `runtime` object.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { raiseEarlyReturn, type SkipTo } from './signals';

export const runtime = {
  earlyReturn(value?: unknown, returnOptions?: { skipTo?: SkipTo }): never {
    const skipTo = returnOptions?.skipTo;
    return raiseEarlyReturn(value, skipTo === 'END' || skipTo === 'NEXT' ? skipTo : null);
  },
};
