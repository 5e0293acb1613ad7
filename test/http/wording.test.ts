import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../support/test-db';
import { TestClient } from '../support/client';
import { completeDraft, lastMail, organisation, person, PASSWORD, SUMMARY_60 } from '../support/people';

/** What a page shows as text (tags dropped, entities of quotes decoded), to match labels in it. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('wording and labels: each kind speaks of itself, codes become labels', () => {
  let t: TestDb;
  let contributor: TestClient;
  let curator: TestClient;
  let orgId: number;
  let authorEmail: string;
  let authorId: number;

  before(async () => {
    t = await createTestDb();
    orgId = await organisation(t, 'Wording Lab');
    const author = await person(t, { organisationId: orgId });
    authorEmail = author.email;
    authorId = author.userId;
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
    return { id, base: `/contribute/submissions/${id}` };
  }

  it("each kind's questionnaire names its own kind and its title field, and marks required fields", async () => {
    const expected: Record<string, Record<'en' | 'fr', [heading: string, title: string]>> = {
      event: { en: ['Describe the event', 'Name of the event'], fr: ['Décrivez l’événement', 'Nom de l’événement'] },
      actor: { en: ['Describe the actor', 'Name'], fr: ['Décrivez l’acteur', 'Nom'] },
      publication: { en: ['Describe the publication', 'Title'], fr: ['Décrivez la publication', 'Titre'] },
      story: { en: ['Tell the success story', 'Title of the story'], fr: ['Racontez la réussite', 'Titre du récit'] },
      activity: { en: ['Describe the activity', 'Title of the activity'], fr: ['Décrivez l’activité', 'Titre de l’activité'] },
    };
    for (const [kind, byLocale] of Object.entries(expected)) {
      const { base } = await start(kind);
      for (const [locale, [heading, title]] of Object.entries(byLocale)) {
        const page = await contributor.get(`/${locale}${base}/about`);
        assert.equal(page.status, 200);
        const h1 = textOf(/<h1>(.*?)<\/h1>/s.exec(page.text)![1]!);
        assert.match(h1, new RegExp(`^ ?${heading} `), `${kind} in ${locale}: ${h1}`);
        const label = textOf(/<label for="f-title">(.*?)<\/label>/s.exec(page.text)![1]!).trim();
        const required = locale === 'en' ? 'required' : 'obligatoire';
        assert.equal(label, `${title} (${required})`, `${kind} in ${locale}`);
        assert.match(page.text, /<input[^>]*id="f-title"[^>]*required=""[^>]*aria-required="true"/, 'the title input is required');
        assert.match(page.text, /<select[^>]*id="f-originalLanguage"[^>]*required=""[^>]*aria-required="true"/, 'the language select is required');
        assert.match(page.text, /class="hint required-legend"/, 'a legend says what the marker means');
        // A story's description is required by its rules; the other kinds' is optional.
        const description = /<textarea[^>]*id="f-description"[^>]*>/.exec(page.text)![0];
        assert.equal(/aria-required/.test(description), kind === 'story', `${kind}: description required only for a story`);
      }
      const themes = await contributor.get(`/en${base}/themes`);
      // An actor need not name action lines; every other kind must.
      assert.equal(/WSIS action lines \(required\)/.test(textOf(themes.text)), kind !== 'actor', `${kind}: action lines marked as its rules say`);
    }
    const languages = await contributor.get(`/ar${(await start('event')).base}/languages`);
    assert.match(languages.text, /الفعالية موصوفة باللغة/, 'the languages step speaks of the event, in Arabic');
  });

  it('the review page shows labels in the curator’s language, every language version, and what changed since the last review', async () => {
    const draft = {
      ...completeDraft('Farmers online'),
      translations: {
        en: { title: 'Farmers online', summary: SUMMARY_60, description: 'Prices by SMS.' },
        ar: {
          title: 'المزارعون على الإنترنت',
          summary: Array.from({ length: 12 }, () => 'أسعار المحاصيل تصل إلى المزارعين عبر الرسائل القصيرة').join('، '),
          description: '',
        },
      },
      actionLines: ['c7-e-agriculture'],
      countries: ['KE'],
      organisations: [{ name: 'Green Fields', role: 'lead', stakeholderType: 'civil-society' }],
    };
    const { id } = await t.handle.db
      .insertInto('submissions')
      .values({
        organisationId: orgId,
        createdBy: authorId,
        status: 'submitted',
        data: JSON.stringify(draft),
        language: 'en',
        entryId: null,
        callId: null,
        submittedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const labels = {
      en: ['E-agriculture', 'Civil society', 'Kenya', 'Project', 'Title of the activity', 'Language versions'],
      fr: ['Cyberagriculture', 'Société civile', 'Kenya', 'Projet', 'Titre de l’activité', 'Versions linguistiques'],
    };
    for (const [locale, expected] of Object.entries(labels)) {
      const page = await curator.get(`/${locale}/review/${id}`);
      assert.equal(page.status, 200);
      const text = textOf(page.text);
      for (const label of expected) assert.ok(text.includes(label), `${locale}: “${label}” on the review page`);
      for (const code of ['c7-e-agriculture', 'civil-society', '>project<', 'translations.', 'actor.'])
        assert.ok(!page.text.includes(code), `${locale}: no raw “${code}”`);
      assert.match(page.text, /<dd lang="ar" dir="rtl">المزارعون على الإنترنت<\/dd>/, 'the Arabic version, marked as Arabic and right-to-left');
      assert.match(page.text, /<dd lang="en" dir="ltr">Farmers online<\/dd>/);
      assert.doesNotMatch(page.text, /review-changes/, 'nothing to compare before a first review');
    }

    let r = await curator.post(`/en/review/${id}`, {
      decision: 'request_changes',
      message: 'Please say which counties.',
      'comment.title': 'Shorter, please.',
      'comment.actionLines': 'Add capacity building?',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const mail = await lastMail(t, authorEmail);
    assert.ok(mail, 'the author is told');
    assert.match(mail.textBody, /Please say which counties\./, 'the mail carries the curator’s message');
    for (const label of ['Title of the activity', 'WSIS action lines']) assert.ok(mail.textBody.includes(label), `the mail names “${label}”`);
    assert.doesNotMatch(mail.textBody, /- title:|actionLines/, 'no field paths in the mail');

    await contributor.get(`/en/contribute/submissions/${id}/about`);
    r = await contributor.post(`/en/contribute/submissions/${id}/about`, {
      originalLanguage: 'en',
      title: 'Farmers',
      summary: SUMMARY_60,
      description: 'Prices by SMS.',
      activityType: 'programme',
      status: 'ongoing',
      action: 'save',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    r = await contributor.post(`/en/contribute/submissions/${id}/submit`);
    assert.equal(r.status, 303, r.text.match(/class="error-summary".*?<\/div>/s)?.[0] ?? r.text.slice(0, 300));
    const after: Record<string, [heading: string, typeLabel: string, programme: string]> = {
      en: ['Changed since the last review', 'Type of activity', 'Programme'],
      fr: ['Modifié depuis le dernier examen', 'Type d’activité', 'Programme'],
    };
    for (const [locale, [heading, typeLabel, programme]] of Object.entries(after)) {
      const page = await curator.get(`/${locale}/review/${id}`);
      const changes = /<section class="review-changes".*?<\/section>/s.exec(page.text)?.[0];
      assert.ok(changes, `${locale}: a section of changes`);
      const text = textOf(changes!);
      assert.ok(text.includes(heading), text);
      assert.ok(text.includes(typeLabel), `${locale}: the changed type is named by its label`);
      assert.match(changes!, new RegExp(`<ins>${programme}</ins>`), `${locale}: the new type, by its label`);
      assert.match(changes!, /<del>Farmers online<\/del>|<del> online<\/del>/, 'the title’s removed words');
      assert.ok(!changes!.includes('Summary'), 'an unchanged field is not listed');
    }
  });
});
