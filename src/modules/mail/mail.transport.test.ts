import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSmtpPeer, type SmtpPeer } from '../../../test/support/smtp-peer';
import { createSmtpTransport, parseSmtpUrl, type MailTransport } from './mail.transport';

const FROM = 'Stocktake <noreply@stocktake.test>';

describe('createSmtpTransport', () => {
  let peer: SmtpPeer;
  let transport: MailTransport;

  before(async () => {
    peer = await startSmtpPeer();
    transport = createSmtpTransport({ url: peer.url, from: FROM });
  });
  after(async () => {
    transport?.close();
    await peer?.close();
  });

  it('delivers a plain English mail with from, to and the nodemailer message id', async () => {
    const sent = await transport.send({ to: 'ana@example.org', subject: 'Your sign-in link', text: 'Open this link to sign in.' });
    const got = await peer.waitFor((m) => m.subject === 'Your sign-in link');
    assert.equal(got.envelopeFrom, 'noreply@stocktake.test');
    assert.deepEqual(got.envelopeTo, ['ana@example.org']);
    assert.equal(got.from, 'noreply@stocktake.test');
    assert.deepEqual(got.to, ['ana@example.org']);
    assert.equal(got.text, 'Open this link to sign in.');
    assert.equal(got.html, null);
    assert.match(sent.messageId, /^<.+@.+>$/);
    assert.equal((got.headers as Map<string, unknown>).get('message-id'), sent.messageId);
  });

  it('keeps an Arabic subject and a Chinese body exactly', async () => {
    const subject = 'تأكيد عنوان بريدك الإلكتروني — سجل المشاريع الرقمية';
    // Long enough that the encoder has to fold it over several lines.
    const text = '感谢您登记数字发展项目。\n请点击下面的链接确认您的电子邮件地址：\n'.repeat(8) + '此链接在二十四小时后失效。';
    await transport.send({ to: 'li@example.org', subject, text });
    const got = await peer.waitFor((m) => m.to.includes('li@example.org'));
    assert.equal(got.subject, subject);
    assert.equal(got.text, text);
  });

  it('sends an HTML alternative alongside the text', async () => {
    const html = '<p>Hello <strong>Amina</strong> — مرحبا</p>';
    await transport.send({ to: 'amina@example.org', subject: 'With HTML', text: 'Hello Amina — مرحبا', html });
    const got = await peer.waitFor((m) => m.subject === 'With HTML');
    assert.equal(got.text, 'Hello Amina — مرحبا');
    assert.ok(got.html?.includes(html), `html part was ${got.html}`);
  });

  it('passes Reply-To and extra headers through', async () => {
    await transport.send({
      to: 'ops@example.org',
      subject: 'Headers',
      text: 'x',
      replyTo: 'editor@example.org',
      headers: { 'X-Stocktake-Kind': 'moderation' },
    });
    const got = await peer.waitFor((m) => m.subject === 'Headers');
    const headers = got.headers as Map<string, unknown>;
    assert.equal(headers.get('x-stocktake-kind'), 'moderation');
    assert.equal((headers.get('reply-to') as { value: { address: string }[] }).value[0]?.address, 'editor@example.org');
  });

  it('authenticates with credentials from the URL', async () => {
    const authed = createSmtpTransport({ url: `smtp://user:s3cret@127.0.0.1:${peer.port}`, from: FROM });
    try {
      await authed.send({ to: 'auth@example.org', subject: 'Authenticated', text: 'ok' });
      await peer.waitFor((m) => m.subject === 'Authenticated');
    } finally {
      authed.close();
    }
  });

  it('rejects when the server refuses the message (550)', async () => {
    const failing = await startSmtpPeer({ failWith: 550 });
    const t = createSmtpTransport({ url: failing.url, from: FROM });
    try {
      await assert.rejects(t.send({ to: 'x@example.org', subject: 'Refused', text: 'x' }), (err: { responseCode?: number }) => {
        assert.equal(err.responseCode, 550);
        return true;
      });
      assert.equal(failing.messages.length, 0);
    } finally {
      t.close();
      await failing.close();
    }
  });

  it('reports a temporary refusal (451) with its code so callers can retry', async () => {
    const failing = await startSmtpPeer({ failWith: 451 });
    const t = createSmtpTransport({ url: failing.url, from: FROM });
    try {
      await assert.rejects(t.send({ to: 'x@example.org', subject: 'Later', text: 'x' }), (err: { responseCode?: number }) => {
        assert.equal(err.responseCode, 451);
        return true;
      });
    } finally {
      t.close();
      await failing.close();
    }
  });

  it('rejects a message over 1 MB by size', async () => {
    const big = 'a'.repeat(76) + '\n';
    await assert.rejects(
      transport.send({ to: 'big@example.org', subject: 'Too big', text: big.repeat(Math.ceil((1.2 * 1024 * 1024) / big.length)) }),
      (err: { responseCode?: number }) => {
        assert.equal(err.responseCode, 552);
        return true;
      },
    );
    assert.ok(!peer.messages.some((m) => m.subject === 'Too big'));
  });

  it('rejects, rather than hangs, when nothing listens on the port', async () => {
    const gone = await startSmtpPeer();
    const port = gone.port;
    await gone.close();
    const t = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 1000 });
    const started = Date.now();
    try {
      await assert.rejects(t.send({ to: 'x@example.org', subject: 'Nobody home', text: 'x' }));
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      t.close();
    }
  });

  it('rejects, rather than hangs, when the server accepts but never greets', async () => {
    // A black hole: the TCP connection opens, then silence. Only the greeting timeout ends this.
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const t = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 300 });
    const started = Date.now();
    try {
      await assert.rejects(t.send({ to: 'x@example.org', subject: 'Silence', text: 'x' }), /greeting|timeout/i);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      t.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('startSmtpPeer', () => {
  it('rejects waitFor with a clear error when nothing matching arrives', async () => {
    const peer = await startSmtpPeer();
    try {
      await assert.rejects(
        peer.waitFor(() => true, 50),
        /no matching message within 50 ms/,
      );
    } finally {
      await peer.close();
    }
  });
});

describe('parseSmtpUrl', () => {
  it('accepts smtp and smtps URLs with a host and a valid port', () => {
    assert.deepEqual(parseSmtpUrl('smtp://localhost:25'), { ok: true });
    assert.deepEqual(parseSmtpUrl('smtps://u:p@mail.example.org:465'), { ok: true });
    assert.deepEqual(parseSmtpUrl('smtp://mail.example.org'), { ok: true });
  });

  it('rejects other protocols, a missing host, an out-of-range port and non-URLs', () => {
    for (const bad of ['http://x', 'smtp://', 'smtp://host:99999', 'smtp://host:0', 'not a url']) {
      const r = parseSmtpUrl(bad);
      assert.equal(r.ok, false, bad);
    }
  });

  it('says what is wrong without repeating the password', () => {
    const r = parseSmtpUrl('smtp://user:hunter2@host:99999');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /port/.test(r.reason), JSON.stringify(r));
    assert.ok(!JSON.stringify(r).includes('hunter2'));
    const p = parseSmtpUrl('http://x');
    assert.ok(!p.ok && /smtp: or smtps:/.test(p.reason));
    const h = parseSmtpUrl('smtp://');
    assert.ok(!h.ok && /no host/.test(h.reason));
  });
});
