import { join } from 'node:path';
import { z } from 'zod';
import { parseSmtpUrl } from '../modules/mail/mail.transport';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

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
  /** OAI-PMH: the namespace of item identifiers, the administrator's address, the records per answer. */
  oai: { repositoryId: string; adminEmail: string; pageSize: number };
  /** IATI export: the publisher's organisation identifier (the prefix of activity identifiers) and OrganisationType. */
  iati: { publisherRef: string; publisherType: string };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
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
    oai: {
      repositoryId: e.OAI_REPOSITORY_ID ?? new URL(baseUrl).hostname,
      adminEmail: e.OAI_ADMIN_EMAIL ?? addressOf(e.MAIL_FROM),
      pageSize: e.OAI_PAGE_SIZE,
    },
    iati: { publisherRef: e.IATI_PUBLISHER_REF, publisherType: e.IATI_PUBLISHER_TYPE },
  });
}
