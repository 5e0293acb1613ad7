import type { I18n } from '../i18n/i18n';
import { mapSteps, stepOf, type MapStep } from '../modules/maps/map-steps';
import type { MapPoint } from '../modules/maps/maps.service';
import { MAP_WIDTH, worldShapes, type Box, type CountryShape } from '../modules/maps/world-shapes';
import type { Taxonomy } from '../modules/taxonomy/taxonomy';
import { countryPath } from './pages/country.page';
import { renderedOnce } from './rendered-once';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * What a page gives the world map. Everything is server-rendered SVG: each country with entries is a
 * link to its profile named with its count, the legend's steps are number ranges in distinct lightness,
 * and the table repeats the numbers. No script.
 */
export interface WorldMapProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  /** Entries per country code (a search's country facet); zero or absent: no entries. */
  counts: ReadonlyMap<string, number>;
  /** The id of the page's heading that names the map (the figure is labelled by it). */
  titleId: string;
  /** A country drawn outlined; the map then shows it and its neighbours, not the whole world. */
  highlight?: string | undefined;
  /** Actors' places, drawn as circles linking to them (filled: their own point; hollow: their country's centre). */
  points?: readonly MapPoint[] | undefined;
  /** The table of the same numbers under the map (default on; a compact map links to the full one instead). */
  table?: boolean | undefined;
  /** The coarser drawing, for a map shown small beside much else (the home page); never with a highlight. */
  compact?: boolean | undefined;
  /** Put before each country's address: the site's base URL where the map leaves the site (a report's file or PDF). */
  linkBase?: string | undefined;
}

const rangeLabel = (i18n: I18n, s: MapStep) =>
  s.from === s.to ? i18n.number(s.from) : i18n.t('map.legend.range', { from: i18n.number(s.from), to: i18n.number(s.to) });

const overlaps = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);

/**
 * The part of the world a highlighted country's map shows: its main part (the one holding its centre) and the
 * neighbours' parts touching it, padded, in the world's proportions and never narrower than a region — so
 * France is shown in Europe, not with Guiana and Brazil across the ocean.
 */
function focusBox(highlight: string): Box | null {
  const world = worldShapes();
  const own = world.byCode.get(highlight);
  if (!own) return null;
  const [cx0, cy0] = own.centre;
  const main =
    own.parts.find((b) => cx0 >= b[0] && cx0 <= b[2] && cy0 >= b[1] && cy0 <= b[3]) ?? [...own.parts].sort((a, b) => area(b) - area(a))[0] ?? own.box;
  const near: Box = [main[0] - 2, main[1] - 2, main[2] + 2, main[3] + 2];
  const boxes = [main, ...(world.neighbours.get(highlight) ?? []).flatMap((c) => world.byCode.get(c)?.parts.filter((b) => overlaps(b, near)) ?? [])];
  let [x0, y0, x1, y1] = [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
  // At least 120 units wide, padded by a tenth, in the world's proportions so the figure keeps its shape.
  const w = Math.max(120, (x1 - x0) * 1.2, ((y1 - y0) * 1.2 * world.width) / world.height);
  const h = (w * world.height) / world.width;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  [x0, y0, x1, y1] = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
  return [Math.round(x0), Math.round(y0), Math.round(x1), Math.round(y1)];
}

/**
 * Maps already drawn, by what they show, per I18n and taxonomy: the same counts in the same language give the same
 * markup, and counts move only with the register, so a page that misses the response cache places the map it drew
 * before (about 200 countries, with their labels and shapes: ~1 ms). A map with actor points is drawn every time.
 * At most DRAWN_CHARS of markup per language (the home page's map is ~50,000, a country profile's ~13,000): started
 * again when full.
 */
const drawnMaps = new WeakMap<I18n, WeakMap<Taxonomy, { maps: Map<string, HtmlEscapedString>; chars: number }>>();
const DRAWN_CHARS = 1_000_000;

/** The world choropleth: an SVG of linked countries and actor points, its legend, and (by default) its table. */
export function WorldMap(p: WorldMapProps) {
  if (p.points?.length) return <DrawnWorldMap {...p} />;
  let byTaxonomy = drawnMaps.get(p.i18n);
  if (!byTaxonomy) drawnMaps.set(p.i18n, (byTaxonomy = new WeakMap()));
  let drawn = byTaxonomy.get(p.taxonomy);
  if (!drawn) byTaxonomy.set(p.taxonomy, (drawn = { maps: new Map(), chars: 0 }));
  const key = JSON.stringify([p.titleId, p.highlight ?? null, p.table !== false, p.compact === true, p.linkBase ?? null, [...p.counts]]);
  let html = drawn.maps.get(key);
  if (html === undefined) {
    html = renderedOnce(<DrawnWorldMap {...p} />);
    if (drawn.chars + html.length > DRAWN_CHARS) {
      drawn.maps.clear();
      drawn.chars = 0;
    }
    drawn.maps.set(key, html);
    drawn.chars += html.length;
  }
  return html;
}

function DrawnWorldMap(p: WorldMapProps) {
  const { i18n, taxonomy } = p;
  const { t, locale, number } = i18n;
  const world = worldShapes(p.compact && !p.highlight ? 'compact' : 'full');
  const steps = mapSteps(p.counts.values());
  const focus = p.highlight ? focusBox(p.highlight) : null;
  const view: Box = focus ?? [0, 0, world.width, world.height];
  // Zoomed in, or in the compact drawing, dots and points keep the size they have on the full world map.
  const zoom = (view[2] - view[0]) / MAP_WIDTH;
  const inView = (s: CountryShape) => !focus || s.parts.some((part) => overlaps(part, view));
  const name = (code: string) => taxonomy.label('country', code, locale);
  const countOf = (code: string) => p.counts.get(code) ?? 0;
  const hrefOf = (code: string) => `${p.linkBase ?? ''}${countryPath(locale, code)}`;
  const shapeOf = (s: CountryShape, cls: string) =>
    s.dot ? (
      <circle cx={s.centre[0]} cy={s.centre[1]} r={+((s.code === p.highlight ? 7 : 4) * zoom).toFixed(2)} class={cls || undefined} />
    ) : (
      <path d={s.d} class={cls || undefined} />
    );
  const drawn = world.countries.filter(inView);
  const rows = [...p.counts]
    .filter(([code, n]) => n > 0 && taxonomy.has('country', code))
    .map(([code, count]) => ({ code, count, name: name(code) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, locale));
  const points = (p.points ?? []).flatMap((pt) => {
    const at = pt.lat !== null && pt.lon !== null ? world.project(pt.lat, pt.lon) : pt.country ? world.byCode.get(pt.country)?.centre : undefined;
    return at ? [{ ...pt, at }] : [];
  });
  return (
    <figure class="world-map" aria-labelledby={p.titleId}>
      <div class="map-frame">
        <svg class="map" viewBox={`${view[0]} ${view[1]} ${view[2] - view[0]} ${view[3] - view[1]}`} role="group" aria-label={t('map.svgLabel')}>
          {/* Countries without entries are shapes only: nothing to open, so not in the tab order. */}
          {drawn.map((s) => {
            const count = countOf(s.code);
            const cls = [count ? `m${stepOf(count, steps)}` : '', s.code === p.highlight ? 'hl' : ''].filter(Boolean).join(' ');
            if (!count) return s.dot && s.code !== p.highlight ? null : shapeOf(s, cls);
            const label = t('map.countryLink', { country: name(s.code), count });
            return (
              <a href={hrefOf(s.code)} aria-label={label}>
                <title>{label}</title>
                {shapeOf(s, cls)}
              </a>
            );
          })}
          {points.length ? (
            <g class="pts">
              {points.map((pt) => {
                const label = pt.lat !== null ? t('map.point', { name: pt.name }) : t('map.pointApprox', { name: pt.name, country: name(pt.country ?? '') });
                return (
                  <a href={pt.href} aria-label={label}>
                    <title>{label}</title>
                    <circle cx={pt.at[0]} cy={pt.at[1]} r={+(3 * zoom).toFixed(2)} class={pt.lat !== null ? undefined : 'ap'} />
                  </a>
                );
              })}
            </g>
          ) : null}
        </svg>
      </div>
      <figcaption>
        <p class="legend-title">{t('map.legend')}</p>
        <ul class="map-legend">
          <li>
            <span class="swatch" aria-hidden="true"></span>
            {t('map.legend.none')}
          </li>
          {steps.map((s, i) => (
            <li>
              <span class={`swatch m${i + 1}`} aria-hidden="true"></span>
              {rangeLabel(i18n, s)}
            </li>
          ))}
          {points.length ? (
            <li>
              <span class="swatch pt" aria-hidden="true"></span>
              {t('map.legend.points')}
            </li>
          ) : null}
          {points.some((pt) => pt.lat === null) ? (
            <li>
              <span class="swatch pt ap" aria-hidden="true"></span>
              {t('map.legend.approx')}
            </li>
          ) : null}
        </ul>
      </figcaption>
      {p.table === false ? null : rows.length ? (
        <table class="count-table map-table">
          <caption>{t('map.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('map.table.country')}</th>
              <th scope="col" class="num">
                {t('country.column.entries')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={hrefOf(r.code)}>{r.name}</a>
                </th>
                <td class="num">{number(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="meta">{t('map.empty')}</p>
      )}
    </figure>
  );
}
