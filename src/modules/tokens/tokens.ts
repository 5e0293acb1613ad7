/**
 * API tokens: what they are and the pure rules about them. A token lets an organisation's own system
 * use the submissions API for that organisation, within its scopes, until it expires or is revoked.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The closed list of scopes; a scope not listed here is never granted, whatever a row holds. */
export const TOKEN_SCOPES = ['submissions:read', 'submissions:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A scope and the scopes it includes: whoever may write a draft reads it back in every answer anyway. */
const INCLUDES: Record<TokenScope, readonly TokenScope[]> = {
  'submissions:read': [],
  'submissions:write': ['submissions:read'],
};

/** The secret's visible mark: secret scanners (and people) recognise a Stocktake token by it. */
export const SECRET_PREFIX = 'stk_';
/** `stk_` and 32 random bytes in base64url (43 characters, no padding). */
export const SECRET_PATTERN = /^stk_[A-Za-z0-9_-]{43}$/;
/** How much of the secret a list shows to tell tokens apart: the prefix and 6 characters (36 of 256 bits). */
const SHOWN_CHARS = SECRET_PREFIX.length + 6;

/** The longest a token may live, and the lifetimes the form offers. */
export const MAX_TOKEN_DAYS = 365;
export const TOKEN_LIFETIMES = [7, 30, 90, 365] as const;
/** At most this many live (neither revoked nor expired) tokens per organisation. */
export const MAX_LIVE_TOKENS = 20;
/** The last-used time is written at most once in this many seconds, so a busy token does not write on every request. */
export const LAST_USED_EVERY_SECONDS = 60;

export type TokenState = 'active' | 'expired' | 'revoked';

/** What a request made with a token may do, as the policy and the routes see it. */
export interface TokenGrant {
  id: number;
  organisationId: number;
  scopes: readonly TokenScope[];
}

/** The scopes a stored list names, known ones only, in the closed list's order. */
export function parseScopes(stored: string): TokenScope[] {
  const named = new Set(stored.split(/\s+/));
  return TOKEN_SCOPES.filter((s) => named.has(s));
}

/** Stored form of a list of scopes (space-separated, as OAuth writes them). */
export function formatScopes(scopes: readonly TokenScope[]): string {
  return TOKEN_SCOPES.filter((s) => scopes.includes(s)).join(' ');
}

/** Whether scopes grant `needed`, directly or through a scope that includes it. */
export function grants(scopes: readonly TokenScope[], needed: TokenScope): boolean {
  return scopes.some((s) => s === needed || INCLUDES[s].includes(needed));
}

/**
 * The hash a secret is stored and looked up by. SHA-256 without salt or stretching is enough here:
 * the secret is 256 random bits, not a password, so there is nothing to guess from a leaked hash.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret, its hash, and the part of it a list may show. */
export function newSecret(): { secret: string; hash: string; prefix: string } {
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, SHOWN_CHARS) };
}

/** A token's state at `now`: revoked wins over expired. */
export function tokenState(row: { revokedAt: Date | null; expiresAt: Date }, now: Date): TokenState {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}
