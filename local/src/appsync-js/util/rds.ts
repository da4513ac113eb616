/**
 * The @aws-appsync/utils/rds module as resolver code imports it: the statement builders, the two
 * request makers, typeHint, agg and toJsonObject (the exports of the package's lib/rds-helpers.d.ts).
 *
 * This file runs INSIDE the sandbox realm.
 */
import { toJsonObject } from './rds-json';
import { createMySQLStatement, createPgStatement } from './rds-render';
import { agg, insert, remove, select, sql, typeHint, update } from './rds-statements';

export const rdsModule = { select, insert, update, remove, sql, createPgStatement, createMySQLStatement, typeHint, agg, toJsonObject };

/** util.rds (lib/rds-utils.d.ts): only toJsonObject. */
export const rdsUtil = { toJsonObject };
