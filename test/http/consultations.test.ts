import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConsultationsDemo } from '../../src/modules/consultations/consultations.demo';
import { createSmtpTransport } from '../../src/modules/mail/mail.transport';
import { startMailWorker } from '../../src/modules/mail/mail.worker';
import { TestClient } from '../support/client';
import { consultationForm, localIn, openConsultation, questionIds } from '../support/consultations';
import { organisation, PASSWORD, person } from '../support/people';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { createTestDb, type TestDb } from '../support/test-db';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const DAY = 86_400_000;

describe('open consultations over HTTP', () => {
  let t: TestDb;
  let peer: SmtpPeer;
  let orgA: number;
  let orgB: number;
  let curator: { userId: number; email: string };
  let member: { userId: number; email: string };
  let arabicMember: { userId: number; email: string };
  const c = {
    visitor: null as unknown as TestClient,
    contributor: null as unknown as TestClient,
    member: null as unknown as TestClient,
    curator: null as unknown as TestClient,
  };

  before(async () => {
    t = await createTestDb();
    peer = await startSmtpPeer();
    orgA = await organisation(t, 'Kenya Network');
    orgB = await organisation(t, 'Other Org');
    await t.handle.db.updateTable('organisations').set({ country: 'KE', stakeholderType: 'academia' }).where('id', '=', orgA).execute();
    curator = await person(t, { role: 'curator' });
    member = await person(t, { organisationId: orgA, memberRole: 'member', name: 'Amina' });
    arabicMember = await person(t, { organisationId: orgA, memberRole: 'member', name: 'ليلى', locale: 'ar' });
    const contributor = await person(t);
    c.visitor = new TestClient(t.app);
    for (const [role, who] of [
      ['contributor', contributor],
      ['member', member],
      ['curator', curator],
    ] as const) {
      c[role] = new TestClient(t.app);
      await c[role].signIn(who.email, PASSWORD);
    }
  });
  after(async () => {
    await peer.close();
    await t.close();
  });

  it('creating: 401 → 422 with the exact field → 403 → happy path, the phases read in the chosen zone', async () => {
    assert.equal((await c.visitor.post('/en/consultations', consultationForm())).status, 401);
    const noTitle = { ...consultationForm(), 'titles.en': '' };
    let r = await c.curator.post('/en/consultations', noTitle);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="f-titles-en"[^>]*value=""/);
    assert.match(r.text, /href="#f-titles-en"/, 'the error names the title');
    assert.match(r.text, /Digital|secretariat/, 'the rest of the input is kept');
    r = await c.curator.post('/en/consultations', { ...consultationForm(), timeZone: 'Mars/Olympus' });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#f-timeZone"/);
    const form = consultationForm();
    r = await c.curator.post('/en/consultations', { ...form, 'phases.drafting.ends': form['phases.drafting.starts']! });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#f-phases-drafting-ends"/);
    assert.equal((await c.contributor.post('/en/consultations', consultationForm())).status, 403);
    assert.equal((await c.contributor.get('/en/consultations/new')).status, 403);

    r = await c.curator.post('/en/consultations', form);
    assert.equal(r.status, 303);
    const id = Number(/\/consultations\/(\d+)$/.exec(r.location!)![1]);
    const row = await t.handle.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // Kathmandu is UTC+05:45: the deadline typed as a wall clock there is 5 h 45 min earlier in UTC.
    assert.equal(Date.parse(`${form['phases.deadline.ends']}Z`) - new Date(row.deadlineAt).getTime(), 345 * 60_000);
    const page = await c.visitor.get(`/en/consultations/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<ol class="timeline">/);
    assert.equal((page.text.match(/class="phase phase-/g) ?? []).length, 6, 'six phases on the timeline');
    assert.match(page.text, /aria-current="step"/, 'the current phase is marked');
    assert.match(page.text, /<strong>secretariat<\/strong>/, 'the context is rendered Markdown');
    const ar = await c.visitor.get(`/ar/consultations/${id}`);
    assert.match(ar.text, /lang="en"[^>]*>Digital skills for all/, 'a missing translation falls back with its own language');
    assert.match(ar.text, /غير متاح بلغتك/, 'and says so');
  });

  it('submitting: 401 → 422 with the exact field → 403/404 → happy path, then refused after the deadline', async () => {
    const id = await openConsultation(t, curator.userId);
    const [q1] = await questionIds(t, id);
    const good = { organisationId: String(orgA), questionId: String(q1), body: 'Community centres work.', visibility: 'public', language: 'en' };
    assert.equal((await c.visitor.post(`/en/consultations/${id}/statements`, good)).status, 401);
    let r = await c.member.post(`/en/consultations/${id}/statements`, { ...good, body: '  ' });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#f-body"/);
    r = await c.member.post(`/en/consultations/${id}/statements`, { ...good, visibility: 'secret' });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#f-visibility"/);
    assert.equal(
      (await c.member.post(`/en/consultations/${id}/statements`, { ...good, organisationId: String(orgB) })).status,
      403,
      'not a member of that organisation',
    );
    assert.equal((await c.contributor.post(`/en/consultations/${id}/statements`, good)).status, 403);
    assert.equal((await c.member.post(`/en/consultations/${id + 10_000}/statements`, good)).status, 404);
    r = await c.member.post(`/en/consultations/${id}/statements`, { ...good, questionId: '999999' });
    assert.equal(r.status, 422, 'a question of no such consultation');
    r = await c.member.post(`/en/consultations/${id}/statements`, good);
    assert.equal(r.status, 303);
    const s = await t.handle.db.selectFrom('consultationStatements').selectAll().where('consultationId', '=', id).executeTakeFirstOrThrow();
    assert.equal(s.status, 'pending');
    assert.equal(s.stakeholderType, 'academia', 'the stakeholder type comes from the organisation');
    assert.equal(s.region, 'itu-africa', 'the region comes from its country');
    assert.equal((await c.member.get(r.location!)).status, 200, 'the author reads it while pending');
    assert.equal((await c.visitor.get(r.location!.replace(/\?.*/, ''))).status, 404, 'a visitor does not');

    const closed = await openConsultation(t, curator.userId, { deadline: new Date(Date.now() - 60_000) });
    r = await c.member.post(`/en/consultations/${closed}/statements`, { ...good, questionId: '' });
    assert.equal(r.status, 409);
    assert.match(r.text, /deadline for statements has passed/);
  });

  it('the deadline holds on the server in the consultation’s zone: just before is accepted, just after refused', async () => {
    // Pacific/Kiritimati is UTC+14: the same wall clock read as UTC would be 14 hours off either way.
    const zone = 'Pacific/Kiritimati';
    const soon = await openConsultation(t, curator.userId, { zone, deadline: new Date(Date.now() + 90_000) });
    const gone = await openConsultation(t, curator.userId, { zone, deadline: new Date(Date.now() - 30_000) });
    for (const id of [soon, gone]) {
      const row = await t.handle.db.selectFrom('consultations').select(['deadlineAt', 'phases']).where('id', '=', id).executeTakeFirstOrThrow();
      const wall = (row.phases as Array<{ phase: string; ends: string }>).find((p) => p.phase === 'deadline')!.ends;
      assert.equal(localIn(new Date(row.deadlineAt), zone), wall, 'the instant reads as the typed wall clock in the zone');
      assert.equal(Date.parse(`${wall}Z`) - new Date(row.deadlineAt).getTime(), 14 * 3_600_000);
    }
    const form = { organisationId: String(orgA), questionId: '', body: 'Just in time.', visibility: 'public', language: 'en' };
    assert.equal((await c.member.post(`/en/consultations/${soon}/statements`, form)).status, 303, 'just before the deadline');
    assert.equal((await c.member.post(`/en/consultations/${gone}/statements`, form)).status, 409, 'just after the deadline');
  });

  it('moderating: 401 → 422 (a rejection needs its reason) → 403/404 → approve; only approved public statements are public', async () => {
    const id = await openConsultation(t, curator.userId);
    const send = async (body: string, visibility: 'public' | 'private') => {
      const r = await c.member.post(`/en/consultations/${id}/statements`, { organisationId: String(orgA), questionId: '', body, visibility, language: 'en' });
      assert.equal(r.status, 303);
      return Number(/statements\/(\d+)/.exec(r.location!)![1]);
    };
    const pub = await send('A public view on access.', 'public');
    const priv = await send('A private note for the secretariat.', 'private');
    const rejected = await send('Off topic.', 'public');
    const decide = (who: TestClient, sid: number, form: Record<string, string>) => who.post(`/en/consultations/statements/${sid}/decision`, form);
    assert.equal((await decide(c.visitor, pub, { decision: 'approve', reason: '' })).status, 401);
    const r = await decide(c.curator, rejected, { decision: 'reject', reason: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#f-reason"/);
    assert.equal((await decide(c.member, pub, { decision: 'approve', reason: '' })).status, 403, 'an author does not moderate');
    assert.equal((await decide(c.curator, pub + 100_000, { decision: 'approve', reason: '' })).status, 404);
    assert.equal((await c.member.get('/en/consultations/moderation')).status, 403);
    const queue = await c.curator.get('/en/consultations/moderation');
    assert.match(queue.text, /A private note for the secretariat/);
    for (const sid of [pub, priv]) assert.equal((await decide(c.curator, sid, { decision: 'approve', reason: '' })).status, 303);
    assert.equal((await decide(c.curator, rejected, { decision: 'reject', reason: 'Not about this consultation' })).status, 303);
    assert.equal((await decide(c.curator, pub, { decision: 'reject', reason: 'Twice' })).status, 409, 'a decided statement is not decided again');
    const audit = await t.handle.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('entity', '=', 'statement')
      .where('entityId', '=', rejected)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['statement.submit', 'statement.reject'],
    );

    const synthesis = await c.visitor.get(`/en/consultations/${id}/synthesis`);
    assert.equal(synthesis.status, 200);
    assert.match(synthesis.text, /A public view on access/);
    assert.doesNotMatch(synthesis.text, /A private note/, 'a private statement is not shown to visitors');
    assert.doesNotMatch(synthesis.text, /Off topic/, 'a rejected one neither');
    assert.equal((await c.visitor.get(`/en/consultations/${id}/statements/${priv}`)).status, 404);
    assert.equal((await c.contributor.get(`/en/consultations/${id}/statements/${priv}`)).status, 404);
    assert.equal((await c.visitor.get(`/en/consultations/${id}/statements/${pub}`)).status, 200);
    const json = JSON.parse((await c.visitor.get(`/en/consultations/${id}/statements.json`)).text) as { scope: string; statements: Array<{ text: string }> };
    assert.equal(json.scope, 'public');
    assert.deepEqual(
      json.statements.map((s) => s.text),
      ['A public view on access.'],
    );
    const staff = JSON.parse((await c.curator.get(`/en/consultations/${id}/statements.json`)).text) as { scope: string; statements: unknown[] };
    assert.equal(staff.scope, 'all');
    assert.equal(staff.statements.length, 3);
    // Counts cover every approved statement (private ones too), by the organisation's type and region.
    assert.match(synthesis.text, /<th scope="row">Academia<\/th>\s*<td class="num">2<\/td>/);
    assert.match(synthesis.text, /<th scope="row">Africa<\/th>\s*<td class="num">2<\/td>/);
    const filtered = await c.visitor.get(`/en/consultations/${id}/synthesis?type=government`);
    assert.doesNotMatch(filtered.text, /A public view on access/, 'the filter by stakeholder type applies');

    const csv = await t.app.request(`/en/consultations/${id}/statements.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark');
    assert.ok(text.startsWith('\uFEFFid,question,organisation,'), 'then the header');
    assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text), 'CRLF line ends only');
    assert.equal(text.trimEnd().split('\r\n').length, 2, 'one public statement');
  });

  it('summaries: staff edit one per question, visitors read it', async () => {
    const id = await openConsultation(t, curator.userId);
    const [q1] = await questionIds(t, id);
    const form = { questionId: String(q1), [`summary-${q1}`]: 'Most stakeholders ask for **public access points**.' };
    assert.equal((await c.visitor.post(`/en/consultations/${id}/summaries`, form)).status, 401);
    assert.equal((await c.member.post(`/en/consultations/${id}/summaries`, form)).status, 403);
    assert.equal(
      (await c.curator.post(`/en/consultations/${id}/summaries`, { ...form, questionId: '999999', 'summary-999999': 'x' })).status,
      400,
      'a question of another consultation',
    );
    assert.equal((await c.curator.post(`/en/consultations/${id}/summaries`, form)).status, 303);
    assert.match((await c.visitor.get(`/en/consultations/${id}/synthesis`)).text, /<strong>public access points<\/strong>/);
  });

  it('extending: 401 → 422 (not later) → 403/404 → the page announces old and new dates and each participant is mailed in their language', async () => {
    const zone = 'America/New_York';
    const id = await openConsultation(t, curator.userId, { zone, title: 'Broadband consultation' });
    await t.handle.db
      .updateTable('consultations')
      .set({ titles: JSON.stringify({ en: 'Broadband consultation', ar: 'مشاورة النطاق العريض' }) })
      .where('id', '=', id)
      .execute();
    for (const who of [member, arabicMember]) {
      const client = who === member ? c.member : new TestClient(t.app);
      if (who !== member) await client.signIn(who.email, PASSWORD);
      const r = await client.post(`/en/consultations/${id}/statements`, {
        organisationId: String(orgA),
        questionId: '',
        body: 'Hello',
        visibility: 'private',
        language: 'en',
      });
      assert.equal(r.status, 303);
    }
    const later = localIn(new Date(Date.now() + 30 * DAY), zone);
    assert.equal((await c.visitor.post(`/en/consultations/${id}/extend`, { deadline: later })).status, 401);
    let r = await c.curator.post(`/en/consultations/${id}/extend`, { deadline: localIn(new Date(Date.now() + DAY), zone) });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#f-deadline"/);
    r = await c.curator.post(`/en/consultations/${id}/extend`, { deadline: 'tomorrow' });
    assert.equal(r.status, 422);
    assert.equal((await c.member.post(`/en/consultations/${id}/extend`, { deadline: later })).status, 403);
    assert.equal((await c.curator.post(`/en/consultations/${id + 10_000}/extend`, { deadline: later })).status, 404);
    r = await c.curator.post(`/en/consultations/${id}/extend`, { deadline: later });
    assert.equal(r.status, 303);
    const page = await c.visitor.get(`/en/consultations/${id}`);
    assert.match(page.text, /Deadline extended: it was .+, it is now .+\./);

    const worker = startMailWorker(t.handle.db, createSmtpTransport({ url: peer.url, from: 'Stocktake <no-reply@stocktake.test>' }), { intervalMs: 60_000 });
    try {
      await worker.flush();
      const en = await peer.waitFor((m) => m.to.includes(member.email));
      assert.match(en.subject, /deadline extended for “Broadband consultation”/);
      assert.ok(en.text.includes(`New deadline: ${later.replace('T', ' ')} (${zone})`), en.text);
      const ar = await peer.waitFor((m) => m.to.includes(arabicMember.email));
      assert.match(ar.subject, /مشاورة النطاق العريض/, 'the Arabic participant reads the Arabic title');
      assert.match(ar.text, /الموعد الجديد/);
    } finally {
      worker.stop();
    }
  });

  it('attachments: checked by content, the author’s until approved, public with the statement', async () => {
    const id = await openConsultation(t, curator.userId);
    const r = await c.member.post(`/en/consultations/${id}/statements`, {
      organisationId: String(orgA),
      questionId: '',
      body: 'See the file.',
      visibility: 'public',
      language: 'en',
    });
    const base = r.location!.replace(/\?.*/, '');
    const sid = Number(/statements\/(\d+)/.exec(base)![1]);
    assert.equal((await c.visitor.upload(`${base}/files`, { name: 'a.pdf', bytes: PDF })).status, 401);
    const bad = await c.member.upload(`${base}/files`, { name: 'a.pdf', bytes: new TextEncoder().encode('<html><script>x</script></html>') });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#f-file"/);
    assert.equal((await c.contributor.upload(`${base}/files`, { name: 'a.pdf', bytes: PDF })).status, 404, 'someone else’s statement is not found');
    const ok = await c.member.upload(`${base}/files`, { name: 'evidence.pdf', bytes: PDF });
    assert.equal(ok.status, 303);
    const file = await t.handle.db.selectFrom('consultationStatementFiles').select('fileId').where('statementId', '=', sid).executeTakeFirstOrThrow();
    const path = `${base}/files/${file.fileId}`;
    assert.equal((await c.member.get(path)).status, 200);
    assert.equal((await c.visitor.get(path)).status, 404, 'not public before approval');
    await c.curator.post(`/en/consultations/statements/${sid}/decision`, { decision: 'approve', reason: '' });
    const got = await t.app.request(path);
    assert.equal(got.status, 200);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), PDF);
    assert.equal((await c.member.upload(`${base}/files`, { name: 'more.pdf', bytes: PDF })).status, 409, 'no more files once decided');
  });

  it('the list shows open consultations first, then closed ones', async () => {
    const closed = await openConsultation(t, curator.userId, { title: 'Zeta closed', deadline: new Date(Date.now() - DAY) });
    const open = await openConsultation(t, curator.userId, { title: 'Alpha open' });
    const page = await c.visitor.get('/en/consultations');
    assert.equal(page.status, 200);
    assert.ok(page.text.indexOf(`/en/consultations/${open}"`) < page.text.indexOf(`/en/consultations/${closed}"`));
    assert.ok(page.text.indexOf('Alpha open') < page.text.indexOf('Zeta closed'));
  });

  it('the demo: one consultation in its online discussion with approved statements, one closed with its synthesis and summaries', async () => {
    await loadConsultationsDemo({ db: t.handle.db, taxonomy: t.deps.taxonomy }, new Date());
    const list = await c.visitor.get('/fr/consultations');
    assert.match(list.text, /Examen des grandes orientations du SMSI après 2025/);
    const ids = await t.handle.db.selectFrom('consultations').select(['id', 'titles']).orderBy('id', 'desc').limit(2).execute();
    const [closed, open] = ids.map((r) => r.id);
    const page = await c.visitor.get(`/en/consultations/${open}`);
    assert.match(page.text, /class="phase phase-current" aria-current="step"><strong>Online discussion/);
    const synthesis = await c.visitor.get(`/en/consultations/${open}/synthesis`);
    assert.match(synthesis.text, /Community networks need both/);
    assert.doesNotMatch(synthesis.text, /Operators support the review/, 'the private demo statement stays private');
    const done = await c.visitor.get(`/en/consultations/${closed}/synthesis`);
    assert.match(done.text, /<strong>affordable connectivity<\/strong>/);
    assert.match(done.text, /Government/);
  });
});
