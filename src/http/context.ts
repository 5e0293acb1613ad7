import type { Config } from '../config/config';
import type { Db } from '../db/connection';
import type { Locale } from '../i18n/locales';
import type { Actor } from '../modules/accounts/accounts';
import type { PublishedEntries } from '../modules/entries/published-memory';
import type { SearchEngine } from '../modules/search/search';
import type { SiteIdentity, SiteSettingsCache } from '../modules/settings/settings.cache';
import type { Taxonomy } from '../modules/taxonomy/taxonomy';
import type { StreamedFile } from './uploads';

/** What the app is built from: everything with I/O is passed in, so tests build it the same way. */
export interface AppDeps {
  config: Config;
  db: Db;
  taxonomy: Taxonomy;
  search: SearchEngine;
  /** Whether the register currently holds demo data (a banner says so on every page). */
  isDemo: () => boolean;
  /**
   * The register's version: the newest change-log id this instance has applied. When given, visitors'
   * public answers are kept in memory until it moves (or this instance changes something itself).
   */
  registerVersion?: () => number;
  /** Published entries kept in memory for visitors' pages and API answers, following the same change log. */
  publishedEntries?: PublishedEntries;
  log: Logger;
}

export interface Logger {
  /** Optional: loggers made for tests may leave it out. */
  debug?(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    /**
     * Headers the middleware around the response cache gives this request's answer (CORS), decided before it is made:
     * a kept answer carries them from the start, any other gets them on the way out.
     */
    answerHeaders: Readonly<Record<string, string>> | undefined;
    locale: Locale;
    /** The signed-in person, or null for a visitor. */
    actor: Actor | null;
    /** The signed-in person's session: its key (the cookie's hash) and public handle. */
    session: { id: string; handle: string } | null;
    /** The session's CSRF token; for a visitor their CSRF cookie's, or an unmatched value until `csrfFor` sets the cookie. */
    csrfToken: string;
    /** A visitor's request carries (or this response sets) the CSRF cookie. */
    csrfCookieSent: boolean;
    /** A visitor's page shows their CSRF token (a form that posts): the layout repeats it in its meta tag. */
    csrfShown: boolean;
    /** The site settings kept in process (name, theme, logo); `siteIdentity` is their value for this request. */
    siteSettings: SiteSettingsCache;
    siteIdentity: SiteIdentity;
    /** On a route that streams its upload (`streamedUpload`): the file part, or null when none came. */
    upload: StreamedFile | null;
    /** The query keys the page read (`pageQuery`, `queryParam`), each marked whether it is transient (a notice, a return path). */
    queryKeys: Map<string, boolean> | undefined;
    /** On such a route: the form fields sent before the file part. */
    uploadFields: ReadonlyMap<string, string>;
    /**
     * Set by a state-changing route whose success changes nothing a visitor sees (a prize vote: results stay hidden
     * until the close), so it does not drop the kept public pages — at thousands of votes a second, every public
     * page would otherwise be rendered anew on every request.
     */
    keepsPublicPages: boolean;
  };
};
