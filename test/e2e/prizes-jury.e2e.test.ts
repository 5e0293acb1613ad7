import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeViolations, launchChromium, type RunningServer, signIn, startServer, submit } from '../support/browser';
import { person } from '../support/people';
import { juryContest, movePhase } from '../support/prize-jury';

let server: RunningServer;
let browser: Browser;
let curator: { userId: number; email: string };
let juror: { userId: number; email: string };

before(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
  curator = await person(server.db, { role: 'curator' });
  juror = await person(server.db, { name: 'Jury Member' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** axe on a page in English and Arabic, with the cookies of `from` (axe needs JavaScript; the journeys run without). */
async function axeBoth(from: BrowserContext | null, path: string, problems: string[]) {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    if (from) await context.addCookies(await from.cookies());
    const page = await context.newPage();
    for (const locale of ['en', 'ar']) {
      const res = await page.goto(`${server.url}/${locale}${path}`);
      assert.equal(res?.status(), 200, `${locale}${path}`);
      for (const v of await axeViolations(page)) problems.push(`${locale}${path} ${v}`);
    }
  } finally {
    await context.close();
  }
}

describe('the prizes jury in Chromium', () => {
  it('a curator assigns a juror, the juror declares and scores, the curator confirms, the public reads the winners; axe finds nothing in en and ar', async () => {
    const voters = await Promise.all([1, 2, 3, 4, 5].map(async () => (await person(server.db)).userId));
    const c = await juryContest(server.db.handle.db, { at: 'selection', createdBy: curator.userId, voters });
    const curatorContext = await browser.newContext({ javaScriptEnabled: false });
    const jurorContext = await browser.newContext({ javaScriptEnabled: false });
    const problems: string[] = [];
    try {
      const cur = await signIn(server, curatorContext, curator.email);
      await cur.goto(`${server.url}/en/prizes/${c.year}/selection`);
      await cur.fill('#f-email', juror.email);
      await submit(cur, 'form[action$="/jurors"] button[type=submit]');
      assert.match(await cur.content(), /Jury Member/);

      const jur = await signIn(server, jurorContext, juror.email);
      await jur.goto(`${server.url}/en/prizes/${c.year}`);
      await submit(jur, `a[href="/en/prizes/${c.year}/jury"]`);
      const first = c.top[0]!;
      await jur.check(`#n-${first} input[name=conflict][value=no]`);
      await submit(jur, `#n-${first} form button[type=submit]`);
      for (const [name, v] of [
        ['impact', '11'],
        ['sustainability', '7'],
        ['replicability', '6'],
        ['linkage', '9'],
      ] as const)
        await jur.fill(`#f-${first}-${name}`, v);
      // The browser's own range check would stop an 11: the server's answer is what is tested here.
      await jur.evaluate(() => document.querySelectorAll('form').forEach((f) => f.setAttribute('novalidate', '')));
      await submit(jur, `#n-${first} form button[type=submit]`);
      assert.match(await jur.content(), /Impact: A score is a whole number from 1 to 10/);
      await jur.fill(`#f-${first}-impact`, '8');
      await submit(jur, `#n-${first} form button[type=submit]`);
      assert.match(await jur.content(), /Your scores are saved/);
      await axeBoth(jurorContext, `/prizes/${c.year}/jury`, problems);

      await cur.goto(`${server.url}/en/prizes/${c.year}/selection`);
      assert.match(await cur.content(), /scored by 1 juror/);
      await cur.selectOption(`#f-award-${first}`, 'winner');
      for (const id of c.top.slice(1)) await cur.selectOption(`#f-award-${id}`, 'champion');
      await submit(cur, 'form[action$="/selection/c1"] button[type=submit]');
      assert.match(await cur.content(), /<option value="winner" selected/);
      await axeBoth(curatorContext, `/prizes/${c.year}/selection`, problems);
      // The curators' page of fraud signals and exclusions over the same contest's votes.
      await axeBoth(curatorContext, `/prizes/${c.year}/votes`, problems);

      await movePhase(server.db.handle.db, c.id, 'announcement');
      const visitor = await browser.newPage();
      await visitor.goto(`${server.url}/en/prizes/${c.year}`);
      await submit(visitor, `a[href="/en/prizes/${c.year}/winners"]`);
      assert.match(await visitor.content(), /<strong>Winner<\/strong>/);
      await axeBoth(null, `/prizes/${c.year}/winners`, problems);
      await visitor.close();
    } finally {
      await curatorContext.close();
      await jurorContext.close();
    }
    assert.deepEqual(problems, []);
  });
});
