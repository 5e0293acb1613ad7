import { parseScopes, tokenState, type TokenScope, type TokenState } from './tokens';
import type { TokenRow } from './tokens.repository';

/** A token as lists show it: never its secret or hash, only the few characters that tell it apart. */
export interface TokenView {
  id: number;
  name: string;
  organisationId: number;
  organisationName: string;
  createdByName: string;
  scopes: TokenScope[];
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  state: TokenState;
}

/** A stored token as a list shows it, its state judged by the database's clock when it was read. */
export function presentToken(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    createdByName: row.createdByName,
    scopes: parseScopes(row.scopes),
    prefix: row.prefix,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    state: tokenState(row, new Date(row.now)),
  };
}
