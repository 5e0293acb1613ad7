import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ICAL from 'ical.js';
import { createTestDb, type TestDb } from '../support/test-db';
import { TestClient } from '../support/client';
import { lastMail, organisation, person, PASSWORD, SUMMARY_60 } from '../support/people';

/** A small but well-formed PDF (the content check wants the header, a version and the end marker). */
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('actors, publications, events and stories through the contribution loop', () => {
  let t: TestDb;
  let contributor: TestClient;
  let curator: TestClient;
  let orgId: number;
  let author: { userId: number; email: string };

  before(async () => {
    t = await createTestDb();
    orgId = await organisation(t, 'Digital Rights Lab');
    author = await person(t, { organisationId: orgId });
    contributor = new TestClient(t.app);
    await contributor.signIn(author.email, PASSWORD);
    const c = await person(t, { role: 'curator' });
    curator = new TestClient(t.app);
    await curator.signIn(c.email, PASSWORD);
  });
  after(() => t.close());

  async function start(kind: string) {
    await contributor.get('/en/contribute');
    const r = await contributor.post('/en/contribute/submissions', { organisationId: String(orgId), kind });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const id = Number(/submissions\/(\d+)/.exec(r.location!)![1]);
    return { id, base: `/en/contribute/submissions/${id}` };
  }

  async function submitAndApprove(id: number, base: string) {
    let r = await contributor.post(`${base}/submit`);
    assert.equal(r.status, 303, r.text.match(/class="error-summary".*?<\/div>/s)?.[0] ?? r.text.slice(-1200));
    await curator.get(`/en/review/${id}`);
    r = await curator.post(`/en/review/${id}`, { decision: 'approve', message: '' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    const row = await t.handle.db.selectFrom('submissions').select(['entryId', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'approved');
    return row.entryId!;
  }

  it('publishes an event across a DST change, with times in its zone, an .ics and a filtered feed that ical.js reads', async () => {
    const { id, base } = await start('event');
    const steps = await contributor.get(`${base}/about`);
    assert.match(steps.text, /Details/, 'the event questionnaire has a details step');
    assert.doesNotMatch(steps.text, /name="activityType"/, 'no activity type on an event');
    await contributor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'Geneva cyber capacity workshop',
      summary: 'Two days of hands-on training for national CERT teams from the region.',
      action: 'next',
    });
    let r = await contributor.post(`${base}/details`, {
      'event.start': '2026-10-24T18:00',
      'event.end': '2026-10-25T12:00',
      'event.timeZone': 'Mars/Olympus',
      'event.mode': 'hybrid',
      'event.city': 'Geneva',
      action: 'next',
    });
    assert.equal(r.status, 303, 'a draft may hold an unknown zone for now');
    r = await contributor.post(`${base}/submit`);
    assert.equal(r.status, 422, 'but it cannot be submitted with it');
    assert.match(r.text, /“Mars\/Olympus” is not a known value/);
    assert.match(r.text, /Online link/, 'a hybrid event needs its online link');
    await contributor.post(`${base}/details`, {
      'event.start': '2026-10-24T18:00',
      'event.end': '2026-10-25T12:00',
      'event.timeZone': 'Europe/Zurich',
      'event.mode': 'hybrid',
      'event.city': 'Geneva',
      'event.onlineUrl': 'https://meet.example.org/cyber',
      action: 'next',
    });
    await contributor.post(`${base}/where`, { countries: ['CH'], action: 'next' });
    await contributor.post(`${base}/themes`, { actionLines: ['c5'], sdgs: ['16'], issues: ['cybersecurity'], action: 'next' });
    const eventId = await submitAndApprove(id, base);

    const row = await t.handle.db.selectFrom('entries').select(['kind', 'startsAt', 'endsAt', 'timeZone']).where('id', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(row.kind, 'event');
    assert.equal(new Date(row.startsAt!).toISOString(), '2026-10-24T16:00:00.000Z', 'summer time, UTC+2');
    assert.equal(new Date(row.endsAt!).toISOString(), '2026-10-25T11:00:00.000Z', 'winter time, UTC+1');

    const page = await contributor.get(`/en/events/${eventId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Geneva cyber capacity workshop/);
    assert.match(page.text, /Europe\/Zurich/);
    assert.match(page.text, /data-start="2026-10-24T16:00:00.000Z"/);
    assert.equal((await contributor.get(`/en/activities/${eventId}`)).status, 301, 'the shared id space redirects to the kind’s path');

    const ics = await t.app.request(`/en/events/${eventId}.ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type') ?? '', /text\/calendar/);
    const parsed = new ICAL.Component(ICAL.parse(await ics.text()));
    for (const tz of parsed.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    const vevent = new ICAL.Event(parsed.getFirstSubcomponent('vevent')!);
    assert.equal(vevent.summary, 'Geneva cyber capacity workshop');
    assert.equal(vevent.startDate.toJSDate().toISOString(), '2026-10-24T16:00:00.000Z');
    assert.equal(vevent.endDate.toJSDate().toISOString(), '2026-10-25T11:00:00.000Z');

    const feed = await t.app.request('/en/events/calendar.ics?country=CH&actionLine=c5');
    const feedCal = new ICAL.Component(ICAL.parse(await feed.text()));
    assert.equal(feedCal.getAllSubcomponents('vevent').length, 1);
    const other = await t.app.request('/en/events/calendar.ics?country=KE');
    assert.equal(new ICAL.Component(ICAL.parse(await other.text())).getAllSubcomponents('vevent').length, 0, 'the feed keeps to its filter');
    assert.equal((await t.app.request('/en/events/calendar.ics?country=XX')).status, 400, 'an unknown country is refused, not ignored');

    const month = await contributor.get('/en/events?when=month&month=2026-10');
    assert.match(month.text, /Geneva cyber capacity workshop/);
    assert.match(month.text, /month=2026-09" rel="prev">\s*Previous month/, 'the month navigation names months, not pages');
    assert.match(month.text, /month=2026-11" rel="next">\s*Next month/);
    const search = await contributor.get('/en/search?q=cyber&kind=event');
    assert.match(search.text, /Geneva <mark>cyber<\/mark> capacity workshop/);
    assert.match(search.text, /name="kind" value="event" id="f-kind-event" checked/);

    const api = (await (await t.app.request('/api/v1/search?q=cyber')).json()) as {
      data: Array<{ id: number; kind: string }>;
      facets: { kind: Array<{ value: string; count: number }> };
    };
    assert.deepEqual(
      api.data.map((d) => [d.id, d.kind]),
      [[eventId, 'event']],
    );
    assert.deepEqual(
      api.facets.kind.map((f) => [f.value, f.count]),
      [['event', 1]],
    );
    const one = (await (await t.app.request(`/api/v1/events/${eventId}`)).json()) as {
      data: { startsAt: string; timeZone: string; details: { mode: string } };
    };
    assert.equal(one.data.startsAt, '2026-10-24T16:00:00.000Z');
    assert.equal(one.data.timeZone, 'Europe/Zurich');
    assert.equal(one.data.details.mode, 'hybrid');
    assert.equal((await t.app.request(`/api/v1/activities/${eventId}`)).status, 404, 'an event is not an activity');
    assert.equal(((await (await t.app.request('/api/v1/activities?q=cyber')).json()) as { meta: { total: number } }).meta.total, 0);
  });

  it('refuses a lying or oversized upload leaving nothing behind, then publishes a PDF that anyone downloads and readers rate', async () => {
    const { id, base } = await start('publication');
    await contributor.post(`${base}/about`, { originalLanguage: 'en', title: 'Measuring meaningful connectivity', summary: SUMMARY_60, action: 'next' });
    await contributor.post(`${base}/details`, {
      'publication.authors': 'A. Author\nB. Writer',
      'publication.year': '2025',
      'publication.language': 'en',
      action: 'next',
    });
    const before = await t.handle.db
      .selectFrom('entryFiles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const draftBefore = (await t.handle.db.selectFrom('submissions').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data;

    let r = await contributor.upload(`${base}/files`, { name: 'report.pdf', bytes: new TextEncoder().encode('MZ\x90\x00 an executable pretending') });
    assert.equal(r.status, 422);
    assert.match(r.text, /not a PDF or an accepted office document/);
    r = await contributor.upload(`${base}/files`, { name: 'report.docx', bytes: PDF });
    assert.equal(r.status, 422);
    assert.match(r.text, /name says one type but its content is another/);
    r = await contributor.upload(`${base}/files`, { name: 'huge.pdf', bytes: new Uint8Array(21 * 1024 * 1024) });
    assert.equal(r.status, 413);
    const after = await t.handle.db
      .selectFrom('entryFiles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'no file row was written');
    const draftAfter = (await t.handle.db.selectFrom('submissions').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data;
    assert.deepEqual(draftAfter, draftBefore, 'the draft is as it was');

    r = await contributor.upload(`${base}/files`, { name: 'Connectivity report.pdf', bytes: PDF });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    await contributor.post(`${base}/themes`, { actionLines: ['c2'], action: 'next' });
    await contributor.post(`${base}/organisations`, {
      rows: '1',
      'organisations.0.name': 'Digital Rights Lab',
      'organisations.0.role': 'lead',
      'organisations.0.stakeholderType': 'civil-society',
      action: 'next',
    });
    const pubId = await submitAndApprove(id, base);

    const page = await contributor.get(`/en/publications/${pubId}`);
    const href = /href="(\/files\/\d+\/[^"]+)"/.exec(page.text)?.[1];
    assert.ok(href, 'the page links the file');
    const anonymous = await t.app.request(href);
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.headers.get('content-type'), 'application/pdf');
    assert.match(anonymous.headers.get('content-disposition') ?? '', /attachment; filename="Connectivity report.pdf"/);
    assert.deepEqual(new Uint8Array(await anonymous.arrayBuffer()), PDF);
    const downloads = async () =>
      (await t.handle.db.selectFrom('entryFiles').select('downloads').where('entryId', '=', pubId).executeTakeFirstOrThrow()).downloads;
    assert.equal(await downloads(), 1);
    // The same visitor again, five times at once: still one (no cookie: address and browser, hashed).
    const again = await Promise.all(Array.from({ length: 5 }, () => t.app.request(href)));
    assert.deepEqual(
      again.map((x) => x.status),
      [200, 200, 200, 200, 200],
    );
    await Promise.all(again.map((x) => x.arrayBuffer()));
    assert.equal(await downloads(), 1, 'one visitor counts once a day, parallel requests included');
    const head = await t.app.request(href, { method: 'HEAD', headers: { 'user-agent': 'link-checker/1.0' } });
    assert.equal(head.status, 200);
    assert.equal(await downloads(), 1, 'a HEAD is no download');
    // Another browser is another visitor: five at once count once.
    await Promise.all(
      Array.from({ length: 5 }, () => Promise.resolve(t.app.request(href, { headers: { 'user-agent': 'Reader/2.0' } })).then((x) => x.arrayBuffer())),
    );
    assert.equal(await downloads(), 2);
    const kept = await t.handle.db.selectFrom('downloadVisits').select('visitor').execute();
    assert.ok(
      kept.every((v) => /^[\w-]{32}$/.test(v.visitor) && !v.visitor.includes('unknown')),
      'only hashes are kept',
    );

    assert.equal((await new TestClient(t.app).post(`/en/publications/${pubId}/rating`, { rating: '4' })).status, 401, 'a visitor cannot rate');
    r = await contributor.post(`/en/publications/${pubId}/rating`, { rating: '4' });
    assert.equal(r.status, 303);
    r = await contributor.post(`/en/publications/${pubId}/rating`, { rating: '2' });
    assert.equal(r.status, 303);
    assert.equal((await contributor.post(`/en/publications/${pubId}/rating`, { rating: '9' })).status, 400);
    const ratings = await t.handle.db.selectFrom('entryRatings').select('rating').where('entryId', '=', pubId).execute();
    assert.deepEqual(
      ratings.map((x) => x.rating),
      [2],
      'one rating each, changed not added',
    );

    const list = await contributor.get('/en/publications?sort=downloads');
    assert.match(list.text, /Measuring meaningful connectivity/);
    assert.match(list.text, /Digital Rights Lab/);
    assert.equal((await contributor.get('/en/publications?sort=popularity')).status, 400);
  });

  it('sends a story to a colleague in plain text, and throttles the form', async () => {
    const { id, base } = await start('story');
    await contributor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'How a village got online',
      summary: SUMMARY_60,
      description: `${SUMMARY_60} ${SUMMARY_60}`,
      action: 'next',
    });
    await contributor.post(`${base}/details`, { 'story.strategy': 'Start with the school, then the clinic.', action: 'next' });
    await contributor.post(`${base}/themes`, { actionLines: ['c2'], action: 'next' });
    const storyId = await submitAndApprove(id, base);
    const visitor = new TestClient(t.app);
    const page = await visitor.get(`/en/stories/${storyId}`);
    assert.doesNotMatch(page.text, /action="\/en\/stories\/\d+\/share"/, 'a visitor gets no form');
    assert.match(page.text, new RegExp(`href="/en/account/sign-in\\?next=%2Fen%2Fstories%2F${storyId}"`), 'but a link to sign in and come back');
    let r = await visitor.post(`/en/stories/${storyId}/share`, { to: 'colleague@example.test', message: 'Read this' });
    assert.equal(r.status, 401, 'the site relays no visitor’s mail');
    assert.equal(await lastMail(t, 'colleague@example.test'), undefined);
    assert.match((await contributor.get(`/en/stories/${storyId}`)).text, /action="\/en\/stories\/\d+\/share"/);
    r = await contributor.post(`/en/stories/${storyId}/share`, { to: 'colleague@example.test', message: '<b>Read this</b>' });
    assert.equal(r.status, 303);
    const mail = await lastMail(t, 'colleague@example.test');
    assert.match(mail!.subject, /Test Person shares a story/, 'in the account’s own name');
    assert.match(mail!.textBody, /<b>Read this<\/b>/, 'plain text, as typed');
    assert.match(mail!.textBody, new RegExp(`/en/stories/${storyId}`));
    assert.equal((await contributor.post(`/en/stories/${storyId}/share`, { to: 'not-an-address' })).status, 400);
    for (let i = 0; i < 2; i += 1) await contributor.post(`/en/stories/${storyId}/share`, { to: 'Colleague@Example.test' });
    r = await contributor.post(`/en/stories/${storyId}/share`, { to: 'colleague@example.test' });
    assert.equal(r.status, 429, 'three a day to one recipient');
  });

  it('links an organisation name to an actor profile by name, and a curator can change the match', async () => {
    const { id, base } = await start('actor');
    await contributor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'Digital Rights Lab',
      summary: 'A civil-society lab that studies privacy, data protection and online rights in East Africa.',
      action: 'next',
    });
    await contributor.post(`${base}/details`, {
      'actor.acronym': 'DRL',
      'actor.established': '2015',
      'actor.stakeholderType': 'civil-society',
      'actor.address': 'Nairobi\nKenya',
      rows: '1',
      'actor.social.0.network': 'Mastodon',
      'actor.social.0.handle': '@drl',
      action: 'next',
    });
    await contributor.post(`${base}/issues`, {
      rows: '2',
      'actor.issues.0.issue': 'privacy-and-data-protection',
      'actor.issues.0.alias': 'data rights',
      'actor.issues.0.narrative': 'We train journalists.',
      action: 'next',
    });
    const actorId = await submitAndApprove(id, base);
    const page = await contributor.get(`/en/actors/${actorId}`);
    assert.match(page.text, /Called here: “data rights”/);
    assert.match(page.text, /Mastodon: @drl/);

    // The publication of the earlier test names "Digital Rights Lab" as issuer: a new entry naming it is matched on approval.
    const second = await start('event');
    await contributor.post(`${second.base}/about`, {
      originalLanguage: 'en',
      title: 'Privacy clinic',
      summary: 'An online clinic on data protection for small newsrooms across the region.',
      action: 'next',
    });
    await contributor.post(`${second.base}/details`, {
      'event.allDay': 'true',
      'event.start': '2026-12-01',
      'event.end': '2026-12-03',
      'event.mode': 'online',
      'event.onlineUrl': 'https://meet.example.org/privacy',
      action: 'next',
    });
    await contributor.post(`${second.base}/themes`, { actionLines: ['c10'], action: 'next' });
    const eventId = await submitAndApprove(second.id, second.base);
    const org = await t.handle.db.selectFrom('entryOrganisations').select(['actorId', 'position']).where('entryId', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(org.actorId, actorId, 'the owning organisation’s name matched the profile');
    const actorPage = await contributor.get(`/en/actors/${actorId}`);
    assert.match(actorPage.text, /Privacy clinic/, 'the actor page lists the events it organises');

    assert.equal((await contributor.post(`/en/events/${eventId}/organisations/0/actor`, { actorId: '' })).status, 403, 'only curators match');
    await curator.get(`/en/events/${eventId}`);
    assert.equal(
      (await curator.post(`/en/activities/${eventId}/organisations/0/actor`, { actorId: '' })).status,
      404,
      'an event is matched under its own path only',
    );
    const r = await curator.post(`/en/events/${eventId}/organisations/0/actor`, { actorId: '' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/en/events/${eventId}?done=matched`);
    const unlinked = await t.handle.db.selectFrom('entryOrganisations').select('actorId').where('entryId', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(unlinked.actorId, null);
    const revisions = await t.handle.db.selectFrom('revisions').select('source').where('entityId', '=', eventId).orderBy('number').execute();
    assert.deepEqual(
      revisions.map((x) => x.source),
      ['submission', 'curation'],
      'the match is a revision of its own',
    );
  });

  it('keeps an entry’s history and actions under its own kind’s path, and moves old /activities/ addresses there', async () => {
    const { id, base } = await start('event');
    await contributor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'Open data meetup',
      summary: 'A meetup on open data for city officials and civic developers in the region.',
      action: 'next',
    });
    await contributor.post(`${base}/details`, {
      'event.allDay': 'true',
      'event.start': '2026-11-02',
      'event.end': '2026-11-02',
      'event.mode': 'online',
      'event.onlineUrl': 'https://meet.example.org/open-data',
      action: 'next',
    });
    await contributor.post(`${base}/themes`, { actionLines: ['c7'], action: 'next' });
    const eventId = await submitAndApprove(id, base);
    await curator.post(`/en/events/${eventId}/organisations/0/actor`, { actorId: '' });

    const history = await curator.get(`/en/events/${eventId}/history`);
    assert.equal(history.status, 200);
    assert.match(history.text, new RegExp(`action="/en/events/${eventId}/diff"`), 'the compare form stays under the event’s path');
    assert.match(history.text, new RegExp(`action="/en/events/${eventId}/archive"`));
    assert.doesNotMatch(history.text, /\/activities\/\d/, 'no link leads back to /activities/');
    const diff = await curator.get(`/en/events/${eventId}/diff?from=1&to=2`);
    assert.equal(diff.status, 200);
    assert.match(diff.text, new RegExp(`href="/en/events/${eventId}/history"`));

    for (const [asked, moved] of [
      [`/en/activities/${eventId}/history`, `/en/events/${eventId}/history`],
      [`/fr/activities/${eventId}/diff?from=1&to=2`, `/fr/events/${eventId}/diff?from=1&to=2`],
      [`/en/actors/${eventId}/diff?to=2&from=1`, `/en/events/${eventId}/diff?to=2&from=1`],
    ]) {
      const r = await curator.get(asked!);
      assert.equal(r.status, 301, asked);
      assert.equal(r.res.headers.get('location'), moved, asked);
    }
    // One who may not read the history learns nothing from the old address: not found, as for a missing id.
    const stranger = new TestClient(t.app);
    await stranger.signIn((await person(t)).email, PASSWORD);
    assert.equal((await stranger.get(`/en/activities/${eventId}/history`)).status, 404);
    assert.equal((await curator.get(`/en/activities/987654/history`)).status, 404);
    // A visitor is asked to sign in first, and comes back to the address asked for.
    const visitorAsk = await new TestClient(t.app).get(`/en/activities/${eventId}/history`);
    assert.equal(visitorAsk.status, 303);
    assert.match(visitorAsk.res.headers.get('location') ?? '', /\/account\/sign-in\?next=/);

    // Writes are never redirected: under another kind's path they are not found, and change nothing.
    const state = () => t.handle.db.selectFrom('entries').select(['state', 'lastConfirmedAt', 'updatedAt']).where('id', '=', eventId).executeTakeFirstOrThrow();
    const before = await state();
    const revisionCount = async () => (await t.handle.db.selectFrom('revisions').select('number').where('entityId', '=', eventId).execute()).length;
    const revisionsBefore = await revisionCount();
    for (const action of ['archive', 'merge', 'restore', 'confirm']) {
      const r = await curator.post(`/en/activities/${eventId}/${action}`, { reason: 'Wrong path', revision: '1', mergeId: String(eventId) });
      assert.equal(r.status, 404, action);
    }
    assert.deepEqual(await state(), before);
    assert.equal(await revisionCount(), revisionsBefore);
    const archived = await curator.post(`/en/events/${eventId}/archive`, { reason: 'Cancelled' });
    assert.equal(archived.status, 303);
    assert.equal(archived.location, `/en/events/${eventId}/history`);
  });
});
