import { randomUUID } from 'node:crypto';
import type { EntryInput } from '../../src/modules/entries/entry.schemas';

type Json = Record<string, unknown>;

/** A valid activity input (as JSON, the importer's shape) with sensible defaults; override any field. */
export function activityJson(overrides: Json = {}): Json {
  return {
    externalId: `test-${randomUUID()}`,
    state: 'published',
    originalLanguage: 'en',
    translations: {
      en: {
        title: 'Community telecentres for rural women',
        summary: 'Telecentres run by women’s cooperatives offer training and internet access.',
        description: 'Ten telecentres were opened in market towns.',
      },
    },
    activityType: 'project',
    status: 'ongoing',
    scope: 'national',
    startDate: '2020-01-15',
    endDate: null,
    countries: ['KE'],
    regions: [],
    actionLines: ['c3'],
    sdgs: ['5'],
    targetGroups: ['women-girls'],
    organisations: [{ name: 'Example Telecentre Network', role: 'lead', stakeholderType: 'civil-society' }],
    links: [{ url: 'https://example.org/telecentres', label: 'Project site' }],
    contact: { name: 'A. Contact', email: 'contact@example.org' },
    lastConfirmedAt: '2025-01-01',
    ...overrides,
  };
}

export function activityLine(overrides: Json = {}): string {
  return JSON.stringify(activityJson(overrides));
}

/** An entry of any kind as the importer takes it: the activity factory, without the activity-only fields for other kinds. */
export function entryLine(externalId: string, title: string, overrides: Json = {}): string {
  const json = activityJson({ externalId, translations: { en: { title, summary: `${title}, in short.`, description: '' } }, ...overrides });
  if ((overrides.kind ?? 'activity') !== 'activity') for (const key of ['activityType', 'status', 'scope']) delete json[key];
  return JSON.stringify(json);
}

export type { EntryInput };
