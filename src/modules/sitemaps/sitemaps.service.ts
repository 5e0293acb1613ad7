import type { Db } from '../../db/connection';
import { ENTRY_KINDS, isEntryKind, KIND_PATHS, type EntryKind } from '../entries/entries';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { countryLastChanges, publishedEntryPage, publishedKindStats } from './sitemaps.repository';

/** The sitemaps the index lists: one per kind of entry, one of the country profiles, one of the other public pages. */
export const SITEMAP_NAMES = [...ENTRY_KINDS, 'countries', 'pages'] as const;
export type SitemapName = (typeof SITEMAP_NAMES)[number];

/** One file of the index: a sitemap's page (1-based) and when the newest thing it lists last changed. */
export interface SitemapFile {
  name: SitemapName;
  page: number;
  lastmod: Date | null;
}

/** A public page a sitemap lists, by its path after the locale (`/events/12`), with its last change. */
export interface SitemapPage {
  after: string;
  lastmod: Date | null;
}

interface Deps {
  db: Db;
  taxonomy: Taxonomy;
}

/** A sitemap file's name: its first page is `{name}.xml`, the next ones `{name}-2.xml`, `{name}-3.xml`… */
export const sitemapFileName = (f: Pick<SitemapFile, 'name' | 'page'>): string => (f.page === 1 ? `${f.name}.xml` : `${f.name}-${f.page}.xml`);

/** The sitemap and page a file name stands for; null when it names none (`-1` is never written: page one has no number). */
export function parseSitemapFileName(file: string): { name: SitemapName; page: number } | null {
  const m = /^([a-z]+)(?:-([2-9]|[1-9][0-9]{1,5}))?\.xml$/.exec(file);
  if (!m || !(SITEMAP_NAMES as readonly string[]).includes(m[1]!)) return null;
  return { name: m[1] as SitemapName, page: m[2] ? Number(m[2]) : 1 };
}

const newest = (dates: Array<Date | null>): Date | null => dates.reduce<Date | null>((a, b) => (b && (!a || b.getTime() > a.getTime()) ? b : a), null);

async function knownCountries(deps: Deps) {
  return (await countryLastChanges(deps.db)).filter((c) => /^[A-Z]{2}$/.test(c.code) && deps.taxonomy.has('country', c.code));
}

async function staticPages(deps: Deps): Promise<SitemapPage[]> {
  const stats = await publishedKindStats(deps.db);
  const byKind = new Map(stats.map((s) => [s.kind, s.lastmod]));
  const all = newest(stats.map((s) => s.lastmod));
  const countries = newest((await knownCountries(deps)).map((c) => c.lastmod));
  return [
    { after: '/', lastmod: all },
    { after: '/search', lastmod: all },
    ...ENTRY_KINDS.map((k) => ({ after: `/${KIND_PATHS[k]}`, lastmod: byKind.get(k) ?? null })),
    { after: '/countries', lastmod: countries },
    // The register as a map and as charts: views of the whole register, changing with every entry.
    { after: '/map', lastmod: all },
    { after: '/dashboard', lastmod: all },
    // The WSIS–SDG crosswalk's vocabulary pages: each shows counts of the whole register.
    { after: '/action-lines', lastmod: all },
    ...deps.taxonomy.terms('action-line').map((t) => ({ after: `/action-lines/${t.code}`, lastmod: all })),
    { after: '/sdgs', lastmod: all },
    ...deps.taxonomy
      .terms('sdg')
      .filter((t) => t.parent === null)
      .map((t) => ({ after: `/sdgs/${t.code}`, lastmod: all })),
  ];
}

/**
 * The files of the sitemap index: each kind with published entries, split `perFile` entries to a file; the
 * country profiles; the other public pages.
 */
export async function sitemapFiles(deps: Deps, perFile: number): Promise<SitemapFile[]> {
  const stats = await publishedKindStats(deps.db);
  const files: SitemapFile[] = [];
  for (const kind of ENTRY_KINDS) {
    const s = stats.find((x) => x.kind === kind);
    if (!s || s.count === 0) continue;
    const pages = Math.ceil(s.count / perFile);
    for (let page = 1; page <= pages; page++) files.push({ name: kind, page, lastmod: s.lastmod });
  }
  const countries = await knownCountries(deps);
  for (let page = 1; page <= Math.ceil(countries.length / perFile); page++)
    files.push({ name: 'countries', page, lastmod: newest(countries.map((c) => c.lastmod)) });
  files.push({ name: 'pages', page: 1, lastmod: newest(stats.map((s) => s.lastmod)) });
  return files;
}

/** The pages one sitemap file lists; null when there is no such file (a page past the last, or an empty split). */
export async function sitemapPages(deps: Deps, name: SitemapName, page: number, perFile: number): Promise<SitemapPage[] | null> {
  const offset = (page - 1) * perFile;
  let pages: SitemapPage[];
  if (isEntryKind(name)) {
    const kind: EntryKind = name;
    const rows = await publishedEntryPage(deps.db, kind, offset, perFile);
    pages = rows.map((r) => ({ after: `/${KIND_PATHS[kind]}/${r.id}`, lastmod: r.updatedAt }));
  } else if (name === 'countries') {
    pages = (await knownCountries(deps)).slice(offset, offset + perFile).map((c) => ({ after: `/countries/${c.code}`, lastmod: c.lastmod }));
  } else {
    pages = (await staticPages(deps)).slice(offset, offset + perFile);
  }
  // Page one always exists (an empty sitemap is still a valid one); a later page only when it lists something.
  return pages.length || page === 1 ? pages : null;
}
