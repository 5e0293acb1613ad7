import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connection';
import { FACETS, type Facet, type Filter } from '../entries/entry';
import { parseQuery } from './query';
import { sortCounts, type FacetCount, type SearchEngine, type SearchRequest, type SearchResult } from './search';
import { buildTsQuery } from './tsvector';

// ts_rank weights, in PostgreSQL's order {D, C, B, A}: labels, description, summary, title.
const RANK_WEIGHTS = '{0.05, 0.2, 0.4, 1.0}';

/**
 * The SQL path: PostgreSQL full-text search over the analyser's terms, with filters on the derived
 * facet table. Always correct; the reference the in-process index is tested against.
 */
export function createSqlSearch(db: Db): SearchEngine {
  return {
    async search(req: SearchRequest): Promise<SearchResult> {
      const parsed = parseQuery(req.text);
      const tsquery = buildTsQuery(parsed);

      const conditions = (exclude?: Filter): RawBuilder<unknown> => {
        const parts: RawBuilder<unknown>[] = [sql`a.state = 'published'`];
        if (tsquery) parts.push(sql`a.search_vector @@ ${tsquery}::tsquery`);
        for (const [facet, values] of Object.entries(req.filters) as Array<[Filter, string[]]>) {
          if (facet === exclude || values.length === 0) continue;
          // The filter's own values, or any value the crosswalk adds to it (one group: ORed inside).
          const alternatives = [[facet, values] as const, ...(Object.entries(req.alsoMatch?.[facet] ?? {}) as Array<[Filter, string[]]>)]
            .filter(([, vs]) => vs.length > 0)
            .map(([f, vs]) => sql`(facet = ${f} and value in (${sql.join(vs)}))`);
          parts.push(sql`a.id in (select entry_id from entry_facets where ${sql.join(alternatives, sql` or `)})`);
        }
        return sql.join(parts, sql` and `);
      };

      const order = (() => {
        const newest = sql`(a.details ->> 'startDate') desc nulls last, a.id desc`;
        if (req.sort === 'title') {
          return sql`lower(coalesce(
              (select t.title from entry_translations t where t.entry_id = a.id and t.language = ${req.locale}),
              (select t.title from entry_translations t where t.entry_id = a.id and t.language = a.original_language))) asc, a.id asc`;
        }
        if (req.sort === 'relevance' && tsquery) return sql`score desc, a.id desc`;
        // Milliseconds, as the index keeps them, so both paths order ties alike.
        if (req.sort === 'published') return sql`date_trunc('milliseconds', a.published_at) desc nulls last, a.id desc`;
        return newest;
      })();
      const score = tsquery ? sql`ts_rank(${RANK_WEIGHTS}::float4[], a.search_vector, ${tsquery}::tsquery)` : sql`0`;

      const offset = (req.page - 1) * req.pageSize;
      const [hits, total, facetRows, yearRows] = await Promise.all([
        sql<{ id: number; score: number }>`select a.id, ${score} as score from entries a where ${conditions()}
          order by ${order} limit ${req.pageSize} offset ${offset}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from entries a where ${conditions()}`.execute(db),
        req.counts === false
          ? { rows: [] as Array<{ facet: Facet; value: string; n: number }> }
          : sql<{ facet: Facet; value: string; n: number }>`${sql.join(
              FACETS.map(
                (facet) => sql`(select ${facet}::text as facet, f.value, count(*)::int as n from entry_facets f
                join entries a on a.id = f.entry_id
                where f.facet = ${facet} and ${conditions(facet)} group by f.value)`,
              ),
              sql` union all `,
            )}`.execute(db),
        req.publishedYears
          ? sql<{ value: string; n: number }>`select extract(year from a.published_at at time zone 'UTC')::int::text as value, count(*)::int as n
              from entries a where ${conditions()} and a.published_at is not null group by 1`.execute(db)
          : null,
      ]);

      const facets = Object.fromEntries(FACETS.map((f) => [f, [] as FacetCount[]])) as Record<Facet, FacetCount[]>;
      for (const r of facetRows.rows) facets[r.facet].push({ value: r.value, count: Number(r.n) });
      for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return {
        total: Number(total.rows[0]?.n ?? 0),
        hits: hits.rows.map((r) => ({ id: r.id, score: Number(r.score) })),
        facets,
        highlightTerms: [...parsed.highlightTerms],
        ...(yearRows ? { publishedYears: sortCounts(yearRows.rows.map((r) => ({ value: r.value, count: Number(r.n) }))) } : {}),
      };
    },
  };
}
