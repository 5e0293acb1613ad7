import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import countries from 'i18n-iso-countries';
import { i18nFor } from '../i18n/i18n';
import { Taxonomy, type VocabularyName } from '../modules/taxonomy/taxonomy';
import { WorldMap, type WorldMapProps } from './world-map';

// The country vocabulary as the database holds it: every ISO code, named by i18n-iso-countries.
const taxonomy = new Taxonomy(
  Object.keys(countries.getAlpha2Codes()).map((code, position) => ({
    vocabulary: 'country' as VocabularyName,
    code,
    parent: null,
    position,
    labels: { en: countries.getName(code, 'en') ?? code, ar: countries.getName(code, 'ar') ?? code },
    descriptions: null,
    extra: null,
  })),
);

const render = (props: Partial<WorldMapProps> = {}) =>
  String(
    <WorldMap
      i18n={i18nFor('en')}
      taxonomy={taxonomy}
      counts={
        new Map([
          ['KE', 12],
          ['FR', 1],
          ['MT', 3],
          ['BR', 40],
        ])
      }
      titleId="t"
      {...props}
    />,
  );

/** The SVG element of a rendered map, parsed as strict XML (throws on anything ill-formed); its elements' names and attributes. */
function svgElements(html: string): Array<{ name: string; attributes: Record<string, string> }> {
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
  const parser = new SaxesParser({ xmlns: false });
  const out: Array<{ name: string; attributes: Record<string, string> }> = [];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => out.push({ name: tag.name, attributes: tag.attributes as Record<string, string> }));
  parser.write(svg).close();
  return out;
}

describe('world map', () => {
  it('is well-formed SVG: each country with entries a link named with its count, the others plain shapes', () => {
    const elements = svgElements(render());
    const links = elements.filter((e) => e.name === 'a');
    assert.deepEqual(links.map((a) => a.attributes.href).sort(), ['/en/countries/BR', '/en/countries/FR', '/en/countries/KE', '/en/countries/MT']);
    assert.equal(links.find((a) => a.attributes.href === '/en/countries/KE')!.attributes['aria-label'], 'Kenya: 12 entries');
    assert.equal(links.find((a) => a.attributes.href === '/en/countries/FR')!.attributes['aria-label'], 'France: 1 entry');
    assert.ok(elements.filter((e) => e.name === 'path').length > 150, 'every country drawn');
    const viewBox = elements[0]!.attributes.viewBox!.split(' ').map(Number);
    assert.deepEqual(viewBox.slice(0, 3), [0, 0, 1000]);
  });

  it('draws a small state with entries as a dot, and leaves out dots without entries', () => {
    const dots = svgElements(render()).filter((e) => e.name === 'circle');
    assert.equal(dots.length, 1, 'Malta only');
  });

  it('shades by step, and its legend names each step by its numbers', () => {
    const html = render();
    assert.match(html, /<a href="\/en\/countries\/BR" aria-label="Brazil: 40 entries"><title>Brazil: 40 entries<\/title><path d="[^"]+" class="m4"/);
    for (const label of ['No entries', '>1<', '>3<', '>12<', '>40<']) assert.ok(html.includes(label), label);
  });

  it('repeats the numbers in a table, largest first, and can leave it out', () => {
    const rows = [...render().matchAll(/<a href="\/en\/countries\/([A-Z]{2})">[^<]+<\/a><\/th><td class="num">(\d+)<\/td>/g)].map((m) => `${m[1]}=${m[2]}`);
    assert.deepEqual(rows, ['BR=40', 'KE=12', 'MT=3', 'FR=1']);
    assert.ok(!render({ table: false }).includes('<table'));
  });

  it('localises names and numbers (Arabic)', () => {
    const html = String(<WorldMap i18n={i18nFor('ar')} taxonomy={taxonomy} counts={new Map([['KE', 12]])} titleId="t" />);
    const label = svgElements(html).find((e) => e.name === 'a')!.attributes['aria-label']!;
    assert.ok(label.startsWith('كينيا'), label);
    assert.ok(label.includes('١٢') || label.includes('12'), label);
  });

  it('zooms on a highlighted country and its neighbours, drawing only what is in view', () => {
    const elements = svgElements(render({ highlight: 'KE' }));
    const [x, y, w, h] = elements[0]!.attributes.viewBox!.split(' ').map(Number) as [number, number, number, number];
    assert.ok(w < 400 && x > 400 && x + w < 800 && y > 50 && y + h < 440, `${x} ${y} ${w} ${h}`);
    assert.ok(elements.filter((e) => e.name === 'path').length < 120, 'far countries are not drawn');
    assert.ok(
      elements.some((e) => e.attributes.class?.split(' ').includes('hl')),
      'outlined',
    );
    assert.ok(!elements.some((e) => e.attributes.href === '/en/countries/BR'), 'Brazil is out of view, not a hidden link');
  });

  it('draws actors: at their point, or hollow at their country’s centre, each a named link', () => {
    const points = [
      { href: '/en/actors/1', name: 'Nairobi Hub', lat: -1.29, lon: 36.82, country: 'KE' },
      { href: '/en/actors/2', name: 'Paris <Lab>', lat: null, lon: null, country: 'FR' },
      { href: '/en/actors/3', name: 'Nowhere', lat: null, lon: null, country: null },
    ];
    const elements = svgElements(render({ points }));
    const links = elements.filter((e) => e.name === 'a' && e.attributes.href?.startsWith('/en/actors/'));
    assert.deepEqual(
      links.map((a) => a.attributes['aria-label']),
      ['Nairobi Hub (actor)', 'Paris <Lab> (actor, placed at the centre of France)'],
    );
    assert.ok(elements.some((e) => e.name === 'circle' && e.attributes.class === 'ap'));
  });

  it('has a compact drawing for small maps: the same links, a lighter SVG', () => {
    const full = render({ table: false });
    const compact = render({ table: false, compact: true });
    const links = (html: string) =>
      svgElements(html)
        .filter((e) => e.name === 'a')
        .map((a) => a.attributes['aria-label']);
    assert.deepEqual(links(compact), links(full));
    assert.deepEqual(svgElements(compact)[0]!.attributes.viewBox!.split(' ').slice(0, 3), ['0', '0', '400']);
    assert.ok(compact.length < full.length * 0.85, `${compact.length} against ${full.length}`);
  });

  it('places a map drawn before when it shows the same thing, and draws anew for other counts, language or options', () => {
    const first = render({ table: false });
    assert.equal(render({ table: false }), first, 'the same map again');
    const moved = render({ table: false, counts: new Map([['KE', 13]]) });
    assert.match(moved, /aria-label="Kenya: 13[^"]*"/);
    assert.doesNotMatch(moved, /aria-label="France/, 'a country without entries any more is not a link');
    assert.notEqual(render({ table: true }), first, 'the table is its own option');
    assert.notEqual(render({ table: false, highlight: 'KE' }), first);
    const arabic = String(<WorldMap i18n={i18nFor('ar')} taxonomy={taxonomy} counts={new Map([['KE', 12]])} titleId="t" table={false} />);
    assert.match(arabic, new RegExp(`aria-label="${countries.getName('KE', 'ar')}`));
  });
});
