import { createHash } from 'node:crypto';
import type { SiteSettings } from '../modules/settings/settings';

/**
 * The operator's theme as the few custom properties it overrides (public/app.css reads every colour
 * through them), or '' when the built-in theme applies. Values were validated as `#rrggbb`.
 */
export function themeCss(s: Pick<SiteSettings, 'primaryColour' | 'accentColour'>): string {
  const props = [s.primaryColour ? `--color-primary:${s.primaryColour}` : '', s.accentColour ? `--color-accent:${s.accentColour}` : ''].filter(Boolean);
  return props.length ? `:root{${props.join(';')}}` : '';
}

let last: { css: string; source: string } | null = null;
/** The CSP source that allows exactly this inline style ('sha256-…'), or '' for no style. */
export function styleHashSource(css: string): string {
  if (!css) return '';
  if (last?.css !== css) last = { css, source: `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'` };
  return last.source;
}
