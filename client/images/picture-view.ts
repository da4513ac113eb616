import { html, nothing, type TemplateResult } from 'lit-html';
import { pictureSource } from './pictures';

/**
 * An item's picture at `size` CSS pixels square: width and height reserve its box before it
 * loads (no layout shift), `sizes` lets a phone pick the WebP width for its pixel ratio, and
 * `loading="lazy"` leaves pictures below the fold until they are scrolled to.
 */
export function pictureView(imageUrl: string, size: number, className = ''): TemplateResult {
  const source = pictureSource(imageUrl, location.origin);
  return html`<img
    class=${className || nothing}
    src=${source.src}
    srcset=${source.srcset || nothing}
    sizes=${source.srcset ? `${size}px` : nothing}
    alt=${source.alt}
    width=${size}
    height=${size}
    loading="lazy"
    decoding="async"
  />`;
}
