import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person, submissionRow } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * An organisation's page shows the organisation to the public — its type, country, website and
 * published entries — and names its members only to its own members, curators and administrators.
 */
describe("an organisation's page", () => {
  let t: TestDb;

  before(async () => {
    t = await createTestDb();
  });
  after(() => t.close());

  it('shows the organisation to everyone and its members only to members and staff', async () => {
    const org = await organisation(t, 'Rural Links');
    await t.handle.db.updateTable('organisations').set({ country: 'KE', website: 'https://rural-links.example/' }).where('id', '=', org).execute();
    const other = await organisation(t, 'Elsewhere');
    const member = await person(t, { organisationId: org, memberRole: 'member', name: 'Wanjiru Member' });
    await person(t, { organisationId: org, memberRole: 'editor', name: 'Otieno Editor' });
    const outsider = await person(t, { organisationId: other, memberRole: 'editor', name: 'Someone Else' });
    const curator = await person(t, { role: 'curator', name: 'Cora Curator' });
    const admin = await person(t, { role: 'admin', name: 'Ada Admin' });

    const signedIn = async (email: string) => {
      const c = new TestClient(t.app);
      await c.signIn(email, PASSWORD);
      return c;
    };
    const curatorClient = await signedIn(curator.email);
    // One entry of the organisation is published (through the review, as in life); a draft stays unseen.
    const sid = await submissionRow(t, { organisationId: org, createdBy: member.userId, status: 'submitted', title: 'Fibre for village schools' });
    const approved = await curatorClient.post(`/en/review/${sid}`, { decision: 'approve', message: '' });
    assert.equal(approved.status, 303, approved.text.slice(0, 300));
    await submissionRow(t, { organisationId: org, createdBy: member.userId, title: 'An unfinished draft' });

    const readers: Array<[string, TestClient, boolean]> = [
      ['visitor', new TestClient(t.app), false],
      ['another contributor', await signedIn(outsider.email), false],
      ['a member', await signedIn(member.email), true],
      ['a curator', curatorClient, true],
      ['an administrator', await signedIn(admin.email), true],
    ];
    for (const [who, client, seesNames] of readers) {
      const page = await client.get(`/en/organisations/${org}`);
      assert.equal(page.status, 200, who);
      assert.match(page.text, /<h1 dir="auto">Rural Links<\/h1>/, who);
      assert.match(page.text, /Civil society/i, `${who}: the type`);
      assert.match(page.text, /Kenya/, `${who}: the country`);
      assert.match(page.text, /href="https:\/\/rural-links\.example\/"/, `${who}: the website`);
      assert.match(page.text, /Fibre for village schools/, `${who}: the published entry`);
      assert.doesNotMatch(page.text, /An unfinished draft/, `${who}: never a draft`);
      for (const name of ['Wanjiru Member', 'Otieno Editor']) {
        assert.equal(page.text.includes(name), seesNames, `${who} ${seesNames ? 'sees' : 'does not see'} ${name}`);
      }
    }

    const empty = await new TestClient(t.app).get(`/fr/organisations/${other}`);
    assert.equal(empty.status, 200);
    assert.match(empty.text, /n’a pas encore de fiche publiée/);
    assert.doesNotMatch(empty.text, /Someone Else/);
  });
});
