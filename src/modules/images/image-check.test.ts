import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkImage, imageTypeOfName, sniffImageType, variantWidths } from './image-check';

const bytes = (...parts: Array<number[] | string>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF', [0, 1]);
const PNG = bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');

describe('image sniffing', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    assert.equal(sniffImageType(JPEG), 'jpeg');
    assert.equal(sniffImageType(PNG), 'png');
    assert.equal(sniffImageType(WEBP), 'webp');
  });

  it('refuses SVG, GIF, other RIFF files, truncated signatures and nothing', () => {
    for (const [label, b] of [
      ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
      ['svg with a declaration', bytes('<?xml version="1.0"?><svg')],
      ['gif', bytes('GIF89a', [1, 0, 1, 0])],
      ['wav (RIFF but not WEBP)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
      ['pdf', bytes('%PDF-1.7\n%%EOF')],
      ['two bytes of JPEG', bytes([0xff, 0xd8])],
      ['png without its line-ending check', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x00])],
      ['riff cut short', bytes('RIFF', [0, 0, 0, 0], 'WEB')],
      ['empty', new Uint8Array()],
    ] as const)
      assert.equal(sniffImageType(b), null, label);
  });

  it('takes the name’s word only when the bytes agree', () => {
    assert.deepEqual(checkImage('photo.JPG', JPEG), { ok: true, type: 'jpeg' });
    assert.deepEqual(checkImage('photo.jpeg', JPEG), { ok: true, type: 'jpeg' });
    assert.deepEqual(checkImage('logo.png', PNG), { ok: true, type: 'png' });
    assert.deepEqual(checkImage('logo.webp', WEBP), { ok: true, type: 'webp' });
    assert.deepEqual(checkImage('logo.png', JPEG), { ok: false, problem: 'image_extension_mismatch' }, 'a JPEG named .png');
    assert.deepEqual(checkImage('logo.svg', bytes('<svg>')), { ok: false, problem: 'image_type_not_allowed' });
    assert.deepEqual(checkImage('logo.png', bytes('<svg onload="x()">')), { ok: false, problem: 'image_type_not_allowed' });
    assert.deepEqual(checkImage('photo', JPEG), { ok: false, problem: 'image_extension_mismatch' }, 'no extension');
    assert.deepEqual(checkImage('../../etc/photo.jpg', JPEG), { ok: false, problem: 'image_bad_name' });
    assert.deepEqual(checkImage('', JPEG), { ok: false, problem: 'image_bad_name' });
    assert.deepEqual(checkImage('photo.jpg', new Uint8Array()), { ok: false, problem: 'image_empty' });
    assert.equal(imageTypeOfName('a.b.webp'), 'webp');
    assert.equal(imageTypeOfName('a.gif'), null);
  });

  it('stores the usual widths, never wider than the image', () => {
    assert.deepEqual(variantWidths(4000), [320, 640, 1280]);
    assert.deepEqual(variantWidths(1280), [320, 640, 1280]);
    assert.deepEqual(variantWidths(900), [320, 640, 900]);
    assert.deepEqual(variantWidths(500), [320, 500]);
    assert.deepEqual(variantWidths(120), [120]);
  });
});
