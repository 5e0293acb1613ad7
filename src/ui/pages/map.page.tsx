import type { I18n } from '../../i18n/i18n';
import { FILTERS } from '../../modules/entries/entry';
import type { MapQuery, SearchMap } from '../../modules/maps/maps.service';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { searchUrl } from '../search-url';
import { WorldMap } from '../world-map';

export interface MapPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  query: MapQuery;
  map: SearchMap;
}

/** The map of a search: the same query as the search page, its country counts shaded, its actors as points. */
export function MapPage(p: MapPageProps) {
  const { t, locale, number } = p.i18n;
  const filtered = Boolean(p.query.q) || FILTERS.some((f) => (p.query[f]?.length ?? 0) > 0);
  return (
    <article class="map-page">
      <h1 id="map-title">{filtered ? t('map.titleSearch', { count: p.map.total }) : t('map.title')}</h1>
      <p class="lead">{t('map.intro')}</p>
      <p>
        <a href={searchUrl(locale, p.query)}>{t('map.toSearch', { count: p.map.total })}</a>
      </p>
      <WorldMap i18n={p.i18n} taxonomy={p.taxonomy} counts={p.map.counts} titleId="map-title" points={p.map.points} />
      {p.map.actors > p.map.points.length ? (
        <p class="meta">{t('map.pointsMore', { shown: number(p.map.points.length), total: number(p.map.actors) })}</p>
      ) : null}
    </article>
  );
}
