import { Hono } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { isLocale, LOCALES } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { FILTERS, pickTranslation } from '../../modules/activities/activities';
import { activitySearchSchema } from '../../modules/activities/activities.schemas';
import { getPublishedActivity, registerOverview, searchActivities } from '../../modules/activities/activities.service';
import { ActivityPage } from '../../ui/pages/activity.page';
import { HomePage } from '../../ui/pages/home.page';
import { SearchPage } from '../../ui/pages/search.page';
import type { AppEnv } from '../context';
import { pathId } from '../params';
import { parseSearchParams } from '../query-params';
import { canReadHistory } from '../../modules/submissions/submissions.service';
import { LOCALE_PATTERN, renderPage } from './render';

export { renderPage } from './render';
import { accountRoutes } from './account.routes';
import { adminRoutes } from './admin.routes';
import { contributeRoutes } from './contribute.routes';
import { reviewRoutes } from './review.routes';

const activityPageQuery = z.object({ version: z.enum(LOCALES).optional() }).strict();

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
  pages.route('/', contributeRoutes());
  pages.route('/', reviewRoutes());
  pages.route('/', adminRoutes());

  pages.get(`/${LOCALE_PATTERN}`, (c) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) throw new AppError('not_found');
    return c.redirect(`/${locale}/`, 301);
  });

  pages.get(`/${LOCALE_PATTERN}/`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    parseSearchParams(new URL(c.req.url).searchParams, z.object({}).strict(), []);
    const overview = await registerOverview(deps);
    const i18n = i18nFor(locale);
    return renderPage(c, locale, i18n.t('nav.home'), <HomePage i18n={i18n} taxonomy={deps.taxonomy} {...overview} />);
  });

  pages.get(`/${LOCALE_PATTERN}/activities`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const input = parseSearchParams(new URL(c.req.url).searchParams, activitySearchSchema, FILTERS);
    const result = await searchActivities(deps, input, locale);
    const i18n = i18nFor(locale);
    const title = input.q ? i18n.t('search.titleWithQuery', { query: input.q }) : i18n.t('search.title');
    return renderPage(
      c,
      locale,
      title,
      <SearchPage i18n={i18n} taxonomy={deps.taxonomy} input={input} total={result.total} activities={result.activities} facets={result.facets} highlightTerms={result.highlightTerms} />,
    );
  });

  pages.get(`/${LOCALE_PATTERN}/activities/:id`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const id = pathId(c);
    const { version } = parseSearchParams(new URL(c.req.url).searchParams, activityPageQuery, []);
    const activity = await getPublishedActivity(deps, id);
    const actor = c.get('actor');
    const canSeeHistory = actor ? await canReadHistory(deps, actor, activity.id) : false;
    const chosen = version && activity.translations[version] ? { language: version, text: activity.translations[version] } : pickTranslation(activity, locale);
    const i18n = i18nFor(locale);
    return renderPage(c, locale, chosen.text.title, <ActivityPage i18n={i18n} taxonomy={deps.taxonomy} activity={activity} language={chosen.language} text={chosen.text} canSeeHistory={canSeeHistory} />);
  });

  return pages;
}
