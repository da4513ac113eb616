import { readFileSync } from 'node:fs';
import { writePrivateFile } from '../services/local-state';

/**
 * What `serve` remembers between starts so clients keep working (the ids cognito-local gave the
 * pools and clients are in every token; the API keys are in clients' configs), by logical id.
 */
export interface TemplateState {
  pools: Record<string, string>;
  clients: Record<string, string>;
  apiKeys: Record<string, { id: string; expires: number }>;
  iam?: { accessKeyId: string; secretAccessKey: string };
}

export function readTemplateState(file: string | undefined): TemplateState {
  const empty: TemplateState = { pools: {}, clients: {}, apiKeys: {} };
  if (!file) return empty;
  try {
    return { ...empty, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<TemplateState>) };
  } catch {
    return empty;
  }
}

/** It holds the IAM secret and API keys: this user's only (writePrivateFile). */
export function writeTemplateState(file: string | undefined, state: TemplateState): void {
  if (file) writePrivateFile(file, `${JSON.stringify(state, null, 2)}\n`);
}
