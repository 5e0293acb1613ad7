import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../db/connection';
import { contrast, HEX_COLOUR, MIN_TEXT_CONTRAST } from '../../lib/colour';
import { line } from '../../lib/text';
import { audit } from '../audit/audit.repository';
import { readStoredSettings, storeSetting } from './settings.repository';

/**
 * A theme colour: blank (the default), or `#rrggbb` on which white text reads (WCAG ≥ 4.5:1), since
 * the header's text and the buttons' labels are white on it and links are drawn in it on white.
 */
const themeColour = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((s, ctx) => {
    if (s === '') return;
    if (!HEX_COLOUR.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'identity_colour_format', input: s });
      return;
    }
    const ratio = contrast(s, '#ffffff');
    if (ratio < MIN_TEXT_CONTRAST) {
      ctx.addIssue({ code: 'custom', message: 'identity_low_contrast', input: s, params: { ratio: ratio.toFixed(2), min: MIN_TEXT_CONTRAST } });
    }
  });

/** A logo given by its path on this site (the page's CSP allows images from the site itself only). */
const logoPath = z
  .string()
  .trim()
  .max(300)
  .superRefine((s, ctx) => {
    if (s !== '' && !/^\/(?![/\\])[^\s"'<>\\]*$/.test(s)) ctx.addIssue({ code: 'custom', message: 'identity_logo_path', input: s });
  });

/** Site settings an administrator changes in the interface; defaults apply until one is saved (a blank identity field: the built-in one). */
export const siteSettingsSchema = z
  .object({
    registration: z.enum(['approval', 'open']).default('approval'),
    submissions: z.enum(['always', 'calls']).default('always'),
    confirmAfterDays: z.coerce.number().int().min(30).max(3650).default(365),
    siteName: line(80).default(''),
    primaryColour: themeColour.default(''),
    accentColour: themeColour.default(''),
    logoPath: logoPath.default(''),
  })
  .strict();
export type SiteSettings = z.output<typeof siteSettingsSchema>;
const SETTING_KEYS = Object.keys(siteSettingsSchema.shape);

/** An uploaded logo, kept as a setting of its own (small: see MAX_LOGO_BYTES). */
export interface SiteLogo {
  type: 'image/png' | 'image/svg+xml';
  bytes: Buffer;
  /** A short hash of the bytes: the logo's URL carries it, so it can be cached for a year. */
  hash: string;
}
const LOGO_KEY = 'logoImage';
export const MAX_LOGO_BYTES = 100 * 1024;

function settingsOf(rows: Array<{ key: string; value: unknown }>): SiteSettings {
  const stored = Object.fromEntries(rows.filter((r) => SETTING_KEYS.includes(r.key)).map((r) => [r.key, r.value]));
  const parsed = siteSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : siteSettingsSchema.parse({});
}

function logoOf(rows: Array<{ key: string; value: unknown }>): SiteLogo | null {
  const parsed = z.object({ type: z.enum(['image/png', 'image/svg+xml']), data: z.string() }).safeParse(rows.find((r) => r.key === LOGO_KEY)?.value);
  if (!parsed.success) return null;
  const bytes = Buffer.from(parsed.data.data, 'base64');
  return { type: parsed.data.type, bytes, hash: createHash('sha256').update(bytes).digest('base64url').slice(0, 12) };
}

export async function getSettings(db: Db | Tx): Promise<SiteSettings> {
  return settingsOf(await readStoredSettings(db));
}

/** The settings and the uploaded logo, read at once (the in-process cache's one query). */
export async function getSiteIdentity(db: Db | Tx): Promise<{ settings: SiteSettings; logo: SiteLogo | null }> {
  const rows = await readStoredSettings(db);
  return { settings: settingsOf(rows), logo: logoOf(rows) };
}

/** Saves the settings given (the others keep their value) and records who changed what. */
export async function saveSettings(db: Db, actorId: number, input: Partial<SiteSettings>): Promise<void> {
  const before = await getSettings(db);
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(input)) {
      await storeSetting(trx, key, value);
    }
    await audit(trx, { actorId, action: 'settings.update', entity: 'settings', entityId: null, details: { before, after: input } });
  });
}

/** Stores (or, given null, removes) the uploaded logo; its bytes were checked by `checkLogo`. */
export async function saveLogo(db: Db, actorId: number, logo: { type: SiteLogo['type']; bytes: Uint8Array } | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await storeSetting(trx, LOGO_KEY, logo ? { type: logo.type, data: Buffer.from(logo.bytes).toString('base64') } : null);
    await audit(trx, {
      actorId,
      action: logo ? 'settings.logo' : 'settings.logo_removed',
      entity: 'settings',
      entityId: null,
      details: logo ? { type: logo.type, bytes: logo.bytes.byteLength } : {},
    });
  });
}

/**
 * What an uploaded logo is, judged by its bytes (never its name): a PNG by its signature, or an SVG
 * document that carries nothing active (no script, event handler, foreign object, external reference).
 */
export function checkLogo(
  bytes: Uint8Array,
): { ok: true; type: SiteLogo['type'] } | { ok: false; problem: 'empty' | 'too_large' | 'type_not_allowed' | 'svg_unsafe' } {
  if (bytes.byteLength === 0) return { ok: false, problem: 'empty' };
  if (bytes.byteLength > MAX_LOGO_BYTES) return { ok: false, problem: 'too_large' };
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((b, i) => bytes[i] === b)) return { ok: true, type: 'image/png' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: 'type_not_allowed' };
  }
  // An XML prolog, comments and a doctype may come before the root element, which must be <svg>.
  const body = text.replace(/^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*)*/i, '');
  if (!/^<svg[\s/>]/i.test(body)) return { ok: false, problem: 'type_not_allowed' };
  if (
    /<(?:script|foreignObject|iframe|embed|object)\b|\bon[a-z]+\s*=|javascript:|<!ENTITY|(?:href|src)\s*=\s*["']?\s*(?!#|data:image\/(?:png|jpeg|gif);)[a-z]/i.test(
      text,
    )
  ) {
    return { ok: false, problem: 'svg_unsafe' };
  }
  return { ok: true, type: 'image/svg+xml' };
}
