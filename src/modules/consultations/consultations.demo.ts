import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { Labels } from '../../db/schema';
import { utcToZoned } from '../../lib/time-zones';
import { insertUser, updateUser } from '../accounts/accounts.repository';
import { hashPassword } from '../accounts/password';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { boundsOf, PHASES, type PhaseDates } from './consultations';
import { insertConsultation, insertDecidedStatement, insertDemoOrganisation, insertQuestions, listQuestions, setSummary } from './consultations.repository';

const DAY = 86_400_000;
const ZONE = 'Europe/Zurich';

/** Phases as day offsets from `today` (start, end), at 09:00 and 23:59 in Geneva. */
function phases(today: Date, days: Record<(typeof PHASES)[number], [number, number]>): PhaseDates[] {
  const at = (offset: number, time: string) => `${utcToZoned(new Date(today.getTime() + offset * DAY), ZONE).date}T${time}`;
  return PHASES.map((phase) => ({ phase, starts: at(days[phase][0], '09:00'), ends: at(days[phase][1], '23:59') }));
}

const ORGANISATIONS = [
  { name: 'Andean Digital Inclusion Network', stakeholderType: 'civil-society', country: 'PE' },
  { name: 'Senegal Ministry of Digital Economy (demo)', stakeholderType: 'government', country: 'SN' },
  { name: 'Pacific Islands Research Consortium', stakeholderType: 'academia', country: 'FJ' },
  { name: 'Baltic Network Operators Association', stakeholderType: 'private-sector', country: 'EE' },
];

const OPEN = {
  titles: {
    en: 'Review of the WSIS action lines beyond 2025',
    fr: 'Examen des grandes orientations du SMSI après 2025',
    es: 'Revisión de las líneas de acción de la CMSI después de 2025',
    ar: 'مراجعة خطوط عمل القمة العالمية لمجتمع المعلومات بعد عام 2025',
  } as Labels,
  contexts: {
    en: 'The secretariat invites every stakeholder to say which action lines still guide their work, which gaps remain, and how the **WSIS and the SDGs** should meet in the next decade.\n\nStatements may answer one question or the consultation as a whole.',
    fr: 'Le secrétariat invite chaque partie prenante à indiquer quelles grandes orientations guident encore son travail, quelles lacunes subsistent et comment le **SMSI et les ODD** devraient se rejoindre au cours de la prochaine décennie.',
  } as Labels,
  questions: [
    {
      en: 'Which action lines matter most to your work today?',
      fr: 'Quelles grandes orientations comptent le plus pour votre travail aujourd’hui ?',
      es: '¿Qué líneas de acción son hoy las más importantes para su trabajo?',
    },
    { en: 'What gaps should the next review close first?', fr: 'Quelles lacunes le prochain examen devrait-il combler en premier ?' },
    { en: 'How should progress be measured?', ar: 'كيف ينبغي قياس التقدم المحرز؟' },
  ] as Labels[],
};

const CLOSED = {
  titles: {
    en: 'Open consultation on the Forum programme',
    fr: 'Consultation ouverte sur le programme du Forum',
    es: 'Consulta abierta sobre el programa del Foro',
    ru: 'Открытая консультация по программе Форума',
    zh: '关于论坛议程的公开磋商',
    ar: 'مشاورة مفتوحة بشأن برنامج المنتدى',
  } as Labels,
  contexts: {
    en: 'Stakeholders proposed themes and formats for this year’s Forum. The drafting group used the statements below; the outcome document follows the summaries.',
  } as Labels,
  questions: [
    { en: 'Which themes should the Forum address?', fr: 'Quels thèmes le Forum devrait-il aborder ?' },
    { en: 'Which session formats work best for you?' },
  ] as Labels[],
  summaries: [
    {
      en: 'Most statements ask for **affordable connectivity** and **digital skills** to lead the programme; several academic contributors ask for a track on data governance.',
      fr: 'La plupart des déclarations demandent que la **connectivité abordable** et les **compétences numériques** ouvrent le programme.',
    },
    { en: 'Contributors prefer short interactive sessions with remote participation over long panels.' },
  ] as Labels[],
};

/** Statements as (organisation index, question index or null, text, visibility). */
const OPEN_STATEMENTS: Array<[number, number | null, string, 'public' | 'private']> = [
  [
    0,
    0,
    'C3 (access to information) and C4 (capacity building) shape every project we run in rural Andean communities. Community networks need both.',
    'public',
  ],
  [
    1,
    1,
    'The first gap is affordable broadband outside capital cities; the second is a shared way to count people who are online but cannot use public services.',
    'public',
  ],
  [2, 2, 'Measure outcomes, not connections: we propose indicators on meaningful use collected with national statistics offices.', 'public'],
  [3, null, 'Operators support the review and offer network data for the measurement work, under agreed privacy rules.', 'private'],
];
const CLOSED_STATEMENTS: Array<[number, number | null, string, 'public' | 'private']> = [
  [0, 0, 'Affordable connectivity for indigenous communities, with local content in their languages.', 'public'],
  [2, 0, 'Data governance and research partnerships deserve a track of their own.', 'public'],
  [1, 1, 'Short interactive sessions and remote participation: many ministries cannot travel.', 'public'],
  [3, 1, 'Workshops with operators and regulators together.', 'public'],
  [2, null, 'We would host a side event on island connectivity.', 'private'],
];

/**
 * The consultations demo: one open consultation in its online-discussion phase with approved statements
 * from demo organisations, and one closed consultation with its synthesis and the curators' summaries.
 */
export async function loadConsultationsDemo(deps: { db: Db; taxonomy: Taxonomy }, today: Date): Promise<void> {
  const { db, taxonomy } = deps;
  const { id: userId } = await insertUser(db, {
    email: 'stakeholders@demo.stocktake.invalid',
    passwordHash: await hashPassword(randomBytes(12).toString('base64url'), 14),
    displayName: 'Demo stakeholders',
    locale: 'en',
    role: 'contributor',
    status: 'active',
  });
  await updateUser(db, userId, { emailVerifiedAt: today, approvedAt: today });
  const orgs: Array<(typeof ORGANISATIONS)[number] & { id: number }> = [];
  for (const o of ORGANISATIONS) orgs.push({ ...o, id: await insertDemoOrganisation(db, userId, o) });

  const seed = async (
    c: typeof OPEN & { summaries?: Labels[] },
    dates: PhaseDates[],
    statements: Array<[number, number | null, string, 'public' | 'private']>,
    sentDaysAgo: number,
  ) => {
    const bounds = boundsOf(dates, ZONE);
    await db.transaction().execute(async (trx) => {
      const id = await insertConsultation(trx, {
        titles: JSON.stringify(c.titles),
        contexts: JSON.stringify(c.contexts),
        timeZone: ZONE,
        phases: JSON.stringify(dates),
        ...bounds,
        createdBy: null,
      });
      await insertQuestions(
        trx,
        id,
        c.questions.map((q) => JSON.stringify(q)),
      );
      const questions = await listQuestions(trx, id);
      for (const [i, [org, question, body, visibility]] of statements.entries()) {
        const o = orgs[org]!;
        const at = new Date(today.getTime() - (sentDaysAgo - i) * DAY);
        await insertDecidedStatement(trx, {
          consultationId: id,
          questionId: question === null ? null : questions[question]!.id,
          organisationId: o.id,
          authorId: userId,
          stakeholderType: o.stakeholderType,
          region: taxonomy.regionsOfCountry(o.country).find((r) => r.startsWith('itu-')) ?? null,
          language: 'en',
          body,
          visibility,
          status: 'approved',
          createdAt: at,
          decidedAt: new Date(at.getTime() + DAY / 2),
        });
      }
      for (const [i, summary] of (c.summaries ?? []).entries()) await setSummary(trx, questions[i]!.id, id, summary);
    });
  };
  await seed(
    OPEN,
    phases(today, { launch: [-20, -19], discussion: [-19, 10], deadline: [-18, 10], drafting: [11, 30], meetings: [31, 35], outcome: [40, 41] }),
    OPEN_STATEMENTS,
    12,
  );
  await seed(
    CLOSED,
    phases(today, {
      launch: [-200, -199],
      discussion: [-199, -150],
      deadline: [-198, -140],
      drafting: [-139, -100],
      meetings: [-99, -90],
      outcome: [-80, -79],
    }),
    CLOSED_STATEMENTS,
    180,
  );
}
