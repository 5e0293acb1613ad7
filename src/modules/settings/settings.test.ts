import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zodDetails } from '../../lib/zod-details';
import { encodePng } from '../../lib/png';
import { checkLogo, MAX_LOGO_BYTES, siteSettingsSchema } from './settings';

const codes = (input: Record<string, unknown>) => {
  const parsed = siteSettingsSchema.safeParse(input);
  return parsed.success ? [] : zodDetails(parsed.error.issues).map((d) => `${d.field}:${d.code}`);
};

describe('site identity settings', () => {
  it('default to blank (the built-in identity) and keep what is valid, colours in lower case', () => {
    const d = siteSettingsSchema.parse({});
    assert.deepEqual([d.siteName, d.primaryColour, d.accentColour, d.logoPath], ['', '', '', '']);
    const s = siteSettingsSchema.parse({ siteName: '  Registre SMSI ', primaryColour: '#1A2B3C', accentColour: ' #7a1f5c ', logoPath: '/static/logo.svg' });
    assert.deepEqual([s.siteName, s.primaryColour, s.accentColour, s.logoPath], ['Registre SMSI', '#1a2b3c', '#7a1f5c', '/static/logo.svg']);
  });

  it('refuse a colour that is not #rrggbb', () => {
    for (const bad of ['blue', '#fff', '#12345g', '123456', '#1234567', 'rgb(0,0,0)'])
      assert.deepEqual(codes({ primaryColour: bad }), ['primaryColour:identity_colour_format'], bad);
  });

  it('refuse a colour on which white text does not reach 4.5:1, and say how far it is', () => {
    assert.deepEqual(codes({ accentColour: '#ffcc00' }), ['accentColour:identity_low_contrast']);
    assert.deepEqual(codes({ primaryColour: '#777777' }), ['primaryColour:identity_low_contrast']);
    assert.deepEqual(codes({ primaryColour: '#767676' }), []);
    const parsed = siteSettingsSchema.safeParse({ primaryColour: '#ffcc00' });
    assert.equal(parsed.success, false);
    assert.deepEqual(zodDetails(parsed.error!.issues)[0]!.params, { ratio: '1.51', min: 4.5 });
  });

  it('take a logo path on this site only', () => {
    for (const ok of ['/static/logo.svg', '/files/12/logo.png']) assert.deepEqual(codes({ logoPath: ok }), [], ok);
    for (const bad of ['//evil.example/x.png', 'https://evil.example/x.png', 'javascript:alert(1)', '/a b.png', '/"onerror=', '/\\evil']) {
      assert.deepEqual(codes({ logoPath: bad }), ['logoPath:identity_logo_path'], bad);
    }
  });

  it('refuse a site name on two lines or longer than 80 characters', () => {
    assert.deepEqual(codes({ siteName: 'a\nb' }), ['siteName:single_line']);
    assert.deepEqual(codes({ siteName: 'x'.repeat(81) }), ['siteName:too_big']);
  });
});

describe('an uploaded logo, judged by its bytes', () => {
  const svg = (body: string) =>
    new TextEncoder().encode(`<?xml version="1.0"?>\n<!-- drawn by us -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

  it('is a PNG by its signature, or an SVG document', () => {
    assert.deepEqual(checkLogo(encodePng(1, 1, new Uint8Array([0, 0, 0, 255]))), { ok: true, type: 'image/png' });
    assert.deepEqual(checkLogo(svg('<rect width="10" height="10" fill="#0b5cad"/><use href="#a"/>')), { ok: true, type: 'image/svg+xml' });
  });

  it('is refused when empty, too large, or of another type (whatever its name)', () => {
    assert.deepEqual(checkLogo(new Uint8Array(0)), { ok: false, problem: 'empty' });
    assert.deepEqual(checkLogo(new Uint8Array(MAX_LOGO_BYTES + 1)), { ok: false, problem: 'too_large' });
    assert.deepEqual(checkLogo(new TextEncoder().encode('<html><svg></svg></html>')), { ok: false, problem: 'type_not_allowed' });
    assert.deepEqual(checkLogo(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), { ok: false, problem: 'type_not_allowed' });
  });

  it('is refused as an SVG that could run or fetch anything', () => {
    for (const body of [
      '<script>alert(1)</script>',
      '<rect onload="alert(1)"/>',
      '<a href="javascript:alert(1)"><rect/></a>',
      '<image href="https://tracker.example/p.png"/>',
      '<foreignObject><div/></foreignObject>',
      '<use xlink:href="http://evil.example/s.svg#x"/>',
    ]) {
      assert.deepEqual(checkLogo(svg(body)), { ok: false, problem: 'svg_unsafe' }, body);
    }
    assert.deepEqual(checkLogo(new TextEncoder().encode('<!DOCTYPE svg [<!ENTITY x "y">]><svg/>')), { ok: false, problem: 'svg_unsafe' });
  });
});
