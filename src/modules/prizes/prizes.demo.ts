import type { Db, Tx } from '../../db/connection';
import { DAY_MS } from '../../lib/time-zones';
import { DEFAULT_CATEGORIES, DEFAULT_QUESTIONNAIRE, PHASES, projectKey } from './prizes';
import { activitiesWithActionLines, firstUserId, insertContest, insertNomination, insertPlainOrganisation } from './prizes.repository';
import { loadJuryDemo } from './jury.demo';
import { loadDemoVotes } from './votes.demo';

/** The category a demo activity goes into: its action line, C7 as its first sub-line tagged. */
const categoryOf = (code: string) => (DEFAULT_CATEGORIES.includes(code) ? code : null);

const TEXTS = {
  linkage: (title: string) => `${title} puts its action line to work and advances the SDGs it is tagged with, as its entry in the register explains.`,
  impact: 'People reached, services now online and partners trained are reported each year in the project’s own review.',
  partners: 'Local authorities, a university and community organisations.',
  challenges: 'Connectivity in remote places and keeping trained staff; both were met with local partners.',
} as const;

/**
 * The demo's two contests: this year's in its voting phase, nominated projects made from demo activities,
 * and last year's announced, with a winner and four champions in the categories that have five projects.
 */
export async function loadPrizesDemo(db: Db, today: Date): Promise<void> {
  const userId = await firstUserId(db);
  if (userId === null) return;
  const rows = await activitiesWithActionLines(db, 2000);
  const byCategory = new Map<string, typeof rows>();
  const used = new Set<number>();
  for (const r of rows) {
    const category = categoryOf(r.code);
    if (!category || used.has(r.id)) continue;
    used.add(r.id);
    byCategory.set(category, [...(byCategory.get(category) ?? []), r]);
  }
  const organisations = new Map<string, number>();
  const orgFor = async (q: Tx, name: string | null) => {
    const key = name || 'Demo nominee';
    if (!organisations.has(key)) organisations.set(key, await insertPlainOrganisation(q, key, userId));
    return organisations.get(key)!;
  };
  const year = today.getUTCFullYear();
  const contests: Parameters<typeof loadDemoVotes>[2][number][] = [];
  for (const [offset, voting] of [
    [-1, false],
    [0, true],
  ] as const) {
    // Last year's phases all passed; this year's voting opened five days ago.
    const shift = voting ? [-60, -30, -5, 20, 40] : [-330, -300, -270, -240, -200];
    await db.transaction().execute(async (trx) => {
      const contestId = await insertContest(trx, {
        year: year + offset,
        titles: JSON.stringify({
          en: `WSIS Prizes ${year + offset}`,
          fr: `Prix du SMSI ${year + offset}`,
          es: `Premios de la CMSI ${year + offset}`,
          ar: `جوائز القمة ${year + offset}`,
          zh: `${year + offset} 年信息社会世界峰会奖`,
          ru: `Премии ВВУИО ${year + offset}`,
        }),
        rules: JSON.stringify({
          en: 'One project per category; each organisation one project per category; projects completed or at a major phase. Vote once per category.',
          fr: 'Un projet par catégorie ; chaque organisation, un projet par catégorie ; projets achevés ou parvenus à une phase importante. Un vote par catégorie.',
          es: 'Un proyecto por categoría; cada organización, un proyecto por categoría; proyectos terminados o en una fase importante. Un voto por categoría.',
          ar: 'مشروع واحد لكل فئة؛ ولكل منظمة مشروع واحد في كل فئة؛ مشاريع مكتملة أو بلغت مرحلة رئيسية. صوت واحد لكل فئة.',
          zh: '每个项目只参加一个类别；每个组织在每个类别只提交一个项目；项目须已完成或已进入重要阶段。每个类别投一票。',
          ru: 'Один проект на категорию; каждая организация — один проект в категории; проекты завершены или достигли важного этапа. Один голос в каждой категории.',
        }),
        timeZone: 'Europe/Zurich',
        phases: JSON.stringify(Object.fromEntries(PHASES.map((p, i) => [p, new Date(today.getTime() + shift[i]! * DAY_MS).toISOString()]))),
        categories: JSON.stringify(DEFAULT_CATEGORIES),
        votesChangeable: true,
        allCategoriesRequired: false,
        questionnaire: JSON.stringify(DEFAULT_QUESTIONNAIRE),
        createdBy: null,
        isDemo: true,
      });
      if (contestId === null) return;
      const nominated = new Map<string, number[]>();
      contests.push({ contestId, votingOpens: new Date(today.getTime() + shift[2]! * DAY_MS), byCategory: nominated });
      const awarded: Array<{ nominationId: number; category: string; award: 'winner' | 'champion' }> = [];
      for (const [category, list] of byCategory) {
        // This year takes the first five of a category, last year the next five (a project is not nominated twice).
        const picks = list.slice(voting ? 0 : 5, voting ? 5 : 10);
        for (const [i, r] of picks.entries()) {
          const organisationId = await orgFor(trx, r.organisation ? `${r.organisation} (${category.toUpperCase()})` : null);
          const award = voting || picks.length < 5 ? null : i === 0 ? 'winner' : 'champion';
          const nominationId = await insertNomination(trx, {
            contestId,
            category,
            organisationId,
            entryId: r.id,
            projectKey: projectKey({ entryId: r.id, organisationId, title: r.title }),
            createdBy: userId,
            status: 'accepted',
            award,
            answers: JSON.stringify({
              title: r.title,
              language: r.originalLanguage,
              projectStatus: 'completed',
              description: r.description || r.summary,
              linkage: TEXTS.linkage(r.title),
              impact: TEXTS.impact,
              partners: TEXTS.partners,
              challenges: TEXTS.challenges,
            }),
          });
          if (award && nominationId !== null) awarded.push({ nominationId, category, award });
          if (nominationId !== null) nominated.set(category, [...(nominated.get(category) ?? []), nominationId]);
        }
      }
      // Last year's winners and champions, confirmed through the jury's tables (prizes-jury).
      await loadJuryDemo(trx, contestId, userId, awarded);
    });
  }
  if (contests.length) await db.transaction().execute((trx) => loadDemoVotes(trx, today, contests));
}
