import type { Locale } from '../../i18n/locales';
import { AppError, notFound, type ErrorDetail } from '../../lib/errors';
import type { SearchEngine, SearchRequest } from '../search/search';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { allLinks, crosswalkAlsoMatch, goalOf, goalsForActionLine, linksForActionLine, linksForSdg, localise, type CrosswalkLink } from './crosswalk';
import type { CrosswalkQuery } from './crosswalk.schemas';

/** The links a query asks for; a code no vocabulary knows is refused naming its field (a typo must not read as "no links"). */
export function findCrosswalkLinks(taxonomy: Taxonomy, query: CrosswalkQuery): CrosswalkLink[] {
  const details: ErrorDetail[] = [];
  if (query.actionLine !== undefined && !taxonomy.has('action-line', query.actionLine))
    details.push({ field: 'actionLine', code: 'unknown_value', params: { value: query.actionLine } });
  if (query.sdg !== undefined && !taxonomy.has('sdg', query.sdg)) details.push({ field: 'sdg', code: 'unknown_value', params: { value: query.sdg } });
  if (details.length) throw new AppError('validation_failed', details);
  let links: readonly CrosswalkLink[] = allLinks();
  if (query.actionLine !== undefined) links = linksForActionLine(query.actionLine, { subLines: true });
  if (query.sdg !== undefined) {
    const bySdg = new Set(linksForSdg(query.sdg));
    links = links.filter((l) => bySdg.has(l));
  }
  return [...links];
}

/** What a vocabulary page needs of the search: the engine and the vocabularies. */
export interface CrosswalkPageDeps {
  taxonomy: Taxonomy;
  search: SearchEngine;
}

const countOf = async (deps: CrosswalkPageDeps, filters: SearchRequest['filters'], alsoMatch?: SearchRequest['alsoMatch']) =>
  (await deps.search.search({ text: '', filters, alsoMatch, sort: 'newest', page: 1, pageSize: 0, locale: 'en' })).total;

/** One action line's page: its links (with its sub-lines'), how many entries carry it, with and without the crosswalk, and each linked target's entries. */
export async function actionLineOverview(deps: CrosswalkPageDeps, code: string, locale: Locale) {
  const term = deps.taxonomy.get('action-line', code);
  if (!term) throw notFound();
  const links = linksForActionLine(code, { subLines: true });
  const targets = [...new Set(links.map((l) => l.target))];
  const filters = { actionLine: [code] };
  const [tagged, linked, ...targetCounts] = await Promise.all([
    countOf(deps, filters),
    countOf(deps, filters, crosswalkAlsoMatch(filters)),
    ...targets.map((target) => countOf(deps, { target: [target] })),
  ]);
  const perTarget = new Map(targets.map((t, i) => [t, targetCounts[i] ?? 0]));
  return {
    code,
    parent: term.parent,
    subLines: deps.taxonomy
      .terms('action-line')
      .filter((t) => t.parent === code)
      .map((t) => t.code),
    links: localise(links, locale).map((l) => ({ ...l, entries: perTarget.get(l.target) ?? 0 })),
    goals: goalsForActionLine(code, { subLines: true }),
    tagged,
    linked,
  };
}
export type ActionLineOverview = Awaited<ReturnType<typeof actionLineOverview>>;

/** One SDG's page (a goal, or one target): the action lines linked to it, their entries, and its own, with and without the crosswalk. */
export async function sdgOverview(deps: CrosswalkPageDeps, code: string, locale: Locale) {
  const term = deps.taxonomy.get('sdg', code);
  if (!term) throw notFound();
  const isTarget = code.includes('.');
  const filters: SearchRequest['filters'] = isTarget ? { target: [code] } : { sdg: [code] };
  const [tagged, withCrosswalk, everything] = await Promise.all([
    countOf(deps, filters),
    deps.search.search({ text: '', filters, alsoMatch: crosswalkAlsoMatch(filters), sort: 'newest', page: 1, pageSize: 0, locale }),
    deps.search.search({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 0, locale }),
  ]);
  const perLine = new Map(everything.facets.actionLine.map((v) => [v.value, v.count]));
  return {
    code,
    goal: goalOf(code),
    isTarget,
    targets: isTarget
      ? []
      : deps.taxonomy
          .terms('sdg')
          .filter((t) => t.parent === code)
          .map((t) => t.code),
    links: localise(linksForSdg(code), locale).map((l) => ({ ...l, entries: perLine.get(l.actionLine) ?? 0 })),
    tagged,
    linked: withCrosswalk.total,
  };
}
export type SdgOverview = Awaited<ReturnType<typeof sdgOverview>>;
