/**
 * util.str. `normalize` is the one the APPSYNC_JS reference lists; toUpper, toLower and
 * toReplace come from the VTL $util.str and are kept for resolvers ported from VTL.
 *
 * This file runs INSIDE the sandbox realm.
 */
export const str = {
  normalize(value: string, normalizationType: string): string {
    return String(value).normalize(String(normalizationType).toUpperCase());
  },
  toUpper(value: string): string {
    return String(value).toUpperCase();
  },
  toLower(value: string): string {
    return String(value).toLowerCase();
  },
  /** Replaces every literal occurrence of `target`. */
  toReplace(value: string, target: string, replacement: string): string {
    return String(value).split(String(target)).join(String(replacement));
  },
};
