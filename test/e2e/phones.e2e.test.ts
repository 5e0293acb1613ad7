import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { axeViolations, launchChromium, startServer, type RunningServer } from '../support/browser';
import { activityJson } from '../support/factories';
import { organisation, PASSWORD, person, submissionRow } from '../support/people';
import { freshCodeFor } from '../support/two-factor';

// Every template at a phone's width, in a left-to-right and a right-to-left locale: nothing may
// overflow sideways, and the menu and the search filters open without JavaScript.

const PHONE = { width: 375, height: 740 };
const LOCALES = ['en', 'ar'] as const;

let server: RunningServer;
let browser: Browser;
let admin = '';
const ids: Record<string, number> = {};
let orgId = 0;
let draftId = 0;
let submittedId = 0;

const month = new Date().toISOString().slice(0, 7);
// Long unbroken words and addresses are what push a narrow page sideways.
const LONG_WORD = 'Telecommunicationsinfrastructureinteroperabilityprogramme';
const LONG_URL = `https://example.org/${'very-long-path-segment-'.repeat(6)}end`;

/** An entry of one kind as the importer takes it (the activity factory without the activity-only fields). */
function entry(kind: string, extra: Record<string, unknown>): string {
  const json = activityJson({
    externalId: `phones-${kind}`,
    translations: {
      en: { title: `${LONG_WORD} ${kind}`, summary: `A ${kind} with a long word, ${LONG_WORD}, and an address ${LONG_URL}.`, description: LONG_URL },
      ar: { title: `برنامج ${LONG_WORD} ${kind}`, summary: `ملخص قصير ${LONG_URL}`, description: 'وصف.' },
    },
    links: [{ url: LONG_URL, label: LONG_URL }],
    kind,
    ...extra,
  });
  if (kind !== 'activity') {
    delete json.activityType;
    delete json.status;
    delete json.scope;
  }
  return JSON.stringify(json);
}

before(async () => {
  // A few entries of its own rather than the demo register: this file is about layout, and loading the demo costs most of a minute.
  server = await startServer({ demo: false });
  browser = await launchChromium();
  const report = await importEntries(server.db.deps, [
    entry('activity', {}),
    ...['c1', 'c7-e-health', 'c2'].map((line, i) =>
      JSON.stringify(activityJson({ externalId: `phones-plain-${i}`, actionLines: [line, 'c3'], sdgs: ['5', '9'], countries: ['KE', 'FR', 'BR'] })),
    ),
    entry('actor', { actor: { stakeholderType: 'civil-society' } }),
    entry('publication', { publication: { year: 2024, authors: ['A. Author', LONG_WORD] } }),
    entry('story', { story: { strategy: LONG_URL, activityId: null } }),
    entry('event', {
      event: { start: `${month}-10T09:00`, end: `${month}-12T17:00`, timeZone: 'Africa/Nairobi', mode: 'hybrid', city: 'Nairobi', onlineUrl: LONG_URL },
    }),
    JSON.stringify({
      ...JSON.parse(entry('event', { event: { start: `${month}-03`, allDay: true, timeZone: 'UTC', mode: 'online', onlineUrl: LONG_URL } })),
      externalId: 'phones-event-2',
    }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  for (const r of await server.db.handle.db.selectFrom('entries').select(['id', 'kind', 'externalId']).where('externalId', 'like', 'phones-%').execute())
    ids[r.kind] = r.id;
  orgId = await organisation(server.db, `Organisation ${LONG_WORD}`);
  const staff = await person(server.db, { role: 'admin', organisationId: orgId, name: `Admin ${LONG_WORD}` });
  admin = staff.email;
  draftId = await submissionRow(server.db, { organisationId: orgId, createdBy: staff.userId, title: `Draft ${LONG_WORD}` });
  submittedId = await submissionRow(server.db, { organisationId: orgId, createdBy: staff.userId, status: 'submitted', title: `Sent ${LONG_WORD}` });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const submit = (page: Page) => Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form button[type=submit]').first().click()]);

async function signIn(page: Page, locale: string, email: string) {
  await page.goto(`${server.url}/${locale}/account/sign-in`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', PASSWORD);
  await submit(page);
  if (page.url().includes('/account/sign-in/code')) {
    await page.fill('#f-code', await freshCodeFor(email));
    await submit(page);
  }
  assert.match(page.url(), new RegExp(`/${locale}/account$`));
}

/** How far the page reaches past the viewport, with the elements that stick out (empty when it fits). */
async function overflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth) return '';
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${Array.from(el.classList).join('.')}` : ''}`;
        out.push(`${name}[${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
    }
    return `scrollWidth ${doc.scrollWidth} > ${window.innerWidth}: ${out.slice(0, 4).join(' ')}`;
  });
}

const publicPaths = () => [
  '/',
  '/search',
  `/search?q=${encodeURIComponent(LONG_WORD)}`,
  '/search?q=telecentres&kind=activity&sdg=5&country=KE',
  '/activities',
  '/actors',
  '/stories',
  '/publications',
  '/events',
  `/events?when=month&month=${month}`,
  `/activities/${ids.activity}`,
  `/actors/${ids.actor}`,
  `/publications/${ids.publication}`,
  `/events/${ids.event}`,
  `/stories/${ids.story}`,
  '/countries',
  '/countries/KE',
  '/countries/compare?c=KE&c=FR',
  `/organisations/${orgId}`,
  '/calls',
  '/data',
  '/account/sign-in',
  '/account/sign-up',
  '/account/reset',
  '/no-such-page',
];

const staffPaths = () => [
  '/',
  '/contribute',
  `/contribute/submissions/${draftId}`,
  ...['about', 'where', 'themes', 'organisations', 'links', 'languages'].map((s) => `/contribute/submissions/${draftId}/${s}`),
  '/organisations/new',
  '/calls/new',
  '/review',
  `/review/${submittedId}`,
  `/activities/${ids.activity}/history`,
  '/account',
  '/account/password',
  '/account/sessions',
  '/account/two-factor',
  '/admin/users',
  '/admin/settings',
  '/admin/outbox',
  '/admin/audit',
  '/admin/tokens',
];

describe('phones: every template fits 375 px (Chromium)', () => {
  for (const locale of LOCALES) {
    it(`as a visitor and as staff in ${locale}: nothing overflows sideways`, async () => {
      const context = await browser.newContext({ viewport: PHONE, locale });
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        const visit = async (path: string) => {
          const response = await page.goto(`${server.url}/${locale}${path}`);
          const expected = path === '/no-such-page' ? 404 : 200;
          if (response?.status() !== expected) problems.push(`${path}: status ${response?.status()}`);
          const wide = await overflow(page);
          if (wide) problems.push(`${path}: ${wide}`);
        };
        for (const path of publicPaths()) await visit(path);
        await signIn(page, locale, admin);
        for (const path of staffPaths()) await visit(path);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('phones: the menu and the filters without JavaScript (Chromium)', () => {
  for (const locale of LOCALES) {
    it(`opens the menu, follows its links and opens the filters in ${locale}`, async () => {
      const context = await browser.newContext({ viewport: PHONE, locale, javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/${locale}/`);
        const events = page.locator(`.main-nav a[href="/${locale}/events"]`);
        assert.equal(await events.isVisible(), false, 'the menu starts folded on a phone');
        await page.locator('.site-menu > summary').click();
        for (const path of ['activities', 'actors', 'publications', 'events', 'stories', 'search', 'account/sign-in']) {
          const link = page.locator(`.main-nav a[href="/${locale}/${path}"]`);
          assert.ok(await link.isVisible(), `${path} is in the open menu`);
          const box = (await link.boundingBox())!;
          assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${path} is on screen`);
        }
        await Promise.all([page.waitForURL(new RegExp(`/${locale}/events`)), events.click()]);
        assert.equal(await page.locator('h1').innerText(), locale === 'en' ? 'Events' : 'الفعاليات');

        // The filters: folded above the results, counting the active ones, open with a tap.
        await page.goto(`${server.url}/${locale}/search?sdg=5&sdg=9&country=KE`);
        const toggle = page.locator('.filters-panel > summary');
        assert.match(await toggle.innerText(), /3/);
        const box = page.locator('input[name=sdg][value="5"]');
        assert.equal(await box.isVisible(), false);
        const togglePos = (await toggle.boundingBox())!;
        const firstResult = (await page.locator('.result').first().boundingBox())!;
        assert.ok(togglePos.y < firstResult.y, 'the filters come before the results');
        await toggle.click();
        assert.ok(await box.isVisible());
        assert.ok(await box.isChecked());
        await page.locator('input[name=sdg][value="9"]').uncheck();
        await Promise.all([page.waitForURL((u) => !u.searchParams.getAll('sdg').includes('9')), page.locator('button.apply').click()]);
        assert.match(await page.locator('.filters-panel > summary').innerText(), /2/);
      } finally {
        await context.close();
      }
    });
  }
});

describe('phones: accessibility of the folded header and filters (axe-core)', () => {
  it('has no violations at 375 px in en and ar, menu and filters open', async () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const context: BrowserContext = await browser.newContext({ viewport: PHONE, locale, bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/${locale}/search?sdg=5&country=KE`);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        for (const v of await axeViolations(page)) problems.push(`${locale} ${v}`);
      } finally {
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('the events month: a calendar grid on a wide screen, a list on a phone (Chromium)', () => {
  it('tables the month by weeks from the locale’s first weekday, lists each day’s events, marks today, and folds to a list at 375 px', async () => {
    const db = server.db.handle.db;
    const idOf = async (externalId: string) => (await db.selectFrom('entries').select('id').where('externalId', '=', externalId).executeTakeFirstOrThrow()).id;
    const timed = await idOf('phones-event');
    const allDay = await idOf('phones-event-2');
    const today = Number(new Date().toISOString().slice(8, 10));
    for (const [locale, firstWeekday] of [
      ['en', 'Sun'],
      ['ar', 'السبت'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale });
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/${locale}/events?when=month&month=${month}`);
        const grid = page.locator('table.month-grid');
        assert.ok(await grid.isVisible());
        assert.equal(await page.locator('.month-list').isVisible(), false);
        assert.match(await grid.locator('caption').innerText(), locale === 'en' ? /^Events in \w+ \d{4}, by day$/ : /الفعاليات في/);
        const heads = await grid.locator('thead th').allInnerTexts();
        assert.equal(heads.length, 7);
        assert.equal(heads[0], firstWeekday);
        const cellOf = (day: number) => grid.locator('tbody td:not(.outside)').nth(day - 1);
        // The timed event runs from the 10th to the 12th in its own zone: listed on each of those days, not the 9th or 13th.
        for (const day of [10, 11, 12]) assert.equal(await cellOf(day).locator(`a[href="/${locale}/events/${timed}"]`).count(), 1, `day ${day}`);
        for (const day of [9, 13]) assert.equal(await cellOf(day).locator('a').count(), 0, `day ${day}`);
        assert.equal(await cellOf(3).locator(`a[href="/${locale}/events/${allDay}"]`).count(), 1);
        assert.equal(await grid.locator('td[aria-current=date]').count(), 1);
        assert.equal(await cellOf(today).getAttribute('aria-current'), 'date');
        // Every row is a whole week.
        for (const row of await grid.locator('tbody tr').all()) assert.equal(await row.locator('td').count(), 7);
        await page.setViewportSize(PHONE);
        assert.equal(await grid.isVisible(), false);
        assert.ok(await page.locator(`.month-list a[href="/${locale}/events/${timed}"]`).isVisible());
      } finally {
        await context.close();
      }
    }
  });
});
