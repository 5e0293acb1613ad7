import { z } from 'zod';
import { line } from '../../../lib/text';
import { countryNodes, describedBy, keywords, organisationNodes } from './json-ld';
import { formNumber, leadStakeholders, STEP, TAG_REVIEW_FIELDS, type KindDescriptor, NO_TIMES, wordingOf } from './kind';

const id = z.number().int().min(1).max(2147483647);

export const publicationDetailsSchema = z
  .object({
    authors: z.array(line(300).min(1)).max(50).default([]),
    year: z.number().int().min(1900).max(2100).nullable().default(null),
    /** The document's own language (ISO 639-1), which may be none of the six. */
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .nullable()
      .default(null),
    fileIds: z.array(id).max(10).default([]),
  })
  .strict();
export type PublicationDetails = z.output<typeof publicationDetailsSchema>;

/** A report, guideline or toolkit: a document with its authors and year, uploaded or linked. */
export const publicationKind: KindDescriptor<'publication', PublicationDetails, { publication?: PublicationDetails | undefined }> = {
  kind: 'publication',
  path: 'publications',
  jsonLdType: 'CreativeWork',
  jsonLd: (d, input) => {
    const issuers = organisationNodes(input, ['lead']);
    const files = d.fileIds.map((id) => ({ '@type': 'MediaObject', contentUrl: `${input.baseUrl}/files/${id}` }));
    // The register records no document type: a paper issued by a university or research body is scholarly, anything else a report.
    const academic = input.entry.organisations.some((o) => o.role === 'lead' && o.stakeholderType === 'academia');
    return {
      '@type': academic ? 'ScholarlyArticle' : 'Report',
      ...describedBy(input),
      headline: input.text.title,
      // The document's own language where the entry names it (the summary may be in another).
      inLanguage: d.language ?? describedBy(input).inLanguage,
      author: d.authors.length ? d.authors.map((name) => ({ '@type': 'Person', name })) : issuers,
      publisher: organisationNodes(input),
      datePublished: d.year ? String(d.year) : undefined,
      encoding: files.length ? files : undefined,
      associatedMedia: files.length ? files : undefined,
      spatialCoverage: countryNodes(input),
      keywords: keywords(input),
    };
  },
  detailsSchema: publicationDetailsSchema,
  wording: wordingOf('publication'),
  roleLabels: { lead: 'orgRole.issuer', partner: 'orgRole.coPublisher' },
  steps: [
    STEP.about,
    { id: 'details', fields: ['publication'] },
    { id: 'file', fields: ['publication.fileIds'] },
    STEP.where,
    STEP.themes,
    STEP.organisations,
    STEP.links,
    STEP.languages,
  ],
  fieldRules: {
    originalLanguage: { required: true },
    title: { required: true, maxWords: 40 },
    summary: { required: true, minWords: 20, maxWords: 300 },
    description: { maxWords: 2000 },
    actionLines: { required: true, minItems: 1 },
  },
  reviewFields: [
    ['publication.authors', 'field.authors'],
    ['publication.year', 'field.publicationYear'],
    ['publication.language', 'field.documentLanguage'],
    ['publication.fileIds', 'field.files'],
    ...TAG_REVIEW_FIELDS,
  ],
  fromFlat: (f) => f.publication ?? publicationDetailsSchema.parse({}),
  toFlat: (d) => ({ publication: d }),
  requiredFields: [],
  problems: (f, has) => {
    const p = f.publication;
    return [
      ...(p?.year ? [] : [{ field: 'publication.year', code: 'required' }]),
      // The document itself must be there: an uploaded file or at least a link to it.
      ...(!p?.fileIds.length && has.links === 0 ? [{ field: 'publication.fileIds', code: 'file_or_link' }] : []),
    ];
  },
  ownIssues: () => [],
  facetValues: (d, organisations) => [...leadStakeholders(organisations), ...(d.year ? [{ facet: 'year' as const, value: d.year.toString() }] : [])],
  searchTexts: (d, locale) => d.authors.filter(Boolean).map((text) => ({ text, locale, weight: 'B' as const })),
  times: () => NO_TIMES,
  // Files become download links: bytes never leave through JSON.
  present: ({ fileIds, ...rest }, baseUrl) => ({ details: { ...rest, files: fileIds.map((id) => `${baseUrl}/files/${id}`) } }),
  decodeForm: (f, current) => {
    const authors = (f.one('publication.authors') ?? '')
      .split(/\r?\n/)
      .map((a) => a.trim())
      .filter(Boolean);
    return {
      publication: { ...current.publication, authors, year: formNumber(f, 'publication.year'), language: f.opt('publication.language')?.toLowerCase() ?? null },
    };
  },
};
