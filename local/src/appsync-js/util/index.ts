/**
 * Entry point of the util bundle evaluated in every sandbox realm. It assembles the two modules
 * APPSYNC_JS code may import:
 *   `@aws-appsync/utils`          -> { util, extensions, runtime }
 *   `@aws-appsync/utils/dynamodb` -> the request builders (get, put, update, batchGet, ...)
 *   `@aws-appsync/utils/rds`      -> select, insert, update, remove, sql, createPgStatement, ...
 * and returns the installer the host calls once per realm with its primitives-only bridge.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { core } from './core';
import { dynamodb } from './dynamodb';
import * as builders from './dynamodb-builders';
import { extensions } from './extensions';
import { installHostBridge, type HostBridge } from './host';
import { http } from './http';
import { math } from './math';
import { rdsModule, rdsUtil } from './rds';
import { setUpRealm } from './realm';
import { runtime } from './runtime';
import { str } from './str';
import { time } from './time';
import { transform } from './transform';
import { xml } from './xml';

export function install(bridge: HostBridge): void {
  installHostBridge(bridge);
  const util = { ...core, time, str, math, dynamodb, rds: rdsUtil, transform, xml, http };
  setUpRealm({
    '@aws-appsync/utils': { util, extensions, runtime },
    '@aws-appsync/utils/dynamodb': { ...builders },
    '@aws-appsync/utils/rds': { ...rdsModule },
  });
}
