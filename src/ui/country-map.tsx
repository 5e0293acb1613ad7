import type { I18n } from '../i18n/i18n';
import { worldShapes } from '../modules/maps/world-shapes';
import type { Taxonomy } from '../modules/taxonomy/taxonomy';
import { countryPath } from './pages/country.page';
import { WorldMap } from './world-map';

/** A country profile's map: the country outlined among its neighbours (the register's counts), and links to the neighbours' profiles. */
export function CountryMap(p: { i18n: I18n; taxonomy: Taxonomy; code: string; counts: ReadonlyMap<string, number> }) {
  const { t, locale, number } = p.i18n;
  const name = p.taxonomy.label('country', p.code, locale);
  const neighbours = (worldShapes().neighbours.get(p.code) ?? [])
    .filter((c) => p.taxonomy.has('country', c))
    .map((code) => ({ code, name: p.taxonomy.label('country', code, locale), count: p.counts.get(code) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  return (
    <section aria-labelledby="country-map-title" class="country-map">
      <h2 id="country-map-title">{t('map.country.title', { country: name })}</h2>
      <p>{t('map.country.intro')}</p>
      <WorldMap i18n={p.i18n} taxonomy={p.taxonomy} counts={p.counts} titleId="country-map-title" highlight={p.code} table={false} />
      {neighbours.length ? (
        <>
          <h3 id="neighbours-title">{t('map.country.neighbours')}</h3>
          <ul class="map-links" aria-labelledby="neighbours-title">
            {neighbours.map((n) => (
              <li>
                <a href={countryPath(locale, n.code)}>{n.name}</a> <span class="count">{number(n.count)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
