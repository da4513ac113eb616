import { util, type Context, type DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { get, type TransactWriteItem } from '@aws-appsync/utils/dynamodb';
import { menuMetaKey, type MenuMetaRecord } from './menu';

/**
 * Every menu edit is a pipeline: read META's version, then ONE TransactWriteItems that writes the
 * edit and moves META from that version to the next (conditional on it, or on META's absence
 * for the first edit). Two concurrent edits cannot both succeed with the same version, and the
 * edit's response can say which version it produced.
 *
 * Errors (errorType):
 *   INVALID_INPUT          the input breaks a rule (errorInfo.field names the field)
 *   UNKNOWN_CATEGORY       categoryId names no category; putCategory with an id that does not exist
 *   UNKNOWN_MENU_ITEM      putMenuItem / setMenuItemAvailability with an id that does not exist
 *   MENU_VERSION_CONFLICT  another edit was saved in between; nothing was written, retry
 */
export const MENU_VERSION_CONFLICT = 'MENU_VERSION_CONFLICT';

/** Step 1 of an edit: META, read strongly consistent so the version is the latest one. */
export function readMenuVersionRequest(): DynamoDBGetItemRequest {
  return get<MenuMetaRecord>({ key: menuMetaKey(), consistentRead: true });
}

/** The version the edit must find (0: no edit yet, META absent). */
export function readMenuVersionResponse(ctx: Context): number {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const meta = ctx.result as MenuMetaRecord | null;
  return meta?.version ?? 0;
}

/** The transaction item that moves META from `expected` to `expected + 1`. */
export function bumpMenuVersion(table: string, expected: number, updatedAt: string, updatedBy: string): TransactWriteItem {
  return {
    updateItem: {
      table,
      key: menuMetaKey(),
      update: { kind: 'META', version: expected + 1, updatedAt, updatedBy },
      condition: expected === 0 ? { pk: { attributeExists: false } } : { version: { eq: expected } },
    },
  };
}

/** A transaction item whose failed condition means `type`, by its position in the request. */
export type EditFailure = { index: number; type: string; message: string };

type CancellationReason = { type: string | null; message: string | null };

/**
 * Raises the typed error for a failed edit transaction: the first listed failure whose item's
 * condition failed, else the data source's own error. Does nothing when the write succeeded.
 */
export function raiseEditFailure(ctx: Context, failures: EditFailure[]): void {
  if (!ctx.error) return;
  const reasons = ((ctx.result as { cancellationReasons?: CancellationReason[] | null } | null)?.cancellationReasons ?? []) as CancellationReason[];
  const failed = failures.find((failure) => reasons[failure.index]?.type === 'ConditionalCheckFailed');
  if (failed) util.error(failed.message, failed.type);
  util.error(ctx.error.message, ctx.error.type);
}

/** The failure of the META item: a concurrent edit got there first. */
export function versionConflict(index: number): EditFailure {
  return { index, type: MENU_VERSION_CONFLICT, message: 'The menu was changed by another edit; nothing was saved. Try again.' };
}
