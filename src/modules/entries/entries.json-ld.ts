import type { Locale } from '../../i18n/locales';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { Entry, EntryText } from './entry';
import { detailsOf, kindOf } from './kinds';
import { countryNode, type JsonLdNode } from './kinds/json-ld';

export type { JsonLdNode } from './kinds/json-ld';

/** The schema.org context every page's JSON-LD names (consumers resolve it; tests serve their own copy offline). */
export const SCHEMA_ORG_CONTEXT = 'https://schema.org';

/** Where an entry's JSON-LD is shown: the page's address and locale, and the text the page shows. */
export interface EntryJsonLdPlace {
  baseUrl: string;
  url: string;
  locale: Locale;
  language: Locale;
  text: EntryText;
  taxonomy: Taxonomy;
}

/** An entry as its kind's schema.org node (a Project, an Organization, a Report, an Event, an Article). */
export function entryJsonLd(entry: Entry, at: EntryJsonLdPlace): JsonLdNode {
  return kindOf(entry.kind).jsonLd(detailsOf(entry), {
    entry,
    url: at.url,
    language: at.language,
    text: at.text,
    baseUrl: at.baseUrl,
    locale: at.locale,
    label: (vocabulary, code) => at.taxonomy.label(vocabulary, code, at.locale),
  });
}

/** A country profile page as a schema.org `Country`. */
export function countryJsonLd(baseUrl: string, locale: Locale, code: string, name: string): JsonLdNode {
  const node = countryNode(baseUrl, locale, code, name);
  return { '@id': node.url, ...node };
}

/** The trail from the home page to this page, as a schema.org `BreadcrumbList`. */
export function breadcrumbJsonLd(trail: Array<{ name: string; url: string }>): JsonLdNode {
  return {
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((step, i) => ({ '@type': 'ListItem', position: i + 1, name: step.name, item: step.url })),
  };
}

/** One JSON-LD document holding a page's nodes. */
export function jsonLdDocument(nodes: JsonLdNode[]): Record<string, unknown> {
  return { '@context': SCHEMA_ORG_CONTEXT, '@graph': nodes };
}
