import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { importDrafts } from '../../src/modules/submissions/publishing.service';
import { withClaimedSize } from '../support/images';
import { TestClient } from '../support/client';
import { completeDraft, organisation, PASSWORD, person, SUMMARY_60 } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

describe('an image on a story: upload, checks, variants, public page, revisions', () => {
  let t: TestDb;
  let contributor: TestClient;
  let curator: TestClient;
  let orgId: number;
  let reviewPage = '';

  before(async () => {
    t = await createTestDb();
    orgId = await organisation(t, 'Open Schools Network');
    const author = await person(t, { organisationId: orgId });
    contributor = new TestClient(t.app);
    await contributor.signIn(author.email, PASSWORD);
    const c = await person(t, { role: 'curator' });
    curator = new TestClient(t.app);
    await curator.signIn(c.email, PASSWORD);
  });
  after(() => t.close());

  const fileCount = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('entryFiles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const draftData = async (id: number) => (await t.handle.db.selectFrom('submissions').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data;

  async function approve(id: number, base: string) {
    let r = await contributor.post(`${base}/submit`);
    assert.equal(r.status, 303, r.text.match(/class="error-summary".*?<\/div>/s)?.[0] ?? r.text.slice(-800));
    reviewPage = (await curator.get(`/en/review/${id}`)).text;
    r = await curator.post(`/en/review/${id}`, { decision: 'approve', message: '' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    return (await t.handle.db.selectFrom('submissions').select('entryId').where('id', '=', id).executeTakeFirstOrThrow()).entryId!;
  }

  it('refuses wrong, oversized and bomb uploads and a missing alt text, writing nothing; serves the variants of a good one on the public page', async () => {
    await contributor.get('/en/contribute');
    let r = await contributor.post('/en/contribute/submissions', { organisationId: String(orgId), kind: 'story' });
    const id = Number(/submissions\/(\d+)/.exec(r.location!)![1]);
    const base = `/en/contribute/submissions/${id}`;
    await contributor.post(`${base}/about`, { originalLanguage: 'en', title: 'Broadband for rural schools', summary: SUMMARY_60, description: SUMMARY_60 });
    await contributor.post(`${base}/details`, { 'story.strategy': 'Start with the school, then the clinic.' });
    await contributor.post(`${base}/themes`, { actionLines: ['c7'] });

    const step = await contributor.get(`${base}/image`);
    assert.equal(step.status, 200);
    assert.match(step.text, /enctype="multipart\/form-data"/);
    assert.ok(step.text.indexOf('name="alt"') < step.text.indexOf('name="image"'), 'the alt text is sent before the file');

    const jpeg = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#2a6' } })
      .withExif({ IFD0: { Artist: 'Somebody private' } })
      .jpeg()
      .toBuffer();
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const filesBefore = await fileCount();
    const dataBefore = await draftData(id);
    const alt = { alt: 'Pupils around a laptop in a classroom' };
    const upload = (name: string, bytes: Uint8Array, fields: Record<string, string> = alt, locale = 'en') =>
      contributor.upload(`/${locale}/contribute/submissions/${id}/images`, { name, bytes, field: 'image' }, fields);

    r = await upload('logo.png', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
    assert.equal(r.status, 422);
    assert.match(r.text, /not a JPEG, PNG or WebP image/);
    r = await upload('logo.svg', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    assert.equal(r.status, 422);
    r = await upload('photo.png', jpeg);
    assert.equal(r.status, 422);
    assert.match(r.text, /name says one image type but its content is another/);
    r = await upload('bomb.png', withClaimedSize(png, 10000, 10000));
    assert.equal(r.status, 422);
    assert.match(r.text, /more than 40 million pixels/);
    r = await upload('huge.png', new Uint8Array(9 * 1024 * 1024).fill(0x89, 0, 1));
    assert.equal(r.status, 413);
    r = await upload('photo.jpg', jpeg, {}, 'fr');
    assert.equal(r.status, 422);
    assert.match(r.text, /Donnez un texte de remplacement/, 'the missing alt text is told in the page’s language');
    r = await upload('photo.jpg', jpeg, { alt: '   ' });
    assert.equal(r.status, 422);
    assert.equal(await fileCount(), filesBefore, 'no file row was written');
    assert.deepEqual(await draftData(id), dataBefore, 'the draft is as it was');

    r = await upload('photo.jpg', jpeg);
    assert.equal(r.status, 303, r.text.slice(0, 400));
    const image = ((await draftData(id)) as { story: { image: { variants: Array<{ id: number; width: number; type: string }> } } }).story.image;
    assert.deepEqual(
      image.variants.map((v) => [v.type, v.width]),
      [
        ['image/webp', 320],
        ['image/webp', 640],
        ['image/webp', 1280],
        ['image/jpeg', 640],
      ],
    );
    const first = image.variants[0]!.id;
    assert.equal((await contributor.get(`/images/${first}`)).status, 200, 'its author sees the draft’s image');
    assert.equal((await t.app.request(`/images/${first}`)).status, 404, 'a visitor does not, before it is published');

    const storyId = await approve(id, base);
    assert.match(reviewPage, new RegExp(`<source type="image/webp" srcset="/images/${first} 320w`), 'the curator sees the picture under review');
    assert.match(reviewPage, /Pupils around a laptop in a classroom/);
    const page = await new TestClient(t.app).get(`/en/stories/${storyId}`);
    assert.equal(page.status, 200);
    const srcset = /<source type="image\/webp" srcset="([^"]+)" sizes="[^"]+"/.exec(page.text)?.[1];
    assert.equal(
      srcset,
      image.variants
        .filter((v) => v.type === 'image/webp')
        .map((v) => `/images/${v.id} ${v.width}w`)
        .join(', '),
    );
    const img = /<img [^>]*src="\/images\/(\d+)"[^>]*>/.exec(page.text);
    assert.ok(img, 'an img with the JPEG fallback');
    assert.match(img[0], /width="1280" height="800"/);
    assert.match(img[0], /alt="Pupils around a laptop in a classroom"/);
    assert.match(img[0], /decoding="async"/);

    for (const v of image.variants) {
      const res = await t.app.request(`/images/${v.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), v.type);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      assert.equal(meta.width, v.width);
      assert.equal(meta.format, v.type === 'image/webp' ? 'webp' : 'jpeg');
      assert.equal(meta.exif, undefined, 'no EXIF served');
      const again = await t.app.request(`/images/${v.id}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
      assert.equal(again.status, 304);
    }

    // On a list of stories the card shows the small variant, loaded lazily; an entry without an image, its placeholder.
    const list = await new TestClient(t.app).get('/en/stories');
    assert.match(list.text, new RegExp(`srcset="/images/${first} 320w[^"]*" sizes="6rem"`));
    assert.match(list.text, /loading="lazy"/);
    const deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    await importDrafts(deps, [{ externalId: 'images-test-activity', data: { ...completeDraft('Teachers online'), kind: 'activity' } as never }], 'fixture');
    const search = await new TestClient(t.app).get('/en/search');
    assert.match(search.text, /<svg [^>]*class="ph ph-activity"[^>]*aria-hidden="true"/, 'activities have no image: placeholders');

    // Changing the image is a revision, and the published variants stay for the earlier one.
    r = await contributor.post('/en/contribute/submissions', { organisationId: String(orgId), entryId: String(storyId) });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const update = Number(/submissions\/(\d+)/.exec(r.location!)![1]);
    const updateBase = `/en/contribute/submissions/${update}`;
    r = await contributor.upload(`${updateBase}/images`, { name: 'logo.png', bytes: png, field: 'image' }, { alt: 'The network’s logo' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    await approve(update, updateBase);
    const revisions = await t.handle.db
      .selectFrom('revisions')
      .select(['number', 'changedFields'])
      .where('entityId', '=', storyId)
      .orderBy('number', 'desc')
      .execute();
    assert.ok(revisions.length >= 2);
    assert.ok(revisions[0]!.changedFields.length > 0, 'something changed');
    assert.ok(
      revisions[0]!.changedFields.every((f) => f.startsWith('story.image.')),
      `only the image changed: ${JSON.stringify(revisions[0]!.changedFields)}`,
    );
    assert.equal((await t.app.request(`/images/${first}`)).status, 404, 'the old image is no longer public');
    assert.equal((await curator.get(`/images/${first}`)).status, 200, 'but it is kept with the earlier revision');
    const after = await new TestClient(t.app).get(`/en/stories/${storyId}`);
    assert.match(after.text, /alt="The network’s logo"/);
    assert.match(after.text, /width="16" height="16"/, 'a small image is not enlarged');
  });
});
