import { Hono, type Context } from 'hono';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { LOCALES, type Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { utcToZoned } from '../../lib/time-zones';
import type { Actor } from '../../modules/accounts/accounts';
import { authorize, can } from '../../modules/accounts/policy';
import { entryPath } from '../../modules/entries/entries';
import { ANSWER_FIELDS, DEFAULT_CATEGORIES, DEFAULT_QUESTIONNAIRE, PHASES } from '../../modules/prizes/prizes';
import { contestSchema, nominationSchema, screeningSchema, voteSchema } from '../../modules/prizes/prizes.schemas';
import {
  createContest,
  entriesToNominate,
  getContest,
  getNomination,
  listContests,
  nominate,
  nominatedList,
  nominationsFor,
  reviseNomination,
  screen,
  startingEntry,
  updateContestChecked,
  type Contest,
} from '../../modules/prizes/prizes.service';
import { myVotes, results, vote } from '../../modules/prizes/votes.service';
import { isJurorOf } from '../../modules/prizes/jury.service';
import { excludedVoteCount } from '../../modules/prizes/fraud.service';
import {
  CategoryPage,
  ContestFormPage,
  ContestPage,
  NominateFormPage,
  NominationPage,
  PrizesPage,
  ResultsPage,
  ScreeningPage,
  type NominationView,
} from '../../ui/pages/prizes.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, many, one, opt, parseWith, readForm, type FormValues } from '../forms';
import { clientAddress } from '../middleware/session';
import { pathId } from '../params';
import { queryParam } from '../query-params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;
const Y = `${L}/prizes/:year{[0-9]{4}}`;

const yearOf = (c: Context<AppEnv>) => Number(c.req.param('year'));
/** Every prize page goes back through here: one redirect, after a successful post. */
const back = (c: Context<AppEnv>, path: string) => c.redirect(path, 303);

function categoryLabel(c: Context<AppEnv>, code: string, locale: Locale): string {
  return c.get('deps').taxonomy.label('action-line', code, locale) || code;
}

function contestView(c: Context<AppEnv>, contest: Contest) {
  const locale = c.get('locale');
  return {
    ...contest,
    title: inLocale(contest.titles, locale),
    rules: inLocale(contest.rules, locale),
    categories: contest.categories.map((code) => ({ code, label: categoryLabel(c, code, locale) })),
  };
}

function nominationView(c: Context<AppEnv>, n: Awaited<ReturnType<typeof getNomination>>): NominationView {
  const locale = c.get('locale');
  return {
    id: n.id,
    category: n.category,
    categoryLabel: categoryLabel(c, n.category, locale),
    organisationName: n.organisationName,
    status: n.status,
    title: n.answers.title ?? '',
    answers: n.answers,
    reason: n.reason,
    fieldComments: n.fieldComments,
    entryPath: n.entryId ? entryPath(locale, 'activity', n.entryId) : null,
  };
}

const flat = (f: FormValues) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));

/** The nomination form's fields, as the schema reads them. */
function nominationInput(f: FormValues, fixed?: { organisationId: number; entryId: number | null; category: string }) {
  return parseWith(nominationSchema, {
    organisationId: fixed?.organisationId ?? one(f, 'organisationId') ?? '',
    category: fixed?.category ?? one(f, 'category') ?? '',
    entryId: fixed ? fixed.entryId : (opt(f, 'entryId') ?? null),
    title: one(f, 'title') ?? '',
    language: one(f, 'language') ?? '',
    projectStatus: one(f, 'projectStatus') ?? '',
    ...Object.fromEntries(ANSWER_FIELDS.map((k) => [k, one(f, k) ?? ''])),
  });
}

/** The WSIS Prizes: contests, nominations, screening, the nominated lists, voting and results. */
export function prizeRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/prizes`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const contests = (await listContests(c.get('deps').db)).map((x) => ({ year: x.year, title: inLocale(x.titles, locale), phase: x.phase }));
    return localePage(c, i18n.t('prizes.title'), <PrizesPage i18n={i18n} contests={contests} canManage={can(c.get('actor'), 'prize.manage')} />);
  });

  const contestForm = (
    c: Context<AppEnv>,
    values: Record<string, string | string[] | undefined>,
    errors = {},
    status: 200 | 401 | 409 | 422 | 429 | 400 = 200,
    edit?: number,
  ) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const categories = c
      .get('deps')
      .taxonomy.terms('action-line')
      .map((t) => ({ code: t.code, label: categoryLabel(c, t.code, locale) }));
    return localePage(
      c,
      i18n.t(edit ? 'prizes.edit' : 'prizes.new'),
      <ContestFormPage i18n={i18n} csrf={c.get('csrfToken')} errors={errors} values={values} categories={categories} editYear={edit} />,
      status,
    );
  };
  r.get(`${L}/prizes/new`, (c) => {
    authorize(requireActor(c), 'prize.manage');
    const q = DEFAULT_QUESTIONNAIRE;
    return contestForm(c, {
      year: String(new Date().getUTCFullYear() + 1),
      categories: [...DEFAULT_CATEGORIES],
      votesChangeable: '1',
      languages: q.languages,
      descriptionMaxWords: String(q.descriptionMaxWords),
      ...Object.fromEntries(ANSWER_FIELDS.map((f) => [`minWords.${f}`, String(q.minWords[f])])),
    });
  });
  /** A contest's settings as the form sends them, checked against the schema (the year from `year`). */
  const contestInput = (f: FormValues, year: string) => {
    const labels = (prefix: string) => Object.fromEntries(LOCALES.map((l) => [l, opt(f, `${prefix}.${l}`)]).filter(([, v]) => v));
    return parseWith(contestSchema, {
      year,
      titles: labels('titles'),
      rules: labels('rules'),
      timeZone: one(f, 'timeZone') ?? '',
      phases: Object.fromEntries(PHASES.map((p) => [p, one(f, `phases.${p}`) ?? ''])),
      categories: many(f, 'categories'),
      votesChangeable: one(f, 'votesChangeable') === '1',
      allCategoriesRequired: one(f, 'allCategoriesRequired') === '1',
      questionnaire: {
        minWords: Object.fromEntries(ANSWER_FIELDS.map((k) => [k, Number(one(f, `minWords.${k}`) ?? 0)])),
        descriptionMaxWords: Number(one(f, 'descriptionMaxWords') ?? 0),
        languages: many(f, 'languages'),
      },
    });
  };
  const refusedContestForm = (c: Context<AppEnv>, f: FormValues, e: AppError, edit?: number) => {
    const rename = (field: string) => field.replace(/^questionnaire\.(minWords\.)?/, '$1');
    return contestForm(
      c,
      { ...flat(f), categories: many(f, 'categories'), languages: many(f, 'languages'), ...(edit ? { year: String(edit) } : {}) },
      fieldErrors(c.get('locale'), e.details, rename),
      formStatus(e),
      edit,
    );
  };
  r.post(`${L}/prizes`, async (c) => {
    requireActor(c);
    const f = await readForm(c);
    try {
      const input = contestInput(f, one(f, 'year') ?? '');
      await createContest(c.get('deps').db, c.get('actor'), input);
      return back(c, `/${c.get('locale')}/prizes/${input.year}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return refusedContestForm(c, f, e);
    }
  });

  // Correcting a contest: the same form, filled with its settings (phases as wall-clock times in its zone).
  r.get(`${Y}/edit`, async (c) => {
    authorize(requireActor(c), 'prize.manage');
    const contest = await getContest(c.get('deps').db, yearOf(c));
    const local = (d: Date) => {
      const z = utcToZoned(d, contest.timeZone);
      return `${z.date}T${z.time}`;
    };
    const q = contest.questionnaire;
    return contestForm(
      c,
      {
        year: String(contest.year),
        timeZone: contest.timeZone,
        ...Object.fromEntries(
          LOCALES.flatMap((l) => [
            [`titles.${l}`, contest.titles[l]],
            [`rules.${l}`, contest.rules[l]],
          ]),
        ),
        ...Object.fromEntries(PHASES.map((p) => [`phases.${p}`, local(contest.phases[p])])),
        categories: contest.categories,
        votesChangeable: contest.votesChangeable ? '1' : undefined,
        allCategoriesRequired: contest.allCategoriesRequired ? '1' : undefined,
        languages: q.languages,
        descriptionMaxWords: String(q.descriptionMaxWords),
        ...Object.fromEntries(ANSWER_FIELDS.map((f) => [`minWords.${f}`, String(q.minWords[f])])),
      },
      {},
      200,
      contest.year,
    );
  });
  r.post(`${Y}/edit`, async (c) => {
    authorize(requireActor(c), 'prize.manage');
    const f = await readForm(c);
    const year = yearOf(c);
    try {
      await updateContestChecked(c.get('deps').db, c.get('actor'), year, contestInput(f, String(year)));
      return back(c, `/${c.get('locale')}/prizes/${year}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return refusedContestForm(c, f, e, year);
    }
  });

  r.get(Y, async (c) => {
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const i18n = i18nFor(c.get('locale'));
    const contest = await getContest(db, yearOf(c));
    const orgs = actor?.memberships.map((m) => m.organisationId) ?? [];
    const own = orgs.length ? await nominationsFor(db, contest.id, { organisationIds: orgs }) : [];
    const view = contestView(c, contest);
    const awarded = contest.phase === 'announcement' ? ((await nominatedList(db, contest))?.filter((n) => n.award) ?? []) : [];
    return localePage(
      c,
      view.title,
      <ContestPage
        awards={awarded.map((n) => ({ ...nominationView(c, n), award: n.award! }))}
        i18n={i18n}
        contest={view}
        canManage={can(actor, 'prize.manage')}
        canNominate={orgs.some((organisationId) => can(actor, 'prize.nominate', { organisationId }))}
        isJuror={await isJurorOf(db, actor, contest.id)}
        own={own.map((n) => nominationView(c, n))}
      />,
    );
  });

  const nominateForm = async (
    c: Context<AppEnv>,
    actor: Actor,
    values: Record<string, string | undefined>,
    errors = {},
    status: 200 | 401 | 409 | 422 | 429 | 400 = 200,
  ) => {
    const { db } = c.get('deps');
    const i18n = i18nFor(c.get('locale'));
    const contest = contestView(c, await getContest(db, yearOf(c)));
    const organisations = actor.memberships
      .filter((m) => can(actor, 'prize.nominate', { organisationId: m.organisationId }))
      .map((m) => ({ id: m.organisationId, name: m.organisationName }));
    return localePage(
      c,
      i18n.t('prizes.nominate'),
      <NominateFormPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        year={contest.year}
        action={`/${c.get('locale')}/prizes/${contest.year}/nominations`}
        errors={errors}
        values={values}
        comments={{}}
        organisations={organisations}
        entries={await entriesToNominate(db, actor)}
        categories={contest.categories}
        rules={contest.questionnaire}
      />,
      status,
    );
  };
  r.get(`${Y}/nominate`, async (c) => {
    const actor = requireActor(c);
    if (!actor.memberships.some((m) => can(actor, 'prize.nominate', { organisationId: m.organisationId }))) throw new AppError('forbidden');
    const entryId = queryParam(c, 'entry');
    const start = entryId && /^\d+$/.test(entryId) ? await startingEntry(c.get('deps').db, actor, Number(entryId)) : null;
    return nominateForm(c, actor, start ?? { language: 'en' });
  });
  r.post(`${Y}/nominations`, async (c) => {
    requireActor(c);
    const f = await readForm(c);
    try {
      const id = await nominate(c.get('deps').db, c.get('actor'), yearOf(c), nominationInput(f));
      return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/nominations/${id}`);
    } catch (e) {
      const actor = c.get('actor');
      if (!isFormError(e) || !actor) throw e;
      return nominateForm(c, actor, flat(f), fieldErrors(c.get('locale'), e.details), formStatus(e));
    }
  });

  const nominationPage = async (
    c: Context<AppEnv>,
    errors = {},
    values?: Record<string, string | undefined>,
    status: 200 | 401 | 409 | 422 | 429 | 400 = 200,
  ) => {
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const i18n = i18nFor(c.get('locale'));
    const n = await getNomination(db, actor, pathId(c));
    const contest = await getContest(db, yearOf(c));
    if (n.contestId !== contest.id) throw new AppError('not_found');
    const view = nominationView(c, n);
    const revisable = n.status === 'changes_requested' && can(actor, 'prize.nominate', { organisationId: n.organisationId });
    if (!revisable) return localePage(c, view.title, <NominationPage i18n={i18n} year={contest.year} n={view} />);
    return localePage(
      c,
      view.title,
      <NominateFormPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        year={contest.year}
        action={`/${c.get('locale')}/prizes/${contest.year}/nominations/${n.id}`}
        errors={errors}
        values={values ?? { ...n.answers }}
        comments={n.fieldComments ?? {}}
        organisations={null}
        entries={[]}
        categories={[]}
        rules={contest.questionnaire}
      />,
      status,
    );
  };
  r.get(`${Y}/nominations/:id`, (c) => nominationPage(c));
  r.post(`${Y}/nominations/:id`, async (c) => {
    requireActor(c);
    const f = await readForm(c);
    const { db } = c.get('deps');
    const n = await getNomination(db, c.get('actor'), pathId(c));
    try {
      await reviseNomination(db, c.get('actor'), n.id, nominationInput(f, { organisationId: n.organisationId, entryId: n.entryId, category: n.category }));
      return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/nominations/${n.id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return nominationPage(c, fieldErrors(c.get('locale'), e.details), flat(f), formStatus(e));
    }
  });

  r.get(`${Y}/screening`, async (c) => {
    authorize(requireActor(c), 'prize.manage');
    const { db } = c.get('deps');
    const i18n = i18nFor(c.get('locale'));
    const contest = await getContest(db, yearOf(c));
    const all = (await nominationsFor(db, contest.id, {})).map((n) => nominationView(c, n));
    return localePage(
      c,
      i18n.t('prizes.screening'),
      <ScreeningPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        year={contest.year}
        queue={all.filter((n) => n.status === 'submitted')}
        screened={all.filter((n) => n.status !== 'submitted')}
      />,
    );
  });
  r.post(`${Y}/nominations/:id/screen`, async (c) => {
    authorize(requireActor(c), 'prize.manage');
    const f = await readForm(c);
    const decision = one(f, 'decision') ?? '';
    const comments = Object.fromEntries(['title', 'projectStatus', 'language', ...ANSWER_FIELDS].map((k) => [k, opt(f, `comments.${k}`)]).filter(([, v]) => v));
    const input = parseWith(
      screeningSchema,
      decision === 'reject' ? { decision, reason: one(f, 'reason') ?? '' } : decision === 'request_changes' ? { decision, comments } : { decision },
    );
    await screen(c.get('deps').db, c.get('actor'), pathId(c), input);
    return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/screening`);
  });

  r.get(`${Y}/categories/:category{c[0-9]+(?:-e-[a-z]+)?}`, async (c) => {
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const contest = await getContest(db, yearOf(c));
    const code = c.req.param('category');
    if (!contest.categories.includes(code)) throw new AppError('not_found');
    const list = await nominatedList(db, contest, code);
    if (list === null) throw new AppError('not_found');
    const i18n = i18nFor(c.get('locale'));
    const view = contestView(c, contest);
    const category = { code, label: categoryLabel(c, code, c.get('locale')) };
    const mine = await myVotes(db, actor, contest);
    return localePage(
      c,
      category.label,
      <CategoryPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        contest={view}
        category={category}
        nominations={list.map((n) => nominationView(c, n))}
        myVote={mine.get(code) ?? null}
        canVote={can(actor, 'prize.vote')}
        signedIn={actor !== null}
        viewedAt={Date.now()}
      />,
    );
  });
  r.post(`${Y}/vote`, async (c) => {
    authorize(requireActor(c), 'prize.vote');
    const f = await readForm(c);
    const input = parseWith(voteSchema, { nominationId: one(f, 'nominationId') ?? '', ...(opt(f, 'viewedAt') ? { viewedAt: opt(f, 'viewedAt') } : {}) });
    const { db } = c.get('deps');
    const category = await vote(db, c.get('actor'), yearOf(c), input, { address: clientAddress(c), sessionId: c.get('session')?.id ?? null });
    if (category === null) throw new AppError('conflict', [{ field: 'nominationId', code: 'prize_already_voted' }]);
    // Votes are counted out of sight until the close: visitors' kept pages stay valid.
    c.set('keepsPublicPages', true);
    return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/categories/${category}`);
  });

  r.get(`${Y}/results`, async (c) => {
    const { db } = c.get('deps');
    const contest = await getContest(db, yearOf(c));
    const top = await results(db, contest);
    const all = new Map((await nominationsFor(db, contest.id, { statuses: ['accepted'] })).map((n) => [n.id, n]));
    const i18n = i18nFor(c.get('locale'));
    const view = contestView(c, contest);
    return localePage(
      c,
      i18n.t('prizes.results'),
      <ResultsPage
        i18n={i18n}
        contest={view}
        excluded={await excludedVoteCount(db, contest)}
        results={view.categories.map((category) => ({
          category,
          ranked: (top.get(category.code) ?? []).map((r) => ({
            ...r,
            title: all.get(r.nominationId)?.answers.title ?? '',
            organisationName: all.get(r.nominationId)?.organisationName ?? '',
          })),
        }))}
      />,
    );
  });

  return r;
}
