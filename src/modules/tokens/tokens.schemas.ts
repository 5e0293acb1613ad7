import { z } from 'zod';
import { line } from '../../lib/text';
import { MAX_TOKEN_DAYS, TOKEN_SCOPES } from './tokens';

/** A new token: its name, at least one scope from the closed list, and how many days it lives (1 to a year). */
export const createTokenSchema = z.object({
  name: line(100).pipe(z.string().min(1)),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(TOKEN_SCOPES.length),
  expiresInDays: z.coerce.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type CreateTokenInput = z.output<typeof createTokenSchema>;
