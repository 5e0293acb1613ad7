import { z } from 'zod';
import { LOCALES, type Locale } from '../../../i18n/locales';
import { line } from '../../../lib/text';

const id = z.number().int().min(1).max(2147483647);
const side = z.number().int().min(1).max(100000);

/** The formats an image variant is stored in: WebP for every width, one JPEG for browsers without WebP. */
export const IMAGE_VARIANT_TYPES = ['image/webp', 'image/jpeg'] as const;

/**
 * A story's or actor's one image: its stored variants (each a file of its own, made from the upload at
 * a few widths), the size of the largest (for the page's width and height, so nothing shifts as it
 * loads) and its alt text per language. The alt text is required whenever there is an image.
 */
export const entryImageSchema = z
  .object({
    width: side,
    height: side,
    variants: z
      .array(z.object({ id, width: side, type: z.enum(IMAGE_VARIANT_TYPES) }).strict())
      .min(1)
      .max(8),
    alt: z
      .partialRecord(z.enum(LOCALES), line(300))
      .default({})
      .refine((alt) => Object.values(alt).some((v) => v.trim() !== ''), { message: 'image_alt_required' }),
  })
  .strict();
export type EntryImage = z.output<typeof entryImageSchema>;

/** The file ids an image names (its variants). */
export const imageFileIds = (image: EntryImage | null | undefined): number[] => image?.variants.map((v) => v.id) ?? [];

/** The alt text to show in a language: that language's, else the original's, else any. */
export function altText(image: EntryImage, language: Locale, original?: Locale): string {
  return image.alt[language] || (original ? image.alt[original] : undefined) || Object.values(image.alt).find(Boolean) || '';
}

/** An image as public JSON: its variants as URLs (file ids are not exposed as such). */
export function presentImage(image: EntryImage | null, baseUrl: string) {
  if (!image) return null;
  return {
    width: image.width,
    height: image.height,
    alt: image.alt,
    variants: image.variants.map((v) => ({ url: `${baseUrl}/images/${v.id}`, width: v.width, type: v.type })),
  };
}
