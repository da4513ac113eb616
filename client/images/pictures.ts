/**
 * The menu's pictures, one per seed drink, each drawn from a small description (client/images/draw.ts)
 * at build time. This module is imported by the browser apps too, so it holds data and URL rules
 * only; the rendering (sharp) lives in write.ts, which only Node loads.
 */

export type Vessel = 'demitasse' | 'cup' | 'mug' | 'glass' | 'pot' | 'bowl';

export interface PictureDescription {
  /** Alt text for the picture where it stands alone (the manager's preview). */
  alt: string;
  vessel: Vessel;
  /** Liquid layers from the bottom up: colour and share of the vessel's height (0..1, summed <= 1). */
  layers: Array<{ colour: string; share: number }>;
  /** A foam cap on top, and whether it carries latte art. */
  foam?: { colour: string; art?: boolean };
  ice?: boolean;
  /** A sprinkle, leaf or scoop shown on top. */
  garnish?: 'cocoa' | 'mint' | 'cream' | 'scoop' | 'cinnamon' | 'lemon';
  /** The background behind the vessel. */
  backdrop: string;
}

const ESPRESSO = '#3b2314';
const CREMA = '#b0713a';
const MILK = '#f3e6d3';
const FOAM = '#fbf4ea';

export const PICTURES: Record<string, PictureDescription> = {
  espresso: { alt: 'A double espresso with crema in a small cup', vessel: 'demitasse', layers: [{ colour: ESPRESSO, share: 0.6 }, { colour: CREMA, share: 0.12 }], backdrop: '#e9d8c4' },
  ristretto: { alt: 'A short ristretto in a small cup', vessel: 'demitasse', layers: [{ colour: ESPRESSO, share: 0.4 }, { colour: CREMA, share: 0.1 }], backdrop: '#e4cfb7' },
  macchiato: { alt: 'An espresso marked with foam in a small cup', vessel: 'demitasse', layers: [{ colour: ESPRESSO, share: 0.55 }], foam: { colour: FOAM }, backdrop: '#efe0cf' },
  americano: { alt: 'A black americano in a cup', vessel: 'cup', layers: [{ colour: '#4a2c19', share: 0.78 }, { colour: '#8a5630', share: 0.06 }], backdrop: '#dcc7ae' },
  'long-black': { alt: 'A long black with crema in a cup', vessel: 'cup', layers: [{ colour: '#3f2616', share: 0.7 }, { colour: CREMA, share: 0.1 }], backdrop: '#d6bfa4' },
  'flat-white': { alt: 'A flat white with a latte-art heart', vessel: 'cup', layers: [{ colour: '#a06a3f', share: 0.78 }], foam: { colour: '#e9d2b5', art: true }, backdrop: '#e7d5c0' },
  latte: { alt: 'A latte in a glass, layered milk and espresso', vessel: 'glass', layers: [{ colour: MILK, share: 0.45 }, { colour: '#b07a4b', share: 0.25 }], foam: { colour: FOAM }, backdrop: '#eadccb' },
  cappuccino: { alt: 'A cappuccino with deep foam and cocoa', vessel: 'cup', layers: [{ colour: '#9a643b', share: 0.6 }], foam: { colour: FOAM }, garnish: 'cocoa', backdrop: '#e2cdb5' },
  cortado: { alt: 'A cortado, espresso and warm milk in a small glass', vessel: 'glass', layers: [{ colour: ESPRESSO, share: 0.35 }, { colour: '#c49670', share: 0.3 }], backdrop: '#e6d3bd' },
  mocha: { alt: 'A mocha topped with whipped cream', vessel: 'mug', layers: [{ colour: '#5a3320', share: 0.75 }], foam: { colour: '#fdf7ef' }, garnish: 'cream', backdrop: '#dcc2a6' },
  'chai-latte': { alt: 'A chai latte with cinnamon in a mug', vessel: 'mug', layers: [{ colour: '#c8915c', share: 0.75 }], foam: { colour: '#f1dfc6' }, garnish: 'cinnamon', backdrop: '#ecd4b4' },
  'matcha-latte': { alt: 'A green matcha latte in a cup', vessel: 'cup', layers: [{ colour: '#8fae5a', share: 0.75 }], foam: { colour: '#d9e6bf', art: true }, backdrop: '#e1ead0' },
  'english-breakfast': { alt: 'A pot of black tea with a cup', vessel: 'pot', layers: [{ colour: '#8b3e16', share: 0.7 }], garnish: 'lemon', backdrop: '#ecd9c0' },
  'peppermint-tea': { alt: 'A glass of peppermint tea with a mint leaf', vessel: 'glass', layers: [{ colour: '#c9b25a', share: 0.75 }], garnish: 'mint', backdrop: '#dbe8d3' },
  'hot-chocolate': { alt: 'A hot chocolate with cream in a mug', vessel: 'mug', layers: [{ colour: '#4d2a19', share: 0.78 }], foam: { colour: '#fdf7ef' }, garnish: 'cocoa', backdrop: '#d9bea3' },
  'cold-brew': { alt: 'A cold brew over ice in a tall glass', vessel: 'glass', layers: [{ colour: '#3a2112', share: 0.8 }], ice: true, backdrop: '#cfdbe3' },
  'iced-latte': { alt: 'An iced latte, milk and espresso over ice', vessel: 'glass', layers: [{ colour: '#efe2cf', share: 0.5 }, { colour: '#9a6239', share: 0.3 }], ice: true, backdrop: '#d5e1e8' },
  'iced-americano': { alt: 'An iced americano over ice', vessel: 'glass', layers: [{ colour: '#4a2a17', share: 0.78 }], ice: true, backdrop: '#cbd9e2' },
  affogato: { alt: 'An affogato, espresso over vanilla ice cream', vessel: 'bowl', layers: [{ colour: ESPRESSO, share: 0.35 }], garnish: 'scoop', backdrop: '#efdcc6' },
};

/**
 * imageUrl is an AWSURL, so it must be absolute (scheme and host), but a local run's origin is
 * not fixed: PORT varies, the e2e tests listen on port 0 and seed before the port is known, and
 * DynamoDB Local keeps the menu across runs while the seed never overwrites an item (so a real
 * origin written once would go stale on the next port). The seed therefore names its pictures
 * under this reserved origin (`.invalid` never resolves, RFC 2606), which means "the site the
 * web apps are served from"; the apps show such a URL from their own origin. A deployment that
 * hosts the pictures on a CDN passes its own origin to the seed instead, and nothing is rewritten.
 */
export const SITE_ORIGIN = 'https://brewline.invalid';

/** Where the built apps serve the pictures: <dist>/images/menu/. */
export const PICTURE_PATH = '/images/menu/';

/**
 * The raster widths written for each picture. The customer's card shows it 64 CSS px wide, so
 * 64/128/192 cover 1x, 2x and 3x phone screens; 384 serves the manager's larger preview.
 */
export const PICTURE_WIDTHS = [64, 128, 192, 384] as const;

export const pictureUrl = (slug: string, origin = SITE_ORIGIN): string => `${origin}${PICTURE_PATH}${slug}.svg`;

export interface PictureSource {
  src: string;
  /** Empty for a picture that is not one of ours: it is shown as given. */
  srcset: string;
  /** What the picture shows, for ours; empty (decorative, the item's name is beside it) for others. */
  alt: string;
}

/**
 * How a page shows an item's imageUrl: one of the shipped pictures (at the site's own origin)
 * becomes the WebP widths as a srcset, with the SVG as the fallback src; any other URL is shown
 * as it is.
 */
export function pictureSource(imageUrl: string, pageOrigin: string): PictureSource {
  let url: URL;
  try {
    url = new URL(imageUrl);
  } catch {
    return { src: imageUrl, srcset: '', alt: '' };
  }
  const slug = url.pathname.startsWith(PICTURE_PATH) ? url.pathname.slice(PICTURE_PATH.length).replace(/\.svg$/, '') : '';
  const picture = url.pathname.endsWith('.svg') ? PICTURES[slug] : undefined;
  if (!picture) return { src: imageUrl, srcset: '', alt: '' };
  const origin = url.origin === SITE_ORIGIN ? pageOrigin : url.origin;
  const base = `${origin}${PICTURE_PATH}${slug}`;
  return { src: `${base}.svg`, srcset: PICTURE_WIDTHS.map((width) => `${base}-${width}.webp ${width}w`).join(', '), alt: picture.alt };
}

/** The shipped pictures, for the manager's photo picker. */
export const pictureChoices = (): Array<{ slug: string; url: string; alt: string }> =>
  Object.entries(PICTURES).map(([slug, picture]) => ({ slug, url: pictureUrl(slug), alt: picture.alt }));
