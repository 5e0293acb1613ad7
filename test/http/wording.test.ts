import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../support/test-db';
import { TestClient } from '../support/client';
import { organisation, person, PASSWORD } from '../support/people';

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

  before(async () => {
    t = await createTestDb();
    orgId = await organisation(t, 'Wording Lab');
    const author = await person(t, { organisationId: orgId });
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
});
