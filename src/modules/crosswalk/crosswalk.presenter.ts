import { z } from 'zod';
import { LOCALES, type Locale } from '../../i18n/locales';
import type { CrosswalkLink } from './crosswalk';

const rationaleSchema = z.object(Object.fromEntries(LOCALES.map((l) => [l, z.string()])) as Record<Locale, z.ZodString>);

export const crosswalkResponseSchema = z
  .object({
    data: z.array(
      z.object({
        actionLine: z.string().describe('A code of the action-line vocabulary.'),
        target: z.string().describe('An SDG target code of the sdg vocabulary.'),
        goal: z.string().describe('The target’s goal.'),
        rationale: rationaleSchema.describe('Why the action line serves the target, one sentence in each of the six languages.'),
      }),
    ),
    meta: z.object({ total: z.number().int(), version: z.number().int() }),
  })
  .meta({ id: 'Crosswalk' });

/** Crosswalk links as public JSON. */
export function presentCrosswalk(links: readonly CrosswalkLink[], version: number): z.output<typeof crosswalkResponseSchema> {
  return {
    data: links.map((l) => ({ actionLine: l.actionLine, target: l.target, goal: l.goal, rationale: { ...l.rationale } })),
    meta: { total: links.length, version },
  };
}
