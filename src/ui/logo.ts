import { encodeIco, encodePng } from '../lib/png';

/**
 * The register's mark, drawn by this team: a tile holding three ledger rows, each row an entry
 * (a coloured marker, then its line). One description of the shapes serves the header's inline SVG,
 * /favicon.svg and the raster /favicon.ico, so they never drift apart.
 */
interface Shape {
  x: number;
  y: number;
  w: number;
  h: number;
  /** 'tile' and 'line' take the theme's colours inline; a marker keeps its own. */
  role: 'tile' | 'line' | 'marker';
  fill: string;
  r: number;
}

const NAVY = '#0d2b45';
export const MARK_SIZE = 32;
const MARK: Shape[] = [
  { x: 0, y: 0, w: 32, h: 32, role: 'tile', fill: NAVY, r: 7 },
  ...[
    { y: 7, marker: '#e5243b', width: 13 },
    { y: 14, marker: '#4c9f38', width: 9 },
    { y: 21, marker: '#0a97d9', width: 11 },
  ].flatMap((row): Shape[] => [
    { x: 6, y: row.y, w: 4, h: 4, role: 'marker', fill: row.marker, r: 1 },
    { x: 13, y: row.y, w: row.width, h: 4, role: 'line', fill: '#ffffff', r: 2 },
  ]),
];

const rect = (s: Shape, cls: boolean) =>
  `<rect${cls ? ` class="logo-${s.role}"` : ''} x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.fill}"/>`;

/** The mark as inline SVG markup for the header: decorative (the site name stands beside it); CSS recolours its tile and lines. */
export function logoMarkup(): string {
  return `<svg class="logo-mark" viewBox="0 0 ${MARK_SIZE} ${MARK_SIZE}" width="32" height="32" aria-hidden="true" focusable="false">${MARK.map((s) => rect(s, true)).join('')}</svg>`;
}

/** The mark as a standalone SVG file (the favicon). */
export function faviconSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MARK_SIZE} ${MARK_SIZE}">${MARK.map((s) => rect(s, false)).join('')}</svg>\n`;
}

/** How much of a unit pixel square at (px, py) a rounded rectangle covers, by 4×4 supersampling. */
function coverage(s: Shape, px: number, py: number, scale: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const x = (px + (i + 0.5) / 4) / scale;
      const y = (py + (j + 0.5) / 4) / scale;
      if (x < s.x || y < s.y || x > s.x + s.w || y > s.y + s.h) continue;
      // Inside the box; in a corner square, inside only when within r of the corner's centre.
      const cx = Math.min(Math.max(x, s.x + s.r), s.x + s.w - s.r);
      const cy = Math.min(Math.max(y, s.y + s.r), s.y + s.h - s.r);
      if ((x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2) hits++;
    }
  }
  return hits / 16;
}

/** The mark drawn as RGBA pixels at `size × size`, shapes painted in order over a transparent ground. */
export function rasterMark(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const scale = size / MARK_SIZE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const s of MARK) {
        const cover = coverage(s, px, py, scale);
        if (cover === 0) continue;
        const [sr, sg, sb] = [1, 3, 5].map((at) => parseInt(s.fill.slice(at, at + 2), 16)) as [number, number, number];
        // Source-over compositing with straight (unpremultiplied) alpha.
        const outA = cover + a * (1 - cover);
        [r, g, b] = [
          [sr, r],
          [sg, g],
          [sb, b],
        ].map(([src, dst]) => (src! * cover + dst! * a * (1 - cover)) / outA) as [number, number, number];
        a = outA;
      }
      out.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * size + px) * 4);
    }
  }
  return out;
}

let ico: Buffer | null = null;
/** /favicon.ico: the mark at 16, 32 and 48 pixels, PNG images inside an ICO (made once, on first use). */
export function faviconIco(): Buffer {
  ico ??= encodeIco([16, 32, 48].map((size) => ({ size, png: encodePng(size, size, rasterMark(size)) })));
  return ico;
}
