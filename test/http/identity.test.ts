import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { encodePng } from '../../src/lib/png';
import { MAX_LOGO_BYTES, saveSettings } from '../../src/modules/settings/settings';
import { SiteSettingsCache } from '../../src/modules/settings/settings.cache';
import { TestClient } from '../support/client';
import { person, PASSWORD } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

// The index gives the app its register version, so visitors' pages are kept in memory: a settings change must drop them.
let t: TestDb;
let admin: TestClient;
let adminId: number;
before(async () => {
  t = await createTestDb({ search: 'index' });
  const a = await person(t, { role: 'admin' });
  adminId = a.userId;
  admin = new TestClient(t.app);
  await admin.signIn(a.email, PASSWORD);
});
after(async () => t.close());

const visit = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
const sha256 = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
const identityForm = (over: Record<string, string>) => ({
  registration: 'approval',
  submissions: 'always',
  confirmAfterDays: '365',
  siteName: '',
  primaryColour: '',
  accentColour: '',
  logoPath: '',
  ...over,
});

async function uploadLogo(bytes: Uint8Array, name: string, locale = 'en') {
  const form = new FormData();
  form.set('_csrf', admin.csrf);
  form.set('logo', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'image/png' }));
  const res = await t.app.request(`/${locale}/admin/settings/logo`, {
    method: 'POST',
    headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: form,
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

describe('the favicon', () => {
  it('answers at /favicon.ico (an ICO of PNGs) and /favicon.svg, as images cached for long, for anyone', async () => {
    const ico = await visit('/favicon.ico');
    assert.equal(ico.status, 200);
    assert.equal(ico.headers.get('content-type'), 'image/x-icon');
    assert.ok(Number(/max-age=(\d+)/.exec(ico.headers.get('cache-control') ?? '')?.[1]) >= 7 * 86400, ico.headers.get('cache-control') ?? '');
    assert.deepEqual(ico.headers.getSetCookie(), []);
    const bytes = Buffer.from(await ico.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0]);
    const first = bytes.readUInt32LE(6 + 12);
    assert.deepEqual([...bytes.subarray(first, first + 4)], [0x89, 0x50, 0x4e, 0x47]);
    const svg = await visit('/favicon.svg');
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(await svg.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('is linked from every page, beside the mark in the header', async () => {
    for (const path of ['/en/', '/ar/search', '/zh/account/sign-in', '/fr/activities/999999']) {
      const html = await (await visit(path)).text();
      assert.match(html, /<link rel="icon" href="\/favicon\.ico"/, path);
      assert.match(html, /<link rel="icon" href="\/favicon\.svg" type="image\/svg\+xml"/, path);
      assert.match(html, /<a class="brand" href="\/[a-z]{2}\/"><span><svg class="logo-mark"[^>]*aria-hidden="true"/, path);
    }
  });
});

describe('an operator’s theme', () => {
  it('shows on every page as soon as it is saved, the kept pages dropped, the inline style allowed by its hash alone', async () => {
    const before = await visit('/en/', { 'accept-encoding': 'gzip' });
    const etag = before.headers.get('etag');
    assert.ok(etag);
    assert.equal((await visit('/en/', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status, 304, 'kept before the change');
    assert.doesNotMatch(await (await visit('/en/')).text(), /<style>/);

    const saved = await admin.post('/en/admin/settings', identityForm({ siteName: 'Register of Tests', primaryColour: '#123456', accentColour: '#7A1F5C' }));
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/en/admin/settings?saved=1');

    const css = ':root{--color-primary:#123456;--color-accent:#7a1f5c}';
    assert.equal((await visit('/en/', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status, 200, 'the kept page is gone');
    for (const path of ['/en/', '/ar/search', '/ru/countries']) {
      const res = await visit(path);
      const html = await res.text();
      assert.ok(html.includes(`<style>${css}</style>`), path);
      assert.match(html, /<title>[^<]* · Register of Tests<\/title>/, path);
      assert.match(res.headers.get('content-security-policy') ?? '', new RegExp(`style-src 'self' ${sha256(css).replace(/[+/]/g, '\\$&')};`), path);
    }
  });

  it('refuses a colour white text cannot be read on, with a localised message and 422, and keeps the earlier theme', async () => {
    const en = await admin.post('/en/admin/settings', identityForm({ primaryColour: '#ffcc00' }));
    assert.equal(en.status, 422);
    assert.match(en.text, /Primary colour: White text on this colour has a contrast of 1\.51 to 1; at least 4\.5 to 1 is needed/);
    assert.match(en.text, /value="#ffcc00"/, 'the input is kept');
    const fr = await admin.post('/fr/admin/settings', identityForm({ accentColour: 'bleu' }));
    assert.equal(fr.status, 422);
    assert.match(fr.text, /Couleur d’accent : Écrivez la couleur sous la forme #|Couleur d’accent: Écrivez la couleur sous la forme #/);
    const ar = await admin.post('/ar/admin/settings', identityForm({ accentColour: '#eeeeee' }));
    assert.equal(ar.status, 422);
    assert.match(ar.text, /تباين النص الأبيض/);
    assert.match(await (await visit('/en/')).text(), /--color-primary:#123456/, 'the saved theme stays');
  });

  it('goes back to the built-in identity when the fields are blanked', async () => {
    assert.equal((await admin.post('/en/admin/settings', identityForm({}))).status, 303);
    const res = await visit('/en/');
    const html = await res.text();
    assert.doesNotMatch(html, /<style>/);
    assert.match(html, new RegExp(`<title>[^<]* · ${t.deps.config.siteName}</title>`));
    assert.match(res.headers.get('content-security-policy') ?? '', /style-src 'self' ;/);
  });

  it('is seen by another instance: its settings cache moves its version when the stored settings change', async () => {
    const other = new SiteSettingsCache(t.deps.db, { ttlMs: 0 });
    assert.equal((await other.get()).settings.accentColour, '');
    const v = other.version();
    await saveSettings(t.deps.db, adminId, { accentColour: '#0a5a3a' });
    await other.reload();
    assert.equal(other.version(), v + 1);
    assert.equal((await other.get()).settings.accentColour, '#0a5a3a');
    await saveSettings(t.deps.db, adminId, { accentColour: '' });
  });
});

describe('an operator’s logo', () => {
  const png = encodePng(2, 2, new Uint8Array(16).fill(200));

  it('is taken as a PNG judged by its bytes, shown in the header and served with its hash in the URL', async () => {
    const up = await uploadLogo(png, 'logo.bin');
    assert.equal(up.status, 303, /class="error"[^<]*>([^<]*)/.exec(up.text)?.[1] ?? up.text.slice(0, 300));
    const html = await (await visit('/en/')).text();
    const src = /<img class="logo-image" src="(\/site-logo\?v=[\w-]+)" alt=""/.exec(html)?.[1];
    assert.ok(src, 'the header shows the uploaded logo');
    assert.doesNotMatch(html, /class="logo-mark"/);
    const logo = await visit(src);
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.match(logo.headers.get('cache-control') ?? '', /immutable/);
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), Buffer.from(png));
  });

  it('refuses what is not a plain PNG or SVG, or too large, with a localised message and 422', async () => {
    const script = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const cases: Array<[Uint8Array, string, RegExp]> = [
      [script, 'en', /Logo: The SVG contains scripts/],
      [new TextEncoder().encode('GIF89a……'), 'en', /Logo: The file is neither a PNG nor an SVG image/],
      [new Uint8Array(MAX_LOGO_BYTES + 10).fill(1), 'es', /Logotipo: El logotipo supera los 100 KB/],
      [new Uint8Array(0), 'en', /Logo: This is required/],
    ];
    for (const [bytes, locale, message] of cases) {
      const r = await uploadLogo(bytes, 'logo.png', locale);
      assert.equal(r.status, 422, String(message));
      assert.match(r.text, message);
    }
    assert.match(await (await visit('/en/')).text(), /class="logo-image"/, 'the earlier logo stays');
  });

  it('can be removed: the team’s mark comes back and /site-logo answers 404', async () => {
    assert.equal((await admin.post('/en/admin/settings/logo/remove')).status, 303);
    const html = await (await visit('/en/')).text();
    assert.match(html, /class="logo-mark"/);
    assert.equal((await visit('/site-logo')).status, 404);
  });

  it('may be a path on this site instead', async () => {
    assert.equal((await admin.post('/en/admin/settings', identityForm({ logoPath: '/static/brand.svg' }))).status, 303);
    assert.match(await (await visit('/en/')).text(), /<img class="logo-image" src="\/static\/brand\.svg"/);
    const bad = await admin.post('/en/admin/settings', identityForm({ logoPath: 'https://elsewhere.example/logo.png' }));
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Logo path: Give a path on this site/);
    assert.equal((await admin.post('/en/admin/settings', identityForm({}))).status, 303);
  });
});
