/**
 * The SMTP edge of the project's e-mail: one place that knows how a message leaves the process.
 * Everything above this file deals in OutgoingMail and never sees nodemailer.
 */
import { createTransport } from 'nodemailer';

/** A message ready to send: one recipient, a plain-text body and optionally an HTML alternative. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

/** Something that can deliver an OutgoingMail; the SMTP one below, or a fake in tests. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** Default wait for the TCP connection and for the server's greeting. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** A transport that sends through the SMTP server named by `url` (smtp:// or smtps://), from `from`. */
export function createSmtpTransport(opts: { url: string; from: string; timeoutMs?: number }): MailTransport {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transporter = createTransport({
    url: opts.url,
    // nodemailer waits two minutes for a connection and ten for an idle socket by default, so a
    // dead or black-holed server would stall the caller; fail fast instead and let it retry.
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    // Once talking, a server may legitimately pause (content scanning after DATA), so allow longer.
    socketTimeout: timeoutMs * 3,
    // The URL holds the password; nodemailer's protocol log would print the AUTH exchange.
    logger: false,
    debug: false,
  });

  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: opts.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html !== undefined ? { html: mail.html } : {}),
        ...(mail.replyTo !== undefined ? { replyTo: mail.replyTo } : {}),
        ...(mail.headers !== undefined ? { headers: mail.headers } : {}),
      });
      return { messageId: info.messageId };
    },
    close() {
      transporter.close();
    },
  };
}

/** Checks that `url` is a usable smtp:/smtps: address so a bad SMTP_URL is reported at start; reasons never echo the URL (it may hold a password). */
export function parseSmtpUrl(url: string): { ok: true } | { ok: false; reason: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  if (!scheme) return { ok: false, reason: 'SMTP URL is not a URL; expected smtp://host:port or smtps://host:port' };
  const protocol = `${scheme[1]!.toLowerCase()}:`;
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    return { ok: false, reason: `SMTP URL protocol must be smtp: or smtps:, not ${protocol}` };
  }

  // Checked by hand before URL parsing because the WHATWG parser rejects an out-of-range port
  // with a bare "Invalid URL", which would not tell the operator what to fix.
  const port = portOf(url.trim());
  if (port !== null && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return { ok: false, reason: 'SMTP URL port must be a number from 1 to 65535' };
  }

  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, reason: 'SMTP URL could not be parsed; expected smtp://user:pass@host:port' };
  }
  if (parsed.hostname === '') return { ok: false, reason: 'SMTP URL has no host' };
  return { ok: true };
}

/** The port text of an authority-style URL, or null when none is given. */
function portOf(url: string): string | null {
  const afterSlashes = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (!afterSlashes) return null;
  // Credentials may contain ':' too, so only look after the last '@'.
  const authority = afterSlashes[1]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  // An IPv6 literal is bracketed; its colons are not a port separator.
  const match = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort);
  const port = match?.[1];
  return port === undefined || port === '' ? null : port;
}
