import { util, type DynamoDBExpression } from '@aws-appsync/utils';
import type { Store, UpdateStoreSettingsInput } from '../../generated/graphql';
import type { InputProblem } from './menu-input';

/**
 * The store: one item in the orders table, STORE / STORE, so that payOrder can reserve a queue
 * place (queueLength + 1, conditional on open and capacity) in the same transaction as its payment
 * lock, and placeOrder can check open and capacity in the same transaction as the order.
 * Managers change open and the settings; only order transactions move queueLength.
 */
export type StoreRecord = Omit<Store, '__typename' | 'updatedAt'> & {
  pk: 'STORE';
  sk: 'STORE';
  updatedAt: string;
  updatedBy: string;
};

export function storeKey(): Pick<StoreRecord, 'pk' | 'sk'> {
  return { pk: 'STORE', sk: 'STORE' };
}

export type StoreSettings = Pick<Store, 'capacity' | 'customerOrderLimit' | 'collectionWindowMinutes' | 'prepMinutesPerOrder' | 'paymentWindowMinutes'>;

/** A new store's settings, until a manager changes them. */
export const DEFAULT_SETTINGS: StoreSettings = {
  capacity: 30,
  customerOrderLimit: 3,
  collectionWindowMinutes: 30,
  prepMinutesPerOrder: 3,
  // Long enough to fetch a card from a bag and retry a decline; short enough that an abandoned
  // order does not hold its customer's slot for long.
  paymentWindowMinutes: 15,
};

/** Bounds of each setting, inclusive. */
export const SETTING_BOUNDS: Record<keyof StoreSettings, { min: number; max: number }> = {
  capacity: { min: 1, max: 1000 },
  customerOrderLimit: { min: 1, max: 100 },
  collectionWindowMinutes: { min: 1, max: 1440 },
  prepMinutesPerOrder: { min: 1, max: 120 },
  paymentWindowMinutes: { min: 1, max: 240 },
};

/**
 * The Store a client sees. Before the store was ever set up there is no item: it reads as closed
 * with the default settings and no updatedAt (placeOrder's condition on `open` fails likewise).
 */
export function toStore(record: StoreRecord | null): Store {
  if (!record) return { open: false, queueLength: 0, updatedAt: null, ...DEFAULT_SETTINGS };
  return {
    open: record.open,
    capacity: record.capacity,
    customerOrderLimit: record.customerOrderLimit,
    queueLength: record.queueLength ?? 0,
    collectionWindowMinutes: record.collectionWindowMinutes,
    prepMinutesPerOrder: record.prepMinutesPerOrder,
    // A store item written before the setting existed reads as the default.
    paymentWindowMinutes: record.paymentWindowMinutes ?? DEFAULT_SETTINGS.paymentWindowMinutes,
    updatedAt: record.updatedAt,
  };
}

type SettingName = keyof StoreSettings;
const SETTING_NAMES: SettingName[] = ['capacity', 'customerOrderLimit', 'collectionWindowMinutes', 'prepMinutesPerOrder', 'paymentWindowMinutes'];

function given(input: UpdateStoreSettingsInput, name: SettingName): number | null {
  const value = input[name];
  return value === null || value === undefined ? null : value;
}

export function settingsProblem(input: UpdateStoreSettingsInput): InputProblem | null {
  const names = SETTING_NAMES.filter((name) => given(input, name) !== null);
  if (names.length === 0) return { field: 'input', message: 'Give at least one setting to change.' };
  const outOfBounds = names.find((name) => {
    const value = given(input, name) ?? 0;
    return value < SETTING_BOUNDS[name].min || value > SETTING_BOUNDS[name].max;
  });
  if (outOfBounds) {
    const { min, max } = SETTING_BOUNDS[outOfBounds];
    return { field: outOfBounds, message: `${outOfBounds} must be between ${min} and ${max}.` };
  }
  const capacity = given(input, 'capacity');
  const limit = given(input, 'customerOrderLimit');
  if (capacity !== null && limit !== null && limit > capacity) {
    return { field: 'customerOrderLimit', message: 'customerOrderLimit must not exceed capacity.' };
  }
  return null;
}

/**
 * SET for the store: the given values, then `if_not_exists` defaults for everything else, so the
 * first change a manager makes also creates the store item in full. queueLength is never set
 * once it exists: order transactions ADD to it concurrently. Names go through placeholders:
 * CAPACITY and OPEN are DynamoDB reserved words.
 */
export function storeUpdate(values: Partial<StoreSettings> & { open?: boolean }, updatedAt: string, updatedBy: string): DynamoDBExpression {
  const sets = ['updatedAt = :updatedAt', 'updatedBy = :updatedBy', 'queueLength = if_not_exists(queueLength, :zero)'];
  const expressionValues: Record<string, unknown> = { ':updatedAt': updatedAt, ':updatedBy': updatedBy, ':zero': 0 };
  const defaults: Record<string, number | boolean> = { ...DEFAULT_SETTINGS, open: false };
  for (const name of Object.keys(defaults)) {
    const value = (values as Record<string, number | boolean | undefined>)[name];
    if (value === undefined) {
      sets.push(`#${name} = if_not_exists(#${name}, :${name})`);
      expressionValues[`:${name}`] = defaults[name];
    } else {
      sets.push(`#${name} = :${name}`);
      expressionValues[`:${name}`] = value;
    }
  }
  const expressionNames: Record<string, string> = {};
  for (const name of Object.keys(defaults)) expressionNames[`#${name}`] = name;
  return { expression: `SET ${sets.join(', ')}`, expressionNames, expressionValues: util.dynamodb.toMapValues(expressionValues) };
}

/**
 * Keeps customerOrderLimit <= capacity when only one of them changes: the other is the stored
 * value (or its default while the store item does not exist yet), compared atomically with the
 * write, so two managers changing one each cannot break it. Null when neither or both change
 * (settingsProblem has checked both against each other then).
 */
export function settingsCondition(input: UpdateStoreSettingsInput): DynamoDBExpression | null {
  const capacity = given(input, 'capacity');
  const limit = given(input, 'customerOrderLimit');
  if (limit !== null && capacity === null) {
    const whenNew = limit <= DEFAULT_SETTINGS.capacity ? 'attribute_not_exists(pk) OR ' : '';
    return {
      expression: `${whenNew}#capacity >= :limit`,
      expressionNames: { '#capacity': 'capacity' },
      expressionValues: util.dynamodb.toMapValues({ ':limit': limit }),
    };
  }
  if (capacity !== null && limit === null) {
    const whenNew = capacity >= DEFAULT_SETTINGS.customerOrderLimit ? 'attribute_not_exists(pk) OR ' : '';
    return {
      expression: `${whenNew}#limit <= :capacity`,
      expressionNames: { '#limit': 'customerOrderLimit' },
      expressionValues: util.dynamodb.toMapValues({ ':capacity': capacity }),
    };
  }
  return null;
}
