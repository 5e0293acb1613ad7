import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityJson } from '../support/factories';
import { TestClient } from '../support/client';
import { PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
/** The same database behind an app that lets only one partner embed it. */
let partnerOnly: ReturnType<typeof createApp>;
const PARTNER = 'https://partner.example.org';

const C5 = Array.from({ length: 5 }, (_, i) => `Cybersecurity clinic Qv${i}`);

before(async () => {
  t = await createTestDb({ search: 'index' });
  const report = await importEntries(t.deps, [
    ...C5.map((title, i) =>
      JSON.stringify(
        activityJson({
          externalId: `emb-c5-${i}`,
          actionLines: ['c5'],
          countries: ['GH'],
          translations: {
            en: { title, summary: `${title}: trust and security in Accra.`, description: '' },
            ar: { title: `عيادة الأمن السيبراني ${i} Qv${i}`, summary: 'الثقة والأمن في أكرا.', description: '' },
          },
        }),
      ),
    ),
    JSON.stringify(
      activityJson({
        externalId: 'emb-other',
        actionLines: ['c3'],
        countries: ['FR'],
        translations: { en: { title: 'Library access Qw', summary: 'Books.', description: '' } },
      }),
    ),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  await t.index!.refresh();
  const config = loadConfig({
    BASE_URL: 'http://stocktake.test',
    LOG_LEVEL: 'silent',
    PASSWORD_COST: '14',
    EMBED_ORIGINS: `${PARTNER}, https://second.example.org`,
  });
  partnerOnly = createApp({ ...t.deps, config });
});
after(() => t.close());

const get = (path: string, headers: Record<string, string> = {}, app: { request: typeof t.app.request } = t.app) => app.request(path, { headers });

describe('the embed page: one search without the site, in a frame', () => {
  it('lists the filtered search, links each entry to the main site in a new browsing context, and carries no chrome', async () => {
    const res = await get('/embed/en/search?actionLine=c5&sort=title');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<html lang="en" dir="ltr">/);
    for (const title of C5) assert.ok(html.includes(title), title);
    assert.ok(!html.includes('Library access Qw'), 'an entry outside the filter');
    assert.ok(!html.includes('site-header') && !html.includes('/static/app.css') && !html.includes('<script'), 'no chrome, no script');
    assert.match(html, /\/static\/embed\.css\?v=/);
    const links = [...html.matchAll(/<a href="(http:\/\/stocktake\.test\/en\/activities\/\d+)" target="_blank" rel="noopener">/g)];
    assert.equal(links.length, C5.length);
    assert.match(html, /Results: 5/);
  });

  it('is right-to-left in Arabic, with the Arabic titles', async () => {
    const html = await (await get('/embed/ar/search?actionLine=c5')).text();
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.ok(html.includes('عيادة الأمن السيبراني 0 Qv0'));
    assert.ok(html.includes('يُفتح في علامة تبويب جديدة'), 'the new-tab notice in Arabic');
  });

  it('pages through at the page size asked, keeping the search and options in its links', async () => {
    const html = await (await get('/embed/en/search?actionLine=c5&sort=title&pageSize=2&layout=compact')).text();
    assert.equal([...html.matchAll(/class="stk-item"/g)].length, 2);
    assert.match(html, /class="stk stk-compact"/);
    const next = /<a rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(next, 'a next page link');
    assert.deepEqual(Object.fromEntries(new URL(next, 'http://x').searchParams), {
      actionLine: 'c5',
      sort: 'title',
      pageSize: '2',
      page: '2',
      layout: 'compact',
    });
    const second = await (await get(next)).text();
    assert.ok(second.includes(C5[2]!) && !second.includes(C5[0]!));
  });

  it('shows the chosen facets as a small GET form that keeps the rest of the embed', async () => {
    const html = await (await get('/embed/en/search?actionLine=c5&facets=country,actionLine&layout=cards&accent=%23aa0000')).text();
    assert.match(html, /<form method="get" action="\/embed\/en\/search" class="stk-filters">/);
    assert.match(html, /<select id="stk-f-country" name="country">/);
    assert.match(html, /<select id="stk-f-actionLine" name="actionLine">/);
    assert.match(html, /<option value="c5" selected="">/);
    assert.match(html, /<input type="hidden" name="layout" value="cards"\/>/);
    assert.match(html, /<input type="hidden" name="facets" value="country,actionLine"\/>/);
    assert.ok(!/type="hidden" name="actionLine"/.test(html), 'a facet shown as a select is not also a hidden field');
  });

  it('caps the page size and refuses every bad option with a localised 400, inside the frame', async () => {
    assert.equal((await get('/embed/en/search?pageSize=50')).status, 200);
    for (const query of [
      'pageSize=51',
      'pageSize=0',
      'layout=grid',
      'facets=colour',
      'facets=country,country',
      'accent=red',
      'color=%23abc',
      'font=Arial%3B%7Dbody%7Bdisplay%3Anone',
      'radius=25',
      'density=3',
      'sort=random',
      'page=1001',
      'actionLine=zz9',
    ]) {
      const res = await get(`/embed/fr/search?${query}`);
      assert.equal(res.status, 400, query);
      const html = await res.text();
      assert.match(html, /<html lang="fr" dir="ltr">/, query);
      assert.match(html, /Erreur 400/, query);
      assert.ok(!html.includes('site-header'), query);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors \*/, query);
    }
    const ar = await (await get('/embed/ar/search?pageSize=51')).text();
    assert.match(ar, /خطأ 400/);
    assert.equal((await get('/embed/xx/search')).status, 404);
  });

  it('sets no cookie and answers every reader as a visitor, cacheable, even one who is signed in', async () => {
    const plain = await get('/embed/en/search?actionLine=c5', { 'accept-encoding': 'identity' });
    assert.equal(plain.headers.get('set-cookie'), null);
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=0, s-maxage=60');
    assert.ok(plain.headers.get('etag'));
    const { email } = await person(t);
    const client = new TestClient(t.app);
    await client.signIn(email, PASSWORD);
    assert.ok(client.cookies.size > 0);
    const signedIn = await client.request('GET', '/embed/en/search?actionLine=c5', { headers: { 'accept-encoding': 'identity' } });
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.headers.get('set-cookie'), null);
    // The session is not even looked up: the page is the visitors' one, byte for byte.
    assert.equal(await signedIn.text(), await plain.text());
    assert.equal((await get('/embed.js')).headers.get('set-cookie'), null);
  });
});

describe('framing: EMBED_ORIGINS sets frame-ancestors on the embeds only', () => {
  it('lets any site frame an embed by default, and only the listed partners (and the site) when set', async () => {
    const any = await get('/embed/en/search');
    assert.match(any.headers.get('content-security-policy') ?? '', /frame-ancestors \*(;|$)/);
    assert.equal(any.headers.get('x-frame-options'), null);
    assert.equal(any.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const listed = await get('/embed/en/search', {}, partnerOnly);
    assert.match(
      listed.headers.get('content-security-policy') ?? '',
      /frame-ancestors 'self' https:\/\/partner\.example\.org https:\/\/second\.example\.org(;|$)/,
    );
  });

  it('keeps the site’s own pages unframeable by others', async () => {
    for (const app of [t.app, partnerOnly]) {
      for (const path of ['/en/search', '/en/embed', '/api/v1/search']) {
        const res = await get(path, {}, app);
        assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'self'(;|$)/, path);
        assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      }
    }
  });

  it('allows the theme’s one inline rule by its hash, and nothing else', async () => {
    const res = await get('/embed/en/search?accent=%23aa0000&radius=0&density=1.5&font=Noto%20Sans');
    const html = await res.text();
    const css = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
    assert.equal(css, ':root{--stocktake-accent:#aa0000;--stocktake-font:Noto Sans;--stocktake-radius:0px;--stocktake-density:1.5}');
    const hash = createHash('sha256').update(css).digest('base64');
    assert.ok((res.headers.get('content-security-policy') ?? '').includes(`style-src 'self' 'sha256-${hash}'`));
    const bare = await get('/embed/en/search');
    assert.ok(!(await bare.text()).includes('<style>'));
    assert.doesNotMatch(bare.headers.get('content-security-policy') ?? '', /sha256/);
  });
});

describe('CORS on the public GET API', () => {
  it('answers any origin by default, without credentials', async () => {
    const res = await get('/api/v1/search?actionLine=c5', { origin: 'https://anyone.example' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    // A cache in front may keep it for everyone: the header does not depend on the request.
    assert.equal((await get('/api/v1/activities')).headers.get('access-control-allow-origin'), '*');
  });

  it('names an allowed origin, varies by Origin, and refuses the others, also when the answer is kept in memory', async () => {
    const path = `/api/v1/search?actionLine=c5&q=Qv1`;
    for (let round = 0; round < 2; round++) {
      const allowed = await get(path, { origin: PARTNER }, partnerOnly);
      assert.equal(allowed.headers.get('access-control-allow-origin'), PARTNER, `round ${round}`);
      assert.match(allowed.headers.get('vary') ?? '', /Origin/);
      assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
      const denied = await get(path, { origin: 'https://intruder.example' }, partnerOnly);
      assert.equal(denied.status, 200);
      assert.equal(denied.headers.get('access-control-allow-origin'), null, `round ${round}`);
      assert.match(denied.headers.get('vary') ?? '', /Origin/);
    }
  });

  it('answers a preflight for GET and HEAD only, and only for allowed origins', async () => {
    const preflight = (app: typeof partnerOnly, origin: string, method: string, path = '/api/v1/search') =>
      app.request(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method } });
    const ok = await preflight(partnerOnly, PARTNER, 'GET');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), PARTNER);
    assert.equal(ok.headers.get('access-control-allow-methods'), 'GET, HEAD');
    assert.equal(ok.headers.get('access-control-allow-credentials'), null);
    assert.equal((await preflight(t.app, 'https://anyone.example', 'HEAD')).headers.get('access-control-allow-origin'), '*');
    for (const [origin, method] of [
      ['https://intruder.example', 'GET'],
      [PARTNER, 'POST'],
      [PARTNER, 'DELETE'],
    ] as const) {
      const res = await preflight(partnerOnly, origin, method);
      assert.equal(res.headers.get('access-control-allow-origin'), null, `${origin} ${method}`);
      assert.equal(res.headers.get('access-control-allow-methods'), null, `${origin} ${method}`);
    }
  });

  it('never puts CORS on submissions or any write', async () => {
    for (const app of [t.app, partnerOnly]) {
      const read = await app.request('/api/v1/submissions/1', { headers: { origin: PARTNER } });
      assert.equal(read.headers.get('access-control-allow-origin'), null);
      const pre = await app.request('/api/v1/submissions', { method: 'OPTIONS', headers: { origin: PARTNER, 'access-control-request-method': 'POST' } });
      assert.equal(pre.headers.get('access-control-allow-origin'), null);
      const preGet = await app.request('/api/v1/submissions/1', { method: 'OPTIONS', headers: { origin: PARTNER, 'access-control-request-method': 'GET' } });
      assert.equal(preGet.headers.get('access-control-allow-origin'), null);
      const write = await app.request('/api/v1/submissions', {
        method: 'POST',
        headers: { origin: PARTNER, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.ok(write.status >= 400);
      assert.equal(write.headers.get('access-control-allow-origin'), null);
      const patch = await app.request('/api/v1/activities', { method: 'PATCH', headers: { origin: PARTNER } });
      assert.equal(patch.headers.get('access-control-allow-origin'), null);
    }
    // Pages are not the API: no CORS there either.
    assert.equal((await get('/en/search', { origin: PARTNER })).headers.get('access-control-allow-origin'), null);
  });
});

describe('images in the embeds', () => {
  it('the cards layout shows a story’s image with its alt text, lazily, at a fixed ratio; the list layout and entries without one show none', async () => {
    const image = {
      width: 1200,
      height: 800,
      variants: [
        { id: 41, width: 400, type: 'image/webp' },
        { id: 42, width: 800, type: 'image/webp' },
        { id: 43, width: 800, type: 'image/jpeg' },
      ],
      alt: { en: 'Volunteers at a clinic Qz', fr: 'Des bénévoles à une clinique Qz' },
    };
    const json = activityJson({ externalId: 'emb-story', kind: 'story', story: { strategy: 'Start small.', activityId: null, image } });
    for (const key of ['activityType', 'status', 'scope']) delete json[key];
    json.translations = { en: { title: 'A clinic story Qz', summary: 'Volunteers in Accra.', description: '' } };
    const report = await importEntries(t.deps, [JSON.stringify(json)]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    await t.index!.refresh();
    const cards = await (await get('/embed/fr/search?q=Qz&layout=cards')).text();
    const picture = cards.match(/<picture class="stk-img">[\s\S]*?<\/picture>/)?.[0];
    assert.ok(picture, cards);
    assert.match(picture, /<source type="image\/webp" srcset="\/images\/41 400w, \/images\/42 800w"/);
    assert.match(picture, /<img src="\/images\/43"/);
    assert.match(picture, /alt="Des bénévoles à une clinique Qz"/, 'in the reader’s language');
    assert.match(picture, /loading="lazy"/);
    assert.match(picture, /width="1200" height="800"/);
    assert.doesNotMatch(await (await get('/embed/fr/search?q=Qz&layout=list')).text(), /<picture/);
    assert.doesNotMatch(await (await get('/embed/en/search?q=Qv0&layout=cards')).text(), /<picture/, 'an activity has no image');
    const css = await (await get('/static/embed.css')).text();
    assert.match(css, /\.stk-img img \{[^}]*aspect-ratio: 4 \/ 3;[^}]*object-fit: cover/);
    // The web component draws the same picture from the API's JSON, whose image the script reads.
    const api = (await (await get('/api/v1/search?q=Qz')).json()) as { data: Array<{ details: { image: { variants: Array<{ url: string }>; alt: object } } }> };
    assert.equal(api.data[0]!.details.image.variants[0]!.url, 'http://stocktake.test/images/41');
    const script = await (await get('/embed.js')).text();
    assert.match(script, /layout === 'cards' && e\.details && e\.details\.image/);
    assert.match(script, /loading: 'lazy'/);
  });
});

describe('/embed.js', () => {
  it('weighs at most 15 KB compressed, parses, and carries the six languages', async (ctx) => {
    const res = await get('/embed.js', { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    const gz = Buffer.from(await res.arrayBuffer());
    const source = gunzipSync(gz).toString('utf8');
    ctx.diagnostic(`embed.js: ${source.length} bytes, ${gz.length} bytes gzipped (budget 15360)`);
    assert.ok(gz.length <= 15 * 1024, `${gz.length} bytes gzipped`);
    assert.doesNotThrow(() => new Function(source));
    assert.ok(!source.includes('/*@config*/'), 'the configuration is filled in');
    for (const text of ['النتائج: {count}', 'Résultats : {count}', '结果：{count}', 'stk-cards', '"activity":"activities"'])
      assert.ok(source.includes(text), text);
  });

  it('is cached long with an ETag, answers 304, and may be loaded by any site', async () => {
    const res = await get('/embed.js');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=86400/);
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const again = await get('/embed.js', { 'if-none-match': etag });
    assert.equal(again.status, 304);
  });
});

describe('the embed generator', () => {
  it('is linked from search pages with the search kept', async () => {
    const html = await (await get('/en/actors?q=data&region=002')).text();
    assert.match(html, /<a href="\/en\/embed\?q=data&amp;kind=actor&amp;region=002">Embed this search<\/a>/);
  });

  it('reads a pasted search address, previews it in a frame and writes both snippets', async () => {
    const url = 'https://elsewhere.example/fr/activities?actionLine=c5&sort=newest&utm_source=x';
    const res = await get(`/en/embed?url=${encodeURIComponent(url)}&layout=cards&facets=country&facets=region&pageSize=5&accent=%23aa0000`);
    assert.equal(res.status, 200);
    const html = await res.text();
    const preview = /<iframe class="embed-preview" src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    assert.equal(preview, '/embed/en/search?kind=activity&actionLine=c5&sort=newest&pageSize=5&layout=cards&facets=country%2Cregion&accent=%23aa0000');
    const iframe = /<textarea id="snippet-iframe"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
    assert.ok(iframe.includes('&lt;iframe src=&quot;http://stocktake.test/embed/en/search?kind=activity'), iframe);
    const script = /<textarea id="snippet-script"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
    for (const part of [
      'http://stocktake.test/embed.js',
      'kind=&quot;activity&quot;',
      'search=&quot;actionLine=c5&quot;',
      'layout=&quot;cards&quot;',
      'facets=&quot;country,region&quot;',
      '--stocktake-accent: #aa0000;',
    ])
      assert.ok(script.includes(part), part);
    for (const prop of ['color', 'background', 'accent', 'font', 'radius', 'density']) assert.ok(html.includes(`--stocktake-${prop}`), prop);
    // The address has been read into the fields: it is not applied again over later edits.
    assert.match(html, /<input type="url" id="f-url" name="url" value=""/);
  });

  it('keeps the crosswalk option of a pasted search in both snippets, and as a ticked box that a second submit keeps', async () => {
    const url = 'https://elsewhere.example/en/search?sdg=9&crosswalk=1';
    const html = await (await get(`/en/embed?url=${encodeURIComponent(url)}`)).text();
    const iframe = /<textarea id="snippet-iframe"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
    assert.ok(iframe.includes('/embed/en/search?sdg=9&amp;amp;crosswalk=1'), iframe);
    const script = /<textarea id="snippet-script"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
    assert.ok(script.includes('search=&quot;sdg=9&amp;amp;crosswalk=1&quot;'), script);
    assert.match(html, /<input type="checkbox" name="crosswalk" value="1" id="f-crosswalk" checked=""/);
    // The form submitted again (the address read into its fields): the option is still there.
    const again = await (await get('/en/embed?sdg=9&crosswalk=1')).text();
    assert.ok((/<textarea id="snippet-iframe"[^>]*>([^<]*)<\/textarea>/.exec(again)?.[1] ?? '').includes('crosswalk=1'));
    assert.match(again, /id="f-crosswalk" checked=""/);
    const off = await (await get('/en/embed?sdg=9')).text();
    assert.doesNotMatch(off, /id="f-crosswalk" checked/);
  });

  it('says when an address is not a search page, and refuses bad options with a localised 400', async () => {
    const html = await (await get(`/es/embed?url=${encodeURIComponent('https://x.example/es/account')}`)).text();
    assert.ok(html.includes('No es la dirección de una página de búsqueda'));
    const bad = await get('/ru/embed?pageSize=500');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Ошибка 400/);
  });
});
