import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { drawPicture } from './draw';
import { PICTURE_WIDTHS, PICTURES } from './pictures';

/**
 * Writes every menu picture into `dir`: <slug>.svg, and <slug>-<width>.webp for each of
 * PICTURE_WIDTHS, rasterised by sharp (libvips with librsvg; its prebuilt binary comes inside an
 * npm package, so no install script or download is needed). Nothing is fetched: the pictures are
 * drawn from their descriptions.
 */
export async function writeMenuPictures(dir: string): Promise<{ files: number }> {
  mkdirSync(dir, { recursive: true });
  let files = 0;
  await Promise.all(
    Object.entries(PICTURES).map(async ([slug, picture]) => {
      const svg = drawPicture(slug, picture);
      writeFileSync(join(dir, `${slug}.svg`), svg);
      files += 1;
      for (const width of PICTURE_WIDTHS) {
        // density scales the 256-unit drawing so the larger widths are rendered, not upscaled.
        const density = Math.max(72, Math.ceil((72 * width) / 256));
        await sharp(Buffer.from(svg), { density }).resize(width, width).webp({ quality: 80 }).toFile(join(dir, `${slug}-${width}.webp`));
        files += 1;
      }
    }),
  );
  return { files };
}
