import { AppError, type ErrorDetail } from '../../lib/errors';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { allLinks, linksForActionLine, linksForSdg, type CrosswalkLink } from './crosswalk';
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
