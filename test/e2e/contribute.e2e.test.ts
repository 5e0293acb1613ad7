import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, startServerWithDemo, type RunningServer } from '../support/browser';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { decide } from '../../src/modules/submissions/review.service';
import { lastMail, organisation, PASSWORD, person, submissionRow, SUMMARY_60 } from '../support/people';
import { codeFor, freshCodeFor } from '../support/two-factor';

let server: RunningServer;
let browser: Browser;
let admin: { email: string };
let curator: { email: string };

before(async () => {
  server = await startServerWithDemo();
  browser = await launchChromium();
  admin = await person(server.db, { role: 'admin' });
  curator = await person(server.db, { role: 'curator' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const submit = (page: Page, selector = 'main form button[type=submit]') =>
  Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).first().click()]);

async function signIn(context: BrowserContext, locale: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/${locale}/account/sign-in`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', PASSWORD);
  await submit(page);
  if (page.url().includes('/account/sign-in/code')) {
    // Staff answer the second step with the code their authenticator would show.
    await page.fill('#f-code', await freshCodeFor(email));
    await submit(page);
  }
  assert.match(page.url(), new RegExp(`/${locale}/account$`), `signed in as ${email}`);
  return page;
}

const step = (page: Page, value: 'next' | 'save' | 'back') => submit(page, `button[name=action][value=${value}]`);

async function contributorJourney(locale: 'en' | 'ar', js: boolean) {
  const tag = `${locale}${js ? 'js' : 'nojs'}${Date.now().toString(36)}`;
  const email = `contributor-${tag}@e2e.test`;
  const title = `Solar classrooms Zq${tag}`;
  const contexts: BrowserContext[] = [];
  const open = async () => {
    const c = await browser.newContext({ javaScriptEnabled: js, locale });
    contexts.push(c);
    return c;
  };
  try {
    // A visitor signs up and follows the link in the verification mail.
    const visitor = await (await open()).newPage();
    await visitor.goto(`${server.url}/${locale}/account/sign-up`);
    assert.equal(await visitor.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
    await visitor.fill('#f-displayName', `Contributor ${tag}`);
    await visitor.fill('#f-email', email);
    await visitor.fill('#f-password', PASSWORD);
    await submit(visitor);
    const mail = await lastMail(server.db, email);
    const link = /https?:\/\/\S+\/account\/verify\?token=[\w-]+/.exec(mail!.textBody)![0];
    await visitor.goto(`${server.url}${new URL(link).pathname}${new URL(link).search}`);
    assert.equal(await visitor.locator('[role=status]').count(), 1);

    // An administrator approves the account.
    const adminPage = await signIn(await open(), locale, admin.email);
    await adminPage.goto(`${server.url}/${locale}/admin/users?status=pending`);
    await submit(adminPage, `tr:has-text("${email}") form:has(input[type=hidden][name=status]) button`);

    // The contributor creates an organisation and starts the questionnaire (first session).
    const first = await signIn(await open(), locale, email);
    await first.goto(`${server.url}/${locale}/organisations/new`);
    await first.fill('#f-name', `Org ${tag}`);
    await first.selectOption('#f-stakeholderType', 'civil-society');
    await submit(first);
    await first.goto(`${server.url}/${locale}/contribute`);
    await submit(first);
    assert.match(first.url(), /\/contribute\/submissions\/\d+\/about$/);
    const submissionUrl = first.url().replace(/\/about$/, '');
    await first.selectOption('#f-originalLanguage', 'en');
    await first.fill('#f-title', `${title} in Lamu`);
    await first.fill('#f-summary', SUMMARY_60);
    await first.fill('#f-description', 'Panels power **twelve** classrooms.');
    await first.selectOption('#f-activityType', 'project');
    await first.selectOption('#f-status', 'ongoing');
    await step(first, 'next');
    await first.selectOption('#f-scope', 'national');
    await first.selectOption('#f-countries', ['KE', 'TZ']);
    await step(first, 'next');
    await contexts[2]!.close();

    // Second session, another "device": the draft is there.
    const second = await signIn(await open(), locale, email);
    await second.goto(`${submissionUrl}/themes`);
    await second.check('input[name=actionLines][value=c2]');
    await second.check('input[name=sdgs][value="4"]');
    await step(second, 'next');
    await step(second, 'next');
    await second.fill('#f-contactEmail', 'contact@e2e.test');
    await step(second, 'next');
    await step(second, 'next');
    assert.equal(second.url(), submissionUrl);
    await submit(second, `form[action$="/submit"] button`);

    // The curator asks for changes on two fields.
    const cur = await signIn(await open(), locale, curator.email);
    await cur.goto(`${submissionUrl.replace(/\/contribute\/submissions\//, '/review/')}`);
    await cur.fill('#comment-title', 'Name the county, please');
    await cur.fill('#comment-countries', 'Only Kenya?');
    await submit(cur, 'button[name=decision][value=request_changes]');

    // The contributor sees the comments beside the fields, fixes them and resubmits.
    await second.goto(submissionUrl);
    assert.match(await second.locator('.curator-comments').innerText(), /Name the county/);
    await second.goto(`${submissionUrl}/about`);
    assert.match(await second.locator('#f-title-comment').innerText(), /Name the county, please/);
    await second.fill('#f-title', `${title} in Lamu County`);
    await step(second, 'next');
    assert.match(await second.locator('#f-countries-comment').innerText(), /Only Kenya\?/);
    await second.selectOption('#f-countries', ['KE']);
    await step(second, 'save');
    await second.goto(submissionUrl);
    await submit(second, `form[action$="/submit"] button`);

    // The curator approves; the activity is public and found by search.
    await cur.goto(`${submissionUrl.replace(/\/contribute\/submissions\//, '/review/')}`);
    await submit(cur, 'button[name=decision][value=approve]');
    const activityUrl = cur.url();
    assert.match(activityUrl, /\/activities\/\d+$/);
    const reader = await (await open()).newPage();
    await reader.goto(`${server.url}/${locale}/activities?q=Zq${tag}`);
    assert.equal(await reader.locator('.result').count(), 1);
    await reader.goto(activityUrl);
    assert.match(await reader.locator('h1').innerText(), /in Lamu County$/);

    // The owner edits it: the old version stays public until the edit is approved.
    await second.goto(`${server.url}/${locale}/contribute`);
    await submit(second, `form:has(input[name=entryId]) button`);
    await second.fill('#f-title', `${title} in Lamu and Kilifi`);
    await step(second, 'save');
    await second.goto(submissionUrl.replace(/\d+$/, second.url().match(/submissions\/(\d+)/)![1]!));
    await submit(second, `form[action$="/submit"] button`);
    await reader.goto(activityUrl);
    assert.match(await reader.locator('h1').innerText(), /in Lamu County$/);
    const queue = await cur.goto(`${server.url}/${locale}/review`);
    assert.equal(queue?.status(), 200);
    await Promise.all([cur.waitForNavigation(), cur.locator(`a:has-text("Lamu and Kilifi")`).click()]);
    await submit(cur, 'button[name=decision][value=approve]');
    await reader.goto(activityUrl);
    assert.match(await reader.locator('h1').innerText(), /Lamu and Kilifi$/);

    // A diff shows the change; a restore brings the old text back.
    await second.goto(`${activityUrl}/history`);
    await submit(second, 'form.compare button');
    assert.match(await second.locator('.diff ins').first().innerText(), /Kilifi/);
    await cur.goto(`${activityUrl}/history`);
    const firstRevision = cur.locator('form[action$="/restore"]:has(input[name=revision][value="1"])');
    await firstRevision.locator('input[name=reason]').fill('Kilifi is the next phase');
    await Promise.all([cur.waitForNavigation(), firstRevision.locator('button').click()]);
    await reader.goto(activityUrl);
    assert.match(await reader.locator('h1').innerText(), /in Lamu County$/);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
}

describe('contributors and curators (Chromium)', () => {
  it('the whole loop in English with JavaScript', () => contributorJourney('en', true));
  it('the whole loop with the Arabic interface', () => contributorJourney('ar', true));
  it('the whole loop in English without JavaScript', () => contributorJourney('en', false));
});

describe('accessibility of the contributor and curator pages (axe-core in Chromium)', () => {
  let paths: string[] = [];
  let adminEmail = '';

  before(async () => {
    const t = server.db;
    const org = await organisation(t, 'Axe Organisation');
    const boss = await person(t, { role: 'admin', organisationId: org });
    adminEmail = boss.email;
    const draft = await submissionRow(t, { organisationId: org, createdBy: boss.userId });
    const pending = await submissionRow(t, { organisationId: org, createdBy: boss.userId, status: 'submitted' });
    const toPublish = await submissionRow(t, { organisationId: org, createdBy: boss.userId, status: 'submitted', title: 'Accessible entry' });
    const actor = (await loadActor(t.handle.db, boss.userId))!;
    const deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    const { entryId } = await decide(deps, actor, toPublish, { decision: 'approve', message: '' });
    const update = await submissionRow(t, { organisationId: org, createdBy: boss.userId, status: 'submitted', entryId, title: 'Accessible entry, revised' });
    await decide(deps, actor, update, { decision: 'approve', message: '' });
    await t.handle.db
      .insertInto('calls')
      .values({
        titles: JSON.stringify({ en: 'Call 2027', ar: 'دعوة 2027' }),
        texts: JSON.stringify({ en: 'Send **entries**.' }),
        opensAt: new Date(Date.now() - 86_400_000),
        closesAt: new Date(Date.now() + 86_400_000),
        accepts: 'both',
        createdBy: null,
      })
      .execute();
    paths = [
      '/account/sign-in',
      '/account/sign-up',
      '/account/reset',
      '/account',
      '/account/two-factor',
      '/organisations',
      '/organisations/new',
      `/organisations/${org}`,
      '/contribute',
      `/contribute/submissions/${draft}`,
      ...['about', 'where', 'themes', 'organisations', 'links', 'languages'].map((s) => `/contribute/submissions/${draft}/${s}`),
      '/review',
      `/review/${pending}`,
      `/activities/${entryId}/history`,
      `/activities/${entryId}/diff?from=1&to=2`,
      '/calls',
      '/calls/1',
      '/calls/new',
      '/account/password',
      '/account/sessions',
      '/admin/users',
      '/admin/settings',
      '/admin/outbox',
      '/admin/audit',
      '/admin/tokens',
      `/organisations/${org}/tokens`,
    ];
  });

  for (const locale of ['en', 'ar'] as const) {
    it(`every contributor, curator and administrator page in ${locale} has no violations`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      try {
        await signIn(context, locale, adminEmail);
        const page = await context.newPage();
        const problems: string[] = [];
        for (const path of paths) {
          const response = await page.goto(`${server.url}/${locale}${path}`);
          assert.equal(response?.status(), 200, path);
          for (const v of await axeViolations(page)) problems.push(`${path} ${v}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('two-step sign-in in Chromium (enrol, recovery codes, second step), with axe-core', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`a contributor turns it on and signs in with a code in ${locale}`, async () => {
      const p = await person(server.db);
      const context = await browser.newContext({ bypassCSP: true });
      try {
        const page = await signIn(context, locale, p.email);
        const problems: string[] = [];
        await page.goto(`${server.url}/${locale}/account/two-factor`);
        for (const v of await axeViolations(page)) problems.push(`enrol ${v}`);
        const secret = (await page.locator('main dd code').first().textContent())?.replace(/\s/g, '') ?? '';
        assert.match(secret, /^[A-Z2-7]{32}$/);
        await page.fill('#f-code', codeFor(secret));
        await submit(page);
        assert.equal(await page.locator('.recovery-codes li').count(), 10);
        for (const v of await axeViolations(page)) problems.push(`codes ${v}`);
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action$="/account/sign-out"] button').first().click()]);

        const again = await context.newPage();
        await again.goto(`${server.url}/${locale}/account/sign-in`);
        await again.fill('#f-email', p.email);
        await again.fill('#f-password', PASSWORD);
        await submit(again);
        assert.match(again.url(), new RegExp(`/${locale}/account/sign-in/code`));
        for (const v of await axeViolations(again)) problems.push(`second step ${v}`);
        // The code of the enrolment's step is spent; the next step's code is within the window.
        await again.fill('#f-code', codeFor(secret, Date.now() + 30_000));
        await submit(again);
        assert.match(again.url(), new RegExp(`/${locale}/account$`));
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
