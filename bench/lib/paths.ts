import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory. */
export const REPO_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
