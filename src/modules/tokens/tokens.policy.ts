/**
 * What a request made with an API token may ever do, whatever its creator may: least privilege on top
 * of the policy's rules (`accounts/policy.ts` asks here first). Which scope each route needs is the
 * HTTP edge's table (`http/middleware/bearer.ts`); this is the floor beneath it, should a route that
 * takes no token ever be reached with one.
 */
import type { TokenGrant } from './tokens';

/** The only abilities a token's actor can hold: starting and editing its organisation's drafts, and starting an update of its entries. */
const TOKEN_ABILITIES: ReadonlySet<string> = new Set(['submission.create', 'submission.edit', 'entry.update']);

/** Whether a token's actor may use `ability` at all (the rule for it must still allow it). */
export function tokenMay(ability: string): boolean {
  return TOKEN_ABILITIES.has(ability);
}

/** Whether a thing of `organisationId` is within the token's organisation: a token never reaches its creator's other organisations. */
export function tokenReaches(grant: TokenGrant, organisationId: number | null | undefined): boolean {
  return organisationId === grant.organisationId;
}
