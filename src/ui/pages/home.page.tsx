import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { pickTranslation, type Entry, type Facet } from '../../modules/entries/entry';
import { entryPath, KIND_PATHS } from '../../modules/entries/entries';
import type { FacetCount } from '../../modules/search/search';
import { groupByRegionScheme, regionScheme, regionSchemeHeading } from '../../modules/taxonomy/region-labels';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { searchUrl } from '../search-url';
import { WorldMap } from '../world-map';

export interface HomePageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  total: number;
  facets: Record<Facet, FacetCount[]>;
  organisations: number;
  recent: Entry[];
}

/** Home: what the register holds, and ways in by action line, SDG and region. */
export function HomePage(p: HomePageProps) {
  const { t, locale, number } = p.i18n;
  const count = (facet: Facet) => new Map(p.facets[facet].map((f) => [f.value, f.count]));
  const lines = count('actionLine');
  const goals = count('sdg');
  const regions = count('region');
  const kinds = count('kind');
  const activities = kinds.get('activity') ?? 0;
  const stats: Array<[number, string]> = [
    [activities, t('home.stat.activities', { count: activities })],
    [p.facets.country.length, t('home.stat.countries', { count: p.facets.country.length })],
    [p.organisations, t('home.stat.organisations', { count: p.organisations })],
    [p.facets.language.length, t('home.stat.languages', { count: p.facets.language.length })],
  ];
  const topRegions = p.taxonomy.terms('region').filter((r) => r.parent === '001' || regionScheme(r.code) === 'itu');
  return (
    <>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <form method="get" action={`/${locale}/search`} role="search" class="hero-search">
          <label for="home-q">{t('home.search.label')}</label>
          <div class="query-row">
            <input type="search" id="home-q" name="q" maxlength={200} placeholder={t('home.search.placeholder')} dir="auto" />
            <button type="submit">{t('search.submit')}</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="stats-title">
        <h2 id="stats-title" class="visually-hidden">
          {t('home.stats')}
        </h2>
        <ul class="stats">
          {stats.map(([n, label]) => (
            <li>
              <strong>{number(n)}</strong> {label}
            </li>
          ))}
        </ul>
        <ul class="kind-links">
          {(['actor', 'publication', 'event', 'story'] as const).map((k) => (
            <li>
              <a href={`/${locale}/${KIND_PATHS[k]}`}>{t('home.kindCount', { kind: t(`kinds.${k}`), count: number(kinds.get(k) ?? 0) })}</a>
            </li>
          ))}
          <li>
            <a href={`/${locale}/countries`}>{t('nav.countries')}</a>
          </li>
          <li>
            <a href={`/${locale}/dashboard`}>{t('dashboard.homeLink')}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="home-map-title" class="home-map">
        <h2 id="home-map-title">{t('map.title')}</h2>
        <WorldMap i18n={p.i18n} taxonomy={p.taxonomy} counts={count('country')} titleId="home-map-title" table={false} compact />
        <p>
          <a href={`/${locale}/map`}>{t('map.home.link')}</a>
        </p>
      </section>
      <section aria-labelledby="al-title">
        <h2 id="al-title">{t('home.byActionLine')}</h2>
        <ul class="grid">
          {p.taxonomy
            .terms('action-line')
            .filter((term) => term.parent === null)
            .map((term) => (
              <li>
                <a href={searchUrl(locale, { actionLine: [term.code] })}>
                  <span class="code">{term.code.toUpperCase()}</span> <span>{p.taxonomy.label('action-line', term.code, locale)}</span>{' '}
                  <span class="count">{number(lines.get(term.code) ?? 0)}</span>
                </a>
              </li>
            ))}
        </ul>
        <p class="more">
          <a href={`/${locale}/action-lines`}>{t('crosswalk.allActionLines')}</a>
        </p>
      </section>
      <section aria-labelledby="sdg-title">
        <h2 id="sdg-title">{t('home.bySdg')}</h2>
        <ul class="grid sdgs">
          {p.taxonomy
            .terms('sdg')
            .filter((term) => term.parent === null)
            .map((term) => (
              <li>
                <a href={searchUrl(locale, { sdg: [term.code] })} class={`sdg sdg-${term.code}`}>
                  <span class="code">{term.code}</span> <span>{p.taxonomy.label('sdg', term.code, locale)}</span>{' '}
                  <span class="count">{number(goals.get(term.code) ?? 0)}</span>
                </a>
              </li>
            ))}
        </ul>
        <p class="more">
          <a href={`/${locale}/sdgs`}>{t('crosswalk.allSdgs')}</a>
        </p>
      </section>
      <section aria-labelledby="region-title">
        <h2 id="region-title">{t('home.byRegion')}</h2>
        {groupByRegionScheme(topRegions, (r) => r.code).map((g) => (
          <>
            <h3 id={`region-${g.scheme}`}>{regionSchemeHeading(g.scheme, p.i18n)}</h3>
            <ul class="grid" aria-labelledby={`region-${g.scheme}`}>
              {g.items.map((r) => (
                <li>
                  <a href={searchUrl(locale, { region: [r.code] })}>
                    <span>{p.taxonomy.label('region', r.code, locale)}</span> <span class="count">{number(regions.get(r.code) ?? 0)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </>
        ))}
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t('home.recent')}</h2>
        <ul class="recent">
          {p.recent.map((a) => {
            const { language, text } = pickTranslation(a, locale);
            return (
              <li>
                <a href={entryPath(locale, a.kind, a.id)} lang={LOCALE_INFO[language].bcp47} dir="auto">
                  {text.title}
                </a>
              </li>
            );
          })}
        </ul>
        <p>
          <a href={`/${locale}/activities`}>{t('home.all')}</a>
        </p>
      </section>
    </>
  );
}
