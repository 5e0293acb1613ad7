import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atlasCountryCode } from './map-codes';
import { worldShapes } from './world-shapes';

describe('atlas country codes', () => {
  it('turns ISO 3166-1 numeric ids into alpha-2, with or without leading zeros', () => {
    assert.equal(atlasCountryCode('404', 'Kenya'), 'KE');
    assert.equal(atlasCountryCode('036', 'Australia'), 'AU');
    assert.equal(atlasCountryCode(36, undefined), 'AU');
    assert.equal(atlasCountryCode('250', 'France'), 'FR');
  });

  it('names the places Natural Earth draws without a numeric code', () => {
    assert.equal(atlasCountryCode(undefined, 'Kosovo'), 'XK');
    assert.equal(atlasCountryCode(undefined, 'Somaliland'), 'SO');
    assert.equal(atlasCountryCode(undefined, 'N. Cyprus'), 'CY');
    assert.equal(atlasCountryCode(undefined, 'Atlantis'), null);
    assert.equal(atlasCountryCode('999', 'Nowhere'), null);
  });
});

describe('world shapes', () => {
  const world = worldShapes();

  it('draws each country once, by its code, and the small states as dots', () => {
    assert.equal(world.byCode.size, world.countries.length, 'one shape per code (Somaliland is drawn with Somalia)');
    for (const code of ['KE', 'FR', 'BR', 'CN', 'XK', 'SO', 'CY']) assert.equal(world.byCode.get(code)?.dot, false, code);
    for (const code of ['MT', 'SG', 'MU', 'BH', 'MC']) assert.equal(world.byCode.get(code)?.dot, true, code);
    assert.equal(world.byCode.get('AQ'), undefined, 'Antarctica is left off');
  });

  it('writes compact paths inside the drawing', () => {
    for (const s of world.countries.filter((c) => !c.dot)) {
      assert.match(s.d, /^(M-?\d+ -?\d+l[-\d ]+z)+$/, s.code);
      assert.ok(s.box[0] >= -1 && s.box[2] <= world.width + 1 && s.box[1] >= -1 && s.box[3] <= world.height + 1, `${s.code} ${s.box.join(',')}`);
    }
  });

  it('places countries where they are: west is left, north is up', () => {
    const at = (code: string) => world.byCode.get(code)!.centre;
    assert.ok(at('BR')[0] < at('KE')[0] && at('KE')[0] < at('CN')[0]);
    assert.ok(at('NO')[1] < at('KE')[1] && at('KE')[1] < at('ZA')[1]);
    const nairobi = world.project(-1.29, 36.82)!;
    const ke = world.byCode.get('KE')!.box;
    assert.ok(nairobi[0] >= ke[0] && nairobi[0] <= ke[2] && nairobi[1] >= ke[1] && nairobi[1] <= ke[3], 'Nairobi is in Kenya');
  });

  it('knows land neighbours, small states included', () => {
    assert.deepEqual(world.neighbours.get('KE'), ['ET', 'SO', 'SS', 'TZ', 'UG']);
    assert.deepEqual(world.neighbours.get('SM'), ['IT']);
    assert.ok(!world.neighbours.get('SO')?.includes('SO'), 'Somaliland does not make Somalia its own neighbour');
  });
});
