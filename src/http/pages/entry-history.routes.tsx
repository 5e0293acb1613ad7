import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { AppError } from '../../lib/errors';
import { authorize, can } from '../../modules/accounts/policy';
import { entryPath, ENTRY_KINDS, KIND_PATHS, kindOfPath, type EntryKind } from '../../modules/entries/entries';
import { kindOfEntry } from '../../modules/entries/entries.service';
import { diffVersions } from '../../modules/submissions/revisions';
import { mergeSchema, reasonSchema, restoreSchema } from '../../modules/submissions/submissions.schemas';
import { loadEntry } from '../../modules/submissions/drafts.service';
import {
  archiveEntry,
  canReadHistory,
  confirmEntry,
  entryHistory,
  linkOrganisationActor,
  mergeEntries,
  restoreRevision,
  revisionData,
} from '../../modules/submissions/history.service';
import { DiffPage, HistoryPage } from '../../ui/pages/entry-history.page';
import { labelledFlat } from '../../modules/submissions/field-labels';
import type { AppEnv } from '../context';
import { one, opt, parseWith, readForm, type FormValues } from '../forms';
import { pageQuery } from '../query-params';
import { pathId, submissionDeps } from '../params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;
/** Every kind's path segment in one route pattern: `/en/events/7/history`, `/en/actors/3/merge`, … */
const E = `${L}/:kind{${ENTRY_KINDS.map((k) => KIND_PATHS[k]).join('|')}}/:id`;
const idParam = z.coerce.number().int().min(1).max(2147483647);
const diffQuery = z.object({ from: idParam, to: idParam });

/**
 * An entry's pages and actions live under its own kind's path. Asked under another kind's path (an
 * old `/activities/7/history` of an event, say), a GET moves for good to the same place under the
 * right one, query string kept, once the reader may see that history; a POST is not found, as for an
 * id that does not exist. Answers the entry's kind when the path is its own, else the redirect.
 */
async function ownKind(c: Context<AppEnv>, id: number): Promise<EntryKind | Response> {
  const kind = await kindOfEntry(c.get('deps'), id);
  if (!kind) throw new AppError('not_found');
  if (kind === kindOfPath(c.req.param('kind') ?? '')) return kind;
  const actor = c.get('actor');
  if (c.req.method !== 'GET' || !actor || !(await canReadHistory(c.get('deps'), actor, id))) throw new AppError('not_found');
  const rest = c.req.path.split('/').slice(4).join('/');
  return c.redirect(`${entryPath(c.get('locale'), kind, id)}${rest ? `/${rest}` : ''}${new URL(c.req.url).search}`, 301);
}

/** An entry's history and the actions on it: confirm, archive, restore, merge, and a curator's actor matching. */
export function entryHistoryRoutes() {
  const r = new Hono<AppEnv>();

  const entryAction = (path: string, run: (c: Context<AppEnv>, id: number, f: FormValues) => Promise<string | void>) =>
    r.post(`${E}/${path}`, async (c) => {
      requireActor(c);
      const id = pathId(c);
      const kind = await ownKind(c, id);
      if (kind instanceof Response) return kind;
      const f = await readForm(c);
      const to = await run(c, id, f);
      return c.redirect(to ?? `${entryPath(c.get('locale'), kind, id)}/history`, 303);
    });

  entryAction('confirm', async (c, id) => {
    await confirmEntry(submissionDeps(c), c.get('actor'), id);
    return `/${c.get('locale')}/contribute`;
  });
  entryAction('archive', async (c, id, f) => {
    const { reason } = parseWith(reasonSchema, { reason: one(f, 'reason') ?? '' });
    await archiveEntry(submissionDeps(c), c.get('actor'), id, reason);
  });
  entryAction('restore', async (c, id, f) => {
    const input = parseWith(restoreSchema, { revision: one(f, 'revision') ?? '', reason: one(f, 'reason') ?? '' });
    const { submissionId } = await restoreRevision(submissionDeps(c), c.get('actor'), id, input.revision, input.reason);
    return submissionId ? `/${c.get('locale')}/contribute/submissions/${submissionId}` : undefined;
  });
  entryAction('merge', async (c, id, f) => {
    const input = parseWith(mergeSchema, { mergeId: one(f, 'mergeId') ?? '', reason: one(f, 'reason') ?? '' });
    await mergeEntries(submissionDeps(c), c.get('actor'), id, input.mergeId, input.reason);
  });

  r.post(`${E}/organisations/:index/actor`, async (c) => {
    // Only curators match, and they are known before the entry is looked up.
    authorize(c.get('actor'), 'entry.link_actor');
    const id = pathId(c);
    const kind = await ownKind(c, id);
    if (kind instanceof Response) return kind;
    const f = await readForm(c);
    const { index, actorId } = parseWith(z.object({ index: z.coerce.number().int().min(0).max(60), actorId: idParam.nullable() }).strict(), {
      index: c.req.param('index'),
      actorId: opt(f, 'actorId') ?? null,
    });
    await linkOrganisationActor(submissionDeps(c), c.get('actor'), id, index, actorId);
    return c.redirect(`${entryPath(c.get('locale'), kind, id)}?done=matched`, 303);
  });

  r.get(`${E}/history`, async (c) => {
    requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const id = pathId(c);
    const kind = await ownKind(c, id);
    if (kind instanceof Response) return kind;
    const deps = submissionDeps(c);
    const actor = c.get('actor');
    const history = await entryHistory(deps, actor, id);
    const entry = await loadEntry(deps, id);
    const title = entry ? ((entry.translations[locale] ?? entry.translations[entry.originalLanguage])?.title ?? `#${id}`) : `#${id}`;
    return localePage(
      c,
      i18n.t('history.title'),
      <HistoryPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        entryId={id}
        kind={kind}
        title={title}
        state={history.activity.state}
        revisions={history.revisions}
        pending={history.pending}
        canRestore={can(actor, 'entry.restore', { organisationId: history.activity.ownerOrganisationId })}
        isCurator={can(actor, 'entry.merge')}
      />,
    );
  });

  r.get(`${E}/diff`, async (c) => {
    requireActor(c);
    const i18n = i18nFor(c.get('locale'));
    const id = pathId(c);
    const q = pageQuery(c, diffQuery);
    const kind = await ownKind(c, id);
    if (kind instanceof Response) return kind;
    const deps = submissionDeps(c);
    const [a, b] = await Promise.all([revisionData(deps, c.get('actor'), id, q.from), revisionData(deps, c.get('actor'), id, q.to)]);
    return localePage(
      c,
      i18n.t('history.diffTitle', { from: q.from, to: q.to }),
      <DiffPage i18n={i18n} entryId={id} kind={kind} from={q.from} to={q.to} diff={diffVersions(a, b, (data) => labelledFlat(data, deps.taxonomy, i18n))} />,
    );
  });

  return r;
}
