import { Hono, type Context } from 'hono';
import { i18nFor, inLocale, type MessageKey } from '../../i18n/i18n';
import { translate } from '../../i18n/i18n';
import type { ErrorDetail } from '../../lib/errors';
import { AppError } from '../../lib/errors';
import { entryPath } from '../../modules/entries/entries';
import { awardChoiceSchema, CRITERIA, declarationSchema, scoreSheetSchema, type Award } from '../../modules/prizes/jury';
import {
  announcedAwards,
  assignJuror,
  confirmAwards,
  declare,
  juryBoard,
  removeJuror,
  scoreNomination,
  selectionBoard,
  type TopFivePlace,
} from '../../modules/prizes/jury.service';
import type { Contest } from '../../modules/prizes/prizes.service';
import { JuryPage, SelectionPage, WinnersPage, type PlaceView } from '../../ui/pages/prizes-jury.page';
import type { FieldErrors } from '../../ui/forms';
import type { AppEnv } from '../context';
import { detailMessage } from '../errors';
import { fieldErrors, formStatus, isFormError, one, parseWith, readForm, type FormValues } from '../forms';
import { pathId } from '../params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const Y = `/${LOCALE_PATTERN}/prizes/:year{[0-9]{4}}`;
const yearOf = (c: Context<AppEnv>) => Number(c.req.param('year'));
/** Every jury page goes back through here: one redirect, after a successful post. */
const back = (c: Context<AppEnv>, path: string) => c.redirect(path, 303);

const categoryLabel = (c: Context<AppEnv>, code: string) => c.get('deps').taxonomy.label('action-line', code, c.get('locale')) || code;
const head = (c: Context<AppEnv>, contest: Contest) => ({ year: contest.year, title: inLocale(contest.titles, c.get('locale')) });

/** A project's page: its register entry when it came from one, else its (accepted, public) nomination. */
const projectHref = (c: Context<AppEnv>, year: number, n: { id?: number; nominationId?: number; entryId: number | null }) =>
  n.entryId ? entryPath(c.get('locale'), 'activity', n.entryId) : `/${c.get('locale')}/prizes/${year}/nominations/${n.id ?? n.nominationId}`;

function placeView(c: Context<AppEnv>, year: number, p: TopFivePlace): PlaceView {
  return {
    nominationId: p.nominationId,
    rank: p.rank,
    votes: p.votes,
    tied: p.tied,
    title: p.nomination.answers.title ?? '',
    organisationName: p.nomination.organisationName,
    description: p.nomination.answers.description ?? '',
    href: projectHref(c, year, p.nomination),
  };
}

/** Error details as messages keyed `<prefix><field>`, each message labelled by `label` when it names one. */
function messages(c: Context<AppEnv>, details: ErrorDetail[], prefix: string, label: (field: string) => string | null): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const key = `${prefix}${d.field || 'form'}`;
    const name = label(d.field);
    out[key] ??= name ? `${name}: ${detailMessage(c.get('locale'), d)}` : detailMessage(c.get('locale'), d);
  }
  return out;
}

const criterionName = (c: Context<AppEnv>, field: string) =>
  (CRITERIA as readonly string[]).includes(field) ? translate(c.get('locale'), `prizes.jury.criterion.${field}` as MessageKey) : null;

/** The jury of the WSIS Prizes: curators assign jurors and confirm awards; jurors declare conflicts and score; the public reads the winners. */
export function prizeJuryRoutes() {
  const r = new Hono<AppEnv>();

  const juryPage = async (
    c: Context<AppEnv>,
    failed?: { nominationId: number; values: Record<string, string>; errors: FieldErrors },
    status: 200 | 409 | 422 | 400 | 401 | 429 = 200,
  ) => {
    const i18n = i18nFor(c.get('locale'));
    const board = await juryBoard(c.get('deps').db, c.get('actor'), yearOf(c));
    const year = board.contest.year;
    return localePage(
      c,
      i18n.t('prizes.jury.title'),
      <JuryPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        contest={head(c, board.contest)}
        open={board.contest.phase === 'selection'}
        categories={board.contest.categories.map((code) => ({
          code,
          label: categoryLabel(c, code),
          places: (board.top.get(code) ?? []).map((p) => placeView(c, year, p)),
        }))}
        declarations={board.declarations}
        scores={board.scores}
        {...(failed ? { failed } : {})}
      />,
      status,
    );
  };

  // policy.ts 'prize.judge': the contest's jurors only, once voting has closed.
  r.get(`${Y}/jury`, (c) => {
    requireActor(c);
    return juryPage(c);
  });
  r.post(`${Y}/jury/nominations/:id{[0-9]+}/declaration`, async (c) => {
    requireActor(c);
    const f = await readForm(c);
    const id = pathId(c);
    try {
      const input = parseWith(declarationSchema, { conflict: one(f, 'conflict') ?? '' });
      await declare(c.get('deps').db, c.get('actor'), yearOf(c), id, input.conflict === 'yes');
      return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/jury#n-${id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return juryPage(c, { nominationId: id, values: {}, errors: messages(c, e.details, `${id}.`, () => null) }, formStatus(e));
    }
  });
  r.post(`${Y}/jury/nominations/:id{[0-9]+}/scores`, async (c) => {
    requireActor(c);
    const f = await readForm(c);
    const id = pathId(c);
    const values = Object.fromEntries(CRITERIA.map((k) => [k, one(f, k) ?? '']));
    try {
      const sheet = parseWith(scoreSheetSchema, values);
      await scoreNomination(c.get('deps').db, c.get('actor'), yearOf(c), id, sheet);
      return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/jury#n-${id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const errors = messages(c, e.details, `${id}.`, (field) => criterionName(c, field));
      return juryPage(c, { nominationId: id, values, errors }, formStatus(e));
    }
  });

  const selectionPage = async (
    c: Context<AppEnv>,
    o: { jurorErrors?: FieldErrors; jurorEmail?: string; failed?: { category: string; values: Record<string, string>; errors: FieldErrors } } = {},
    status: 200 | 409 | 422 | 400 | 401 | 429 = 200,
  ) => {
    const i18n = i18nFor(c.get('locale'));
    const board = await selectionBoard(c.get('deps').db, c.get('actor'), yearOf(c));
    const year = board.contest.year;
    const phase = board.contest.phase === 'selection' || board.contest.phase === 'announcement' ? board.contest.phase : 'early';
    return localePage(
      c,
      i18n.t('prizes.selection.title'),
      <SelectionPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        contest={head(c, board.contest)}
        phase={phase}
        jurors={board.jurors}
        jurorErrors={o.jurorErrors ?? {}}
        jurorEmail={o.jurorEmail ?? ''}
        categories={(board.categories ?? []).map((cat) => ({
          code: cat.category,
          label: categoryLabel(c, cat.category),
          places: cat.places.map((p) => ({ ...placeView(c, year, p), jury: p.jury, conflicts: p.conflicts, award: p.award })),
        }))}
        {...(o.failed ? { failed: o.failed } : {})}
      />,
      status,
    );
  };

  // policy.ts 'prize.manage': curators assign jurors and confirm the awards.
  r.get(`${Y}/selection`, (c) => {
    requireActor(c);
    return selectionPage(c);
  });
  r.post(`${Y}/jurors`, async (c) => {
    requireActor(c);
    const f = await readForm(c);
    const email = (one(f, 'email') ?? '').trim();
    try {
      if (!email) throw new AppError('validation_failed', [{ field: 'email', code: 'required' }]);
      await assignJuror(c.get('deps').db, c.get('actor'), yearOf(c), email, c.get('deps').config);
      return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/selection`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return selectionPage(c, { jurorErrors: fieldErrors(c.get('locale'), e.details), jurorEmail: email }, formStatus(e));
    }
  });
  r.post(`${Y}/jurors/:userId{[0-9]+}/remove`, async (c) => {
    requireActor(c);
    await removeJuror(c.get('deps').db, c.get('actor'), yearOf(c), pathId(c, 'userId'));
    return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/selection`);
  });
  r.post(`${Y}/selection/:category{c[0-9]+(?:-e-[a-z]+)?}`, async (c) => {
    requireActor(c);
    const f: FormValues = await readForm(c);
    const category = c.req.param('category');
    const values = Object.fromEntries(
      Object.keys(f)
        .filter((k) => /^award\.[0-9]+$/.test(k))
        .map((k) => [k, one(f, k) ?? '']),
    );
    try {
      const picks: Array<{ nominationId: number; award: Award }> = [];
      const bad: ErrorDetail[] = [];
      for (const [k, v] of Object.entries(values)) {
        const choice = awardChoiceSchema.safeParse(v);
        if (!choice.success) bad.push({ field: k, code: 'invalid_value' });
        else if (choice.data !== 'none') picks.push({ nominationId: Number(k.slice('award.'.length)), award: choice.data });
      }
      if (bad.length) throw new AppError('validation_failed', bad);
      await confirmAwards(c.get('deps').db, c.get('actor'), yearOf(c), category, picks);
      return back(c, `/${c.get('locale')}/prizes/${yearOf(c)}/selection`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return selectionPage(c, { failed: { category, values, errors: messages(c, e.details, '', () => null) } }, formStatus(e));
    }
  });

  // Public once the announcement phase has started (before: 404, as if there were none).
  r.get(`${Y}/winners`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const { contest, awards } = await announcedAwards(c.get('deps').db, yearOf(c));
    return localePage(
      c,
      i18n.t('prizes.winners.of', { year: contest.year }),
      <WinnersPage
        i18n={i18n}
        contest={head(c, contest)}
        categories={contest.categories.map((code) => ({
          code,
          label: categoryLabel(c, code),
          awards: awards
            .filter((a) => a.category === code)
            .map((a) => ({ award: a.award, title: a.answers.title ?? '', organisationName: a.organisationName, href: projectHref(c, contest.year, a) })),
        }))}
      />,
    );
  });

  return r;
}
