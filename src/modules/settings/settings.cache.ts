import type { Db } from '../../db/connection';
import { getSiteIdentity, siteSettingsSchema, type SiteLogo, type SiteSettings } from './settings';

export interface SiteIdentity {
  settings: SiteSettings;
  logo: SiteLogo | null;
}

/**
 * The site settings as every page needs them (name, theme, logo), kept in process: a page costs no
 * query. Read again at most every `ttlMs` in the background (so another instance's change shows within
 * about that), and at once after this instance saves (`reload`). `version()` moves whenever what was read
 * differs from before: the public response cache folds it into its generation and drops its pages.
 */
export class SiteSettingsCache {
  private value: SiteIdentity | null = null;
  private fingerprint = '';
  private loadedAt = 0;
  private loading: Promise<SiteIdentity> | null = null;
  private changes = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: { ttlMs?: number; onError?: (e: unknown) => void } = {},
  ) {}

  private stale(): boolean {
    return Date.now() - this.loadedAt > (this.opts.ttlMs ?? 5000);
  }

  private load(): Promise<SiteIdentity> {
    this.loading ??= getSiteIdentity(this.db)
      .then((identity) => {
        const fingerprint = JSON.stringify([identity.settings, identity.logo?.hash ?? null]);
        if (this.value && fingerprint !== this.fingerprint) this.changes++;
        this.value = identity;
        this.fingerprint = fingerprint;
        this.loadedAt = Date.now();
        return identity;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** The settings; the first call waits for them, later ones get the kept copy (refreshed behind, when old). */
  async get(): Promise<SiteIdentity> {
    // Unreadable at first (the database is down): the built-in identity, and another try next time.
    if (!this.value) return this.load().catch((e: unknown) => (this.opts.onError?.(e), { settings: siteSettingsSchema.parse({}), logo: null }));
    if (this.stale()) this.refreshBehind();
    return this.value;
  }

  /** Reads the settings now (after this instance saved them). */
  async reload(): Promise<SiteIdentity> {
    if (this.loading) await this.loading.catch(() => undefined);
    return this.load();
  }

  /** How many times the settings were seen to change; asking also starts a background read when the copy is old. */
  version(): number {
    if (this.value && this.stale()) this.refreshBehind();
    return this.changes;
  }

  private refreshBehind(): void {
    if (this.loading) return;
    this.load().catch((e: unknown) => this.opts.onError?.(e));
  }
}
