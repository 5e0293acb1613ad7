import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { contrast, MIN_TEXT_CONTRAST } from '../lib/colour';
import { actionLineCode, SDG_COLOURS, sdgGoal } from './identity';
import { faviconIco, faviconSvg, rasterMark } from './logo';
import { themeCss } from './theme';

const css = readFileSync(new URL('../../public/app.css', import.meta.url), 'utf8');

describe('the SDG colours', () => {
  it('are the 17 goals, each painted in public/app.css with its official colour and a text colour that reads on it (≥ 4.5:1)', () => {
    assert.deepEqual(
      Object.keys(SDG_COLOURS),
      Array.from({ length: 17 }, (_, i) => String(i + 1)),
    );
    for (const [goal, colour] of Object.entries(SDG_COLOURS)) {
      const rule = new RegExp(`\\.sdg-${goal} \\{ --sdg: (#[0-9a-f]{6}); --sdg-ink: (#[0-9a-f]{3,6}); \\}`).exec(css);
      assert.ok(rule, `.sdg-${goal} is in app.css`);
      assert.equal(rule[1], colour, `goal ${goal}'s colour`);
      const ink = rule[2]!.length === 4 ? `#${[...rule[2]!.slice(1)].map((c) => c + c).join('')}` : rule[2]!;
      const ratio = contrast(colour, ink);
      assert.ok(ratio >= MIN_TEXT_CONTRAST, `goal ${goal}: ${ink} on ${colour} is ${ratio.toFixed(2)}:1`);
    }
  });

  it('belong to a goal or a target, never to something else', () => {
    assert.equal(sdgGoal('3'), '3');
    assert.equal(sdgGoal('3.8'), '3');
    assert.equal(sdgGoal('18'), null);
    assert.equal(sdgGoal('c7'), null);
  });
});

describe('the design tokens', () => {
  it('are declared at the top of app.css and read by the rules, so a theme reaches them', () => {
    const root = css.slice(0, css.indexOf('}'));
    for (const token of ['--color-primary', '--color-accent', '--font-sans', '--font-size-md', '--space-4', '--radius'])
      assert.match(root, new RegExp(`${token}:`), token);
    assert.match(css, /\.site-header \{ background: var\(--color-primary\)/);
    assert.match(root, /--accent: var\(--color-accent\)/);
  });

  it('are overridden by a theme only where the operator set a colour', () => {
    assert.equal(themeCss({ primaryColour: '', accentColour: '' }), '');
    assert.equal(themeCss({ primaryColour: '#123456', accentColour: '' }), ':root{--color-primary:#123456}');
    assert.equal(themeCss({ primaryColour: '#123456', accentColour: '#7a1f5c' }), ':root{--color-primary:#123456;--color-accent:#7a1f5c}');
  });
});

describe('action-line codes', () => {
  it('show C1 … C11, and C7 for its sub-lines', () => {
    assert.equal(actionLineCode('c1'), 'C1');
    assert.equal(actionLineCode('c11'), 'C11');
    assert.equal(actionLineCode('c7-e-health'), 'C7');
  });
});

/** Decodes the PNGs this project writes (8-bit RGBA, filter 0) back into pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

describe('the mark and the favicon', () => {
  it('is one drawing: the SVG and the raster agree (navy tile, a red marker, a white line, clear corners)', () => {
    assert.match(faviconSvg(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">/);
    const px = rasterMark(32);
    const at = (x: number, y: number) => [...px.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 4)];
    assert.deepEqual(at(0, 0)[3], 0, 'a rounded corner is transparent');
    assert.deepEqual(at(2, 16), [0x0d, 0x2b, 0x45, 255], 'the tile');
    assert.deepEqual(at(8, 9), [0xe5, 0x24, 0x3b, 255], 'the first row’s marker');
    assert.deepEqual(at(18, 9), [255, 255, 255, 255], 'the first row’s line');
  });

  it('is an ICO of PNG images at 16, 32 and 48 pixels that decode to the mark', () => {
    const ico = faviconIco();
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, 3]);
    for (let i = 0; i < 3; i++) {
      const size = ico.readUInt8(6 + 16 * i);
      const length = ico.readUInt32LE(6 + 16 * i + 8);
      const offset = ico.readUInt32LE(6 + 16 * i + 12);
      const png = decodePng(ico.subarray(offset, offset + length));
      assert.deepEqual([png.width, png.height], [size, size]);
      assert.deepEqual(png.rgba, Buffer.from(rasterMark(size)));
    }
    assert.deepEqual(
      [0, 1, 2].map((i) => ico.readUInt8(6 + 16 * i)),
      [16, 32, 48],
    );
  });
});
