import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { loadConsultationsDemo } from '../../src/modules/consultations/consultations.demo';
import { extendDeadline } from '../../src/modules/consultations/consultations.service';
import { axeViolations, launchChromium, type RunningServer, signIn, startServer, submit } from '../support/browser';
import { localIn, openConsultation, pendingStatement } from '../support/consultations';
import { organisation, person } from '../support/people';

const PHONE = { width: 375, height: 740 };
let server: RunningServer;
let browser: Browser;
let curator: { userId: number; email: string };
let member: { userId: number; email: string };
let orgId: number;
let consultationId: number;

before(async () => {
  server = await startServer({ demo: false });
  await loadConsultationsDemo({ db: server.db.handle.db, taxonomy: server.db.deps.taxonomy }, new Date());
  browser = await launchChromium();
  curator = await person(server.db, { role: 'curator' });
  orgId = await organisation(server.db, 'Journey Network');
  await server.db.handle.db.updateTable('organisations').set({ country: 'SN' }).where('id', '=', orgId).execute();
  member = await person(server.db, { organisationId: orgId, memberRole: 'member' });
  consultationId = await openConsultation(server.db, curator.userId, { title: 'Journey consultation' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('consultations in Chromium', () => {
  it('a statement goes from the form to moderation to the synthesis, without JavaScript', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    const authorContext = await browser.newContext({ javaScriptEnabled: false });
    const curatorContext = await browser.newContext({ javaScriptEnabled: false });
    try {
      const author = await signIn(server, authorContext, member.email);
      await author.goto(`${server.url}/en/consultations/${consultationId}`);
      await author.fill('#f-body', `Libraries as access points ${tag}.`);
      await author.selectOption('#f-questionId', { index: 1 });
      await submit(author, 'form[action$="/statements"] button[type=submit]');
      assert.match(author.url(), /\/statements\/\d+\?notice=sent$/);
      assert.equal(await author.locator('[role=status]').count(), 1);

      const staff = await signIn(server, curatorContext, curator.email);
      await staff.goto(`${server.url}/en/consultations/moderation`);
      const item = staff.locator(`article:has-text("${tag}")`);
      await Promise.all([staff.waitForNavigation({ waitUntil: 'load' }), item.locator('button[type=submit]').click()]);
      assert.match(staff.url(), /\/consultations\/moderation$/);

      const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await visitor.goto(`${server.url}/en/consultations/${consultationId}/synthesis`);
      assert.ok(await visitor.locator(`text=${tag}`).count(), 'the approved statement is public');
      assert.match((await visitor.locator('table.count-table').nth(1).textContent()) ?? '', /Africa/);
      await visitor.selectOption('#f-type', 'civil-society');
      await submit(visitor, 'form.filters button[type=submit]');
      assert.match(visitor.url(), /type=civil-society/);
      await visitor.context().close();
    } finally {
      await authorContext.close();
      await curatorContext.close();
    }
  });

  it('every consultation template has no axe violations and fits 375 px, in en and ar', async () => {
    const pending = await pendingStatement(server.db, { consultationId, organisationId: orgId, authorId: member.userId });
    const demo = await server.db.handle.db.selectFrom('consultations').select('id').orderBy('id').limit(2).execute();
    // An extended deadline, so that the page's extension announcement is checked too.
    const staff = (await loadActor(server.db.handle.db, curator.userId))!;
    await extendDeadline(server.db.handle.db, staff, consultationId, localIn(new Date(Date.now() + 14 * 86_400_000), 'Europe/Zurich'), server.db.deps.config);
    const problems: string[] = [];
    for (const locale of ['en', 'ar'] as const) {
      const contexts = {
        visitor: await browser.newContext({ locale, viewport: PHONE, bypassCSP: true }),
        member: await browser.newContext({ locale, viewport: PHONE, bypassCSP: true }),
        curator: await browser.newContext({ locale, viewport: PHONE, bypassCSP: true }),
      };
      await signIn(server, contexts.member, member.email);
      await signIn(server, contexts.curator, curator.email);
      const pages: Array<[keyof typeof contexts, string]> = [
        ['visitor', `/${locale}/consultations`],
        ['visitor', `/${locale}/consultations/${demo[0]!.id}`],
        ['visitor', `/${locale}/consultations/${demo[1]!.id}/synthesis`],
        ['member', `/${locale}/consultations/${consultationId}`],
        ['member', `/${locale}/consultations/${consultationId}/statements/${pending.statementId}`],
        ['curator', `/${locale}/consultations/new`],
        ['curator', `/${locale}/consultations/moderation`],
        ['curator', `/${locale}/consultations/${consultationId}/synthesis`],
        ['curator', `/${locale}/consultations/${consultationId}?notice=extended`],
      ];
      try {
        for (const [who, path] of pages) {
          const page = await contexts[who].newPage();
          const res = await page.goto(`${server.url}${path}`);
          assert.equal(res?.status(), 200, path);
          assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
          for (const v of await axeViolations(page)) problems.push(`${who} ${path} ${v}`);
          const over = await overflow(page);
          if (over > 0) problems.push(`${who} ${path}: ${over}px wider than 375`);
          await page.close();
        }
        // The statement form sent empty comes back 422 with its errors: checked as it stands.
        const form = await contexts.member.newPage();
        await form.goto(`${server.url}/${locale}/consultations/${consultationId}`);
        const [answer] = await Promise.all([
          form.waitForNavigation({ waitUntil: 'load' }),
          form.locator('form[action$="/statements"] button[type=submit]').click(),
        ]);
        assert.equal(answer?.status(), 422);
        assert.equal(await form.locator('#f-body-error').count(), 1);
        assert.equal(await form.locator('.notice.extension').count(), 1, 'the extension is announced');
        for (const v of await axeViolations(form)) problems.push(`member ${locale} statement form (422) ${v}`);
        const over = await overflow(form);
        if (over > 0) problems.push(`member ${locale} statement form (422): ${over}px wider than 375`);
        await form.close();
      } finally {
        for (const c of Object.values(contexts)) await c.close();
      }
    }
    assert.deepEqual(problems, []);
  });
});
