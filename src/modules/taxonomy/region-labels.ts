/**
 * Regions come from two schemes that share names: the UN M49 geographic regions ("002" Africa, "154"
 * Northern Europe) and the ITU's six regions ("itu-africa" Africa, "itu-europe" Europe). Where both are
 * listed together they stand under their own headings; where one label stands alone (a tag, a chip, the
 * review page) it carries its scheme: "Africa (ITU)", "Africa (UN M49)".
 */
import type { I18n } from '../../i18n/i18n';
import type { Taxonomy } from './taxonomy';

export const REGION_SCHEMES = ['m49', 'itu'] as const;
export type RegionScheme = (typeof REGION_SCHEMES)[number];

/** The scheme of a region code: the ITU's regions have codes of their own, every other is an M49 code. */
export function regionScheme(code: string): RegionScheme {
  return code.startsWith('itu-') ? 'itu' : 'm49';
}

/** A region's label with its scheme, for a label shown out of its group. */
export function qualifiedRegionLabel(taxonomy: Taxonomy, code: string, i18n: I18n): string {
  return i18n.t(`regions.qualified.${regionScheme(code)}`, { label: taxonomy.label('region', code, i18n.locale) });
}

/** The heading of a scheme's group ("UN M49 regions", "ITU regions"). */
export function regionSchemeHeading(scheme: RegionScheme, i18n: I18n): string {
  return i18n.t(`regions.scheme.${scheme}`);
}

/** Items split by their region's scheme, M49 first, each group keeping the items' order; empty groups left out. */
export function groupByRegionScheme<T>(items: readonly T[], code: (item: T) => string): Array<{ scheme: RegionScheme; items: T[] }> {
  return REGION_SCHEMES.map((scheme) => ({ scheme, items: items.filter((item) => regionScheme(code(item)) === scheme) })).filter((g) => g.items.length > 0);
}
