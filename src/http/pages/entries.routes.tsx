import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { AppError } from '../../lib/errors';
import { authorize } from '../../modules/accounts/policy';
import { line } from '../../lib/text';
import { assertKnownFilterValues } from '../../modules/entries/entries.service';
import { exportCount } from '../../modules/exports/exports.service';
import { EVENT_MODES } from '../../modules/entries/entries';
import { eventCalendar, listEvents } from '../../modules/events/events.service';
import { calendarFileName } from '../../modules/events/ical';
import { imageFile } from '../../modules/images/images.service';
import { downloadFile, PUBLICATION_SORTS, publicationsPage, ratePublication } from '../../modules/publications/publications.service';
import { shareStory, shareStorySchema } from '../../modules/stories/stories.service';
import { EventsPage } from '../../ui/pages/events.page';
import { PublicationsPage } from '../../ui/pages/publications.page';
import type { AppEnv } from '../context';
import { one, parseWith, readForm } from '../forms';
import { clientAddress } from '../middleware/session';
import { pathId } from '../params';
import { pageQuery } from '../query-params';
import { LOCALE_PATTERN, renderPage } from './render';
import { feedHeadLinks, feedLinks } from '../feeds.routes';
import { attachmentHeaders, pulledStream } from '../file-answers';

const L = `/${LOCALE_PATTERN}`;
const code = line(40).min(1);
const codes = z.array(code).max(20).default([]);

const eventsQuery = z
  .object({
    when: z.enum(['upcoming', 'past', 'month']).default('upcoming'),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
    country: codes,
    actionLine: codes,
    mode: z.array(z.enum(EVENT_MODES)).max(3).default([]),
    page: z.coerce.number().int().min(1).max(1000).default(1),
  })
  .strict();

const publicationsQuery = z
  .object({ sort: z.enum(PUBLICATION_SORTS).default('date'), actionLine: codes, country: codes, page: z.coerce.number().int().min(1).max(1000).default(1) })
  .strict();

/** Kind-specific public pages and actions: the events calendar and its feeds, the publications repository and its files, ratings, shared stories. */
export function entryRoutes() {
  const r = new Hono<AppEnv>();

  // Blank choices of the filter form mean "any".
  const searchParams = (url: string) => {
    const params = new URL(url).searchParams;
    for (const [k, v] of [...params.entries()]) if (v === '') params.delete(k, v);
    return params;
  };

  r.get(`${L}/events`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const q = pageQuery(c, eventsQuery, ['country', 'actionLine', 'mode'], { params: searchParams(c.req.url) });
    assertKnownFilterValues({ country: q.country, actionLine: q.actionLine }, deps.taxonomy);
    const month = q.month ?? new Date().toISOString().slice(0, 7);
    const filters = { country: q.country, actionLine: q.actionLine, mode: q.mode };
    const { events, total } = await listEvents(deps, { when: q.when, month, filters, page: q.page }, { visitor: !c.get('actor') });
    const i18n = i18nFor(locale);
    const feeds = feedLinks(locale, 'event', filters);
    // The download menu exports the search of events with these filters: every date, not only this tab's.
    const exportTotal = await exportCount(deps, { q: '', sort: 'newest', kind: ['event'], ...filters }, locale);
    return renderPage(
      c,
      locale,
      i18n.t('kinds.event'),
      <EventsPage
        i18n={i18n}
        taxonomy={deps.taxonomy}
        when={q.when}
        month={month}
        filters={filters}
        events={events}
        total={total}
        feeds={feeds}
        exportTotal={exportTotal}
      />,
      200,
      { feeds: feedHeadLinks(i18n, deps.config.baseUrl, feeds) },
    );
  });

  r.get(`${L}/events/calendar.ics`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const q = pageQuery(c, eventsQuery.pick({ country: true, actionLine: true, mode: true }), ['country', 'actionLine', 'mode'], {
      params: searchParams(c.req.url),
    });
    assertKnownFilterValues({ country: q.country, actionLine: q.actionLine }, deps.taxonomy);
    const i18n = i18nFor(locale);
    const { body } = await eventCalendar(deps, { filters: q, locale, name: `${deps.config.siteName} · ${i18n.t('kinds.event')}` });
    return c.body(body, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="events.ics"',
      'cache-control': 'public, max-age=300',
    });
  });

  r.get(`${L}/events/:file{[0-9]+\\.ics}`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const id = Number(c.req.param('file').slice(0, -4));
    if (!Number.isSafeInteger(id) || id > 2147483647) throw new AppError('not_found');
    const { body, title } = await eventCalendar(deps, { id, locale, name: deps.config.siteName });
    return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="${calendarFileName(title)}"` });
  });

  r.get(`${L}/publications`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const q = pageQuery(c, publicationsQuery, ['country', 'actionLine'], { params: searchParams(c.req.url) });
    assertKnownFilterValues({ country: q.country, actionLine: q.actionLine }, deps.taxonomy);
    const { publications, stats, total } = await publicationsPage(deps.db, q);
    const i18n = i18nFor(locale);
    const feeds = feedLinks(locale, 'publication', { actionLine: q.actionLine, country: q.country });
    const exportTotal = await exportCount(deps, { q: '', sort: 'newest', kind: ['publication'], actionLine: q.actionLine, country: q.country }, locale);
    return renderPage(
      c,
      locale,
      i18n.t('kinds.publication'),
      <PublicationsPage
        i18n={i18n}
        taxonomy={deps.taxonomy}
        sort={q.sort}
        page={q.page}
        filters={{ actionLine: q.actionLine, country: q.country }}
        total={total}
        publications={publications}
        stats={stats}
        feeds={feeds}
        exportTotal={exportTotal}
      />,
      200,
      { feeds: feedHeadLinks(i18n, deps.config.baseUrl, feeds) },
    );
  });

  r.post(`${L}/publications/:id/rating`, async (c) => {
    const id = pathId(c);
    const f = await readForm(c);
    const { rating } = parseWith(z.object({ rating: z.coerce.number().int().min(1).max(5) }).strict(), { rating: one(f, 'rating') ?? '' });
    await ratePublication(c.get('deps').db, c.get('actor'), id, rating);
    return c.redirect(`/${c.get('locale')}/publications/${id}?done=rated#rate-title`, 303);
  });

  r.post(`${L}/stories/:id/share`, async (c) => {
    // Who may send is settled before the input is read, so a visitor learns nothing from validation.
    authorize(c.get('actor'), 'story.share');
    const id = pathId(c);
    const f = await readForm(c);
    const input = parseWith(shareStorySchema, { to: one(f, 'to') ?? '', message: one(f, 'message') ?? '' });
    await shareStory(c.get('deps'), c.get('actor'), id, input, c.get('locale'));
    return c.redirect(`/${c.get('locale')}/stories/${id}?done=shared`, 303);
  });

  const serveFile = async (c: Context<AppEnv>) => {
    const id = pathId(c);
    // A HEAD (link checkers, previews) is no download; a GET counts once per visitor and day.
    const visit = c.req.method === 'GET' ? { address: clientAddress(c), userAgent: c.req.header('user-agent') ?? '' } : null;
    const file = await downloadFile(c.get('deps').db, c.get('actor'), id, visit);
    // Chunk by chunk, one short read each, as the client takes them.
    const body = pulledStream(file.chunks());
    return c.body(body, 200, {
      ...attachmentHeaders(file),
      etag: `"${file.sha256}"`,
      'cache-control': 'private, max-age=0',
    });
  };
  // An image variant: shown inline, kept by every cache for a year once public (its bytes never change:
  // a new upload gets new ids); a draft's only to its editors and reviewers, and kept by none.
  r.get('/images/:id{[0-9]+}', async (c) => {
    const file = await imageFile(c.get('deps').db, c.get('actor'), pathId(c));
    const headers = {
      'content-type': file.mimeType,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      etag: `"${file.sha256}"`,
      'cache-control': file.public ? 'public, max-age=31536000, immutable' : 'private, no-store',
    };
    if (c.req.header('if-none-match') === headers.etag) return c.body(null, 304, headers);
    const body = pulledStream(file.chunks());
    return c.body(body, 200, { ...headers, 'content-length': String(file.size) });
  });
  r.get('/files/:id{[0-9]+}', serveFile);
  r.get('/files/:id{[0-9]+}/:name', serveFile);

  return r;
}
