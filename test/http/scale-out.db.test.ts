import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { NGINX_EXAMPLE, nginxPath, nginxSiteConfig, startStack, type Stack } from '../../scripts/scale-out/stack';
import { createTestDb, usingPostgres, type TestDb } from '../support/test-db';

describe('the nginx example as the scale-out script uses it', () => {
  it('substitutes ports and the cache folder, and refuses an example it no longer understands', () => {
    const example = readFileSync(NGINX_EXAMPLE, 'utf8');
    const site = nginxSiteConfig(example, { listenPort: 9001, upstreamPorts: [9002, 9003], cacheDir: '/tmp/c' });
    assert.match(site, /listen 127\.0\.0\.1:9001;/);
    assert.match(site, /server 127\.0\.0\.1:9002 /);
    assert.match(site, /server 127\.0\.0\.1:9003 /);
    assert.match(site, /proxy_cache_path \/tmp\/c /);
    assert.doesNotMatch(site, /:3001|:3002|:8080|\/var\/cache/);
    assert.throws(() => nginxSiteConfig(example.replace('server 127.0.0.1:3002 ', ''), { listenPort: 1, upstreamPorts: [2, 3], cacheDir: '/c' }), /3002/);
  });
});

const skip = !usingPostgres
  ? 'needs PostgreSQL (TEST_DATABASE_URL); .ci/run provides it'
  : !nginxPath()
    ? 'needs nginx (apt-get install nginx-light); .ci/run installs it'
    : false;

// Two instances on one PostgreSQL behind deploy/nginx/stocktake.conf, as `npm run scale-out` starts them.
describe('two instances behind the example nginx cache', { skip }, () => {
  let db: TestDb;
  let stack: Stack;
  before(async () => {
    db = await createTestDb();
    stack = await startStack({ databaseUrl: db.databaseUrl!, demo: false });
  });
  after(async () => {
    await stack?.stop();
    await db?.close();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(stack.base + path, { headers, redirect: 'manual' });
    return { status: res.status, cache: res.headers.get('x-cache-status'), cacheControl: res.headers.get('cache-control'), body: await res.text() };
  };

  it("serves a visitor's second visit from the cache, with the same page", async () => {
    const first = await get('/en/search?q=scaleone');
    const second = await get('/en/search?q=scaleone');
    assert.equal(first.status, 200);
    assert.equal(first.cache, 'MISS');
    assert.equal(second.cache, 'HIT');
    assert.equal(second.body, first.body);
  });

  it('never answers a request with a session cookie from the cache, nor stores its answer', async () => {
    await get('/en/search?q=cached');
    const signedIn = await get('/en/search?q=cached', { cookie: 'theme=x; stk_session=not-a-session' });
    assert.equal(signedIn.cache, 'BYPASS');
    const secure = await get('/en/search?q=cached', { cookie: '__Host-stk_session=not-a-session' });
    assert.equal(secure.cache, 'BYPASS');
  });

  it('passes a form post through, uncached', async () => {
    const res = await fetch(`${stack.base}/en/sign-in`, { method: 'POST', body: new URLSearchParams({ email: 'a@example.org' }), redirect: 'manual' });
    await res.arrayBuffer();
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.equal(res.headers.get('x-cache-status'), null);
  });

  it('keeps serving when one instance stops', async () => {
    await stack.stopInstance(0);
    for (let i = 0; i < 4; i++) {
      const res = await get(`/en/search?q=failover${i}`);
      assert.equal(res.status, 200, `request ${i}`);
    }
  });
});
