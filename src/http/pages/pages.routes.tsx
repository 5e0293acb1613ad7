import { Hono } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { isLocale, LOCALES } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { excerpt } from '../../lib/excerpt';
import { FILTERS, pickTranslation } from '../../modules/entries/entry';
import { entrySearchSchema } from '../../modules/entries/entry.schemas';
import { getPublishedEntry, registerOverview, searchEntries } from '../../modules/entries/entries.service';
import { ENTRY_NOTICES, EntryPage } from '../../ui/pages/entry.page';
import { ENTRY_KINDS, entryPath, KIND_PATHS, type EntryKind } from '../../modules/entries/entries';
import { entryRelations } from '../../modules/entries/related.service';
import { breadcrumbJsonLd, entryJsonLd, jsonLdDocument } from '../../modules/entries/entries.json-ld';
import { HomePage } from '../../ui/pages/home.page';
import { SearchPage } from '../../ui/pages/search.page';
import type { AppEnv } from '../context';
import { pathId } from '../params';
import { pageQuery } from '../query-params';
import { canReadHistory } from '../../modules/submissions/history.service';
import { LOCALE_PATTERN, renderPage } from './render';
import { calendarLink, feedHeadLinks, feedLinks, feedRoutes, listTitle } from '../feeds.routes';

export { renderPage } from './render';
import { accountRoutes } from './account.routes';
import { twoFactorRoutes } from './two-factor.routes';
import { adminRoutes } from './admin.routes';
import { entryRoutes } from './entries.routes';
import { countryRoutes } from './countries.routes';
import { organisationRoutes } from './organisations.routes';
import { questionnaireRoutes } from './questionnaire.routes';
import { entryHistoryRoutes } from './entry-history.routes';
import { callRoutes } from './calls.routes';
import { reviewRoutes } from './review.routes';
import { embedGeneratorRoutes } from './embed-generator.routes';
import { tokenRoutes } from './tokens.routes';
import { dataRoutes } from './data.routes';
import { crosswalkRoutes } from './crosswalk.routes';
import { dashboardRoutes } from './dashboard.routes';
import { mapRoutes } from './map.routes';
import { reportRoutes } from './reports.routes';
import { consultationRoutes } from './consultations.routes';
import { prizeRoutes } from './prizes.routes';
import { prizeJuryRoutes } from './prizes-jury.routes';
import { prizeVoteRoutes } from './prizes-votes.routes';

// `done` names the notice shown after an action that comes back here (rated, shared, matched).
const activityPageQuery = z.object({ version: z.enum(LOCALES).optional(), done: z.enum(ENTRY_NOTICES).optional() });

/** Public, server-rendered pages under /{locale}/. */
export function pageRoutes() {
  const pages = new Hono<AppEnv>();

  pages.use(`/${LOCALE_PATTERN}/*`, async (c, next) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) throw new AppError('not_found');
    c.set('locale', locale);
    await next();
  });

  pages.route('/', accountRoutes());
  pages.route('/', twoFactorRoutes());
  pages.route('/', organisationRoutes());
  pages.route('/', tokenRoutes());
  pages.route('/', questionnaireRoutes());
  pages.route('/', entryHistoryRoutes());
  pages.route('/', reviewRoutes());
  pages.route('/', callRoutes());
  pages.route('/', adminRoutes());
  pages.route('/', entryRoutes());
  pages.route('/', countryRoutes());
  pages.route('/', feedRoutes());
  pages.route('/', embedGeneratorRoutes());
  pages.route('/', dataRoutes());
  pages.route('/', crosswalkRoutes());
  pages.route('/', dashboardRoutes());
  pages.route('/', mapRoutes());
  pages.route('/', reportRoutes());
  pages.route('/', consultationRoutes());
  pages.route('/', prizeRoutes());
  pages.route('/', prizeJuryRoutes());
  pages.route('/', prizeVoteRoutes());

  pages.get(`/${LOCALE_PATTERN}`, (c) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) throw new AppError('not_found');
    return c.redirect(`/${locale}/`, 301);
  });

  pages.get(`/${LOCALE_PATTERN}/`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const overview = await registerOverview(deps);
    const i18n = i18nFor(locale);
    return renderPage(c, locale, i18n.t('nav.home'), <HomePage i18n={i18n} taxonomy={deps.taxonomy} {...overview} />);
  });

  const listPage = (path: string, kind: EntryKind | undefined) =>
    pages.get(`/${LOCALE_PATTERN}/${path}`, async (c) => {
      const locale = c.get('locale');
      const deps = c.get('deps');
      const parsed = pageQuery(c, entrySearchSchema, FILTERS);
      // A kind's own list is the search fixed to that kind.
      const input = kind ? { ...parsed, kind: [kind] } : parsed;
      const result = await searchEntries(deps, input, locale, { visitor: !c.get('actor') });
      const i18n = i18nFor(locale);
      const title = listTitle(i18n, kind, input.q);
      // Its feeds: the same text and filters (a kind list's kind is in the path); an events search also has the calendar.
      const feeds = feedLinks(locale, kind, parsed);
      const onlyEvents = !kind && input.kind.length === 1 && input.kind[0] === 'event';
      const calendar = onlyEvents ? calendarLink(locale, input) : undefined;
      return renderPage(
        c,
        locale,
        title,
        <SearchPage
          i18n={i18n}
          taxonomy={deps.taxonomy}
          path={path}
          kind={kind}
          input={input}
          total={result.total}
          activities={result.activities}
          facets={result.facets}
          highlightTerms={result.highlightTerms}
          feeds={{ ...feeds, calendar }}
        />,
        200,
        { feeds: feedHeadLinks(i18n, deps.config.baseUrl, feeds) },
      );
    });
  listPage('search', undefined);
  listPage(KIND_PATHS.activity, 'activity');
  listPage(KIND_PATHS.actor, 'actor');
  listPage(KIND_PATHS.story, 'story');

  for (const kind of ENTRY_KINDS) {
    pages.get(`/${LOCALE_PATTERN}/${KIND_PATHS[kind]}/:id`, async (c) => {
      const locale = c.get('locale');
      const deps = c.get('deps');
      const id = pathId(c);
      const { version, done } = pageQuery(c, activityPageQuery, [], { transient: ['done'] });
      const actor = c.get('actor');
      const activity = await getPublishedEntry(deps, id, { visitor: !actor });
      // One id space for all kinds: an entry asked for under another kind's path moves to its own.
      if (activity.kind !== kind) return c.redirect(`${entryPath(locale, activity.kind, id)}${version ? `?version=${version}` : ''}`, 301);
      const canSeeHistory = actor ? await canReadHistory(deps, actor, activity.id) : false;
      const chosen =
        version && activity.translations[version] ? { language: version, text: activity.translations[version] } : pickTranslation(activity, locale);
      const related = await entryRelations(deps, activity, actor);
      const i18n = i18nFor(locale);
      const base = deps.config.baseUrl;
      const url = `${base}${entryPath(locale, kind, id)}`;
      const jsonLd = jsonLdDocument([
        entryJsonLd(activity, { baseUrl: base, url, locale, language: chosen.language, text: chosen.text, taxonomy: deps.taxonomy }),
        breadcrumbJsonLd([
          { name: i18n.t('nav.home'), url: `${base}/${locale}/` },
          { name: i18n.t(`kinds.${kind}`), url: `${base}/${locale}/${KIND_PATHS[kind]}` },
          { name: chosen.text.title, url },
        ]),
      ]);
      return renderPage(
        c,
        locale,
        chosen.text.title,
        <EntryPage
          i18n={i18n}
          taxonomy={deps.taxonomy}
          activity={activity}
          language={chosen.language}
          text={chosen.text}
          canSeeHistory={canSeeHistory}
          related={related}
          csrf={c.get('csrfToken')}
          notice={done}
        />,
        200,
        { description: excerpt(chosen.text.summary), social: { type: 'article' }, jsonLd },
      );
    });
  }

  return pages;
}
