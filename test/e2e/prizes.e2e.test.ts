import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DAY_MS, HOUR_MS } from '../../src/lib/time-zones';
import { PHASES, type Phase } from '../../src/modules/prizes/prizes';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { axeViolations, launchChromium, type RunningServer, signIn, startServer, submit } from '../support/browser';
import { entryLine } from '../support/factories';
import { organisation, person } from '../support/people';
import { prizeContest, prizeNomination } from '../support/prizes';

const PHONE = { width: 375, height: 740 };
const LOCALES = ['en', 'ar'] as const;
const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => (i % 7 === 6 ? `${w}.` : w)).join(' ');
const PROJECT = 'Telecentres for Every Village';

let server: RunningServer;
let browser: Browser;
let contest: { id: number; year: number };
let entryId: number;
let orgId: number;
let people: Record<'contributor' | 'curator' | 'voterEn' | 'voterAr', { userId: number; email: string }>;

/** Moves the contest's phase starts (instants, each phase a day long) so that it is now in `at`: the app has no contest edit form. */
async function movePhase(at: Phase) {
  const index = PHASES.indexOf(at);
  const now = Date.now();
  const phases = Object.fromEntries(PHASES.map((p, i) => [p, new Date(now + (i - index) * DAY_MS - HOUR_MS).toISOString()]));
  await server.db.handle.db
    .updateTable('prizeContests')
    .set({ phases: JSON.stringify(phases) })
    .where('id', '=', contest.id)
    .execute();
}

before(async () => {
  server = await startServer({ demo: false });
  browser = await launchChromium();
  const db = server.db.handle.db;
  orgId = await organisation(server.db, 'Village Connect Network');
  people = {
    contributor: await person(server.db, { organisationId: orgId, memberRole: 'editor' }),
    curator: await person(server.db, { role: 'curator' }),
    voterEn: await person(server.db),
    voterAr: await person(server.db, { locale: 'ar' }),
  };
  // The contributor's published, completed activity, with a description long enough for the voters' 150–200 words.
  const report = await importEntries(server.db.deps, [
    entryLine('prize-journey', PROJECT, {
      status: 'completed',
      translations: { en: { title: PROJECT, summary: 'Telecentres in every village.', description: words(170, 'telecentres') } },
    }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  const entry = await db.selectFrom('entries').select('id').where('externalId', 'like', '%prize-journey').executeTakeFirstOrThrow();
  entryId = entry.id;
  await db.updateTable('entries').set({ ownerOrganisationId: orgId }).where('id', '=', entryId).execute();
  contest = await prizeContest(db, 'submission');
  await db
    .updateTable('prizeContests')
    .set({ titles: JSON.stringify({ en: `WSIS Prizes ${contest.year}`, ar: `جوائز القمة العالمية لمجتمع المعلومات ${contest.year}` }) })
    .where('id', '=', contest.id)
    .execute();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Loads a prize page in en and ar and records its axe violations and any sideways scroll at 375 px.
 * (A page the journey already holds in one locale is checked as it stands, e.g. a form after a 422.)
 */
const problems: string[] = [];
async function checkTemplate(page: Page, path: string, expected = 200) {
  for (const locale of LOCALES) {
    const url = `${server.url}/${locale}${path}`;
    const res = await page.goto(url);
    assert.equal(res?.status(), expected, url);
    await checkLoaded(page, `${locale}${path}`, locale);
  }
}
async function checkLoaded(page: Page, label: string, locale: 'en' | 'ar') {
  assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr', label);
  for (const v of await axeViolations(page)) problems.push(`${label} ${v}`);
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (over > 0) problems.push(`${label}: ${over}px wider than 375`);
}

describe('the WSIS Prizes in Chromium, at 375 px', () => {
  it('nominate from an entry → screen → vote in en and ar (the latter without JavaScript) → close → top five; every template axe-clean in en and ar', async () => {
    const ctx = (javaScriptEnabled = true) => browser.newContext({ viewport: PHONE, bypassCSP: true, javaScriptEnabled });
    const contexts = { contributor: await ctx(), curator: await ctx(), voterEn: await ctx(), voterAr: await ctx(false), visitor: await ctx() };
    try {
      const base = `/prizes/${contest.year}`;
      const contributor = await signIn(server, contexts.contributor, people.contributor.email);
      const curator = await signIn(server, contexts.curator, people.curator.email);

      // Submission: the contributor starts from the published entry, from the contest page.
      await checkTemplate(contributor, '/prizes');
      await checkTemplate(curator, '/prizes/new');
      await checkTemplate(contributor, base);
      await contributor.goto(`${server.url}/en${base}`);
      await submit(contributor, `a[href$="${base}/nominate"]`);
      await checkTemplate(contributor, `${base}/nominate`);
      await contributor.goto(`${server.url}/en${base}/nominate`);
      await contributor.selectOption('#f-entry', String(entryId));
      await submit(contributor, 'main form[action$="/nominate"] button[type=submit]');
      assert.equal(await contributor.inputValue('#f-title'), PROJECT, 'the form is filled from the entry');
      assert.equal(await contributor.inputValue('#f-projectStatus'), 'completed');
      assert.equal(await contributor.locator('input[name=entryId]').getAttribute('value'), String(entryId));
      await contributor.fill('#f-linkage', words(55, 'C3 access to information serves SDG 4'));
      await contributor.fill('#f-impact', words(55, 'two hundred villages online'));
      await contributor.fill('#f-partners', words(12, 'cooperatives'));
      await contributor.fill('#f-challenges', words(35, 'power cuts'));
      // No category chosen yet: the form comes back with the field's error, the answers kept.
      await submit(contributor, 'main form[method=post] button[type=submit]');
      assert.ok(await contributor.locator('#f-category-error').count(), 'the category is required');
      assert.equal(await contributor.inputValue('#f-title'), PROJECT);
      await checkLoaded(contributor, 'en nominate (422)', 'en');
      // The same in Arabic, from an empty form: every required field's error at once, right to left.
      const arForm = await contexts.contributor.newPage();
      await arForm.goto(`${server.url}/ar${base}/nominate`);
      await submit(arForm, 'main form[method=post] button[type=submit]');
      assert.ok(await arForm.locator('#error-summary').count(), 'the Arabic form lists its errors');
      await checkLoaded(arForm, 'ar nominate (422)', 'ar');
      await arForm.close();
      await contributor.selectOption('#f-category', 'c3');
      await submit(contributor, 'main form[method=post] button[type=submit]');
      const nominationId = Number(/\/nominations\/(\d+)$/.exec(contributor.url())?.[1]);
      assert.ok(nominationId > 0, contributor.url());
      await checkTemplate(contributor, `${base}/nominations/${nominationId}`);
      // A nomination sent back with a curator's comment per field comes back to its nominator as a form.
      const sentBack = await prizeNomination(server.db.handle.db, {
        contestId: contest.id,
        organisationId: orgId,
        createdBy: people.contributor.userId,
        status: 'changes_requested',
        category: 'c1',
      });
      await checkTemplate(contributor, `${base}/nominations/${sentBack}`);
      assert.ok(await contributor.locator('#f-impact-comment').count(), 'the curator’s comment is beside the field');

      // Screening: the curator accepts it from the queue.
      await movePhase('screening');
      await checkTemplate(curator, `${base}/screening`);
      await curator.goto(`${server.url}/en${base}/screening`);
      const card = curator.locator(`article:has-text("${PROJECT}")`);
      await card.locator('input[name=decision][value=accept]').check();
      await Promise.all([curator.waitForNavigation({ waitUntil: 'load' }), card.locator('button[type=submit]').click()]);
      assert.match(curator.url(), /\/screening$/);
      assert.equal(await curator.locator(`article:has-text("${PROJECT}")`).count(), 0, 'left the queue');
      await checkTemplate(contributor, base);

      // Five more accepted nominations in C3, and 18 votes cast for them by others, so that the results have a sixth to leave out.
      const db = server.db.handle.db;
      const voters = await db
        .insertInto('users')
        .values(
          Array.from({ length: 18 }, (_, i) => ({
            email: `voter-${i}-${contest.year}@people.test`,
            passwordHash: 'x',
            displayName: `Voter ${i}`,
            locale: 'en',
            role: 'contributor' as const,
            status: 'active' as const,
            emailVerifiedAt: new Date(),
          })),
        )
        .returning('id')
        .execute();
      const others: Array<{ title: string; votes: number; id: number }> = [];
      for (const [i, votes] of [6, 5, 4, 2, 1].entries()) {
        const title = `Rival project ${'ABCDE'[i]}`;
        const id = await prizeNomination(db, {
          contestId: contest.id,
          organisationId: await organisation(server.db, `Rival network ${'ABCDE'[i]}`),
          createdBy: people.curator.userId,
          status: 'accepted',
          category: 'c3',
          title,
        });
        others.push({ title, votes, id });
      }
      let next = 0;
      await db
        .insertInto('prizeVotes')
        .values(
          others.flatMap((o) =>
            Array.from({ length: o.votes }, () => ({ contestId: contest.id, category: 'c3', userId: voters[next++]!.id, nominationId: o.id })),
          ),
        )
        .execute();

      // Voting: one verified voter in English with JavaScript, another in Arabic without.
      assert.equal((await contributor.goto(`${server.url}/en${base}/results`))?.status(), 404, 'no results before voting');
      await movePhase('voting');
      const voterEn = await signIn(server, contexts.voterEn, people.voterEn.email);
      await checkTemplate(voterEn, `${base}/categories/c3`);
      await voterEn.goto(`${server.url}/en${base}/categories/c3`);
      const enCard = voterEn.locator(`article:has-text("${PROJECT}")`);
      await Promise.all([voterEn.waitForNavigation({ waitUntil: 'load' }), enCard.locator('button[type=submit]').click()]);
      assert.match(voterEn.url(), /\/en\/prizes\/\d+\/categories\/c3$/);
      assert.equal(await voterEn.locator(`article:has-text("${PROJECT}") .notice`).textContent(), 'Your vote');

      const voterAr = await signIn(server, contexts.voterAr, people.voterAr.email, 'ar');
      await voterAr.goto(`${server.url}/ar${base}/categories/c3`);
      assert.equal(await voterAr.getAttribute('html', 'dir'), 'rtl');
      const arButton = voterAr.locator(`article:has-text("${PROJECT}") button[type=submit]`);
      assert.match((await arButton.textContent()) ?? '', /^صوّت لـ/);
      await Promise.all([voterAr.waitForNavigation({ waitUntil: 'load' }), arButton.click()]);
      assert.match(voterAr.url(), /\/ar\/prizes\/\d+\/categories\/c3$/);
      assert.equal(await voterAr.locator(`article:has-text("${PROJECT}") .notice`).textContent(), 'صوتك');
      const overAr = await voterAr.evaluate(() => document.documentElement.scrollWidth - window.innerWidth).catch(() => null);
      // Without JavaScript, evaluate() still runs (it is the driver's, not the page's): the voting page fits.
      if (overAr !== null && overAr > 0) problems.push(`ar voting page without JavaScript: ${overAr}px wider than 375`);

      // Results stay hidden until the close.
      const visitor = await contexts.visitor.newPage();
      assert.equal((await visitor.goto(`${server.url}/en${base}/results`))?.status(), 404, 'results hidden during voting');
      await visitor.goto(`${server.url}/en${base}`);
      assert.equal(await visitor.locator(`a[href$="${base}/results"]`).count(), 0, 'no results link during voting');
      // A visitor reads the nominated list and is asked to sign in to vote.
      await checkTemplate(visitor, `${base}/categories/c3`);
      assert.equal(await visitor.locator('main a[href*="/account/sign-in?next="]').count(), 1);

      // The close: the top five of C3, the sixth left out.
      await movePhase('selection');
      await visitor.goto(`${server.url}/en${base}`);
      await submit(visitor, `a[href$="${base}/results"]`);
      const c3 = visitor.locator('h2:has-text("Access to information and knowledge") + ol > li');
      const lines = (await c3.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
      assert.deepEqual(
        lines,
        [
          'Rival project A (Rival network A) — 6 votes',
          'Rival project B (Rival network B) — 5 votes',
          'Rival project C (Rival network C) — 4 votes',
          `${PROJECT} (Village Connect Network) — 2 votes · tied`,
          'Rival project D (Rival network D) — 2 votes · tied',
        ],
        'the top five, ties reported, the sixth (one vote) left out',
      );
      assert.deepEqual(await c3.evaluateAll((li) => li.map((l) => l.getAttribute('value'))), ['1', '2', '3', '4', '4']);
      await checkTemplate(visitor, `${base}/results`);
      await voterEn.goto(`${server.url}/en${base}/categories/c3`);
      assert.equal(await voterEn.locator('main form[action$="/vote"]').count(), 0, 'no vote buttons after the close');
      await checkTemplate(visitor, base);
    } finally {
      for (const c of Object.values(contexts)) await c.close();
    }
    assert.deepEqual(problems, []);
  });
});
