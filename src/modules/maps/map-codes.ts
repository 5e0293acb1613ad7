import countries from 'i18n-iso-countries';

/**
 * Natural Earth draws a few places without an ISO 3166-1 numeric code. Kosovo has the code the
 * project's country vocabulary uses (XK, user-assigned); the two others are drawn with the UN member
 * state whose territory the UN counts them in, so every shape belongs to one of our countries.
 */
const UNCODED: Readonly<Record<string, string>> = { Kosovo: 'XK', Somaliland: 'SO', 'N. Cyprus': 'CY' };

/** The project's country code (ISO 3166-1 alpha-2) of a world-atlas feature, from its numeric id or, lacking one, its name; null when neither is known. */
export function atlasCountryCode(id: string | number | undefined, name: string | undefined): string | null {
  if (id !== undefined && id !== '') {
    const numeric = String(id).padStart(3, '0');
    return countries.numericToAlpha2(numeric) ?? null;
  }
  return (name && UNCODED[name]) || null;
}
