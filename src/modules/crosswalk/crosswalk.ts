import { z } from 'zod';
import { LOCALES, type Locale } from '../../i18n/locales';
import type { Filter } from '../entries/entry';
import actionLineFile from '../taxonomy/data/action-lines.json' with { type: 'json' };
import raw from './data/wsis-sdg.json' with { type: 'json' };

/**
 * The WSIS–SDG crosswalk: which SDG targets each WSIS action line serves, with a one-sentence rationale per
 * link in the six languages. Data in `data/wsis-sdg.json` (the public WSIS–SDG matrix is the model for which
 * links exist; the rationales are this team's). Everything here is pure: pages, the API, the search option
 * and the yearly report read the same functions.
 */

const rationaleSchema = z.object(Object.fromEntries(LOCALES.map((l) => [l, z.string().trim().min(1).max(300)])) as Record<Locale, z.ZodString>).strict();

export const crosswalkFileSchema = z
  .object({
    version: z.number().int().min(1),
    source: z.string().min(1),
    links: z
      .array(
        z
          .object({
            actionLine: z.string().regex(/^c\d{1,2}(-[a-z-]+)?$/),
            target: z.string().regex(/^\d{1,2}\.[0-9a-z]{1,2}$/),
            rationale: rationaleSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.links.forEach((l, i) => {
      const key = `${l.actionLine} ${l.target}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['links', i], message: 'repeated' });
      seen.add(key);
    });
  });

export interface CrosswalkLink {
  actionLine: string;
  /** An SDG target code, "9.c". */
  target: string;
  /** The target's goal, "9". */
  goal: string;
  rationale: Record<Locale, string>;
}

/** A link with its rationale in one language. */
export interface LocalisedLink {
  actionLine: string;
  target: string;
  goal: string;
  rationale: string;
}

const FILE = crosswalkFileSchema.parse(raw);

/** The data file's version (it moves when links or rationales change). */
export const CROSSWALK_VERSION = FILE.version;

/** The links of the data file, validated once at load (a malformed file fails at start, not on a page). */
export const CROSSWALK_LINKS: readonly CrosswalkLink[] = Object.freeze(FILE.links.map((l) => Object.freeze({ ...l, goal: goalOf(l.target) })));

/** The goal of a target code ("9.c" → "9"); a goal code is its own goal. */
export function goalOf(code: string): string {
  return code.split('.')[0]!;
}

/** Action lines and their parent (C7's sub-lines), from the vocabulary's own data file. */
const PARENT = new Map<string, string | null>(
  (actionLineFile as { terms: Array<{ code: string; parent: string | null }> }).terms.map((t) => [t.code, t.parent]),
);

/** An action line and, for a parent line (C7), its sub-lines: a filter on C7 already means all of them. */
function family(actionLine: string): Set<string> {
  const out = new Set([actionLine]);
  for (const [code, parent] of PARENT) if (parent === actionLine) out.add(code);
  return out;
}

function sorted<T>(list: T[], key: (x: T) => string): T[] {
  return list.sort((a, b) => key(a).localeCompare(key(b), 'en', { numeric: true }));
}

/** Every link, in the file's order. */
export function allLinks(): readonly CrosswalkLink[] {
  return CROSSWALK_LINKS;
}

/** The links of an action line; with `subLines`, also those of its sub-lines (C7's), by target. */
export function linksForActionLine(actionLine: string, opts: { subLines?: boolean } = {}): CrosswalkLink[] {
  const codes = opts.subLines ? family(actionLine) : new Set([actionLine]);
  return sorted(
    CROSSWALK_LINKS.filter((l) => codes.has(l.actionLine)),
    (l) => l.target,
  );
}

/** The links to an SDG goal ("9": every target of it) or to one target ("9.c"), by action line. */
export function linksForSdg(code: string): CrosswalkLink[] {
  const match = code.includes('.') ? (l: CrosswalkLink) => l.target === code : (l: CrosswalkLink) => l.goal === code;
  const position = [...PARENT.keys()];
  return CROSSWALK_LINKS.filter(match).sort(
    (a, b) => position.indexOf(a.actionLine) - position.indexOf(b.actionLine) || a.target.localeCompare(b.target, 'en', { numeric: true }),
  );
}

/** The SDG targets an action line serves (with its sub-lines' when asked), in numeric order. */
export function targetsForActionLine(actionLine: string, opts: { subLines?: boolean } = {}): string[] {
  return [...new Set(linksForActionLine(actionLine, opts).map((l) => l.target))];
}

/** The SDG goals an action line serves (with its sub-lines' when asked), in numeric order. */
export function goalsForActionLine(actionLine: string, opts: { subLines?: boolean } = {}): string[] {
  return sorted([...new Set(linksForActionLine(actionLine, opts).map((l) => l.goal))], (g) => g);
}

/** The action lines linked to an SDG goal or target, in the vocabulary's order. */
export function actionLinesForSdg(code: string): string[] {
  return [...new Set(linksForSdg(code).map((l) => l.actionLine))];
}

/** Links with their rationale in `locale`. */
export function localise(links: readonly CrosswalkLink[], locale: Locale): LocalisedLink[] {
  return links.map((l) => ({ actionLine: l.actionLine, target: l.target, goal: l.goal, rationale: l.rationale[locale] }));
}

/** Filters of a search that the crosswalk widens, and what each also accepts. */
export type AlsoMatch = Partial<Record<Filter, Partial<Record<Filter, string[]>>>>;

/**
 * What "also entries linked through the crosswalk" adds to a search's filters: a goal filter also accepts the
 * action lines linked to any of its targets, a target filter the action lines linked to it, and an action-line
 * filter (a parent line with its sub-lines) the goals it serves — at goal level, since an entry tagged with a
 * goal alone cannot be told apart, in the facets, from one tagged with one of its targets. Filters the crosswalk
 * has nothing for are left as they are.
 */
export function crosswalkAlsoMatch(filters: Partial<Record<Filter, readonly string[]>>): AlsoMatch {
  const also: AlsoMatch = {};
  const collect = (values: readonly string[] | undefined, find: (v: string) => string[]) => [...new Set((values ?? []).flatMap(find))].sort();
  const lines = collect(filters.sdg, actionLinesForSdg);
  if (lines.length) also.sdg = { actionLine: lines };
  const targetLines = collect(filters.target, actionLinesForSdg);
  if (targetLines.length) also.target = { actionLine: targetLines };
  const goals = collect(filters.actionLine, (a) => goalsForActionLine(a, { subLines: true }));
  if (goals.length) also.actionLine = { sdg: goals };
  return also;
}
