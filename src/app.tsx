import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { i18nFor } from './i18n/i18n';
import { isLocale, negotiateLocale, type Locale } from './i18n/locales';
import { AppError } from './lib/errors';
import { apiRoutes } from './http/api/api.routes';
import type { AppDeps, AppEnv } from './http/context';
import { detailMessage, errorBody, fieldLabel, STATUS, wantsJson, wantsPlainText } from './http/errors';
import { formValuesLimit } from './http/forms';
import { bearerMiddleware } from './http/middleware/bearer';
import { compression } from './http/middleware/compression';
import { frontDoor, publicResponses, ResponseCache } from './http/middleware/public-cache';
import { requestIdOf, requestIds } from './http/middleware/request-id';
import { jsonAnswer } from './http/body';
import { csrfMiddleware, privateNoStoreMiddleware, sessionMiddleware, UnknownTokens } from './http/middleware/session';
import { urlHygiene } from './http/middleware/url-hygiene';
import { pageRoutes, renderPage } from './http/pages/pages.routes';
import { identityRoutes } from './http/identity.routes';
import { embedRoutes } from './http/embed.routes';
import { corsHeaders, embedSecureHeaders, isEmbedPath, isPublicApiPath, publicApiCors } from './http/middleware/embedding';
import { embedThemeCss, themeFromParams } from './modules/embed/embed';
import { oaiRoutes } from './http/oai.routes';
import { robotsTxt } from './http/robots';
import { sitemapRoutes } from './http/sitemaps';
import { staticRoutes } from './http/static';
import { SiteSettingsCache } from './modules/settings/settings.cache';
import { styleHashSource, themeCss } from './ui/theme';
import { streamsItsBody } from './http/uploads';
import { ErrorPage } from './ui/pages/error.page';
import { REPORT_CSS } from './ui/report/report.css';

const MAX_BODY_BYTES = 1024 * 1024;
/** Files every page links to that depend on no session: the favicon and the operator's logo. */
const IDENTITY_FILES = new Set(['/favicon.svg', '/favicon.ico', '/site-logo']);

function localeOf(path: string, acceptLanguage: string | undefined): Locale {
  const first = path.split('/')[1];
  return isLocale(first) ? first : negotiateLocale(acceptLanguage);
}

/** Builds the whole application from its dependencies; no I/O at import time (tests call this). */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use('*', requestIds());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('locale', localeOf(c.req.path, c.req.header('accept-language')));
    await next();
  });

  // CORS for the public read API (EMBED_ORIGINS), around the response cache so a kept answer gets the header of whoever asks now.
  app.use('*', publicApiCors());

  // Visitors' public answers: cache headers, ETag/304, and (given the register's version) kept whole
  // in memory. Before everything below, so a kept answer is sent without running any of it.
  // The site settings (name, theme, logo) are kept in process; a change moves the cache's generation too.
  const siteSettings = new SiteSettingsCache(deps.db, { onError: (e) => deps.log.warn('site settings could not be read', { error: String(e) }) });
  let localChanges = 0;
  const registerVersion = deps.registerVersion;
  // STOCKTAKE_RESPONSE_CACHE=off (benchmarks) keeps the headers and 304s but renders every request.
  const cache =
    registerVersion && deps.config.responseCache !== false ? new ResponseCache(() => localChanges + registerVersion() + siteSettings.version()) : null;
  const unknownSessions = new UnknownTokens();
  app.use(
    '*',
    publicResponses({
      cache,
      unknownSessions,
      bump: () => {
        localChanges++;
        // A change made here shows at once in visitors' pages too, before the change log reports it.
        deps.publishedEntries?.clear();
      },
    }),
  );
  app.use('*', async (c, next) => {
    c.set('siteSettings', siteSettings);
    c.set('siteIdentity', await siteSettings.get());
    await next();
  });
  const siteHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // The operator's theme is one inline <style>: allowed by its hash, and only when there is one.
      // A generated report is a document of its own whose one style sheet is allowed by its hash.
      styleSrc: [
        "'self'",
        (c) => (c.req.path.startsWith('/reports/files/') ? styleHashSource(REPORT_CSS) : styleHashSource(themeCss(c.get('siteIdentity').settings))),
      ],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
  });
  // The embeds may be framed and loaded by the partner origins (EMBED_ORIGINS); every other page keeps the site's policy.
  const embedHeaders = embedSecureHeaders((c) => styleHashSource(embedThemeCss(themeFromParams(new URL(c.req.url).searchParams))));
  app.use('*', (c, next) => (isEmbedPath(c.req.path) ? embedHeaders(c, next) : siteHeaders(c, next)));
  app.use('*', compression());
  const tooLarge = () => {
    throw new AppError('payload_too_large');
  };
  const formLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  const valuesLimit = formValuesLimit(streamsItsBody);
  // Only a request that may carry a body is limited (a GET or HEAD stays on the server's fast path);
  // a route that streams its upload (`streamedUpload`) carries its own, larger limit.
  const bodiless = (method: string) => method === 'GET' || method === 'HEAD';
  app.use('*', (c, next) => (bodiless(c.req.method) || streamsItsBody(c) ? next() : formLimit(c, next)));
  app.use('*', (c, next) => (bodiless(c.req.method) ? next() : valuesLimit(c, next)));

  // Text hygiene at the edge: the URL here, before anything reads it; form and JSON bodies where they are read (readForm, the API's jsonBody).
  app.use('*', urlHygiene());

  // Static files, the health check, OAI-PMH and the embeds (always the visitors' view, framed on other sites) need no session (and stay cacheable for everyone).
  const sessionless = (path: string) =>
    path.startsWith('/static/') || path === '/healthz' || isEmbedPath(path) || path === '/robots.txt' || path === '/oai' || IDENTITY_FILES.has(path);
  const noStore = privateNoStoreMiddleware();
  app.use('*', async (c, next) => (sessionless(c.req.path) ? next() : noStore(c, next)));
  // An API token (on the routes that take one) makes the actor before any session is looked up; such a request has no session and needs no CSRF token.
  app.use('*', bearerMiddleware());
  const byToken = (c: Context<AppEnv>) => c.get('actor')?.token !== undefined;
  const session = sessionMiddleware(unknownSessions);
  app.use('*', async (c, next) => (sessionless(c.req.path) || byToken(c) ? next() : session(c, next)));
  // An OAI-PMH POST is a harvester's read: no session is looked up for it, so no cookie gives it authority to forge.
  const csrf = csrfMiddleware();
  app.use('*', (c, next) => (c.req.path === '/oai' || byToken(c) ? next() : csrf(c, next)));

  app.get('/', (c) => {
    c.header('vary', 'accept-language');
    return c.redirect(`/${negotiateLocale(c.req.header('accept-language'))}/`, 302);
  });
  // Its body noted (jsonAnswer), so the compression step does not read it back through a web stream (~100 µs a check).
  app.get('/healthz', (c) => jsonAnswer(c, { ok: true }, 200));
  app.get('/robots.txt', (c) => c.text(robotsTxt(deps.config.baseUrl), 200, { 'cache-control': 'public, max-age=3600' }));
  app.route('/static', staticRoutes());
  app.route('/', identityRoutes());
  app.route('/', oaiRoutes());
  app.route('/', sitemapRoutes());
  app.route('/', embedRoutes());
  app.route('/', apiRoutes());
  app.route('/', pageRoutes());

  app.notFound(() => {
    throw new AppError('not_found');
  });

  app.onError((err, c) => {
    const appError = err instanceof AppError ? err : null;
    const requestIdValue = c.get('requestId') ?? 'unknown';
    const error = appError ?? new AppError('internal');
    if (!appError) deps.log.error('unhandled error', { requestId: requestIdValue, path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
    const status = STATUS[error.code];
    // A visitor who follows a link to a page that needs an account is sent to sign in, then back.
    if (error.code === 'unauthenticated' && c.req.method === 'GET' && !wantsJson(c)) {
      const locale = localeOf(c.req.path, c.req.header('accept-language'));
      return c.redirect(`/${locale}/account/sign-in?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    }
    // A curator or administrator without a second factor is sent to enrol, then back.
    if (error.code === 'forbidden' && error.details.some((d) => d.code === 'two_factor_required') && c.req.method === 'GET' && !wantsJson(c)) {
      const locale = localeOf(c.req.path, c.req.header('accept-language'));
      return c.redirect(`/${locale}/account/two-factor?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    }
    const locale = c.get('locale') ?? localeOf(c.req.path, c.req.header('accept-language'));
    const body = errorBody(locale, error, requestIdValue);
    if (wantsJson(c)) return c.json(body, status);
    const i18n = i18nFor(locale);
    const problems = error.details.map((d) => `${fieldLabel(locale, d.field)}: ${detailMessage(locale, d)}`);
    if (wantsPlainText(c)) return c.text(`${[body.error.message, ...problems].join('\n')}\n`, status, { 'content-language': locale });
    return renderPage(
      c,
      locale,
      i18n.t('error.title', { status }),
      <ErrorPage i18n={i18n} status={status} message={body.error.message} problems={problems} />,
      status as 400,
    );
  });

  // Kept answers are served before routing (see `frontDoor`); every other request goes through the app as built above.
  if (cache) {
    const front = frontDoor({
      cache,
      unknownSessions,
      requestId: requestIdOf,
      extraHeaders: (path, request) => (isPublicApiPath(path) ? corsHeaders(deps.config.embedOrigins, request.headers.get('origin') ?? undefined) : undefined),
    });
    const routed = app.fetch;
    app.fetch = (request, ...rest) => front(request) ?? routed(request, ...rest);
  }
  return app;
}
