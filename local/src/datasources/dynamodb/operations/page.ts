import type { QueryCommandOutput, ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { fromSdkMap } from '../attribute-values';
import { encodeNextToken } from '../next-token';

export interface Page {
  items: Record<string, unknown>[];
  nextToken: string | null;
  scannedCount: number;
}

/** A Query or Scan answer as AppSync puts it in ctx.result. */
export function page(output: QueryCommandOutput | ScanCommandOutput): Page {
  return {
    items: (output.Items ?? []).map(fromSdkMap),
    nextToken: encodeNextToken(output.LastEvaluatedKey),
    scannedCount: output.ScannedCount ?? 0,
  };
}
