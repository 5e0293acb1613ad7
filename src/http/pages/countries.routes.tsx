import { Hono } from 'hono';
import { z } from 'zod';
import { i18nFor, type I18n } from '../../i18n/i18n';
import { isLocale } from '../../i18n/locales';
import { AppError, type ErrorDetail } from '../../lib/errors';
import { line } from '../../lib/text';
import { COMPARE_MAX, COMPARE_MIN, compareCountries, countryProfile, listCountries, type CountryComparison } from '../../modules/countries/countries.service';
import { breadcrumbJsonLd, countryJsonLd, jsonLdDocument } from '../../modules/entries/entries.json-ld';
import { registerOverview } from '../../modules/entries/entries.service';
import { CountryMap } from '../../ui/country-map';
import { CountriesPage, CountryComparePage, CountryPage, countryPath } from '../../ui/pages/country.page';
import type { AppEnv } from '../context';
import { detailMessage, fieldLabel } from '../errors';
import { pageQuery } from '../query-params';
import { LOCALE_PATTERN, localePage, renderPage } from './render';

const L = `/${LOCALE_PATTERN}`;
// Generous bounds: the count rule (2–3) is the service's, and its message is the one readers should see.
const compareQuery = z.object({ c: z.array(line(40)).max(20).default([]) });

/** A compare problem in the reader's words; anything unforeseen falls back to the generic field message. */
function compareMessage(i18n: I18n, d: ErrorDetail): string {
  const value = String(d.params?.value ?? '');
  if (d.code === 'compare_count' || (d.field === 'c' && d.code === 'too_big'))
    return i18n.t('country.compare.error.count', { min: COMPARE_MIN, max: COMPARE_MAX });
  if (d.code === 'duplicate_value') return i18n.t('country.compare.error.duplicate', { value });
  if (d.code === 'unknown_value') return i18n.t('country.compare.error.unknown', { value });
  return i18n.t('country.compare.error.other', { message: `${fieldLabel(i18n.locale, d.field)}: ${detailMessage(i18n.locale, d)}` });
}

/** Country pages: the index, the profile of one country, and two or three side by side. */
export function countryRoutes() {
  const r = new Hono<AppEnv>();

  // The page group checks the locale too; checking it here keeps these routes right wherever they are mounted.
  for (const path of [`${L}/countries`, `${L}/countries/*`]) {
    r.use(path, async (c, next) => {
      const locale = c.req.param('locale');
      if (!isLocale(locale)) throw new AppError('not_found');
      c.set('locale', locale);
      await next();
    });
  }

  r.get(`${L}/countries`, async (c) => {
    const locale = c.get('locale');
    const countries = await listCountries(c.get('deps'), locale);
    const i18n = i18nFor(locale);
    return localePage(c, i18n.t('country.index.title'), <CountriesPage i18n={i18n} countries={countries} />);
  });

  r.get(`${L}/countries/compare`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const i18n = i18nFor(locale);
    const params = new URL(c.req.url).searchParams;
    let selected: string[] = [];
    let comparison: CountryComparison | null = null;
    let errors: string[] = [];
    try {
      selected = pageQuery(c, compareQuery, ['c']).c.map((code) => code.toUpperCase());
      // A first visit (no `c` at all) shows the empty form; a submitted form is checked.
      if (params.has('c')) comparison = await compareCountries(deps, selected, locale);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      errors = err.details.map((d) => compareMessage(i18n, d));
    }
    const options = await listCountries(deps, locale, { include: selected });
    const title = comparison ? `${i18n.t('country.compare.title')}: ${i18n.list(comparison.countries.map((x) => x.name))}` : i18n.t('country.compare.title');
    return localePage(
      c,
      title,
      <CountryComparePage i18n={i18n} taxonomy={deps.taxonomy} options={options} selected={selected} comparison={comparison} errors={errors} />,
      errors.length ? 400 : 200,
    );
  });

  r.get(`${L}/countries/:iso{[A-Za-z]{2}}`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const url = new URL(c.req.url);
    const iso = c.req.param('iso');
    const upper = iso.toUpperCase();
    // One address per country: `ke` moves to `KE` (when there is such a country; otherwise the service says not_found).
    if (iso !== upper && deps.taxonomy.has('country', upper)) return c.redirect(`${countryPath(locale, upper)}${url.search}`, 301);
    const [profile, overview] = await Promise.all([countryProfile(deps, iso, locale, { readFor: { visitor: !c.get('actor') } }), registerOverview(deps)]);
    const counts = new Map(overview.facets.country.map((f) => [f.value, f.count]));
    const i18n = i18nFor(locale);
    const base = deps.config.baseUrl;
    const jsonLd = jsonLdDocument([
      countryJsonLd(base, locale, profile.code, profile.name),
      breadcrumbJsonLd([
        { name: i18n.t('nav.home'), url: `${base}/${locale}/` },
        { name: i18n.t('country.index.title'), url: `${base}/${locale}/countries` },
        { name: profile.name, url: `${base}${countryPath(locale, profile.code)}` },
      ]),
    ]);
    return renderPage(
      c,
      locale,
      i18n.t('country.profile.title', { country: profile.name }),
      <CountryPage
        i18n={i18n}
        taxonomy={deps.taxonomy}
        profile={profile}
        map={<CountryMap i18n={i18n} taxonomy={deps.taxonomy} code={profile.code} counts={counts} />}
      />,
      200,
      { jsonLd },
    );
  });

  return r;
}
