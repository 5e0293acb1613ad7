import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoArea, geoCentroid, geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import { feature, merge, neighbors } from 'topojson-client';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import { atlasCountryCode } from './map-codes';

/** The drawing's width in its own units; the height follows from the projection. Whole units keep paths short. */
export const MAP_WIDTH = 1000;

/** A box in map units: x0, y0, x1, y1. */
export type Box = readonly [number, number, number, number];

/** One country as drawn: an SVG path, or (too small for the coarse atlas) a dot at its centre. */
export interface CountryShape {
  code: string;
  /** The path's `d`; empty for a dot. */
  d: string;
  /** Where the country's largest part lies: actors without a point of their own and dots are drawn here. */
  centre: readonly [number, number];
  box: Box;
  /** Each drawn ring's box: whether any part is in a view (France's box spans the Atlantic to Guiana, its parts do not). */
  parts: readonly Box[];
  dot: boolean;
}

export interface WorldShapes {
  width: number;
  height: number;
  /** Shapes first (in atlas order), then dots. */
  countries: readonly CountryShape[];
  byCode: ReadonlyMap<string, CountryShape>;
  /** Countries sharing a border, by code (from the finer 50 m atlas, so small states have theirs). */
  neighbours: ReadonlyMap<string, readonly string[]>;
  /** A point (degrees) in map units, or null where the projection cannot place it. */
  project(lat: number, lon: number): readonly [number, number] | null;
}

type Named = { name?: string };
type Countries = Topology<{ countries: GeometryCollection<Named> }>;
const nameOf = (g: GeometryObject<Named>) => (g.properties as Named | undefined)?.name;
type Area = Feature<Polygon | MultiPolygon>;

const require = createRequire(import.meta.url);

function readAtlas(scale: '110m' | '50m'): Countries {
  return JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8')) as Countries;
}

/** Antarctica is left off: it would take a sixth of the height for a continent with no entries to show. */
const LEFT_OFF = new Set(['AQ']);

/** Each country's geometries of an atlas (several when the atlas draws part of it apart), by code. */
function byCountry(atlas: Countries): Map<string, GeometryObject<{ name?: string }>[]> {
  const out = new Map<string, GeometryObject<{ name?: string }>[]>();
  for (const g of atlas.objects.countries.geometries) {
    const code = atlasCountryCode(g.id, nameOf(g));
    if (!code || LEFT_OFF.has(code) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    out.set(code, [...(out.get(code) ?? []), g]);
  }
  return out;
}

function areaOf(atlas: Countries, parts: GeometryObject[]): Area {
  const geometry =
    parts.length === 1 ? (feature(atlas, parts[0]!) as Feature).geometry : merge(atlas, parts as Array<GeometryObject & { type: 'Polygon' | 'MultiPolygon' }>);
  return { type: 'Feature', properties: {}, geometry: geometry as Polygon | MultiPolygon };
}

/** The centre of a country's largest part (France's is in Europe, not between Europe and Guiana). */
function mainCentroid(area: Area): [number, number] {
  if (area.geometry.type === 'Polygon') return geoCentroid(area);
  let best: Polygon | null = null;
  let bestArea = -1;
  for (const coordinates of area.geometry.coordinates) {
    const polygon: Polygon = { type: 'Polygon', coordinates };
    const a = geoArea(polygon);
    if (a > bestArea) [best, bestArea] = [polygon, a];
  }
  return geoCentroid(best ?? area);
}

/**
 * A path context writing whole map units: a ring's first point absolute, the rest relative, repeated points
 * dropped, and rings that collapse below three points (specks of islands) left out.
 */
class CompactPath {
  private out = '';
  private ring: Array<[number, number]> = [];
  box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  parts: Box[] = [];

  moveTo(x: number, y: number) {
    this.flush();
    this.lineTo(x, y);
  }

  lineTo(x: number, y: number) {
    const p: [number, number] = [Math.round(x), Math.round(y)];
    const last = this.ring.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) this.ring.push(p);
  }

  closePath() {
    this.flush();
  }

  arc() {
    // geoPath calls arc only for point geometries, which countries are not.
  }

  beginPath() {
    // Each ring starts with moveTo, which is all this context needs.
  }

  private flush() {
    const ring = this.ring;
    this.ring = [];
    if (ring.length < 3) return;
    let [x, y] = ring[0]!;
    let d = `M${x} ${y}l`;
    ring.slice(1).forEach(([nx, ny], i) => {
      d += `${i && nx - x >= 0 ? ' ' : ''}${nx - x}${ny - y >= 0 ? ' ' : ''}${ny - y}`;
      [x, y] = [nx, ny];
    });
    this.out += `${d}z`;
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const part: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    this.parts.push(part);
    this.box = [Math.min(this.box[0], part[0]), Math.min(this.box[1], part[1]), Math.max(this.box[2], part[2]), Math.max(this.box[3], part[3])];
  }

  result(): string {
    this.flush();
    return this.out;
  }
}

/** The two drawings kept: the full map, and a compact one for pages that show the map beside much else (the home page). */
export type MapSize = 'full' | 'compact';

/** Widths in whole units: the compact drawing's coarser grid holds about half the points, for a map shown small. */
export const MAP_WIDTHS: Record<MapSize, number> = { full: MAP_WIDTH, compact: 400 };

/** Both drawings from one read of the atlases: the 110 m atlas keeps pages light; the 50 m one adds the states too small for it (as dots) and borders. */
function build(): Record<MapSize, WorldShapes> {
  const coarse = readAtlas('110m');
  const fine = readAtlas('50m');
  const areas = new Map([...byCountry(coarse)].map(([code, parts]) => [code, areaOf(coarse, parts)]));
  const small = [...byCountry(fine)].filter(([code]) => !areas.has(code)).map(([code, parts]) => [code, mainCentroid(areaOf(fine, parts))] as const);
  const neighbours = new Map<string, string[]>();
  const geometries = fine.objects.countries.geometries;
  neighbors(geometries).forEach((list, i) => {
    const code = atlasCountryCode(geometries[i]!.id, nameOf(geometries[i]!));
    if (!code) return;
    const known = new Set(neighbours.get(code) ?? []);
    for (const j of list) {
      const other = atlasCountryCode(geometries[j]!.id, nameOf(geometries[j]!));
      if (other && other !== code) known.add(other);
    }
    neighbours.set(code, [...known].sort());
  });
  const draw = (width: number): WorldShapes => {
    const all = { type: 'FeatureCollection' as const, features: [...areas.values()] };
    const projection: GeoProjection = geoEqualEarth().fitWidth(width, all).precision(0.5);
    const height = Math.ceil(geoPath(projection).bounds(all)[1][1]);
    const project = (lat: number, lon: number) => {
      const p = projection([lon, lat]);
      return p ? ([Math.round(p[0]), Math.round(p[1])] as const) : null;
    };
    const countries: CountryShape[] = [];
    for (const [code, area] of areas) {
      const context = new CompactPath();
      geoPath(projection, context)(area);
      const d = context.result();
      const [lon, lat] = mainCentroid(area);
      const centre = project(lat, lon);
      if (!d || !centre) continue;
      countries.push({ code, d, centre, box: context.box, parts: context.parts, dot: false });
    }
    for (const [code, [lon, lat]] of small) {
      const centre = project(lat, lon);
      if (!centre) continue;
      const box: Box = [centre[0], centre[1], centre[0], centre[1]];
      countries.push({ code, d: '', centre, box, parts: [box], dot: true });
    }
    return { width, height, countries, byCode: new Map(countries.map((c) => [c.code, c])), neighbours, project };
  };
  return { full: draw(MAP_WIDTHS.full), compact: draw(MAP_WIDTHS.compact) };
}

let shapes: Record<MapSize, WorldShapes> | undefined;

/** The world as SVG paths, built from the atlases once per process on first use (about half a second), then kept. */
export function worldShapes(size: MapSize = 'full'): WorldShapes {
  shapes ??= build();
  return shapes[size];
}
