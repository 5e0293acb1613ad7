import { LOCALE_INFO, type Locale } from '../../../i18n/locales';
import type { VocabularyName } from '../../taxonomy/taxonomy';
import type { EntryBase, EntryText, Organisation } from '../entry';
import type { EntryImage } from './image';

/** A schema.org node as JSON-LD: its type and its properties (undefined ones are left out when serialised). */
export interface JsonLdNode {
  '@type': string;
  [property: string]: unknown;
}

/**
 * What a kind's JSON-LD is built from: the entry's shared fields, the text shown (in the reader's language or
 * the original), and the addresses and labels of the page it is on. Only facts the entry holds; never its contact.
 */
export interface JsonLdInput {
  entry: Pick<EntryBase, 'id' | 'countries' | 'actionLines' | 'sdgs' | 'issues' | 'organisations' | 'links' | 'publishedAt' | 'updatedAt' | 'originalLanguage'>;
  /** The entry's page in the page's locale (its canonical address). */
  url: string;
  /** The language `text` is in. */
  language: Locale;
  text: EntryText;
  baseUrl: string;
  /** The page's locale: vocabulary labels and links to other pages are in it. */
  locale: Locale;
  label(vocabulary: VocabularyName, code: string): string;
}

/** The instant as ISO 8601 in UTC (schema.org DateTime). */
export const isoInstant = (d: Date | string): string => new Date(d).toISOString();

/** The text of the entry shared by every kind's node: its name, description, page and language. */
export function describedBy(input: JsonLdInput): Record<string, unknown> {
  const links = input.entry.links.map((l) => l.url);
  return {
    '@id': input.url,
    name: input.text.title,
    description: input.text.summary || undefined,
    url: input.url,
    inLanguage: LOCALE_INFO[input.language].bcp47,
    sameAs: links.length ? links : undefined,
  };
}

/** The action lines and SDGs (and policy issues) the entry is tagged with, as their labels. */
export function keywords(input: JsonLdInput): string[] | undefined {
  const { entry } = input;
  const words = [
    ...entry.actionLines.map((c) => input.label('action-line', c)),
    ...entry.sdgs.map((c) => input.label('sdg', c)),
    ...entry.issues.map((c) => input.label('digital-policy-issue', c)),
  ];
  return words.length ? words : undefined;
}

/** The entry's countries as schema.org `Country` nodes, each with its profile page here. */
export function countryNodes(input: JsonLdInput): JsonLdNode[] | undefined {
  if (!input.entry.countries.length) return undefined;
  return input.entry.countries.map((code) => countryNode(input.baseUrl, input.locale, code, input.label('country', code)));
}

/** A country as a schema.org `Country`: its name, its ISO 3166-1 code and its profile page. */
export function countryNode(baseUrl: string, locale: Locale, code: string, name: string): JsonLdNode {
  return { '@type': 'Country', name, identifier: code, url: `${baseUrl}/${locale}/countries/${code}` };
}

/** Organisations named by the entry (lead ones first), each an `Organization`, with its actor profile when matched. */
export function organisationNodes(input: JsonLdInput, roles: ReadonlyArray<Organisation['role']> = ['lead', 'partner']): JsonLdNode[] | undefined {
  const nodes = roles.flatMap((role) =>
    input.entry.organisations
      .filter((o) => o.role === role)
      .map((o) => ({
        '@type': 'Organization',
        name: o.name,
        url: o.actorId ? `${input.baseUrl}/${input.locale}/actors/${o.actorId}` : undefined,
      })),
  );
  return nodes.length ? nodes : undefined;
}

/** An entry's image at its largest width, as an absolute URL. */
export function imageUrl(image: EntryImage | null, baseUrl: string): string | undefined {
  const largest = image?.variants.reduce((a, b) => (b.width > a.width || (b.width === a.width && b.type === 'image/jpeg') ? b : a));
  return largest ? `${baseUrl}/images/${largest.id}` : undefined;
}
