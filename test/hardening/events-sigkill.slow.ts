import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DynamoDBClient, GetItemCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { apiDefinition } from '../../infra/api';
import { events } from '../../infra/api/events';
import { readStreamRaw } from '../../local/src/pipes';
import { latestStreamArn } from '../../local/src/pipes/stream';
import { localTableName } from '../../local/src/services/provision';
import { startBrewline, type BrewlineProcess } from './support/brewline-process';
import { openForLoad, post, startShop } from './support/busy-shop';

/**
 * The event half of `npm start` killed with SIGKILL (the whole process group: runtime, pipes,
 * bus, queues, DynamoDB Local, cognito-local, sandbox) while customers place and pay orders, then
 * started again on the same folder. What the API acknowledged was written to the orders table, so
 * its change is in the table's stream; the pipe's checkpoint only moves past a record once the bus
 * accepted its events, and the bus accepts an event only once it is in the archive (fdatasync). So
 * after the restart every acknowledged placeOrder has its "Order Placed" and every acknowledged
 * payOrder its "Order Paid" in the archive (or the lake), and the rollups, whose guard items drop
 * the redeliveries a restart makes, count each placed order exactly once.
 *
 * Nothing acknowledged is excused: DynamoDB Local used to answer TransactWriteItems before its
 * COMMIT ran (so a SIGKILL could lose the last ones); LoopbackDynamoDbLocal.java waits for it now.
 */

interface ArchivedEvent {
  'detail-type': string;
  detail: { orderId?: string; eventId?: string };
}

const PASSWORD = 'Sigkill-Events1';
const CUSTOMERS = 12;
/** Bounds the load: the kill comes long before any customer reaches it. */
const ORDERS_PER_CUSTOMER = 40;
/** The kill comes once this many orders were acknowledged and this many paid. */
const KILL_AFTER = { placed: 48, paid: 24 };
/**
 * How long the load may take to reach KILL_AFTER, and the restarted system to deliver what the
 * stream holds. Generous on purpose: each wait ends as soon as its condition holds, and CI runs
 * this file beside other suites on 2 cores, where a step can take several times as long.
 */
const LOAD_MS = 240_000;
const CATCH_UP_MS = 180_000;
/**
 * A rollup batch in the consumer's hands at the kill stays invisible for the queue's visibility
 * timeout (the receive is journaled, as SQS keeps it across a consumer's crash), then comes back:
 * the rollups are waited for that long, and three minutes more for the redelivered batch to run.
 */
const ROLLUP_WAIT_MS = (events.queues.metricsRollup.visibilityTimeoutSeconds + 180) * 1000;
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';
const PAY = 'mutation($input: PayOrderInput!) { payOrder(input: $input) { id status } }';
const TEST_CARD = '4242424242424242';

let dir: string | undefined;
const running: BrewlineProcess[] = [];

afterAll(async () => {
  for (const started of running) await started.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function tokenize(tokenizeUrl: string): Promise<string> {
  const expiry = `12/${String(new Date().getUTCFullYear() + 2).slice(-2)}`;
  const response = await fetch(tokenizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: { number: TEST_CARD, expiry, cvc: '123' } }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { id?: unknown };
  if (typeof body.id !== 'string') throw new Error('tokenization failed');
  return body.id;
}

/** Every file under `root` whose name passes `keep`, recursively. */
function filesUnder(root: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The events the archive ({archivedAt, event} lines) and the lake (gzipped JSON lines) hold now. */
function eventsOnDisk(eventsDir: string): ArchivedEvent[] {
  const found: ArchivedEvent[] = [];
  const parse = (text: string, wrapped: boolean): void => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const value = JSON.parse(line) as { event?: ArchivedEvent } & ArchivedEvent;
        const event = wrapped ? value.event : value;
        if (event) found.push(event);
      } catch {
        // A torn last line of a killed writer: that event was never acknowledged.
      }
    }
  };
  for (const file of filesUnder(join(eventsDir, 'archives'), (name) => name.endsWith('.jsonl'))) parse(readFileSync(file, 'utf8'), true);
  for (const file of filesUnder(join(eventsDir, 'lake'), (name) => name.endsWith('.gz'))) parse(gunzipSync(readFileSync(file)).toString('utf8'), false);
  return found;
}

/** The event services' own lines of an npm start's output (pipe warnings, errors). */
const eventLines = (output: string): string =>
  output
    .split('\n')
    .filter((line) => line.startsWith('[events]') || /error|warn/i.test(line))
    .slice(-40)
    .join('\n');

/** Where a missing order's events stopped: is the order in the table, its change in the stream, and where is the pipe's checkpoint. */
async function diagnose(orderIds: string[], dynamodbPort: number, localDir: string): Promise<string> {
  const where = { endpoint: `http://127.0.0.1:${dynamodbPort}`, region: 'local' };
  const table = localTableName(apiDefinition, 'orders');
  const client = new DynamoDBClient({ ...where, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const found: string[] = [];
  try {
    for (const id of orderIds) {
      const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `ORDER#${id}` }, sk: { S: 'ORDER' } }, ConsistentRead: true }));
      found.push(`${id}: in the table ${Item ? `yes (status ${Item['status']?.S}, version ${Item['version']?.N})` : 'no'}`);
    }
    const streamArn = await latestStreamArn(where, table);
    const inStream: string[] = [];
    await readStreamRaw({
      ...where,
      streamArn,
      count: Number.MAX_SAFE_INTEGER,
      timeoutMs: 5_000,
      onRecords: (records) => {
        for (const record of records) {
          const pk = record.dynamodb?.Keys?.['pk']?.S ?? '';
          if (orderIds.some((id) => pk === `ORDER#${id}`)) inStream.push(`${pk} ${record.eventName} seq ${record.dynamodb?.SequenceNumber}`);
        }
      },
    });
    found.push(`stream ${streamArn}: ${inStream.length > 0 ? inStream.join('; ') : 'no record of them'}`);
  } finally {
    client.destroy();
  }
  const checkpoint = join(localDir, 'events', 'pipes', 'orderChanges.json');
  found.push(`checkpoint: ${existsSync(checkpoint) ? readFileSync(checkpoint, 'utf8') : 'none'}`);
  return found.join('\n');
}

describe('npm start killed with SIGKILL under load, for events', () => {
  it('loses no event: every acknowledged order has its Order Placed and every acknowledged payment its Order Paid after a restart, and the rollups count each placed order once', async () => {
    const shop = await startShop('events-sigkill', running);
    dir = shop.dir;
    const { env, ports, localDir, url, tokenizeUrl, first } = shop;
    const { flatWhite, customers } = await openForLoad(shop, 'events-sigkill', CUSTOMERS, PASSWORD);

    const placed: string[] = [];
    const paid: string[] = [];
    let killed = false;
    const loops = customers.map(async (token, index) => {
      for (let n = 0; n < ORDERS_PER_CUSTOMER && !killed; n += 1) {
        try {
          const input = { idempotencyKey: `events-sigkill-${index}-${n}`, pickupName: 'Load', lines: [{ menuItemId: flatWhite, size: 'REGULAR', milk: 'OAT', quantity: 1 }] };
          const id = (await post(url, token, PLACE, { input })).data?.['placeOrder']?.id;
          if (!id || killed) continue;
          placed.push(id);
          const cardToken = await tokenize(tokenizeUrl);
          const answer = (await post(url, token, PAY, { input: { orderId: id, cardToken, idempotencyKey: `pay-${id}` } })).data?.['payOrder'];
          if (answer?.status === 'PAID' && !killed) paid.push(id);
        } catch {
          // The connection died with the server: not acknowledged, so nothing is owed.
        }
      }
    });
    const loadDeadline = Date.now() + LOAD_MS;
    const loadStarted = performance.now();
    while ((placed.length < KILL_AFTER.placed || paid.length < KILL_AFTER.paid) && Date.now() < loadDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Each phase is logged as it ends, so a failure in CI's log says which wait ran out.
    console.log(`[events-sigkill] load: ${placed.length} placed, ${paid.length} paid after ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    expect(paid.length).toBeGreaterThanOrEqual(KILL_AFTER.paid);
    // Mid-load: requests are in flight and the last changes are still between stream, pipe and bus.
    await first.kill();
    killed = true;
    const killedAt = Date.now();
    const placedBeforeKill = [...placed];
    const paidBeforeKill = [...paid];
    await Promise.all(loops);
    const onDiskAtKill = eventsOnDisk(join(localDir, 'events'));

    const second = startBrewline(env);
    running.push(second);
    await second.ready;
    const restartedAt = performance.now();
    console.log(`[events-sigkill] restarted and ready ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
    const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${ports.dynamodb}`, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const scan = async (logical: string): Promise<Record<string, unknown>[]> => {
        const rows: Record<string, unknown>[] = [];
        for await (const page of paginateScan({ client }, { TableName: localTableName(apiDefinition, logical), ConsistentRead: true })) {
          for (const item of page.Items ?? []) rows.push(unmarshall(item));
        }
        return rows;
      };
      // Every acknowledged write is in the table: DynamoDB Local used to answer TransactWriteItems
      // before its COMMIT ran, which LoopbackDynamoDbLocal.java now waits for
      // (local/test/services/dynamodb-durability.test.ts).
      const orderRows = new Map((await scan('orders')).filter((row) => row['sk'] === 'ORDER').map((row) => [String(row['id']), row]));
      const notInTable = {
        placed: placedBeforeKill.filter((id) => !orderRows.has(id)),
        paid: paidBeforeKill.filter((id) => !orderRows.has(id) || orderRows.get(id)?.['status'] === 'PENDING_PAYMENT' || !orderRows.get(id)?.['paidAt']),
      };
      const owedPlaced = placedBeforeKill;
      const owedPaid = paidBeforeKill;

      const missing = (): { placed: string[]; paid: string[] } => {
        const events = eventsOnDisk(join(localDir, 'events'));
        const seen = (type: string) => new Set(events.filter((e) => e['detail-type'] === type).map((e) => e.detail.orderId));
        const placedSeen = seen('Order Placed');
        const paidSeen = seen('Order Paid');
        return { placed: owedPlaced.filter((id) => !placedSeen.has(id)), paid: owedPaid.filter((id) => !paidSeen.has(id)) };
      };
      const missingAtKill = {
        placed: owedPlaced.filter((id) => !onDiskAtKill.some((e) => e['detail-type'] === 'Order Placed' && e.detail.orderId === id)).length,
        paid: owedPaid.filter((id) => !onDiskAtKill.some((e) => e['detail-type'] === 'Order Paid' && e.detail.orderId === id)).length,
      };
      const catchUpDeadline = Date.now() + CATCH_UP_MS;
      let left = missing();
      while ((left.placed.length > 0 || left.paid.length > 0) && Date.now() < catchUpDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        left = missing();
      }
      const caughtUpMs = performance.now() - restartedAt;
      if (left.placed.length > 0 || left.paid.length > 0) {
        console.log(`[events-sigkill] missing after the restart: ${JSON.stringify(left)}\n${await diagnose([...left.placed, ...left.paid], ports.dynamodb, localDir)}\n--- first run ---\n${eventLines(first.output())}\n--- second run ---\n${eventLines(second.output())}`);
      }
      expect(notInTable).toEqual({ placed: [], paid: [] });
      expect(left).toEqual({ placed: [], paid: [] });

      // Every order row has its Order Placed on disk (acknowledged or not: a request in flight at
      // the kill may have been written); the rollup must count each distinct one exactly once.
      const placedOnDisk = (): Set<string> => new Set(eventsOnDisk(join(localDir, 'events')).filter((e) => e['detail-type'] === 'Order Placed').map((e) => e.detail.eventId ?? ''));
      const rollups = async () => {
        const rows = await scan('metrics');
        return {
          placedTotal: rows.filter((row) => String(row['pk']).startsWith('DAY#') && row['sk'] === 'TOTAL').reduce((sum, row) => sum + Number(row['placed'] ?? 0), 0),
          placedGuards: rows.filter((row) => String(row['pk']).startsWith('EVENT#') && String(row['pk']).endsWith(':order-placed')).length,
        };
      };
      let counted = await rollups();
      while (counted.placedTotal < placedOnDisk().size && Date.now() < killedAt + ROLLUP_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        counted = await rollups();
      }
      const rolledUpMs = performance.now() - restartedAt;
      const distinctPlaced = placedOnDisk();
      const placedCopies = eventsOnDisk(join(localDir, 'events')).filter((e) => e['detail-type'] === 'Order Placed').length;
      const rowsWithoutEvent = [...orderRows.values()].filter((row) => !distinctPlaced.has(`${String(row['id'])}:1:order-placed`)).map((row) => row['id']);
      console.log(
        `[events-sigkill] acknowledged before the kill: ${placedBeforeKill.length} placed, ${paidBeforeKill.length} paid; ` +
          `acknowledged but not in the table after the restart: ${notInTable.placed.length} orders, ${notInTable.paid.length} payments; ` +
          `owed events missing from archive+lake at the kill: ${missingAtKill.placed} Order Placed, ${missingAtKill.paid} Order Paid; ` +
          `all found ${(caughtUpMs / 1000).toFixed(1)} s after the restart was ready; ` +
          `order rows ${orderRows.size}, Order Placed on disk ${placedCopies} (${distinctPlaced.size} distinct); ` +
          `rollup placed ${counted.placedTotal}, guards ${counted.placedGuards}, counted ${(rolledUpMs / 1000).toFixed(1)} s after the restart`,
      );
      expect(rowsWithoutEvent).toEqual([]);
      expect(counted.placedTotal).toBe(counted.placedGuards);
      expect(counted.placedTotal).toBe(distinctPlaced.size);
    } finally {
      client.destroy();
    }
  }, 1_200_000);
});
