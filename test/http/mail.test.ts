import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSmtpTransport } from '../../src/modules/mail/mail.transport';
import { startMailWorker } from '../../src/modules/mail/mail.worker';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp-peer';
import { TestClient } from '../support/client';
import { createTestDb, type TestDb } from '../support/test-db';
import { PASSWORD } from '../support/people';

describe('mail through a real SMTP server on loopback', () => {
  let t: TestDb;
  let peer: SmtpPeer;
  before(async () => {
    t = await createTestDb();
    peer = await startSmtpPeer();
  });
  after(async () => {
    await peer.close();
    await t.close();
  });

  it('delivers the verification mail in the recipient language, and marks it sent', async () => {
    const worker = startMailWorker(t.handle.db, createSmtpTransport({ url: peer.url, from: 'Stocktake <no-reply@stocktake.test>' }), { intervalMs: 60_000 });
    try {
      await new TestClient(t.app).post('/ar/account/sign-up', { email: 'layla@mail.test', password: PASSWORD, displayName: 'ليلى' });
      const { sent } = await worker.flush();
      assert.equal(sent, 1);
      const mail = await peer.waitFor((m) => m.to.includes('layla@mail.test'));
      assert.match(mail.text, /ليلى/);
      assert.match(mail.text, /http:\/\/stocktake\.test\/ar\/account\/verify\?token=[\w-]{43}/);
      assert.match(mail.subject, /\p{Script=Arabic}/u, 'the subject is in Arabic');
      const row = await t.handle.db.selectFrom('mailOutbox').select(['status', 'sentAt']).where('toAddress', '=', 'layla@mail.test').executeTakeFirstOrThrow();
      assert.equal(row.status, 'sent');
      assert.ok(row.sentAt);
      assert.equal((await worker.flush()).sent, 0, 'a sent mail is not sent again');
    } finally {
      worker.stop();
    }
  });

  it('keeps a refused mail pending with the error, for a later attempt', async () => {
    const refusing = await startSmtpPeer({ failWith: 451 });
    const worker = startMailWorker(t.handle.db, createSmtpTransport({ url: refusing.url, from: 'x@stocktake.test' }), { intervalMs: 60_000 });
    try {
      await new TestClient(t.app).post('/en/account/reset', { email: 'nobody-known@mail.test' });
      await new TestClient(t.app).post('/en/account/sign-up', { email: 'omar@mail.test', password: PASSWORD, displayName: 'Omar' });
      const result = await worker.flush();
      assert.equal(result.failed, 1);
      const row = await t.handle.db.selectFrom('mailOutbox').selectAll().where('toAddress', '=', 'omar@mail.test').executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(row.lastError ?? '', /451/);
      assert.ok(new Date(row.nextAttemptAt) > new Date(), 'the next attempt is later');
      assert.equal(refusing.messages.length, 0);
    } finally {
      worker.stop();
      await refusing.close();
    }
  });
});
