/**
 * Tells what an uploaded image really is from its first bytes, never from its name: only JPEG, PNG and
 * WebP are taken (SVG, which can carry scripts, and every other format are refused). Pure: bytes in,
 * verdict out.
 */

/** The formats an entry's image may be uploaded in: sharp's format name → MIME type. */
export const IMAGE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;

/** File name extensions of each format (a name must agree with the bytes). */
export const IMAGE_EXTENSIONS: Record<string, ImageType> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp' };

/** The largest upload taken, in bytes. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** The most pixels an image may have (width × height): a few kilobytes of PNG can claim gigabytes of pixels. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The widths each image is stored at (never larger than the upload itself). */
export const IMAGE_WIDTHS = [320, 640, 1280] as const;
/** The width of the one JPEG kept for browsers without WebP (or the upload's, if narrower). */
export const JPEG_FALLBACK_WIDTH = 640;
/** How many leading bytes {@link sniffImageType} needs (WebP's signature ends at byte 12). */
export const IMAGE_LEADING_BYTES = 12;

export type ImageProblem = 'image_empty' | 'image_type_not_allowed' | 'image_extension_mismatch' | 'image_bad_name';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array, at: number, text: string) => [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));

/** The image format the bytes begin with, or null when it is none of JPEG, PNG and WebP. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= PNG.length && PNG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp';
  return null;
}

/** The format a file name claims, or null when its extension is none of ours. */
export function imageTypeOfName(name: string): ImageType | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : (IMAGE_EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? null);
}

/**
 * Judges an upload by its name and its first bytes (at least {@link IMAGE_LEADING_BYTES}, or the whole file
 * when shorter): the format it really is, or the problem with it.
 */
export function checkImage(name: string, leading: Uint8Array): { ok: true; type: ImageType } | { ok: false; problem: ImageProblem } {
  if (leading.length === 0) return { ok: false, problem: 'image_empty' };
  if (name === '' || /[/\\\0]/.test(name) || name.length > 255) return { ok: false, problem: 'image_bad_name' };
  const type = sniffImageType(leading);
  if (type === null) return { ok: false, problem: 'image_type_not_allowed' };
  if (imageTypeOfName(name) !== type) return { ok: false, problem: 'image_extension_mismatch' };
  return { ok: true, type };
}

/**
 * The widths to store an image of this width at: the usual ones, none wider than the image (a narrow
 * image is stored at its own width instead of being enlarged).
 */
export function variantWidths(width: number): number[] {
  return [...new Set(IMAGE_WIDTHS.map((w) => Math.min(w, width)))];
}
