import { z } from 'zod';
import { line } from '../../lib/text';

/** The crosswalk's query: at most one action line and one SDG goal or target; both given, the links that match both. */
export const crosswalkQuerySchema = z
  .object({
    actionLine: line(40).optional().describe('An action line code (c2, c7-e-health); a parent line (c7) also gives its sub-lines’ links.'),
    sdg: line(10).optional().describe('An SDG goal (9: the links to any of its targets) or target (9.c).'),
  })
  .strict();
export type CrosswalkQuery = z.output<typeof crosswalkQuerySchema>;
