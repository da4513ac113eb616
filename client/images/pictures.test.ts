import { describe, expect, it } from 'vitest';
import { drawPicture } from './draw';
import { PICTURE_WIDTHS, PICTURES, pictureSource, pictureUrl, SITE_ORIGIN } from './pictures';

describe('menu pictures', () => {
  it('shows a seed picture named under the site origin from the page origin, with every WebP width', () => {
    const source = pictureSource(pictureUrl('flat-white'), 'https://127.0.0.1:54321');
    expect(source.src).toBe('https://127.0.0.1:54321/images/menu/flat-white.svg');
    expect(source.srcset).toBe(PICTURE_WIDTHS.map((width) => `https://127.0.0.1:54321/images/menu/flat-white-${width}.webp ${width}w`).join(', '));
    expect(source.alt).toBe(PICTURES['flat-white']?.alt);
  });

  it('keeps the origin of a picture hosted elsewhere (a CDN the seed was given)', () => {
    const source = pictureSource(pictureUrl('latte', 'https://cdn.example.com'), 'https://127.0.0.1:4000');
    expect(source.src).toBe('https://cdn.example.com/images/menu/latte.svg');
    expect(source.srcset.split(', ')[0]).toBe('https://cdn.example.com/images/menu/latte-64.webp 64w');
  });

  it('shows any other URL as given, without a srcset and as decoration beside the name', () => {
    expect(pictureSource('https://photos.example.com/a.jpg', 'https://127.0.0.1:4000')).toEqual({ src: 'https://photos.example.com/a.jpg', srcset: '', alt: '' });
    expect(pictureSource(`${SITE_ORIGIN}/images/menu/unknown.svg`, 'https://x').srcset).toBe('');
    expect(pictureSource('not a url', 'https://x').src).toBe('not a url');
  });

  it('draws each picture the same way every time, as an SVG with its own clip path id', () => {
    for (const [slug, picture] of Object.entries(PICTURES)) {
      const svg = drawPicture(slug, picture);
      expect(svg).toBe(drawPicture(slug, picture));
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg).toContain(`clip-path="url(#inside-${slug})"`);
      expect(svg).not.toMatch(/NaN|undefined/);
    }
  });
});
