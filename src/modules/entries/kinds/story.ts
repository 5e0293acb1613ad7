import { z } from 'zod';
import { text } from '../../../lib/text';
import { entryImageSchema, presentImage } from './image';
import { countryNodes, describedBy, imageUrl, isoInstant, keywords, organisationNodes } from './json-ld';
import { leadStakeholders, STEP, TAG_REVIEW_FIELDS, formNumber, type KindDescriptor, NO_TIMES, wordingOf } from './kind';

export const storyDetailsSchema = z
  .object({
    /** The "success strategy": what made it work, in the contributor's words. */
    strategy: text(20000).default(''),
    activityId: z.number().int().min(1).max(2147483647).nullable().default(null),
    /** One optional image (uploaded on the image step). */
    image: entryImageSchema.nullable().default(null),
  })
  .strict();
export type StoryDetails = z.output<typeof storyDetailsSchema>;

/** A success story: what worked and why, optionally told of a published activity. */
export const storyKind: KindDescriptor<'story', StoryDetails, { story?: StoryDetails | undefined }> = {
  kind: 'story',
  path: 'stories',
  jsonLdType: 'Article',
  // A story is told by its lead organisations; its partners took part in what it tells of.
  jsonLd: (d, input) => ({
    '@type': 'Article',
    ...describedBy(input),
    headline: input.text.title,
    datePublished: input.entry.publishedAt ? isoInstant(input.entry.publishedAt) : undefined,
    dateModified: isoInstant(input.entry.updatedAt),
    author: organisationNodes(input, ['lead']),
    contributor: organisationNodes(input, ['partner']),
    image: imageUrl(d.image, input.baseUrl),
    spatialCoverage: countryNodes(input),
    keywords: keywords(input),
  }),
  detailsSchema: storyDetailsSchema,
  wording: wordingOf('story'),
  roleLabels: { lead: 'orgRole.lead', partner: 'orgRole.partner' },
  steps: [
    STEP.about,
    { id: 'details', fields: ['story'] },
    { id: 'image', fields: ['story.image'] },
    STEP.where,
    STEP.themes,
    STEP.organisations,
    STEP.links,
    STEP.languages,
  ],
  fieldRules: {
    originalLanguage: { required: true },
    title: { required: true, maxWords: 30 },
    summary: { required: true, minWords: 20, maxWords: 200 },
    description: { required: true, minWords: 50, maxWords: 3000 },
    actionLines: { required: true, minItems: 1 },
  },
  reviewFields: [['story.strategy', 'field.strategy'], ['story.activityId', 'field.linkedActivity'], ['story.image', 'image.field'], ...TAG_REVIEW_FIELDS],
  fromFlat: (f) => f.story ?? storyDetailsSchema.parse({}),
  toFlat: (d) => ({ story: d }),
  requiredFields: [],
  problems: (f) => (f.story?.strategy ? [] : [{ field: 'story.strategy', code: 'required' }]),
  ownIssues: () => [],
  facetValues: (_d, organisations) => leadStakeholders(organisations),
  searchTexts: (d, locale) => (d.strategy ? [{ text: d.strategy, locale, weight: 'C' }] : []),
  times: () => NO_TIMES,
  present: (d, baseUrl) => ({ details: { ...d, image: presentImage(d.image, baseUrl) } }),
  // The image is kept: it has its own step.
  decodeForm: (f, current) => ({ story: { ...current.story, strategy: f.one('story.strategy') ?? '', activityId: formNumber(f, 'story.activityId') } }),
};
