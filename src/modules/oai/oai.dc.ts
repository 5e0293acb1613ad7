/**
 * An entry as unqualified Dublin Core, read from its public JSON (the presenter stays the one exit for
 * data: contacts never reach a harvester). Pure: the labels come from the taxonomy held in memory.
 */
import type { PublicEntry } from '../entries/entries.presenter';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { DcElement } from './oai.xml';

/** The DCMI Type of each kind, where one fits (an activity or an actor is none of them). */
const DCMI_TYPE: Record<string, string | undefined> = { publication: 'Text', story: 'Text', event: 'Event' };

const DOI = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/\S+)$/i;
const ISBN = /^(?:urn:isbn:|https?:\/\/[^/]*\/isbn\/)([0-9Xx-]{10,17})$/;

interface PublicationPart {
  authors?: string[];
  year?: number | null;
  language?: string | null;
  files?: string[];
}

/** The entry's Dublin Core elements; `fileTypes` gives the content type of each of its files (by URL). */
export function dublinCore(entry: PublicEntry, taxonomy: Taxonomy, fileTypes: ReadonlyMap<string, string>): DcElement[] {
  const out: DcElement[] = [];
  const add = (name: DcElement['name'], value: string | null | undefined, lang?: string) => {
    if (value) out.push({ name, value, lang });
  };
  const languages = Object.keys(entry.translations) as Array<keyof PublicEntry['translations']>;
  for (const lang of languages) add('title', entry.translations[lang]?.title, lang);

  const details = (entry.details ?? {}) as PublicationPart;
  const leads = entry.organisations.filter((o) => o.role === 'lead').map((o) => o.name);
  const partners = entry.organisations.filter((o) => o.role === 'partner').map((o) => o.name);
  if (entry.kind === 'publication') {
    // A publication's authors made it; its issuing organisations (and co-publishers) published it.
    for (const author of details.authors ?? []) add('creator', author);
    if (!details.authors?.length) for (const name of leads) add('creator', name);
    for (const name of [...leads, ...partners]) add('publisher', name);
  } else {
    for (const name of leads) add('creator', name);
    for (const name of partners) add('contributor', name);
  }

  // Subjects: the WSIS action lines and SDGs, labelled in each language the entry is written in.
  for (const lang of languages) {
    for (const code of entry.actionLines) add('subject', `WSIS ${code.toUpperCase()}: ${taxonomy.label('action-line', code, lang)}`, lang);
    for (const code of entry.sdgs) add('subject', `SDG ${code}: ${taxonomy.label('sdg', code, lang)}`, lang);
  }
  for (const lang of languages) add('description', entry.translations[lang]?.summary, lang);

  const date = details.year ? String(details.year) : (entry.startDate ?? entry.publishedAt?.slice(0, 10));
  add('date', date);
  add('type', DCMI_TYPE[entry.kind]);
  add('type', entry.kind);
  for (const type of new Set((details.files ?? []).map((url) => fileTypes.get(url)).filter(Boolean))) add('format', type);
  add('identifier', entry.url);
  for (const url of details.files ?? []) add('identifier', url);
  for (const link of entry.links) {
    const doi = DOI.exec(link.url);
    const isbn = ISBN.exec(link.url);
    if (doi) add('identifier', `https://doi.org/${doi[1]}`);
    else if (isbn) add('identifier', `urn:isbn:${isbn[1]!.replace(/-/g, '')}`);
    else add('relation', link.url);
  }
  // The document's own language for a publication; otherwise the languages the entry is written in.
  if (details.language) add('language', details.language);
  else for (const lang of languages) add('language', lang);
  for (const code of entry.countries) add('coverage', taxonomy.label('country', code, 'en'));
  for (const code of entry.regions) add('coverage', taxonomy.label('region', code, 'en'));
  return out;
}
