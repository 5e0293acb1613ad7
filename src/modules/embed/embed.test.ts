import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embedQuerySchema, embedQueryString, embedThemeCss, searchFromUrl, themeFromParams } from './embed';

describe('embed options', () => {
  it('reads a search page address as its kind and parameters, and nothing else', () => {
    assert.equal(searchFromUrl('https://any.example/en/search?q=x')?.kind, undefined);
    assert.equal(searchFromUrl('/fr/actors?region=002')?.kind, 'actor');
    assert.equal(searchFromUrl('/fr/actors?region=002')?.params.get('region'), '002');
    for (const bad of ['/en/account', '/en/activities/12', 'https://x.example/', '/en/unknown-kind', 'http://[bad'])
      assert.equal(searchFromUrl(bad), null, bad);
  });

  it('writes a query string without defaults, in a stable order, that reads back to the same options', () => {
    const q = embedQuerySchema.parse({ q: 'data', actionLine: ['c5'], layout: 'cards', facets: 'country,region', pageSize: '5', accent: '#aa0000' });
    const text = embedQueryString(q);
    assert.equal(text, 'q=data&actionLine=c5&pageSize=5&layout=cards&facets=country%2Cregion&accent=%23aa0000');
    assert.equal(embedQueryString(embedQuerySchema.parse({})), '');
  });

  it('turns only valid theme values into one CSS rule', () => {
    assert.equal(embedThemeCss({}), '');
    assert.equal(embedThemeCss({ color: '#000000', radius: 0, density: 2 }), ':root{--stocktake-color:#000000;--stocktake-radius:0px;--stocktake-density:2}');
    assert.deepEqual(themeFromParams(new URLSearchParams('accent=%23aa0000&font=Noto%20Sans')), { accent: '#aa0000', font: 'Noto Sans' });
    // One refused value gives no theme at all (the page refuses the request anyway).
    assert.deepEqual(themeFromParams(new URLSearchParams('accent=%23aa0000&font=x%7D')), {});
    for (const font of ['a;b', 'a}', 'a{', 'a"b', "a'b", 'a/*', 'a\\b', 'a<b']) assert.equal(embedQuerySchema.safeParse({ font }).success, false, font);
  });
});
