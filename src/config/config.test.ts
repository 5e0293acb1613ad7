import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.baseUrl, 'http://127.0.0.1:3000');
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demoData, true);
    assert.ok(Object.isFrozen(c));
  });
  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', BASE_URL: 'not a url', DEMO_DATA: 'perhaps' });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      const fields = e.problems.map((p) => p.split(':')[0]).sort();
      assert.deepEqual(fields, ['BASE_URL', 'DATABASE_URL', 'DEMO_DATA', 'LOG_LEVEL', 'PORT']);
    }
  });
  it('names the OAI-PMH repository after BASE_URL and writes to MAIL_FROM, unless told otherwise', () => {
    const d = loadConfig({ BASE_URL: 'https://register.example.org', MAIL_FROM: 'Register <desk@example.org>' });
    assert.deepEqual(d.oai, { repositoryId: 'register.example.org', adminEmail: 'desk@example.org', pageSize: 100 });
    const c = loadConfig({ OAI_REPOSITORY_ID: 'wsis.example.org', OAI_ADMIN_EMAIL: 'oai@example.org', OAI_PAGE_SIZE: '25' });
    assert.deepEqual(c.oai, { repositoryId: 'wsis.example.org', adminEmail: 'oai@example.org', pageSize: 25 });
    assert.throws(
      () => loadConfig({ OAI_REPOSITORY_ID: 'not a domain', OAI_ADMIN_EMAIL: 'nobody', OAI_PAGE_SIZE: '0' }),
      (e: unknown) => e instanceof ConfigError && e.problems.length === 3,
    );
  });
  it('reads PostgreSQL and switches demo data off', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1/db', DEMO_DATA: 'false', BASE_URL: 'https://register.example.org/' });
    assert.equal(c.databaseUrl, 'postgres://u:p@127.0.0.1/db');
    assert.equal(c.demoData, false);
    assert.equal(c.baseUrl, 'https://register.example.org');
  });
  it('ends sessions after 30 idle minutes and 12 hours by default; the retired SESSION_DAYS still sets the absolute lifetime', () => {
    const d = loadConfig({});
    assert.equal(d.sessionIdleMinutes, 30);
    assert.equal(d.sessionAbsoluteHours, 12);
    assert.equal(loadConfig({ SESSION_DAYS: '2' }).sessionAbsoluteHours, 48);
    assert.equal(loadConfig({ SESSION_DAYS: '2', SESSION_ABSOLUTE_HOURS: '8' }).sessionAbsoluteHours, 8);
    assert.equal(loadConfig({ SESSION_IDLE_MINUTES: '15' }).sessionIdleMinutes, 15);
    assert.throws(
      () => loadConfig({ SESSION_IDLE_MINUTES: '0', SESSION_ABSOLUTE_HOURS: 'forever' }),
      (e: unknown) => e instanceof ConfigError && e.problems.length === 2,
    );
  });
  it('refuses a bad SMTP_URL at start, naming the variable and never the password', () => {
    assert.equal(loadConfig({ SMTP_URL: 'smtps://mailer:s3cret@mail.example.org:465' }).smtpUrl, 'smtps://mailer:s3cret@mail.example.org:465');
    const problems = (url: string): string[] => {
      try {
        loadConfig({ SMTP_URL: url });
      } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
      }
      return [];
    };
    for (const [url, reason] of [
      ['smtp://mailer:s3cret@mail.example.org:99999', /port must be a number from 1 to 65535/],
      ['smtp://mailer:s3cret@mail.example.org:25x', /port/],
      ['https://mailer:s3cret@mail.example.org', /smtp: or smtps:/],
      ['smtp://mailer:s3cret@', /could not be parsed/],
      ['smtp://', /no host/],
      ['mail.example.org', /not a URL/],
    ] as const) {
      const found = problems(url);
      assert.equal(found.length, 1, url);
      assert.match(found[0] ?? '', /^SMTP_URL: /, url);
      assert.match(found[0] ?? '', reason, url);
      assert.doesNotMatch(found[0] ?? '', /s3cret|mailer/, url);
    }
  });
  it('lets any site embed by default, or the origins listed in EMBED_ORIGINS, refusing anything that is not an origin', () => {
    assert.equal(loadConfig({}).embedOrigins, '*');
    assert.equal(loadConfig({ EMBED_ORIGINS: '*' }).embedOrigins, '*');
    assert.deepEqual(loadConfig({ EMBED_ORIGINS: 'https://a.example.org, http://localhost:8080 https://B.example.org' }).embedOrigins, [
      'https://a.example.org',
      'http://localhost:8080',
      'https://b.example.org',
    ]);
    for (const bad of ['https://a.example.org/path', 'a.example.org', 'ftp://a.example.org', '* https://a.example.org', 'https://a.example.org?x=1']) {
      assert.throws(
        () => loadConfig({ EMBED_ORIGINS: bad }),
        (e: unknown) => e instanceof ConfigError && e.problems.length >= 1 && e.problems.every((p) => p.startsWith('EMBED_ORIGINS: ')),
        bad,
      );
    }
  });
});
