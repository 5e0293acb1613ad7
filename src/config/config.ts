import { join } from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../modules/jobs/jobs';
import { parseSmtpUrl } from '../modules/mail/mail.transport';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** The longest snapshot period: finished jobs (and so a period's unique key) are kept 40 days. */
const MAX_SNAPSHOT_EVERY_MS = 30 * 86_400_000;

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Stocktake reads, with its default and rule. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEMO_DATA: booleanFlag.default(true),
  SITE_NAME: z.string().min(1).max(80).default('Stocktake'),
  // Checked as the transport will read it, so a bad port or host stops the start rather than
  // every later delivery; the reason never repeats the URL, which may hold a password.
  SMTP_URL: z
    .string()
    .superRefine((url, ctx) => {
      const result = parseSmtpUrl(url);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
    })
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Stocktake <no-reply@localhost>'),
  // scrypt cost as log2(N): 15 means N = 32768, 32 MiB of memory per hash.
  PASSWORD_COST: z.coerce.number().int().min(14).max(20).default(15),
  // ASVS 3.3 (level 2): a session ends after 30 minutes without use and 12 hours after sign-in.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(8760).optional(),
  // Retired: read only when SESSION_ABSOLUTE_HOURS is unset, as its value in days.
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).optional(),
  // How many reverse proxies stand in front (0 = none). `true`/`false` are kept for old files: 1 and 0.
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|yes|no|10|[0-9])$/, 'must be the number of proxies in front, 0 to 10 (true and false mean 1 and 0)')
    .transform((v) => (v === 'true' || v === 'yes' ? 1 : v === 'false' || v === 'no' ? 0 : Number(v)))
    .default(0),
  // Seals second-factor secrets at rest; keep it outside the database (and its backups).
  SECRET_KEY: z.string().min(32, 'must have at least 32 characters').optional(),
  // The search index's snapshot file (a path, or `off`); by default search-index.snapshot in DATA_DIR.
  SEARCH_SNAPSHOT: z.string().min(1).optional(),
  // OAI-PMH: the repository's namespace in item identifiers (by default BASE_URL's host name), the address
  // harvesters write to (by default MAIL_FROM's), and how many records one answer holds before its resumption token.
  OAI_REPOSITORY_ID: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)*$/, 'must be a domain name such as register.example.org')
    .max(200)
    .optional(),
  OAI_ADMIN_EMAIL: z.email().optional(),
  OAI_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  // Partner sites that may embed the register (frame the embed pages, read the public API from a browser):
  // `*` (the default) for any, or origins separated by spaces or commas (https://partner.example.org).
  EMBED_ORIGINS: z
    .string()
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .superRefine((list, ctx) => {
      if (list.length > 100) ctx.addIssue({ code: 'custom', message: 'must list at most 100 origins' });
      for (const item of list)
        if (item !== '*' && !isOrigin(item))
          ctx.addIssue({ code: 'custom', message: `${item.slice(0, 80)} is not an origin such as https://partner.example.org` });
      if (list.includes('*') && list.length > 1) ctx.addIssue({ code: 'custom', message: 'is either * or a list of origins' });
    })
    .default(['*']),
  // IATI: the publisher's organisation identifier (org-id.guide, e.g. XM-DAC-41114): the reporting-org of the
  // export and the prefix of its activity identifiers ({ref}-{id}); and its IATI OrganisationType code.
  IATI_PUBLISHER_REF: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be an organisation identifier such as XM-DAC-41114 (letters, digits, . _ -)')
    .max(100)
    .default('ZZ-STOCKTAKE'),
  IATI_PUBLISHER_TYPE: z
    .string()
    .regex(/^\d{2}$/, 'must be an IATI OrganisationType code such as 40 (multilateral) or 10 (government)')
    .default('90'),
  // Whole-register snapshots (a zip of every published entry in every export format): where they are kept
  // (by default snapshots/ in DATA_DIR), how many are kept, and how often the job makes one (`0`: never).
  SNAPSHOT_DIR: z.string().min(1).optional(),
  SNAPSHOT_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  SNAPSHOT_EVERY: z
    .string()
    .refine((v) => {
      const ms = parseDuration(v);
      return ms !== null && (ms === 0 || (ms >= 60_000 && ms <= MAX_SNAPSHOT_EVERY_MS));
    }, 'must be 0 (off) or a duration from 1m to 30d, such as 6h or 24h')
    .default('24h'),
  // The licence the register's data is published under, named on the data page and in every snapshot.
  DATA_LICENCE: z.string().min(1).max(200).default('CC BY 4.0'),
  DATA_LICENCE_URL: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
  // The yearly report: where its generated files are kept (by default reports/ in DATA_DIR), and the
  // Chromium that prints its PDF (Debian's by default; where it is missing, the HTML is offered alone).
  REPORT_DIR: z.string().min(1).optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  // For benchmarks only: `off` keeps no visitor's page in memory, so every request is rendered.
  STOCKTAKE_RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  demoData: boolean;
  siteName: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  passwordCost: number;
  /** A session not used for this long ends (sliding). */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however much it is used. */
  sessionAbsoluteHours: number;
  /**
   * How many reverse proxies stand in front of the app: the client's address is the entry that many
   * places from the right of X-Forwarded-For, and X-Forwarded-Proto is trusted only when it is ≥ 1.
   */
  trustedProxies: number;
  /** Key material for sealing second-factor secrets; without it they are stored unsealed. */
  secretKey: string | undefined;
  /** Where the search index is kept between starts; null: rebuilt from the database at every start. */
  searchSnapshot: string | null;
  /** Whether visitors' pages are kept in memory (off only to measure rendering, in benchmarks). */
  responseCache: boolean;
  /** Who may embed the register: `*` for any site, or the exact origins (scheme, host and port) allowed. */
  embedOrigins: '*' | readonly string[];
  /** OAI-PMH: the namespace of item identifiers, the administrator's address, the records per answer. */
  oai: { repositoryId: string; adminEmail: string; pageSize: number };
  /** IATI export: the publisher's organisation identifier (the prefix of activity identifiers) and OrganisationType. */
  iati: { publisherRef: string; publisherType: string };
  /**
   * Whole-register snapshots: the folder (null with an in-memory database and no SNAPSHOT_DIR: nowhere to
   * keep them), how many are kept, and the schedule's period in milliseconds (0: no schedule).
   */
  snapshots: { dir: string | null; keep: number; everyMs: number };
  /** The data's licence, named on the data page and in each snapshot. */
  dataLicence: { name: string; url: string };
  /** Reports: the folder of generated files (null with an in-memory database and no REPORT_DIR) and Chromium's path. */
  reports: { dir: string | null; chromiumPath: string };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** An origin as a browser sends it: http(s), a host, maybe a port, and nothing after. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '').toLowerCase();
  } catch {
    return false;
  }
}

/** The address in `Name <address>` (or the whole value when it has no angle brackets). */
function addressOf(mailbox: string): string {
  return /<([^<>]+)>\s*$/.exec(mailbox)?.[1]?.trim() ?? mailbox.trim();
}

/** Validates the environment once; throws a ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const baseUrl = (e.BASE_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA,
    siteName: e.SITE_NAME,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    passwordCost: e.PASSWORD_COST,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS ?? (e.SESSION_DAYS !== undefined ? e.SESSION_DAYS * 24 : 12),
    trustedProxies: e.TRUST_PROXY,
    secretKey: e.SECRET_KEY,
    searchSnapshot:
      e.SEARCH_SNAPSHOT === 'off' || (e.SEARCH_SNAPSHOT === undefined && e.DATA_DIR === ':memory:')
        ? null
        : (e.SEARCH_SNAPSHOT ?? join(e.DATA_DIR, 'search-index.snapshot')),
    responseCache: e.STOCKTAKE_RESPONSE_CACHE === 'on',
    embedOrigins: e.EMBED_ORIGINS.includes('*') ? '*' : Object.freeze(e.EMBED_ORIGINS.map((o) => new URL(o).origin)),
    oai: {
      repositoryId: e.OAI_REPOSITORY_ID ?? new URL(baseUrl).hostname,
      adminEmail: e.OAI_ADMIN_EMAIL ?? addressOf(e.MAIL_FROM),
      pageSize: e.OAI_PAGE_SIZE,
    },
    iati: { publisherRef: e.IATI_PUBLISHER_REF, publisherType: e.IATI_PUBLISHER_TYPE },
    snapshots: {
      dir: e.SNAPSHOT_DIR ?? (e.DATA_DIR === ':memory:' ? null : join(e.DATA_DIR, 'snapshots')),
      keep: e.SNAPSHOT_KEEP,
      everyMs: parseDuration(e.SNAPSHOT_EVERY) ?? 0,
    },
    dataLicence: { name: e.DATA_LICENCE, url: e.DATA_LICENCE_URL },
    reports: {
      dir: e.REPORT_DIR ?? (e.DATA_DIR === ':memory:' ? null : join(e.DATA_DIR, 'reports')),
      chromiumPath: e.CHROMIUM_PATH,
    },
  });
}
