import { z } from 'zod';
import { LOCALES, type Locale } from '../../../i18n/locales';
import { httpUrl, line, text } from '../../../lib/text';
import { STAKEHOLDER_TYPES } from '../entry';
import { entryImageSchema, presentImage } from './image';
import { countryNodes, describedBy, imageUrl, keywords } from './json-ld';
import { formNumber, NO_TIMES, STEP, TAG_REVIEW_FIELDS, type KindDescriptor, type SearchText, wordingOf } from './kind';

const slug = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** What an actor profile holds beyond name and description (the Geneva Digital Atlas's sections). */
export const actorDetailsSchema = z
  .object({
    acronyms: z.partialRecord(z.enum(LOCALES), line(60)).default({}),
    established: z.number().int().min(1000).max(2100).nullable().default(null),
    address: text(500).default(''),
    point: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .nullable()
      .default(null),
    stakeholderType: z.enum(STAKEHOLDER_TYPES).nullable().default(null),
    category: line(200).default(''),
    digitalActivities: text(30000).default(''),
    digitalTools: text(30000).default(''),
    meetings: text(30000).default(''),
    social: z
      .array(z.object({ network: line(60).min(1), handle: line(200).nullable().default(null), url: httpUrl.nullable().default(null) }).strict())
      .max(30)
      .default([]),
    /** Digital policy issues with the actor's own narrative and, where it names the issue otherwise, its alias. */
    issues: z
      .array(z.object({ issue: slug, narrative: text(20000).default(''), alias: line(200).nullable().default(null) }).strict())
      .max(80)
      .default([]),
    /** One optional image, a logo or a photograph (uploaded on the image step). */
    image: entryImageSchema.nullable().default(null),
  })
  .strict();
export type ActorDetails = z.output<typeof actorDetailsSchema>;

/** An organisation, network or person working on digital policy: a profile with its issues, tools and channels. */
export const actorKind: KindDescriptor<'actor', ActorDetails, { actor?: ActorDetails | undefined }> = {
  kind: 'actor',
  path: 'actors',
  jsonLdType: 'Organization',
  jsonLd: (d, input) => {
    const described = describedBy(input);
    const sameAs = [...((described.sameAs as string[] | undefined) ?? []), ...d.social.flatMap((s) => (s.url ? [s.url] : []))];
    const country = input.entry.countries[0];
    const acronym = d.acronyms[input.language] || d.acronyms[input.entry.originalLanguage] || Object.values(d.acronyms).find(Boolean);
    return {
      '@type': 'Organization',
      ...described,
      alternateName: acronym || undefined,
      foundingDate: d.established ? String(d.established) : undefined,
      // The profile's address is one free text; its first country is where the actor is.
      address: d.address || country ? { '@type': 'PostalAddress', streetAddress: d.address || undefined, addressCountry: country } : undefined,
      geo: d.point ? { '@type': 'GeoCoordinates', latitude: d.point.lat, longitude: d.point.lon } : undefined,
      logo: imageUrl(d.image, input.baseUrl),
      sameAs: sameAs.length ? [...new Set(sameAs)] : undefined,
      areaServed: countryNodes(input),
      knowsAbout: d.issues.length ? d.issues.map((i) => input.label('digital-policy-issue', i.issue)) : undefined,
      keywords: keywords(input),
    };
  },
  detailsSchema: actorDetailsSchema,
  wording: wordingOf('actor'),
  roleLabels: { lead: 'orgRole.lead', partner: 'orgRole.partner' },
  // An actor's issues are asked on their own step, with its narrative of each; the themes step asks no issue list.
  steps: [
    STEP.about,
    { id: 'details', fields: ['actor'] },
    { id: 'image', fields: ['actor.image'] },
    { id: 'issues', fields: ['actor.issues'] },
    STEP.where,
    { id: 'themes', fields: ['actionLines', 'sdgs'] },
    STEP.links,
    STEP.languages,
  ],
  fieldRules: {
    originalLanguage: { required: true },
    title: { required: true, maxWords: 30 },
    summary: { required: true, minWords: 10, maxWords: 200 },
    description: { maxWords: 5000 },
  },
  reviewFields: [
    ['actor.acronyms', 'field.acronym'],
    ['actor.established', 'field.established'],
    ['actor.stakeholderType', 'field.stakeholderGroup'],
    ['actor.address', 'field.address'],
    ['actor.point', 'field.mapPoint'],
    ['actor.digitalActivities', 'field.digitalActivities'],
    ['actor.issues', 'field.actorIssues'],
    ['actor.digitalTools', 'field.digitalTools'],
    ['actor.meetings', 'field.meetings'],
    ['actor.social', 'field.social'],
    ['actor.image', 'image.field'],
    ...TAG_REVIEW_FIELDS,
  ],
  fromFlat: (f) => f.actor ?? actorDetailsSchema.parse({}),
  toFlat: (d) => ({ actor: d }),
  requiredFields: [],
  problems: () => [],
  ownIssues: (d) => d.issues.map((i) => i.issue),
  // An actor is its own stakeholder: the facet comes from its profile, not from organisations it lists.
  facetValues: (d) => (d.stakeholderType ? [{ facet: 'stakeholder', value: d.stakeholderType }] : []),
  searchTexts: (d, locale) => {
    const out: SearchText[] = [];
    for (const [l, acronym] of Object.entries(d.acronyms)) if (acronym) out.push({ text: acronym, locale: l as Locale, weight: 'A' });
    const push = (text: string | null, weight: SearchText['weight']) => {
      if (text) out.push({ text, locale, weight });
    };
    for (const i of d.issues) {
      push(i.alias, 'B');
      push(i.narrative, 'C');
    }
    push(d.digitalActivities, 'C');
    push(d.digitalTools, 'C');
    return out;
  },
  times: () => NO_TIMES,
  present: (d, baseUrl) => ({ details: { ...d, image: presentImage(d.image, baseUrl) } }),
  decodeForm: (f, current, language) => {
    const rows = Math.min(f.rows(), 40);
    const social = [];
    for (let i = 0; i < rows; i += 1) {
      const network = f.opt(`actor.social.${i}.network`);
      if (network) social.push({ network, handle: f.opt(`actor.social.${i}.handle`) ?? null, url: f.opt(`actor.social.${i}.url`) ?? null });
    }
    const lat = formNumber(f, 'actor.point.lat');
    const lon = formNumber(f, 'actor.point.lon');
    const acronym = f.opt('actor.acronym');
    // The acronym field edits the original language's; the others stay as they are.
    const { [language]: _old, ...otherAcronyms } = current.actor?.acronyms ?? {};
    return {
      actor: {
        ...current.actor,
        acronyms: acronym ? { ...otherAcronyms, [language]: acronym } : otherAcronyms,
        established: formNumber(f, 'actor.established'),
        stakeholderType: f.opt('actor.stakeholderType') ?? null,
        address: f.one('actor.address') ?? '',
        point: lat === null && lon === null ? null : { lat, lon },
        digitalActivities: f.one('actor.digitalActivities') ?? '',
        digitalTools: f.one('actor.digitalTools') ?? '',
        meetings: f.one('actor.meetings') ?? '',
        social,
      },
    };
  },
};
