import { Hono } from 'hono';
import { i18nFor } from '../../i18n/i18n';
import { FILTERS } from '../../modules/entries/entry';
import { entrySearchSchema } from '../../modules/entries/entry.schemas';
import { searchMap } from '../../modules/maps/maps.service';
import { MapPage } from '../../ui/pages/map.page';
import type { AppEnv } from '../context';
import { pageQuery } from '../query-params';
import { LOCALE_PATTERN, localePage } from './render';

/** The map reads the search page's query but its order and paging, which a map has no use for (ignored like any unknown key). */
const mapQuery = entrySearchSchema.omit({ sort: true, page: true, pageSize: true });

/** `/{locale}/map?…`: any search as a world map. */
export function mapRoutes() {
  const r = new Hono<AppEnv>();
  r.get(`/${LOCALE_PATTERN}/map`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const query = pageQuery(c, mapQuery, FILTERS);
    const map = await searchMap(deps, query, locale, { visitor: !c.get('actor') });
    const i18n = i18nFor(locale);
    return localePage(c, i18n.t('map.title'), <MapPage i18n={i18n} taxonomy={deps.taxonomy} query={query} map={map} />);
  });
  return r;
}
