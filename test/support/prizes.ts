import type { Db } from '../../src/db/connection';
import { DAY_MS, HOUR_MS } from '../../src/lib/time-zones';
import { DEFAULT_CATEGORIES, DEFAULT_QUESTIONNAIRE, PHASES, type Phase } from '../../src/modules/prizes/prizes';

let nextYear = 2300;

/** A contest made directly, now in `at` (each phase a day long), with the default categories; returns its id and year. */
export async function prizeContest(db: Db, at: Phase, opts: { votesChangeable?: boolean } = {}) {
  const year = nextYear++;
  const index = PHASES.indexOf(at);
  const now = Date.now();
  const phases = Object.fromEntries(PHASES.map((p, i) => [p, new Date(now + (i - index) * DAY_MS - HOUR_MS).toISOString()]));
  const { id } = await db
    .insertInto('prizeContests')
    .values({
      year,
      titles: JSON.stringify({ en: `Prizes ${year}` }),
      rules: JSON.stringify({}),
      timeZone: 'Europe/Zurich',
      phases: JSON.stringify(phases),
      categories: JSON.stringify(DEFAULT_CATEGORIES),
      votesChangeable: opts.votesChangeable ?? true,
      allCategoriesRequired: false,
      questionnaire: JSON.stringify(DEFAULT_QUESTIONNAIRE),
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, year };
}

/** A nomination row made directly, in a given status. */
export async function prizeNomination(
  db: Db,
  o: {
    contestId: number;
    organisationId: number;
    createdBy: number;
    status?: 'submitted' | 'changes_requested' | 'accepted';
    category?: string;
    title?: string;
  },
) {
  const title = o.title ?? `Project ${crypto.randomUUID().slice(0, 8)}`;
  const { id } = await db
    .insertInto('prizeNominations')
    .values({
      contestId: o.contestId,
      category: o.category ?? 'c1',
      organisationId: o.organisationId,
      entryId: null,
      projectKey: `org:${o.organisationId}:${title.toLowerCase()}`,
      createdBy: o.createdBy,
      status: o.status ?? 'submitted',
      answers: JSON.stringify({
        title,
        language: 'en',
        projectStatus: 'completed',
        description: 'Schools online.',
        linkage: '',
        impact: '',
        partners: '',
        challenges: '',
      }),
      fieldComments: o.status === 'changes_requested' ? JSON.stringify({ impact: 'Give figures.' }) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const many = (n: number) => Array.from({ length: n }, () => 'digital').join(' ');

/** A nomination form that passes the default questionnaire's rules. */
export function nominationForm(organisationId: number, category = 'c1'): Record<string, string> {
  return {
    organisationId: String(organisationId),
    category,
    title: `Project ${crypto.randomUUID().slice(0, 8)}`,
    language: 'en',
    projectStatus: 'completed',
    description: many(170),
    linkage: many(60),
    impact: many(60),
    partners: many(12),
    challenges: many(35),
  };
}
