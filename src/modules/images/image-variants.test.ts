import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../lib/errors';
import { withClaimedSize } from '../../../test/support/images';
import { makeVariants } from './image-variants';

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'accepted';
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return e.details?.[0]?.code;
  }
};

describe('image variants', () => {
  it('makes WebP at each width and one JPEG, upright, without the upload’s metadata', async () => {
    // 1600×900 stored, EXIF orientation 6 (turn a quarter): upright it is 900 wide and 1600 high.
    const upload = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3a7' } })
      .withExif({ IFD0: { Copyright: 'Secret Owner', Artist: 'Where I live' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    assert.ok((await sharp(upload).metadata()).exif, 'the upload carries EXIF');
    const made = await makeVariants(upload, 'jpeg');
    assert.deepEqual(
      made.variants.map((v) => [v.type, v.width, v.height]),
      [
        ['image/webp', 320, 569],
        ['image/webp', 640, 1138],
        ['image/webp', 900, 1600],
        ['image/jpeg', 640, 1138],
      ],
    );
    assert.deepEqual([made.width, made.height], [900, 1600]);
    for (const v of made.variants) {
      const meta = await sharp(v.bytes).metadata();
      assert.equal(meta.format, v.type === 'image/webp' ? 'webp' : 'jpeg');
      assert.equal(meta.exif, undefined, 'no EXIF left');
      assert.equal(meta.orientation, undefined, 'turned, not flagged');
      assert.doesNotMatch(Buffer.from(v.bytes).toString('latin1'), /Secret Owner/);
    }
  });

  it('never enlarges a small image', async () => {
    const small = await sharp({ create: { width: 200, height: 100, channels: 4, background: '#0000' } })
      .png()
      .toBuffer();
    const made = await makeVariants(small, 'png');
    assert.deepEqual(
      made.variants.map((v) => [v.type, v.width]),
      [
        ['image/webp', 200],
        ['image/jpeg', 200],
      ],
    );
  });

  it('refuses a header that claims too many pixels before decoding, and bytes that are not the image they claim', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    assert.equal(await codeOf(makeVariants(withClaimedSize(png, 8000, 8000), 'png')), 'image_too_many_pixels');
    assert.equal(await codeOf(makeVariants(withClaimedSize(png, 6000, 6000), 'png')), 'image_unreadable', '36 MP is allowed, but the data is short');
    assert.equal(await codeOf(makeVariants(png, 'jpeg')), 'image_unreadable', 'a PNG said to be a JPEG');
    assert.equal(await codeOf(makeVariants(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 'png')), 'image_unreadable');
  });
});
