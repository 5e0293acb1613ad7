import type { Child } from 'hono/jsx';
import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { detailsIf, pickTranslation, type Entry } from '../../modules/entries/entry';
import type { CodeCount, CountryComparison, CountryCounts, CountryProfile, CountrySummary, EntryList } from '../../modules/countries/countries.service';
import { COMPARE_MAX } from '../../modules/countries/countries.service';
import { ENTRY_KINDS, entryPath, type EntryKind } from '../../modules/entries/entries';
import { groupByRegionScheme, regionSchemeHeading } from '../../modules/taxonomy/region-labels';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { searchUrl } from '../search-url';

/** The profile page of one country. */
export const countryPath = (locale: string, iso: string) => `/${locale}/countries/${iso}`;

const actionLineLabel = (taxonomy: Taxonomy, i18n: I18n, code: string) =>
  `${code.startsWith('c7-') ? 'C7' : code.toUpperCase()} · ${taxonomy.label('action-line', code, i18n.locale)}`;
const sdgLabel = (taxonomy: Taxonomy, i18n: I18n, code: string) => i18n.t('activity.sdgGoal', { code, label: taxonomy.label('sdg', code, i18n.locale) });

/** A two-column count table (theme, entries) without its zero rows. */
function CountTable(p: { i18n: I18n; caption: string; column: string; rows: CodeCount[]; label: (code: string) => string; href: (code: string) => string }) {
  const { number, t } = p.i18n;
  return (
    <table class="count-table">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{p.column}</th>
          <th scope="col" class="num">
            {t('country.column.entries')}
          </th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <th scope="row">
              <a href={p.href(r.code)}>{p.label(r.code)}</a>
            </th>
            <td class="num">{number(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntryItems(p: { i18n: I18n; items: Entry[] }) {
  const { i18n } = p;
  return (
    <ul class="country-entries">
      {p.items.map((a) => {
        const { language, text } = pickTranslation(a, i18n.locale);
        const event = detailsIf(a, 'event');
        const start = event?.start;
        return (
          <li>
            <a href={entryPath(i18n.locale, a.kind, a.id)} lang={LOCALE_INFO[language].bcp47} dir="auto">
              {text.title}
            </a>
            {start ? (
              <span class="meta">
                {' · '}
                <time datetime={start}>{i18n.date(start.slice(0, 10))}</time>
                {event?.mode ? ` · ${i18n.t(`mode.${event.mode}`)}` : ''}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function KindList(p: { i18n: I18n; iso: string; kind: EntryKind; list: EntryList; upcoming: number }) {
  const { t, locale } = p.i18n;
  const id = `list-${p.kind}`;
  const upcoming = p.kind === 'event' ? p.list.items.slice(0, p.upcoming) : [];
  const rest = p.kind === 'event' ? p.list.items.slice(p.upcoming) : p.list.items;
  return (
    <section aria-labelledby={id} class="country-list">
      <h3 id={id}>
        {t(`kinds.${p.kind}`)} <span class="count">{p.i18n.number(p.list.total)}</span>
      </h3>
      {p.list.items.length === 0 ? <p class="meta">{t('country.profile.none')}</p> : null}
      {upcoming.length ? (
        <>
          <h4>{t('country.profile.upcoming')}</h4>
          <EntryItems i18n={p.i18n} items={upcoming} />
          {rest.length ? <h4>{t('country.profile.past')}</h4> : null}
        </>
      ) : null}
      {rest.length ? <EntryItems i18n={p.i18n} items={rest} /> : null}
      {p.list.total > p.list.items.length ? (
        <p>
          <a href={searchUrl(locale, { country: [p.iso], kind: [p.kind] })}>{t('country.profile.seeAll', { count: p.list.total })}</a>
        </p>
      ) : null}
    </section>
  );
}

/** The regions a country belongs to, each scheme under its own heading (M49's "Africa" is not the ITU's), each leading to search. */
function CountryRegions(p: { i18n: I18n; taxonomy: Taxonomy; iso: string }) {
  const groups = groupByRegionScheme(p.taxonomy.regionsOfCountry(p.iso), (code) => code);
  if (groups.length === 0) return null;
  return (
    <dl class="country-regions">
      {groups.map((g) => (
        <>
          <dt>{regionSchemeHeading(g.scheme, p.i18n)}</dt>
          <dd>
            {g.items.map((code, i) => (
              <>
                {i > 0 ? ' · ' : ''}
                <a href={searchUrl(p.i18n.locale, { region: [code] })}>{p.taxonomy.label('region', code, p.i18n.locale)}</a>
              </>
            ))}
          </dd>
        </>
      ))}
    </dl>
  );
}

export interface CountryPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  profile: CountryProfile;
  /** The country on the map (ui/country-map.tsx), under its regions. */
  map?: Child;
}

/** A country's profile: counts by kind and theme, and the latest entries of each kind, each leading on to search. */
export function CountryPage(p: CountryPageProps) {
  const { i18n, taxonomy, profile: c } = p;
  const { t, locale, number } = i18n;
  const lines = c.counts.actionLines.filter((r) => r.count > 0);
  const goals = c.counts.sdgs.filter((r) => r.count > 0);
  return (
    <article class="country">
      <p class="breadcrumb">
        <a href={`/${locale}/countries`}>{t('country.profile.allCountries')}</a>
      </p>
      <h1>{c.name}</h1>
      <p class="lead">{t('country.profile.total', { count: c.counts.total, country: c.name })}</p>
      <CountryRegions i18n={i18n} taxonomy={taxonomy} iso={c.code} />
      {p.map}
      <section aria-labelledby="kinds-title">
        <h2 id="kinds-title">{t('country.profile.byKind')}</h2>
        <ul class="country-kinds">
          {ENTRY_KINDS.map((k) => (
            <li>
              <a href={searchUrl(locale, { country: [c.code], kind: [k] })}>
                <strong>{number(c.counts.kinds[k])}</strong> {t(`kinds.${k}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="themes-title">
        <h2 id="themes-title">{t('country.profile.themes')}</h2>
        <div class="country-themes">
          {lines.length ? (
            <CountTable
              i18n={i18n}
              caption={t('country.profile.actionLinesCaption', { country: c.name })}
              column={t('country.column.actionLine')}
              rows={lines}
              label={(code) => actionLineLabel(taxonomy, i18n, code)}
              href={(code) => searchUrl(locale, { country: [c.code], actionLine: [code] })}
            />
          ) : (
            <p class="meta">{t('country.profile.noActionLines')}</p>
          )}
          {goals.length ? (
            <CountTable
              i18n={i18n}
              caption={t('country.profile.sdgsCaption', { country: c.name })}
              column={t('country.column.sdg')}
              rows={goals}
              label={(code) => sdgLabel(taxonomy, i18n, code)}
              href={(code) => searchUrl(locale, { country: [c.code], sdg: [code] })}
            />
          ) : (
            <p class="meta">{t('country.profile.noSdgs')}</p>
          )}
        </div>
      </section>
      <section aria-labelledby="latest-title">
        <h2 id="latest-title">{t('country.profile.latest')}</h2>
        <div class="country-lists">
          {ENTRY_KINDS.map((k) => (
            <KindList i18n={i18n} iso={c.code} kind={k} list={c.lists[k]} upcoming={c.upcomingEvents} />
          ))}
        </div>
      </section>
      <p>
        <a href={`/${locale}/countries/compare`}>{t('country.compare.title')}</a>
      </p>
    </article>
  );
}

export interface CountriesPageProps {
  i18n: I18n;
  countries: CountrySummary[];
}

/** Every country with published entries, in the reader's alphabetical order. */
export function CountriesPage(p: CountriesPageProps) {
  const { t, locale, number } = p.i18n;
  return (
    <section class="countries">
      <h1>{t('country.index.title')}</h1>
      <p>{t('country.index.intro')}</p>
      <p>
        <a href={`/${locale}/countries/compare`}>{t('country.compare.title')}</a>
      </p>
      {p.countries.length === 0 ? (
        <p class="empty">{t('country.index.empty')}</p>
      ) : (
        <table class="count-table country-index">
          <caption>{t('country.index.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('facet.country')}</th>
              <th scope="col" class="num">
                {t('country.column.entries')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.countries.map((c) => (
              <tr>
                <th scope="row">
                  <a href={countryPath(locale, c.code)}>{c.name}</a>
                </th>
                <td class="num">{number(c.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export interface ComparePageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  /** The countries the selects offer. */
  options: CountrySummary[];
  /** The codes asked for, kept in the form after an error. */
  selected: string[];
  comparison: CountryComparison | null;
  /** Localised problems with the request; the page is answered with 400 when there are any. */
  errors: string[];
}

function CompareRows(p: {
  i18n: I18n;
  heading: string;
  countries: CountryComparison['countries'];
  rows: Array<{ key: string; label: string; counts: number[] }>;
}) {
  if (p.rows.length === 0) return null;
  return (
    <tbody>
      <tr>
        <th scope="rowgroup" colspan={p.countries.length + 1} class="group">
          {p.heading}
        </th>
      </tr>
      {p.rows.map((r) => (
        <tr>
          <th scope="row">{r.label}</th>
          {r.counts.map((n) => (
            <td class="num">{p.i18n.number(n)}</td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

/** Rows of a themed table: one per code, the countries' counts side by side; rows zero everywhere left out. */
function themeRows(countries: CountryComparison['countries'], pick: (c: CountryCounts) => CodeCount[], label: (code: string) => string) {
  const maps = countries.map((c) => new Map(pick(c.counts).map((r) => [r.code, r.count])));
  const codes = countries[0] ? pick(countries[0].counts).map((r) => r.code) : [];
  return codes.map((code) => ({ key: code, label: label(code), counts: maps.map((m) => m.get(code) ?? 0) })).filter((r) => r.counts.some((n) => n > 0));
}

/** Two or three countries side by side; a plain GET form, so it works without JavaScript. */
export function CountryComparePage(p: ComparePageProps) {
  const { i18n, taxonomy } = p;
  const { t, locale } = i18n;
  const countries = p.comparison?.countries ?? [];
  return (
    <section class="compare">
      <p class="breadcrumb">
        <a href={`/${locale}/countries`}>{t('country.profile.allCountries')}</a>
      </p>
      <h1>{t('country.compare.title')}</h1>
      <p>{t('country.compare.intro')}</p>
      {p.errors.length ? (
        <div class="error-summary" role="alert" id="error-summary">
          <h2>{t('country.compare.errors')}</h2>
          <ul>
            {p.errors.map((e) => (
              <li dir="auto">{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="get" action={`/${locale}/countries/compare`} class="compare-form">
        {Array.from({ length: COMPARE_MAX }, (_, i) => {
          const id = `c${i + 1}`;
          const chosen = p.selected[i];
          return (
            <div>
              <label for={id}>{t('country.compare.country', { n: i + 1 })}</label>
              <select id={id} name="c">
                <option value="">{t('country.compare.choose')}</option>
                {p.options.map((o) => (
                  <option value={o.code} selected={o.code === chosen}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        <button type="submit">{t('country.compare.submit')}</button>
      </form>
      {countries.length ? (
        <table class="count-table compare-table">
          <caption>{t('country.compare.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('country.compare.measure')}</th>
              {countries.map((c) => (
                <th scope="col" class="num">
                  <a href={countryPath(locale, c.code)}>{c.name}</a>
                </th>
              ))}
            </tr>
          </thead>
          <CompareRows
            i18n={i18n}
            heading={t('facet.kind')}
            countries={countries}
            rows={[
              { key: 'total', label: t('country.compare.total'), counts: countries.map((c) => c.counts.total) },
              ...ENTRY_KINDS.map((k) => ({ key: k, label: t(`kinds.${k}`), counts: countries.map((c) => c.counts.kinds[k]) })),
            ]}
          />
          <CompareRows
            i18n={i18n}
            heading={t('facet.actionLine')}
            countries={countries}
            rows={themeRows(
              countries,
              (c) => c.actionLines,
              (code) => actionLineLabel(taxonomy, i18n, code),
            )}
          />
          <CompareRows
            i18n={i18n}
            heading={t('facet.sdg')}
            countries={countries}
            rows={themeRows(
              countries,
              (c) => c.sdgs,
              (code) => sdgLabel(taxonomy, i18n, code),
            )}
          />
        </table>
      ) : null}
    </section>
  );
}
