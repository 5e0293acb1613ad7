import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ICAL from 'ical.js';
import type { Browser, Download, Page } from 'playwright-core';
import { axeViolations, launchChromium, type RunningServer, signIn, startServerWithDemo, submit } from '../support/browser';
import { organisation, person, SUMMARY_60 } from '../support/people';

let server: RunningServer;
let browser: Browser;
let contributorEmail = '';
let curatorEmail = '';
let orgId = 0;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  server = await startServerWithDemo();
  browser = await launchChromium();
  orgId = await organisation(server.db, 'Nairobi Digital Forum');
  contributorEmail = (await person(server.db, { organisationId: orgId })).email;
  curatorEmail = (await person(server.db, { role: 'curator' })).email;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const next = (page: Page) => submit(page, 'button[name=action][value=next]');

async function startEntry(page: Page, kind: string, title: string, summary: string) {
  await page.goto(`${server.url}/en/contribute`);
  await page.selectOption('#f-kind', kind);
  await page.selectOption('#f-organisationId', String(orgId));
  await submit(page, 'button:has-text("Start")');
  assert.match(page.url(), /\/about$/);
  await page.fill('#f-title', title);
  await page.fill('#f-summary', summary);
  await next(page);
}

async function sendForReview(page: Page) {
  const status = page.url().replace(/\/[a-z]+(\?.*)?$/, '');
  await page.goto(status);
  await submit(page, `form[action$="/submit"] button`);
  assert.equal(await page.locator('.error-summary').count(), 0, await page.locator('main').innerText());
}

async function approve(curator: Page, title: string) {
  await curator.goto(`${server.url}/en/review`);
  await submit(curator, `a:has-text("${title}")`);
  await submit(curator, 'button[name=decision][value=approve]');
}

const bytesOf = async (download: Download) => {
  const path = await download.path();
  return readFileSync(path);
};

describe('events and publications from questionnaire to cross-kind search, download, calendar and country comparison (Chromium)', () => {
  it('submits an event and a publication with a PDF, approves both, finds them by kind, downloads the PDF and the .ics, and compares two countries', async () => {
    const tag = Date.now().toString(36);
    const eventTitle = `Nairobi data protection week Zq${tag}`;
    const pubTitle = `Data protection handbook Zq${tag}`;
    const contributorContext = await browser.newContext({ acceptDownloads: true });
    const curatorContext = await browser.newContext();
    try {
      const page = await signIn(server, contributorContext, contributorEmail);

      // The event: a timed, in-person event in Nairobi, in its own zone.
      await startEntry(page, 'event', eventTitle, 'A week of workshops on data protection law for regulators, journalists and start-ups in East Africa.');
      assert.match(page.url(), /\/details$/);
      await page.fill('#f-event-start', '2026-12-07T09:00');
      await page.fill('#f-event-end', '2026-12-11T17:00');
      await page.selectOption('#f-event-timeZone', 'Africa/Nairobi');
      await page.selectOption('#f-event-mode', 'in_person');
      await page.fill('#f-event-city', 'Nairobi');
      await next(page);
      await page.selectOption('#f-countries', 'KE');
      await next(page);
      await page.check('input[name=actionLines][value=c5]');
      await page.check('input[name=issues][value=privacy-and-data-protection]');
      await next(page);
      await sendForReview(page);

      // The publication, with its PDF uploaded on the file step.
      await startEntry(page, 'publication', pubTitle, SUMMARY_60);
      await page.fill('#f-publication-authors', 'Wanjiru Kamau\nAmina Yusuf');
      await page.fill('#f-publication-year', '2026');
      await next(page);
      assert.match(page.url(), /\/file$/);
      await page.setInputFiles('#f-file', { name: 'handbook.pdf', mimeType: 'application/pdf', buffer: PDF });
      await submit(page, 'button:has-text("Upload")');
      assert.match(await page.locator('.uploads').innerText(), /handbook\.pdf/);
      await next(page);
      await page.selectOption('#f-countries', 'KE');
      await next(page);
      await page.check('input[name=actionLines][value=c5]');
      await next(page);
      await sendForReview(page);

      const curator = await signIn(server, curatorContext, curatorEmail);
      await approve(curator, eventTitle);
      await approve(curator, pubTitle);

      // One search across kinds; the kind facet narrows it to one kind at a time.
      await page.goto(`${server.url}/en/search?q=${encodeURIComponent(`Zq${tag}`)}`);
      const results = page.locator('.result-list h3');
      assert.equal(await results.count(), 2);
      assert.match(await page.locator('fieldset.facet:has(legend:has-text("Kind"))').innerText(), /Event\s+1[\s\S]*Publication\s+1/);
      // With JavaScript a facet applies itself when ticked.
      await Promise.all([page.waitForURL(/kind=event/), page.check('#f-kind-event')]);
      assert.deepEqual(await results.allInnerTexts(), [eventTitle]);
      await Promise.all([page.waitForURL((u) => !u.search.includes('kind=')), page.uncheck('#f-kind-event')]);
      await Promise.all([page.waitForURL(/kind=publication/), page.check('#f-kind-publication')]);
      assert.deepEqual(await results.allInnerTexts(), [pubTitle]);

      // Download the PDF from the publication's page: the same bytes, counted.
      await submit(page, `.result-list a:has-text("${pubTitle}")`);
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('a:has-text("Download handbook.pdf")').click()]);
      assert.equal(pdf.suggestedFilename(), 'handbook.pdf');
      assert.deepEqual(await bytesOf(pdf), PDF);
      await page.reload();
      assert.match(await page.locator('.activity-facts').innerText(), /Downloads\s+1/);

      // Add the event to a calendar: its .ics holds the time in Nairobi (UTC+3).
      await page.goto(`${server.url}/en/search?q=${encodeURIComponent(`Zq${tag}`)}&kind=event`);
      await submit(page, `.result-list a:has-text("${eventTitle}")`);
      assert.match(await page.locator('.activity-facts').innerText(), /Africa\/Nairobi/);
      const [ics] = await Promise.all([page.waitForEvent('download'), page.locator('a:has-text("Add to my calendar")').click()]);
      assert.match(ics.suggestedFilename(), /\.ics$/);
      const calendar = new ICAL.Component(ICAL.parse((await bytesOf(ics)).toString('utf8')));
      const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      assert.equal(vevent.summary, eventTitle);
      assert.equal(vevent.startDate.toJSDate().toISOString(), '2026-12-07T06:00:00.000Z');

      // Compare Kenya with France: both columns, Kenya counting the new event and publication.
      await page.goto(`${server.url}/en/countries/compare`);
      const selects = page.locator('select[name=c]');
      await selects.nth(0).selectOption('KE');
      await selects.nth(1).selectOption('FR');
      await submit(page, '.compare-form button[type=submit]');
      const table = page.locator('main table').first();
      const head = await table.locator('thead').innerText();
      assert.match(head, /Kenya/);
      assert.match(head, /France/);
      const eventsRow = await table.locator('tr:has(th:has-text("Events"))').innerText();
      assert.match(eventsRow, /Events\s+[1-9]/, eventsRow);
    } finally {
      await contributorContext.close();
      await curatorContext.close();
    }
  });
});

describe('accessibility of the pages of every kind (axe-core in Chromium)', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`the lists, entry pages, questionnaire steps and country pages in ${locale} have no violations`, async () => {
      const db = server.db.handle.db;
      const ids = async (kind: string) =>
        (await db.selectFrom('entries').select('id').where('kind', '=', kind).where('state', '=', 'published').limit(1).execute()).map(
          (r) => `/${kind === 'story' ? 'stories' : `${kind}s`}/${r.id}`,
        );
      const kindSteps: Record<string, string[]> = { event: ['details'], publication: ['details', 'file'], actor: ['details', 'issues'], story: ['details'] };
      const paths = [
        '/search',
        '/actors',
        '/stories',
        '/events',
        '/events?when=month&month=2026-12',
        '/publications',
        '/countries',
        '/countries/KE',
        '/countries/compare?c=KE&c=FR',
        '/data',
        ...(await ids('event')),
        ...(await ids('publication')),
      ];
      const context = await browser.newContext({ bypassCSP: true });
      try {
        const page = await signIn(server, context, contributorEmail);
        // A fresh draft of each kind, for the steps only that kind has.
        for (const kind of Object.keys(kindSteps)) {
          await page.goto(`${server.url}/en/contribute`);
          await page.selectOption('#f-kind', kind);
          await page.selectOption('#f-organisationId', String(orgId));
          await submit(page, 'button:has-text("Start")');
          const base = new URL(page.url()).pathname.replace(/^\/en/, '').replace(/\/about$/, '');
          for (const s of kindSteps[kind]!) paths.push(`${base}/${s}`);
        }
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
