import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { createTestDb, UnexpectedServerError } from '../support/test-db';

describe('the test app fails a test on any unexpected logged 500', () => {
  it('fails the request that made the app log an unhandled error; a test that expects one says so and sees it', async () => {
    const t = await createTestDb();
    try {
      // A real failure under the app (a table gone), not a mock: the page can only answer 500.
      await sql`alter table organisations rename to organisations_gone`.execute(t.handle.db);
      await assert.rejects(
        async () => t.app.request('/en/organisations'),
        (e: unknown) => e instanceof UnexpectedServerError && e.logged.length === 1 && /unhandled error/.test(e.message),
      );
      const { result, logged } = await t.expectLoggedErrors(async () => t.app.request('/en/organisations'));
      assert.equal(result.status, 500);
      assert.equal(logged.length, 1);
      assert.match(logged[0]!, /organisations/);
    } finally {
      await sql`alter table if exists organisations_gone rename to organisations`.execute(t.handle.db);
      await t.close();
    }
  });

  it('fails at close when an error was logged where no wrapped request saw it', async () => {
    const t = await createTestDb();
    // A second app on the same dependencies (as a second instance would be) logs into the same place.
    const other = createApp(t.deps);
    await sql`alter table organisations rename to organisations_gone`.execute(t.handle.db);
    const res = await other.request('/en/organisations');
    assert.equal(res.status, 500);
    await assert.rejects(t.close(), (e: unknown) => e instanceof UnexpectedServerError && e.logged.length === 1);
  });
});
