import type { DataSource } from './types';

/**
 * NONE: AppSync hands the request's `payload` straight to the response handler as ctx.result,
 * which is how local-only resolvers and subscription triggers work.
 */
export function createNoneDataSource(): DataSource {
  return {
    async invoke(request) {
      const payload = typeof request === 'object' && request !== null ? (request as { payload?: unknown }).payload : undefined;
      return { result: payload ?? null };
    },
    close() {},
  };
}
