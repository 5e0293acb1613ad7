import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../lib/errors';
import { JPEG_FALLBACK_WIDTH, MAX_IMAGE_PIXELS, variantWidths, type ImageType } from './image-check';

export interface ImageVariant {
  width: number;
  height: number;
  type: 'image/webp' | 'image/jpeg';
  bytes: Uint8Array;
}

/** An image problem as the upload form shows it, beside its file field. */
export const imageProblem = (code: string, params?: Record<string, string | number>) =>
  new AppError('validation_failed', [{ field: 'image', code, ...(params ? { params } : {}) }]);

const tooManyPixels = () => imageProblem('image_too_many_pixels', { mp: MAX_IMAGE_PIXELS / 1_000_000 });

// Refuse anything libvips finds wrong, and never decode more pixels than allowed (its own check, behind ours).
const INPUT = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', sequentialRead: true } as const;

/**
 * The stored versions of an upload: WebP at each width of {@link variantWidths} and one JPEG fallback,
 * turned upright by their EXIF orientation and written without any metadata (EXIF, GPS, XMP, ICC
 * comments): sharp writes none unless asked. The header is read first, so an image that claims too many
 * pixels or is not the format its first bytes said is refused before anything is decoded.
 */
export async function makeVariants(bytes: Uint8Array, type: ImageType): Promise<{ width: number; height: number; variants: ImageVariant[] }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, INPUT).metadata();
  } catch (error) {
    // sharp's own pixel limit answers first, from the header, before a pixel is decoded.
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw tooManyPixels();
    throw imageProblem('image_unreadable');
  }
  if (meta.format !== type || !meta.width || !meta.height) throw imageProblem('image_unreadable');
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw tooManyPixels();
  // Orientations 5–8 turn the image a quarter: its upright width is the stored height.
  const width = (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
  const widths = variantWidths(width);
  const jpegWidth = Math.min(JPEG_FALLBACK_WIDTH, width);
  try {
    const variants: ImageVariant[] = [];
    for (const w of widths) variants.push(await encode(bytes, w, 'image/webp'));
    variants.push(await encode(bytes, jpegWidth, 'image/jpeg'));
    const largest = variants.reduce((a, b) => (b.width > a.width ? b : a));
    return { width: largest.width, height: largest.height, variants };
  } catch {
    throw imageProblem('image_unreadable');
  }
}

async function encode(bytes: Uint8Array, width: number, type: ImageVariant['type']): Promise<ImageVariant> {
  const base = sharp(bytes, INPUT).rotate().resize({ width, withoutEnlargement: true });
  const out = type === 'image/webp' ? base.webp({ quality: 80 }) : base.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true });
  const { data, info } = await out.toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, type, bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
