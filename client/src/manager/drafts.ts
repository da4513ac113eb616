import type { DrinkSize, MenuItemFieldsFragment, MilkType, PutCategoryInput, PutMenuItemInput } from '../../../generated/client-operations';
import { ApiError } from '../shared/errors';
import { money } from '../shared/format';

/**
 * The menu editor's forms as plain data: what the inputs hold (strings, as typed), how that
 * becomes a putMenuItem / putCategory input, and which input a refusal belongs to. No DOM here,
 * so drafts.test.ts checks it directly.
 */

export const SIZES: readonly DrinkSize[] = ['SMALL', 'REGULAR', 'LARGE'];
export const MILKS: readonly MilkType[] = ['WHOLE', 'SKIM', 'OAT', 'SOY', 'ALMOND'];

/** The item form's inputs; a size or milk row is offered when its box is ticked. */
export interface ItemDraft {
  id: string | null;
  categoryId: string;
  name: string;
  description: string;
  imageUrl: string;
  sizes: Record<DrinkSize, { offered: boolean; price: string }>;
  milks: Record<MilkType, { offered: boolean; surcharge: string }>;
  /** '' lets the server choose (whole milk when offered, else the first). */
  defaultMilk: MilkType | '';
  extras: Array<{ id: string; name: string; price: string; maxQuantity: string }>;
  available: boolean;
  sortOrder: string;
}

export interface CategoryDraft {
  id: string | null;
  name: string;
  sortOrder: string;
}

/** The form fields a message can stand next to; `form` is the form as a whole. */
export type ItemField = 'categoryId' | 'name' | 'description' | 'imageUrl' | 'sizes' | 'milkOptions' | 'defaultMilk' | 'extras' | 'sortOrder' | 'form';
export type CategoryField = 'name' | 'sortOrder' | 'form';
export type FieldMessages<F extends string> = Partial<Record<F, string>>;

/** Euros as typed to cents, the schema's unit ("Money is in the smallest currency unit (cents) as Int"). */
export function centsOf(typed: string): number | null {
  const text = typed.trim().replace(/^€\s*/, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

/** Cents as the input shows them: "3.80", no currency sign (the label says EUR). */
export const eurosOf = (cents: number): string => (cents / 100).toFixed(2);

export function newItemDraft(categoryId: string): ItemDraft {
  return {
    id: null,
    categoryId,
    name: '',
    description: '',
    imageUrl: '',
    sizes: { SMALL: { offered: false, price: '' }, REGULAR: { offered: true, price: '' }, LARGE: { offered: false, price: '' } },
    milks: Object.fromEntries(MILKS.map((milk) => [milk, { offered: false, surcharge: '0.00' }])) as ItemDraft['milks'],
    defaultMilk: '',
    extras: [],
    available: true,
    sortOrder: '0',
  };
}

export function itemDraftOf(item: MenuItemFieldsFragment): ItemDraft {
  const draft = newItemDraft(item.categoryId);
  for (const size of SIZES) {
    const option = item.sizes.find((candidate) => candidate.size === size);
    draft.sizes[size] = { offered: !!option, price: option ? eurosOf(option.price) : '' };
  }
  for (const milk of MILKS) {
    const option = item.milkOptions.find((candidate) => candidate.milk === milk);
    draft.milks[milk] = { offered: !!option, surcharge: eurosOf(option?.surcharge ?? 0) };
  }
  return {
    ...draft,
    id: item.id,
    name: item.name,
    description: item.description ?? '',
    imageUrl: item.imageUrl ?? '',
    defaultMilk: item.defaultMilk ?? '',
    extras: item.extras.map((extra) => ({ id: extra.id, name: extra.name, price: eurosOf(extra.price), maxQuantity: String(extra.maxQuantity) })),
    available: item.available,
    sortOrder: String(item.sortOrder),
  };
}

/** A new extra's id from its name ("Vanilla syrup" -> "vanilla-syrup"), as the seed's ids read. */
export const extraIdOf = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const wholeNumber = (typed: string): number | null => (/^\s*-?\d+\s*$/.test(typed) ? Number(typed) : null);

function isUrl(typed: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(typed) && !!new URL(typed);
  } catch {
    return false;
  }
}

const PRICE_HINT = 'Enter a price in euros, like 3.80.';

/**
 * The putMenuItem input of a draft, or what the browser cannot even send (a price that is not a
 * number, a URL without a scheme). Everything else, empty names and size lists, negative prices,
 * duplicates, is left to the server, whose rules (resolvers/lib/menu-input.ts) are the only ones.
 */
export function itemInputOf(draft: ItemDraft): { input: PutMenuItemInput } | { problems: FieldMessages<ItemField> } {
  const problems: FieldMessages<ItemField> = {};
  const sizes = SIZES.filter((size) => draft.sizes[size].offered).map((size) => ({ size, price: centsOf(draft.sizes[size].price) }));
  if (sizes.some((option) => option.price === null)) problems.sizes = `Each size needs its price. ${PRICE_HINT}`;
  const milkOptions = MILKS.filter((milk) => draft.milks[milk].offered).map((milk) => ({ milk, surcharge: centsOf(draft.milks[milk].surcharge) }));
  if (milkOptions.some((option) => option.surcharge === null)) problems.milkOptions = `Each milk needs its surcharge (0.00 for none). ${PRICE_HINT}`;
  const extras = draft.extras.map((extra) => ({
    id: extra.id || extraIdOf(extra.name),
    name: extra.name.trim(),
    price: centsOf(extra.price),
    maxQuantity: wholeNumber(extra.maxQuantity),
  }));
  if (extras.some((extra) => extra.price === null)) problems.extras = `Each extra needs its price. ${PRICE_HINT}`;
  else if (extras.some((extra) => extra.maxQuantity === null)) problems.extras = 'Each extra needs a maximum, a whole number.';
  const sortOrder = wholeNumber(draft.sortOrder);
  if (sortOrder === null) problems.sortOrder = 'Sort order is a whole number, like 10.';
  const imageUrl = draft.imageUrl.trim();
  if (imageUrl && !isUrl(imageUrl)) problems.imageUrl = 'A photo is a full URL, starting with https://.';
  if (Object.keys(problems).length > 0) return { problems };
  return {
    input: {
      ...(draft.id ? { id: draft.id } : {}),
      categoryId: draft.categoryId,
      name: draft.name,
      description: draft.description.trim() || null,
      imageUrl: imageUrl || null,
      sizes: sizes.map((option) => ({ size: option.size, price: option.price ?? 0 })),
      milkOptions: milkOptions.map((option) => ({ milk: option.milk, surcharge: option.surcharge ?? 0 })),
      defaultMilk: draft.defaultMilk || null,
      extras: extras.map((extra) => ({ id: extra.id, name: extra.name, price: extra.price ?? 0, maxQuantity: extra.maxQuantity ?? 0 })),
      available: draft.available,
      sortOrder: sortOrder ?? 0,
    },
  };
}

export function categoryInputOf(draft: CategoryDraft): { input: PutCategoryInput } | { problems: FieldMessages<CategoryField> } {
  const sortOrder = wholeNumber(draft.sortOrder);
  if (sortOrder === null) return { problems: { sortOrder: 'Sort order is a whole number, like 10.' } };
  return { input: { ...(draft.id ? { id: draft.id } : {}), name: draft.name, sortOrder } };
}

/** What an existing item loses in an edit: the sizes, milks and extras customers could order until now. */
export function removedOptions(before: MenuItemFieldsFragment, after: PutMenuItemInput): string[] {
  const sizes = before.sizes.filter((option) => !after.sizes.some((kept) => kept.size === option.size)).map((option) => `${option.size.toLowerCase()} size`);
  const milks = before.milkOptions.filter((option) => !after.milkOptions.some((kept) => kept.milk === option.milk)).map((option) => `${option.milk.toLowerCase()} milk`);
  const extras = before.extras.filter((extra) => !after.extras.some((kept) => kept.id === extra.id)).map((extra) => extra.name);
  return [...sizes, ...milks, ...extras];
}

/** The API's field names (errorInfo.field, resolvers/lib/menu-input.ts) as the form's labels. */
const ITEM_LABELS: Array<[api: string, field: ItemField, label: string]> = [
  ['sizes.price', 'sizes', 'A size price'],
  ['milkOptions.surcharge', 'milkOptions', 'A milk surcharge'],
  ['extras.maxQuantity', 'extras', 'The most per drink'],
  ['extras.price', 'extras', 'An extra price'],
  ['categoryId', 'categoryId', 'Category'],
  ['description', 'description', 'Description'],
  ['defaultMilk', 'defaultMilk', 'Default milk'],
  ['milkOptions', 'milkOptions', 'Milks'],
  ['sortOrder', 'sortOrder', 'Sort order'],
  ['imageUrl', 'imageUrl', 'Photo URL'],
  ['extras', 'extras', 'Extras'],
  ['sizes', 'sizes', 'Sizes'],
  ['name', 'name', 'Name'],
];

/** "must be at most 100000 cents" reads as euros, the unit the form is typed in. */
const inEuros = (message: string): string => message.replace(/(-?\d+) cents/g, (_match, cents: string) => money(Number(cents)));

function labelled(message: string): string {
  const text = ITEM_LABELS.reduce(
    (result, [api, , label]) => result.replace(new RegExp(`(^|[^.\\w])${api.replace('.', '\\.')}\\b`, 'g'), `$1${label}`),
    message.replace(/\bmaxQuantity of (\S+)/, 'The most per drink of $1'),
  );
  return inEuros(text.charAt(0).toUpperCase() + text.slice(1));
}

/**
 * Which input a refusal of putMenuItem belongs to, with its text in the form's words. INVALID_INPUT
 * names the field in errorInfo.field; UNKNOWN_CATEGORY is the category's; a value the GraphQL layer
 * refused (an AWSURL that does not parse) names the input field in its message. Anything else is
 * the form's as a whole (a version conflict, a lost session), with the app's usual text.
 */
export function itemRefusal(error: unknown, otherwise: (error: unknown) => string): FieldMessages<ItemField> {
  if (error instanceof ApiError) {
    const named = error.errorInfo?.['field'];
    const entry = typeof named === 'string' ? ITEM_LABELS.find(([api]) => api === named) : undefined;
    if (error.errorType === 'INVALID_INPUT' && entry) return { [entry[1]]: labelled(error.message) };
    if (error.errorType === 'UNKNOWN_CATEGORY') return { categoryId: 'That category no longer exists. Pick another one.' };
    if (/\bimageUrl\b/.test(error.message)) return { imageUrl: 'The photo URL is not a valid URL.' };
  }
  return { form: otherwise(error) };
}

export function categoryRefusal(error: unknown, otherwise: (error: unknown) => string): FieldMessages<CategoryField> {
  if (error instanceof ApiError && error.errorType === 'INVALID_INPUT') {
    const named = error.errorInfo?.['field'];
    if (named === 'name') return { name: labelled(error.message) };
    if (named === 'sortOrder') return { sortOrder: labelled(error.message) };
  }
  return { form: otherwise(error) };
}
