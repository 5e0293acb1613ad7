import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO, isLocale } from '../../i18n/locales';
import { detailsIf, FACETS, FILTERS, pickTranslation, type Entry, type Facet } from '../../modules/entries/entry';
import { facetValueLabel, facetValuePrefix } from '../../modules/entries/entry.labels';
import { SORTS, type EntrySearchInput } from '../../modules/entries/entry.schemas';
import type { FacetCount } from '../../modules/search/search';
import { groupByRegionScheme, regionSchemeHeading } from '../../modules/taxonomy/region-labels';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { entryPath, KIND_PATHS, type EntryKind } from '../../modules/entries/entries';
import { EntryVisual } from '../entry-image';
import { Highlighted } from '../highlight';
import { ActionLineBadge, SdgNumber } from '../identity';
import { snippetOf } from '../snippet';
import { searchUrl, toggleFilter } from '../search-url';
import { FeedLinks, type ListFeeds } from '../feed-links';
import { embedQueryString } from '../../modules/embed/embed';
import { DownloadMenu } from '../download-menu';

export interface SearchPageProps {
  i18n: I18n;
  /** The page's path: 'search' for every kind, or one kind's list ('actors', 'stories'…). */
  path: string;
  /** A kind's own list shows only that kind, without the kind facet. */
  kind?: EntryKind | undefined;
  taxonomy: Taxonomy;
  input: EntrySearchInput;
  total: number;
  activities: Entry[];
  facets: Record<Facet, FacetCount[]>;
  highlightTerms: string[];
  /** This list's feeds (same text and filters), and for a search of events only, the events calendar. */
  feeds?: ListFeeds | undefined;
}

const VISIBLE_VALUES = 8;

/** A query's filters alone (no order, no paging): what another view of the same search (the map) carries. */
const filtersOf = (input: EntrySearchInput) => Object.fromEntries(FILTERS.map((f) => [f, input[f]])) as Pick<EntrySearchInput, (typeof FILTERS)[number]>;

function valueLabel(p: SearchPageProps, facet: Facet, value: string): string {
  const prefix = facetValuePrefix(facet, value);
  const label = facetValueLabel(p.taxonomy, facet, value, p.i18n.locale);
  return prefix && label !== value ? `${prefix} · ${label}` : label;
}

function FacetGroup(p: SearchPageProps & { facet: Facet }) {
  const { t, number } = p.i18n;
  const selected = new Set(p.input[p.facet]);
  const values = [...p.facets[p.facet]];
  // Selected values stay visible even when nothing matches them any more.
  for (const v of selected) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0 });
  if (p.facet === 'year') values.sort((a, b) => b.value.localeCompare(a.value));
  if (p.facet === 'sdg') values.sort((a, b) => Number(a.value) - Number(b.value));
  if (p.facet === 'actionLine')
    values.sort((a, b) => (p.taxonomy.get('action-line', a.value)?.position ?? 0) - (p.taxonomy.get('action-line', b.value)?.position ?? 0));
  if (values.length === 0) return null;
  // The first values in view, the rest (but the selected ones) behind "more".
  const valueList = (list: FacetCount[]) => {
    const head = list.filter((v, i) => i < VISIBLE_VALUES || selected.has(v.value));
    const rest = list.filter((v, i) => i >= VISIBLE_VALUES && !selected.has(v.value));
    return (
      <>
        <ul>{head.map(item)}</ul>
        {rest.length ? (
          <details>
            <summary>{t('search.moreValues', { count: rest.length })}</summary>
            <ul>{rest.map(item)}</ul>
          </details>
        ) : null}
      </>
    );
  };
  const item = (v: FacetCount) => {
    const id = `f-${p.facet}-${v.value}`;
    return (
      <li>
        <input type="checkbox" name={p.facet} value={v.value} id={id} checked={selected.has(v.value)} />
        <label for={id}>
          {p.facet === 'sdg' ? (
            <span dir="auto">
              <SdgNumber code={v.value} />
              {facetValueLabel(p.taxonomy, 'sdg', v.value, p.i18n.locale)}
            </span>
          ) : p.facet === 'region' ? (
            // Within its scheme's group a region needs no qualifier.
            <span dir="auto">{p.taxonomy.label('region', v.value, p.i18n.locale)}</span>
          ) : (
            <span dir="auto">{valueLabel(p, p.facet, v.value)}</span>
          )}{' '}
          <span class="count">{number(v.count)}</span>
        </label>
      </li>
    );
  };
  return (
    <fieldset class="facet">
      <legend>{t(`facet.${p.facet}`)}</legend>
      {p.facet === 'region'
        ? groupByRegionScheme(values, (v) => v.value).map((g) => (
            <fieldset class={`facet-scheme facet-scheme-${g.scheme}`}>
              <legend>{regionSchemeHeading(g.scheme, p.i18n)}</legend>
              {valueList(g.items)}
            </fieldset>
          ))
        : valueList(values)}
    </fieldset>
  );
}

/** A result's action lines (badges) and goals (number on its colour, with its label). */
function EntryMarks(p: SearchPageProps & { activity: Entry }) {
  const { i18n, activity: a } = p;
  const goals = a.sdgs.filter((c) => !c.includes('.'));
  if (a.actionLines.length === 0 && goals.length === 0) return null;
  return (
    <ul class="entry-marks">
      {a.actionLines.map((c) => (
        <li>
          <ActionLineBadge i18n={i18n} taxonomy={p.taxonomy} code={c} />
        </li>
      ))}
      {goals.map((c) => (
        <li>
          <SdgNumber code={c} />
          {p.taxonomy.label('sdg', c, i18n.locale)}
        </li>
      ))}
    </ul>
  );
}

function Result(p: SearchPageProps & { activity: Entry; terms: ReadonlySet<string> }) {
  const { i18n, activity: a } = p;
  const { language, text } = pickTranslation(a, i18n.locale);
  const others = Object.keys(a.translations).filter((l) => l !== language && isLocale(l));
  const lang = LOCALE_INFO[language].bcp47;
  const activity = detailsIf(a, 'activity');
  const event = detailsIf(a, 'event');
  const publication = detailsIf(a, 'publication');
  return (
    <li class="result">
      <EntryVisual entry={a} language={language} sizes="6rem" lazy class="result-visual" />
      {p.kind ? null : <p class="kind-badge">{i18n.t(`kind.${a.kind}`)}</p>}
      <h3 lang={lang} dir="auto">
        <a href={entryPath(i18n.locale, a.kind, a.id)}>
          <Highlighted text={text.title} locale={language} terms={p.terms} />
        </a>
      </h3>
      <p class="meta">
        {[
          ...(activity
            ? [p.taxonomy.label('activity-type', activity.type, i18n.locale), p.taxonomy.label('activity-status', activity.status, i18n.locale)]
            : []),
          event?.start
            ? event.allDay
              ? i18n.date(event.start.slice(0, 10))
              : `${i18n.date(event.start.slice(0, 10))} ${event.start.slice(11)} (${event.timeZone ?? 'UTC'})`
            : null,
          event?.mode ? i18n.t(`mode.${event.mode}`) : null,
          detailsIf(a, 'actor')?.acronyms[language] ?? null,
          publication?.authors.length ? i18n.list(publication.authors.slice(0, 2)) : null,
          ...a.countries.slice(0, 3).map((c) => p.taxonomy.label('country', c, i18n.locale)),
          publication ? (publication.year?.toString() ?? null) : (activity?.startDate?.slice(0, 4) ?? null),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <p class="summary" lang={lang} dir="auto">
        <Highlighted text={snippetOf(text.summary, text.description, language, p.terms)} locale={language} terms={p.terms} />
      </p>
      <EntryMarks {...p} />
      {others.length ? <p class="meta">{i18n.t('search.availableIn', { languages: i18n.list(others.map((l) => i18n.languageName(l))) })}</p> : null}
    </li>
  );
}

/** The search page: one GET form (text, sort, facets) that works without JavaScript. */
export function SearchPage(p: SearchPageProps) {
  const { t, locale, number } = p.i18n;
  const url = (input: Partial<EntrySearchInput>, change: Partial<EntrySearchInput> = {}) => searchUrl(locale, input, change, p.path);
  const heading = p.kind ? t(`kinds.${p.kind}`) : t('search.titleAll');
  const pages = Math.max(1, Math.ceil(p.total / p.input.pageSize));
  const terms = new Set(p.highlightTerms);
  // The same search's charts: its text and filters (a kind list's kind included), not its order or page.
  const dashboardHref = searchUrl(
    locale,
    { q: p.input.q, ...Object.fromEntries(FILTERS.map((f) => [f, p.input[f]])), ...(p.kind ? { kind: [p.kind] } : {}), crosswalk: p.input.crosswalk },
    {},
    'dashboard',
  );
  const active = FILTERS.filter((f) => !(p.kind && f === 'kind')).flatMap((f) => p.input[f].map((v) => ({ facet: f, value: v })));
  return (
    <div class="search-layout">
      <h1>{heading}</h1>
      {p.kind ? null : (
        <p class="kind-links">
          {t('search.browseKinds')}{' '}
          {(['activity', 'actor', 'publication', 'event', 'story'] as const).map((k, i) => (
            <>
              {i ? ' · ' : ''}
              <a href={`/${locale}/${KIND_PATHS[k]}`}>{t(`kinds.${k}`)}</a>
            </>
          ))}
        </p>
      )}
      <form method="get" action={`/${locale}/${p.path}`} role="search" class="search-form" id="search-form">
        <div class="query-row">
          <label for="q">{t('search.query.label')}</label>
          <input type="search" id="q" name="q" value={p.input.q} maxlength={200} aria-describedby="q-help" dir="auto" />
          <button type="submit">{t('search.submit')}</button>
        </div>
        <p id="q-help" class="help">
          {t('search.query.help')}
        </p>
        <div class="columns">
          <aside class="facets" aria-labelledby="filters-title">
            {/* Folded above the results on a phone, saying how many filters are on; always open on a wide screen (CSS). */}
            <details class="filters-panel">
              <summary>{active.length ? t('phones.filtersCount', { count: active.length }) : t('search.filters')}</summary>
              <h2 id="filters-title">{t('search.filters')}</h2>
              {FACETS.filter((facet) => !(p.kind && facet === 'kind')).map((facet) => (
                <FacetGroup {...p} facet={facet} />
              ))}
              {p.input.target.map((v) => (
                <input type="hidden" name="target" value={v} />
              ))}
              <p class="crosswalk-option">
                <input type="checkbox" name="crosswalk" value="1" id="f-crosswalk" checked={p.input.crosswalk === '1'} aria-describedby="f-crosswalk-help" />
                <label for="f-crosswalk">{t('search.crosswalk.label')}</label>
                <br />
                <span id="f-crosswalk-help" class="help">
                  {t('search.crosswalk.help')}
                </span>
              </p>
              <button type="submit" class="apply">
                {t('search.apply')}
              </button>
            </details>
          </aside>
          <section class="results" aria-labelledby="results-title">
            <div class="results-head">
              <h2 id="results-title" aria-live="polite">
                {p.kind === 'activity'
                  ? t('search.results', { count: p.total })
                  : p.kind
                    ? t('search.resultsKind', { count: p.total })
                    : t('search.resultsAll', { count: p.total })}
              </h2>
              <DownloadMenu i18n={p.i18n} input={p.input} total={p.total} />
              <p class="dashboard-link">
                <a href={dashboardHref}>{t('dashboard.link')}</a>
              </p>
              <a
                class="map-view"
                href={searchUrl(
                  locale,
                  { q: p.input.q, ...filtersOf(p.input), kind: p.kind ? [p.kind] : p.input.kind, crosswalk: p.input.crosswalk },
                  {},
                  'map',
                )}
              >
                {t('map.view')}
              </a>
              <div class="sort">
                <label for="sort">{t('search.sort.label')}</label>
                <select id="sort" name="sort">
                  {SORTS.map((s) => (
                    <option value={s} selected={p.input.sort === s}>
                      {t(`search.sort.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {active.length ? (
              <div class="active-filters">
                <h3 class="visually-hidden">{t('search.activeFilters')}</h3>
                <ul>
                  {active.map(({ facet, value }) => {
                    const label = facet === 'target' ? value : valueLabel(p, facet as Facet, value);
                    return (
                      <li>
                        <a href={url(p.input, toggleFilter(p.input, facet, value))} aria-label={t('search.removeFilter', { label })}>
                          <span dir="auto">{label}</span> <span aria-hidden="true">×</span>
                        </a>
                      </li>
                    );
                  })}
                  {p.input.crosswalk === '1' ? (
                    <li>
                      <a href={url(p.input, { crosswalk: '0', page: 1 })} aria-label={t('search.removeFilter', { label: t('crosswalk.activeFilter') })}>
                        <span>{t('crosswalk.activeFilter')}</span> <span aria-hidden="true">×</span>
                      </a>
                    </li>
                  ) : null}
                  <li>
                    <a href={url({ q: p.input.q, sort: p.input.sort })}>{t('search.clearAll')}</a>
                  </li>
                </ul>
              </div>
            ) : null}
            {p.activities.length === 0 ? <p class="empty">{t('search.noResults')}</p> : null}
            <ol class="result-list">
              {p.activities.map((a) => (
                <Result {...p} activity={a} terms={terms} />
              ))}
            </ol>
            <p class="embed-link">
              <a href={`/${locale}/embed?${embedQueryString({ ...p.input, kind: p.kind ? [p.kind] : p.input.kind, page: 1, pageSize: undefined })}`}>
                {t('embed.link')}
              </a>
            </p>
            {pages > 1 ? (
              <nav aria-label={t('search.pagination')} class="pagination">
                {p.input.page > 1 ? (
                  <a rel="prev" href={url(p.input, { page: p.input.page - 1 })}>
                    {t('search.previous')}
                  </a>
                ) : null}
                <span>{t('search.pageOf', { page: number(p.input.page), pages: number(pages) })}</span>
                {p.input.page < pages ? (
                  <a rel="next" href={url(p.input, { page: p.input.page + 1 })}>
                    {t('search.next')}
                  </a>
                ) : null}
              </nav>
            ) : null}
            {p.feeds ? <FeedLinks i18n={p.i18n} feeds={p.feeds} /> : null}
          </section>
        </div>
      </form>
    </div>
  );
}
