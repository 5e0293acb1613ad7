/**
 * One activity as an IATI 2.03 `<iati-activity>`, and the file's opening and closing. Pure: the entry and
 * the publisher in, XML text out. Elements are written in the order the 2.03 schema's sequence fixes;
 * every value passes through `xmlEscape`. Contacts are never read here, so they cannot leave.
 */
import { translate } from '../../i18n/i18n';
import { LOCALES, type Locale } from '../../i18n/locales';
import { xmlAttrs, xmlElement, xmlEscape } from '../../lib/xml';
import type { EntryOf } from '../entries/entry';
import {
  activityDateTypes,
  activityScopeFor,
  activityStatusFor,
  CROSSWALK,
  dacForActionLine,
  organisationRoleFor,
  organisationTypeForStakeholder,
  STOCKTAKE_NS,
} from './crosswalk';

export const IATI_VERSION = '2.03';

/** Who publishes the file: the reporting organisation, and where our own vocabularies are described. */
export interface IatiPublisher {
  /** Organisation identifier (IATI_PUBLISHER_REF): reporting-org/@ref and the prefix of activity identifiers. */
  ref: string;
  /** IATI OrganisationType code of the publisher. */
  type: string;
  /** The publisher's name (the site's name). */
  name: string;
  /** The public address; vocabulary-uri of our own vocabularies is `{baseUrl}/api/v1/vocabularies/{name}`. */
  baseUrl: string;
}

export type Activity = EntryOf<'activity'>;

/** An xsd:dateTime without fractions of a second. */
function dateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The identifier IATI knows the activity by: its own when it came from IATI, else `{ref}-{id}`. */
export function iatiIdentifierOf(id: number, own: string | null | undefined, publisherRef: string): string {
  return own && own.trim() !== '' ? own : `${publisherRef}-${id}`;
}

/**
 * `n` shares of 100 with two decimals summing to exactly 100: 33.33, 33.33, 33.34 (the last takes the
 * rest). IATI wants the percentages of one vocabulary (sectors) or of countries with regions to add up to 100.
 */
export function evenPercentages(n: number): string[] {
  if (n <= 0) return [];
  const base = Math.floor(10000 / n);
  return Array.from({ length: n }, (_, i) => {
    const hundredths = i === n - 1 ? 10000 - base * (n - 1) : base;
    return (hundredths / 100).toFixed(2).replace(/\.?0+$/, '');
  });
}

/** The file's opening, through the `<iati-activities>` start tag. */
export function iatiHeader(generatedAt: Date): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<iati-activities${xmlAttrs({ version: IATI_VERSION, 'generated-datetime': dateTime(generatedAt), 'xmlns:stocktake': STOCKTAKE_NS })}>\n`
  );
}

export const IATI_FOOTER = '</iati-activities>\n';

/** The languages an entry has text in, its original language first. */
function languagesOf(entry: Activity): Locale[] {
  const present = LOCALES.filter((l) => entry.translations[l]);
  return [...present.filter((l) => l === entry.originalLanguage), ...present.filter((l) => l !== entry.originalLanguage)];
}

function narrative(text: string, lang: string | null): string {
  return xmlElement('narrative', { 'xml:lang': lang }, xmlEscape(text));
}

/** One narrative per language that has a non-empty text for `field`. */
function narratives(entry: Activity, field: 'title' | 'summary' | 'description'): string {
  return languagesOf(entry)
    .map((l) => [l, entry.translations[l]?.[field] ?? ''] as const)
    .filter(([, text]) => text.trim() !== '')
    .map(([l, text]) => narrative(text, l))
    .join('');
}

const vocabularyUri = (publisher: IatiPublisher, name: string) => `${publisher.baseUrl}/api/v1/vocabularies/${name}`;

function dates(entry: Activity): string {
  const { status, startDate, endDate } = entry.activity;
  const types = activityDateTypes(status);
  const out: string[] = [];
  if (startDate) out.push(xmlElement('activity-date', { type: types.start, 'iso-date': startDate }));
  if (endDate) out.push(xmlElement('activity-date', { type: types.end, 'iso-date': endDate }));
  if (out.length === 0) {
    // IATI requires one activity-date: the day the entry was registered stands in, marked as such (and said in words).
    out.push(
      xmlElement(
        'activity-date',
        { type: types.start, 'iso-date': entry.createdAt.toISOString().slice(0, 10), 'stocktake:registered': 'true' },
        narrative(translate(entry.originalLanguage, 'iati.registeredDate'), entry.originalLanguage),
      ),
    );
  }
  return out.join('');
}

function participatingOrgs(entry: Activity, publisher: IatiPublisher): string {
  if (entry.organisations.length === 0) {
    // The schema requires one participating organisation: the publisher, accountable for the record.
    return xmlElement(
      'participating-org',
      { ref: publisher.ref, role: organisationRoleFor('lead'), type: publisher.type, 'stocktake:publisher': 'true' },
      narrative(publisher.name, null),
    );
  }
  return entry.organisations
    .map((o) =>
      xmlElement(
        'participating-org',
        { role: organisationRoleFor(o.role), type: organisationTypeForStakeholder(o.stakeholderType), 'stocktake:stakeholder-type': o.stakeholderType },
        narrative(o.name, null),
      ),
    )
    .join('');
}

/** Countries (ISO alpha-2) and regions (M49 as vocabulary 2, ours as 99), their percentages summing to 100. */
function recipients(entry: Activity, publisher: IatiPublisher): string {
  const countries = [...new Set(entry.countries)];
  const regions = [...new Set(entry.regions)];
  const shares = evenPercentages(countries.length + regions.length);
  const out = countries.map((c, i) => xmlElement('recipient-country', { code: c.toUpperCase(), percentage: shares[i] }));
  regions.forEach((r, i) => {
    const m49 = /^\d{3}$/.test(r);
    out.push(
      xmlElement('recipient-region', {
        code: r,
        vocabulary: m49 ? CROSSWALK.regionVocabularies.m49 : CROSSWALK.regionVocabularies.own,
        'vocabulary-uri': m49 ? null : vocabularyUri(publisher, 'region'),
        percentage: shares[countries.length + i],
      }),
    );
  });
  return out.join('');
}

/** DAC sectors (vocabulary 1) from the crosswalk, then our action lines (vocabulary 99); each vocabulary sums to 100. */
function sectors(entry: Activity, publisher: IatiPublisher): string {
  const lines = [...new Set(entry.actionLines)];
  const dac = [...new Set(lines.flatMap((l) => dacForActionLine(l) ?? []))];
  const dacShares = evenPercentages(dac.length);
  const lineShares = evenPercentages(lines.length);
  return (
    dac.map((code, i) => xmlElement('sector', { vocabulary: '1', code, percentage: dacShares[i] })).join('') +
    lines
      .map((code, i) => xmlElement('sector', { vocabulary: '99', 'vocabulary-uri': vocabularyUri(publisher, 'action-line'), code, percentage: lineShares[i] }))
      .join('')
  );
}

/** SDG goals (tag vocabulary 2) and targets (3); then activity type, target groups and policy issues as vocabulary 99. */
function tags(entry: Activity, publisher: IatiPublisher): string {
  const sdgs = [...new Set(entry.sdgs)];
  const goals = sdgs.filter((c) => !c.includes('.'));
  const targets = sdgs.filter((c) => c.includes('.'));
  const own = (name: string, codes: string[]) =>
    codes.map((code) => xmlElement('tag', { vocabulary: '99', 'vocabulary-uri': vocabularyUri(publisher, name), code })).join('');
  return (
    goals.map((code) => xmlElement('tag', { vocabulary: CROSSWALK.sdg.goalVocabulary, code })).join('') +
    targets.map((code) => xmlElement('tag', { vocabulary: CROSSWALK.sdg.targetVocabulary, code })).join('') +
    own('activity-type', [entry.activity.type]) +
    own('target-group', [...new Set(entry.targetGroups)]) +
    own('digital-policy-issue', [...new Set(entry.issues)])
  );
}

function documentLinks(entry: Activity): string {
  return entry.links
    .map((link) => {
      let pdf = false;
      try {
        pdf = new URL(link.url).pathname.toLowerCase().endsWith('.pdf');
      } catch {
        // A stored link is a checked URL; should one not parse, it is still a web page to IATI.
      }
      return xmlElement(
        'document-link',
        { url: link.url, format: pdf ? 'application/pdf' : 'text/html' },
        xmlElement('title', {}, narrative(link.label?.trim() || link.url, null)) + xmlElement('category', { code: CROSSWALK.documentLinks.category }),
      );
    })
    .join('');
}

/** One published activity as `<iati-activity>`; `ownIdentifier` is the IATI identifier it came with, if any. */
export function iatiActivity(entry: Activity, ownIdentifier: string | null, publisher: IatiPublisher): string {
  const d = entry.activity;
  const description = narratives(entry, 'description');
  return (
    xmlElement(
      'iati-activity',
      { 'last-updated-datetime': dateTime(entry.updatedAt), 'xml:lang': entry.originalLanguage },
      xmlElement('iati-identifier', {}, xmlEscape(iatiIdentifierOf(entry.id, ownIdentifier, publisher.ref))) +
        xmlElement('reporting-org', { ref: publisher.ref, type: publisher.type }, narrative(publisher.name, null)) +
        xmlElement('title', {}, narratives(entry, 'title')) +
        xmlElement('description', { type: CROSSWALK.descriptions.summary }, narratives(entry, 'summary')) +
        (description ? xmlElement('description', { type: CROSSWALK.descriptions.description }, description) : '') +
        participatingOrgs(entry, publisher) +
        xmlElement('activity-status', { code: activityStatusFor(d.status) }) +
        dates(entry) +
        xmlElement('activity-scope', { code: activityScopeFor(d.scope) }) +
        recipients(entry, publisher) +
        sectors(entry, publisher) +
        tags(entry, publisher) +
        documentLinks(entry),
    ) + '\n'
  );
}
