import type { PictureDescription, Vessel } from './pictures';

/**
 * A drink as an SVG illustration, 256 x 256, from its description: the vessel's inside is a clip
 * path, the liquid layers fill it from the bottom, foam, ice and a garnish sit on top. Pure
 * string building, so the same description always gives the same bytes (a build is reproducible).
 */

const SIZE = 256;

interface Shape {
  /** The vessel's inside, where liquid goes. */
  inside: string;
  /** Top and bottom of the inside, for the layers. */
  top: number;
  bottom: number;
  /** The rim's centre line, for the foam's ellipse. */
  rim: { cx: number; rx: number };
  /** What is drawn under and over the liquid (saucer, handle, outline, glass shine). */
  under: string;
  over: string;
}

const outline = (width = 4): string => `stroke="#4a3426" stroke-width="${width}" stroke-linejoin="round"`;
const OUTLINE = outline();

const SHAPES: Record<Vessel, Shape> = {
  demitasse: {
    inside: 'M88 120 H168 L160 182 Q128 194 96 182 Z',
    top: 120,
    bottom: 190,
    rim: { cx: 128, rx: 40 },
    under: `<ellipse cx="128" cy="196" rx="70" ry="14" fill="#fff" ${OUTLINE}/><path d="M166 136 q26 4 20 26 q-6 14 -24 12" fill="none" ${OUTLINE}/>`,
    over: `<path d="M88 120 H168 L160 182 Q128 194 96 182 Z" fill="none" ${OUTLINE}/>`,
  },
  cup: {
    inside: 'M70 100 H186 L174 178 Q128 200 82 178 Z',
    top: 100,
    bottom: 196,
    rim: { cx: 128, rx: 58 },
    under: `<ellipse cx="128" cy="200" rx="92" ry="16" fill="#fff" ${OUTLINE}/><path d="M182 118 q34 2 28 32 q-6 20 -34 18" fill="none" ${OUTLINE}/>`,
    over: `<path d="M70 100 H186 L174 178 Q128 200 82 178 Z" fill="none" ${OUTLINE}/>`,
  },
  mug: {
    inside: 'M78 88 H178 V196 Q128 210 78 196 Z',
    top: 88,
    bottom: 206,
    rim: { cx: 128, rx: 50 },
    under: `<path d="M176 110 q40 0 36 40 q-4 30 -36 30" fill="none" ${outline(10)}/>`,
    over: `<path d="M78 88 H178 V196 Q128 210 78 196 Z" fill="none" ${OUTLINE}/>`,
  },
  glass: {
    inside: 'M86 60 H170 L162 204 Q128 212 94 204 Z',
    top: 60,
    bottom: 210,
    rim: { cx: 128, rx: 42 },
    under: '',
    over: `<path d="M86 60 H170 L162 204 Q128 212 94 204 Z" fill="#ffffff" fill-opacity="0.12" ${OUTLINE}/><path d="M98 72 L104 190" stroke="#fff" stroke-opacity="0.6" stroke-width="6" stroke-linecap="round"/>`,
  },
  pot: {
    inside: 'M66 110 Q66 70 118 70 Q170 70 170 110 V170 Q118 196 66 170 Z',
    top: 70,
    bottom: 190,
    rim: { cx: 118, rx: 52 },
    under: `<path d="M168 116 L206 96 L196 110" fill="none" ${OUTLINE}/><path d="M70 112 q-30 6 -22 32 q6 18 22 16" fill="none" ${outline(8)}/>`,
    over: `<path d="M66 110 Q66 70 118 70 Q170 70 170 110 V170 Q118 196 66 170 Z" fill="none" ${OUTLINE}/><rect x="104" y="56" width="28" height="14" rx="6" fill="#fff" ${OUTLINE}/>`,
  },
  bowl: {
    inside: 'M62 128 H194 Q190 196 128 200 Q66 196 62 128 Z',
    top: 128,
    bottom: 200,
    rim: { cx: 128, rx: 66 },
    under: `<rect x="108" y="198" width="40" height="12" rx="4" fill="#fff" ${OUTLINE}/>`,
    over: `<path d="M62 128 H194 Q190 196 128 200 Q66 196 62 128 Z" fill="none" ${OUTLINE}/>`,
  },
};

function layersSvg(picture: PictureDescription, shape: Shape): { svg: string; surface: number } {
  const height = shape.bottom - shape.top;
  let y = shape.bottom;
  const rects = picture.layers.map((layer) => {
    const h = layer.share * height;
    y -= h;
    return `<rect x="0" y="${y.toFixed(1)}" width="${SIZE}" height="${(h + 1).toFixed(1)}" fill="${layer.colour}"/>`;
  });
  return { svg: rects.join(''), surface: y };
}

function foamSvg(picture: PictureDescription, shape: Shape, surface: number): string {
  if (!picture.foam) return '';
  const { cx, rx } = shape.rim;
  const cap = `<ellipse cx="${cx}" cy="${surface.toFixed(1)}" rx="${rx + 6}" ry="16" fill="${picture.foam.colour}"/>`;
  const art = picture.foam.art
    ? `<path d="M${cx} ${(surface + 9).toFixed(1)} c-18 -10 -16 -22 -6 -22 c4 0 6 3 6 6 c0 -3 2 -6 6 -6 c10 0 12 12 -6 22 z" fill="#fffaf3" opacity="0.9"/>`
    : '';
  return cap + art;
}

function iceSvg(picture: PictureDescription, shape: Shape, surface: number): string {
  if (!picture.ice) return '';
  const cubes = [
    [shape.rim.cx - 30, surface + 4, -8],
    [shape.rim.cx + 2, surface - 6, 10],
    [shape.rim.cx - 12, surface + 34, 4],
  ];
  return cubes
    .map(([x, y, turn]) => `<rect x="${x}" y="${y}" width="28" height="28" rx="5" fill="#ffffff" fill-opacity="0.55" stroke="#ffffff" stroke-width="2" transform="rotate(${turn} ${(x ?? 0) + 14} ${(y ?? 0) + 14})"/>`)
    .join('');
}

function garnishSvg(picture: PictureDescription, shape: Shape, surface: number): string {
  const { cx } = shape.rim;
  switch (picture.garnish) {
    case 'cocoa':
      return [-20, -6, 8, 22, -12, 14, 0]
        .map((dx, index) => `<circle cx="${cx + dx}" cy="${(surface - 4 + (index % 3) * 4).toFixed(1)}" r="2.5" fill="#5a3320"/>`)
        .join('');
    case 'cinnamon':
      return `<path d="M${cx - 22} ${surface - 2} h44" stroke="#8a4f22" stroke-width="5" stroke-linecap="round"/>`;
    case 'cream':
      return `<path d="M${cx - 44} ${surface} q4 -26 22 -20 q4 -22 22 -14 q18 -8 22 14 q18 -6 22 20 z" fill="#fffdf8" ${outline(3)}/>`;
    case 'scoop':
      return `<circle cx="${cx}" cy="${surface - 18}" r="34" fill="#fff3d6" ${outline(3)}/><path d="M${cx - 30} ${surface - 8} q30 18 60 0" fill="none" stroke="${picture.layers[0]?.colour ?? '#3b2314'}" stroke-width="8" stroke-linecap="round"/>`;
    case 'mint':
      return `<path d="M${cx + 6} ${surface - 2} q22 -30 44 -22 q-10 28 -44 22 z" fill="#3f8f4e" ${outline(3)}/>`;
    case 'lemon':
      return `<circle cx="200" cy="186" r="20" fill="#f6d84a" ${outline(3)}/><circle cx="200" cy="186" r="12" fill="none" stroke="#fff6b8" stroke-width="3"/>`;
    default:
      return '';
  }
}

function steamSvg(picture: PictureDescription, shape: Shape): string {
  if (picture.ice) return '';
  const { cx } = shape.rim;
  const top = shape.top - 12;
  return [-16, 4, 24]
    .map((dx) => `<path d="M${cx + dx - 4} ${top} q-10 -14 0 -26 q10 -12 0 -26" fill="none" stroke="#ffffff" stroke-opacity="0.8" stroke-width="5" stroke-linecap="round"/>`)
    .join('');
}

/** The SVG document of one picture; `id` keeps clip-path ids apart when several are inlined. */
export function drawPicture(id: string, picture: PictureDescription): string {
  const shape = SHAPES[picture.vessel];
  const { svg: layers, surface } = layersSvg(picture, shape);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="${picture.alt}">`,
    `<defs><clipPath id="inside-${id}"><path d="${shape.inside}"/></clipPath></defs>`,
    `<rect width="${SIZE}" height="${SIZE}" fill="${picture.backdrop}"/>`,
    `<circle cx="128" cy="132" r="104" fill="#ffffff" fill-opacity="0.35"/>`,
    steamSvg(picture, shape),
    shape.under,
    `<path d="${shape.inside}" fill="#ffffff"/>`,
    `<g clip-path="url(#inside-${id})">${layers}${iceSvg(picture, shape, surface)}</g>`,
    shape.over,
    foamSvg(picture, shape, surface),
    garnishSvg(picture, shape, surface),
    '</svg>',
  ].join('');
}
