/**
 * A real SMTP server on loopback for tests: the code under test speaks actual SMTP to it, and the
 * test reads back what arrived, decoded the way a mail client would decode it.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the peer received and decoded it. */
export interface ReceivedMail {
  /** The MAIL FROM address. */
  envelopeFrom: string;
  /** The RCPT TO addresses. */
  envelopeTo: string[];
  /** The address in the From header (display name dropped; it is still in `headers`). */
  from: string;
  /** The addresses in the To header(s). */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Map<string, unknown> | Record<string, unknown>;
}

/** A running loopback SMTP server and what it has received so far. */
export interface SmtpPeer {
  /** smtp://127.0.0.1:<port>, ready for createSmtpTransport. */
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** The first message (already received or yet to come) that matches, or a rejection after timeoutMs. */
  waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Larger messages are refused by size, as a real server would. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

interface Waiter {
  predicate: (m: ReceivedMail) => boolean;
  resolve: (m: ReceivedMail) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Starts the peer on 127.0.0.1 on a free port. With `failWith` (e.g. 451 or 550) every message is
 * refused at the end of DATA with that reply code, for testing retry and failure paths.
 */
export async function startSmtpPeer(opts: { failWith?: number } = {}): Promise<SmtpPeer> {
  const { failWith } = opts;
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();

  const deliver = (mail: ReceivedMail) => {
    messages.push(mail);
    for (const w of waiters) {
      if (!w.predicate(mail)) continue;
      clearTimeout(w.timer);
      waiters.delete(w);
      w.resolve(mail);
    }
  };

  const server = new SMTPServer({
    // No TLS anywhere: the peer exists for loopback tests, and credentials are accepted in clear.
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    // A client that never says QUIT must not hold close() for the default 30 s.
    closeTimeout: 1000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onData(stream, session, callback) {
      if (failWith !== undefined) {
        // The whole message has to be read before the reply, or the client never sees it.
        stream.on('end', () => callback(smtpError(failWith, `Rejected by test peer with ${failWith}`)));
        stream.resume();
        return;
      }
      // Captured up front: smtp-server resets the envelope for the next transaction once we reply.
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream).then(
        (parsed) => {
          // rejectOversized answers 552 itself; an oversized message must not be recorded either.
          if (stream.sizeExceeded) return callback(smtpError(552, 'Message exceeds fixed maximum message size'));
          deliver(toReceived(parsed, envelopeFrom, envelopeTo));
          callback();
        },
        (err: unknown) => {
          stream.resume();
          callback(smtpError(554, `Test peer could not parse the message: ${err instanceof Error ? err.message : String(err)}`));
        },
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Port 0 lets the OS pick a free port, so parallel test files never collide.
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  let closed: Promise<void> | null = null;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const subjects = messages.map((m) => JSON.stringify(m.subject)).join(', ') || 'none';
            reject(new Error(`SMTP peer on port ${port}: no matching message within ${timeoutMs} ms (received ${messages.length}: ${subjects})`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    close() {
      // Idempotent so both a test's finally and a suite's after() may call it.
      closed ??= new Promise<void>((resolve) => {
        for (const w of waiters) {
          clearTimeout(w.timer);
          w.reject(new Error(`SMTP peer on port ${port} closed while waiting for a message`));
        }
        waiters.clear();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

/** An Error carrying the SMTP reply code smtp-server should answer with. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  // Group members are flattened: a test cares who it reached, not how the header grouped them.
  const flat = (list: AddressObject['value']): string[] => list.flatMap((a) => (a.group ? flat(a.group) : a.address ? [a.address] : []));
  return objects.flatMap((o) => flat(o.value));
}

function toReceived(parsed: ParsedMail, envelopeFrom: string, envelopeTo: string[]): ReceivedMail {
  return {
    envelopeFrom,
    envelopeTo,
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    // On the wire a body always ends in a line break (nodemailer adds one when the text lacks it),
    // so it is dropped to read back what the caller passed; a text that itself ended in one loses it.
    text: (parsed.text ?? '').replace(/\r?\n$/, ''),
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers: parsed.headers,
  };
}
