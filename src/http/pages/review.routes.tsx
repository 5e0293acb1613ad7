import { Hono, type Context } from 'hono';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { authorize } from '../../modules/accounts/policy';
import { listCalls } from '../../modules/calls/calls.service';
import { decisionSchema, queueQuerySchema } from '../../modules/submissions/submissions.schemas';
import { getSubmission, loadEntry } from '../../modules/submissions/drafts.service';
import { findDuplicates } from '../../modules/submissions/duplicates.service';
import { changesSinceReview, decide, reviewQueue } from '../../modules/submissions/review.service';
import { labelledFlat } from '../../modules/submissions/field-labels';
import { entryPath } from '../../modules/entries/entries';
import { kindOfEntry } from '../../modules/entries/entries.service';
import { QueuePage, ReviewPage } from '../../ui/pages/review.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, parseWith, readForm } from '../forms';
import { pageQuery } from '../query-params';
import { pathId, submissionDeps } from '../params';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;

/** The curators' queue and their decisions on submissions. */
export function reviewRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/review`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const params = new URLSearchParams([...new URL(c.req.url).searchParams].filter(([, v]) => v !== ''));
    const query = pageQuery(c, queueQuerySchema, [], { params });
    const deps = submissionDeps(c);
    const rows = await reviewQueue(deps, c.get('actor'), query);
    const calls = (await listCalls(deps.db)).map((call) => ({ id: call.id, title: inLocale(call.titles, locale) }));
    return localePage(c, i18n.t('review.queue'), <QueuePage i18n={i18n} query={query} rows={rows} calls={calls} />);
  });

  const reviewView = async (c: Context<AppEnv>, id: number) => {
    const deps = submissionDeps(c);
    authorize(c.get('actor'), 'review.decide');
    const view = await getSubmission(deps, c.get('actor'), id);
    const current = view.entryId ? await loadEntry(deps, view.entryId) : null;
    const duplicates = await findDuplicates(deps, view.data, view.entryId);
    const i18n = i18nFor(c.get('locale'));
    const sinceReview = await changesSinceReview(deps, c.get('actor'), id, view.data, (data) => labelledFlat(data, deps.taxonomy, i18n));
    return { view, current: current ?? null, duplicates, taxonomy: deps.taxonomy, sinceReview };
  };

  r.get(`${L}/review/:id`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const v = await reviewView(c, pathId(c));
    return localePage(c, i18n.t('review.title'), <ReviewPage i18n={i18n} csrf={c.get('csrfToken')} {...v} errors={{}} />);
  });

  r.post(`${L}/review/:id`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const f = await readForm(c);
    const fieldComments = Object.fromEntries(
      Object.entries(f)
        .filter(([k]) => k.startsWith('comment.'))
        .map(([k, v]) => [k.slice(8), (Array.isArray(v) ? v[0] : v) ?? '']),
    );
    const decision = one(f, 'decision');
    try {
      const input = parseWith(
        decisionSchema,
        decision === 'request_changes' ? { decision, message: one(f, 'message') ?? '', fieldComments } : { decision, message: one(f, 'message') ?? '' },
      );
      const { entryId } = await decide(submissionDeps(c), c.get('actor'), id, input);
      const kind = decision === 'approve' && entryId ? await kindOfEntry(c.get('deps'), entryId) : undefined;
      return c.redirect(kind && entryId ? entryPath(locale, kind, entryId) : `/${locale}/review`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const i18n = i18nFor(locale);
      const v = await reviewView(c, id);
      const errors = fieldErrors(
        locale,
        e.details.map((d) => (d.field.startsWith('fieldComments') ? { ...d, field: 'fieldComments' } : d)),
      );
      return localePage(c, i18n.t('review.title'), <ReviewPage i18n={i18n} csrf={c.get('csrfToken')} {...v} errors={errors} />, formStatus(e));
    }
  });

  return r;
}
