import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reading PDFs back with poppler-utils: page images (pdftoppm), page text (pdftotext). */

export interface PageImage {
  width: number;
  height: number;
  /** Grey levels 0..255, row by row. */
  pixels: Uint8Array;
}

/** Parses a binary PGM (P5, maxval 255) as pdftoppm -pgm writes it. */
export function parsePgm(data: Buffer): PageImage {
  let offset = 0;
  const token = (): string => {
    while (offset < data.length) {
      const c = data[offset] ?? 0;
      if (c === 0x23) {
        while (offset < data.length && data[offset] !== 0x0a) offset++;
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) offset++;
      else break;
    }
    const start = offset;
    while (offset < data.length && ![0x20, 0x0a, 0x0d, 0x09].includes(data[offset] ?? 0)) offset++;
    return data.subarray(start, offset).toString('latin1');
  };
  const magic = token();
  if (magic !== 'P5') throw new Error(`not a binary PGM (${magic})`);
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (max !== 255) throw new Error(`unexpected PGM maxval ${max}`);
  offset += 1; // one whitespace byte before the raster
  return { width, height, pixels: new Uint8Array(data.subarray(offset, offset + width * height)) };
}

export function pixelVariance(image: PageImage): number {
  let sum = 0;
  let sumSq = 0;
  for (const p of image.pixels) {
    sum += p;
    sumSq += p * p;
  }
  const n = image.pixels.length || 1;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Renders every page: PNGs (to look at) and PGMs (to measure). */
export function renderPages(pdf: string, outDir: string, stem: string): { pngs: string[]; pgms: PageImage[] } {
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(outDir, `${stem}-png`)]);
  execFileSync('pdftoppm', ['-gray', '-r', '30', pdf, join(outDir, `${stem}-pgm`)]);
  const files = readdirSync(outDir).sort();
  const pngs = files.filter((f) => f.startsWith(`${stem}-png`) && f.endsWith('.png')).map((f) => join(outDir, f));
  const pgms = files
    .filter((f) => f.startsWith(`${stem}-pgm`) && f.endsWith('.pgm'))
    .map((f) => parsePgm(readFileSync(join(outDir, f))));
  return { pngs, pgms };
}

/** The text of each page, in order. */
export function pageTexts(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export function pageSizePoints(pdf: string): { width: number; height: number; pages: number } {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  const pages = /Pages:\s+(\d+)/.exec(info);
  return { width: Number(size?.[1]), height: Number(size?.[2]), pages: Number(pages?.[1]) };
}
