import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { detailsIf, pickTranslation, type Entry } from '../../modules/entries/entry';
import { entryPath, EVENT_MODES } from '../../modules/entries/entries';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { EventWhen } from './entry-sections';

export interface EventsPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  when: 'upcoming' | 'past' | 'month';
  month: string;
  filters: { country: string[]; actionLine: string[]; mode: string[] };
  events: Entry[];
  total: number;
}

function query(p: EventsPageProps, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, values] of Object.entries(p.filters)) for (const v of values) params.append(k, v);
  for (const [k, v] of Object.entries(change)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

function EventItem(p: { i18n: I18n; taxonomy: Taxonomy; event: Entry }) {
  const { language, text } = pickTranslation(p.event, p.i18n.locale);
  const e = detailsIf(p.event, 'event');
  return (
    <li class="result">
      <h3 lang={LOCALE_INFO[language].bcp47} dir="auto">
        <a href={entryPath(p.i18n.locale, 'event', p.event.id)}>{text.title}</a>
      </h3>
      <p class="meta">
        <EventWhen i18n={p.i18n} activity={p.event} />
      </p>
      <p class="meta" dir="auto">
        {[e?.mode ? p.i18n.t(`mode.${e.mode}`) : null, e?.city || null, ...p.event.countries.map((c) => p.taxonomy.label('country', c, p.i18n.locale))]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </li>
  );
}

/** The events calendar: upcoming, past or one month, filtered, with a feed for the same filters. */
export function EventsPage(p: EventsPageProps) {
  const { t, locale, number } = p.i18n;
  const base = `/${locale}/events`;
  const monthLabel = new Intl.DateTimeFormat(LOCALE_INFO[locale].bcp47, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${p.month}-01T00:00:00Z`),
  );
  const tab = (when: EventsPageProps['when'], label: string) => (
    <li>
      <a href={`${base}${query(p, { when, month: when === 'month' ? p.month : undefined })}`} aria-current={p.when === when ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  const feed = `${base}/calendar.ics${query(p, {})}`;
  return (
    <section class="events">
      <h1>{t('kinds.event')}</h1>
      <nav aria-label={t('events.views')} class="tabs">
        <ul>
          {tab('upcoming', t('events.upcoming'))}
          {tab('past', t('events.past'))}
          {tab('month', t('events.month'))}
        </ul>
      </nav>
      <form method="get" action={base} class="filters">
        <input type="hidden" name="when" value={p.when} />
        {p.when === 'month' ? <input type="hidden" name="month" value={p.month} /> : null}
        <label for="ev-country">{t('facet.country')}</label>
        <select id="ev-country" name="country">
          <option value="">{t('events.any')}</option>
          {p.taxonomy
            .terms('country')
            .map((c) => ({ code: c.code, label: p.taxonomy.label('country', c.code, locale) }))
            .sort((a, b) => a.label.localeCompare(b.label, locale))
            .map((c) => (
              <option value={c.code} selected={p.filters.country.includes(c.code)}>
                {c.label}
              </option>
            ))}
        </select>
        <label for="ev-line">{t('facet.actionLine')}</label>
        <select id="ev-line" name="actionLine">
          <option value="">{t('events.any')}</option>
          {p.taxonomy.terms('action-line').map((l) => (
            <option value={l.code} selected={p.filters.actionLine.includes(l.code)}>
              {p.taxonomy.label('action-line', l.code, locale)}
            </option>
          ))}
        </select>
        <label for="ev-mode">{t('facet.mode')}</label>
        <select id="ev-mode" name="mode">
          <option value="">{t('events.any')}</option>
          {EVENT_MODES.map((m) => (
            <option value={m} selected={p.filters.mode.includes(m)}>
              {t(`mode.${m}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('search.apply')}</button>
      </form>
      <p>
        <a href={feed}>{t('events.subscribe')}</a> <span class="meta">{t('events.subscribeHint')}</span>
      </p>
      {p.when === 'month' ? (
        <nav aria-label={t('events.monthNav')} class="pagination">
          <a href={`${base}${query(p, { when: 'month', month: shiftMonth(p.month, -1) })}`} rel="prev">
            {t('search.previous')}
          </a>
          <h2>{monthLabel}</h2>
          <a href={`${base}${query(p, { when: 'month', month: shiftMonth(p.month, 1) })}`} rel="next">
            {t('search.next')}
          </a>
        </nav>
      ) : null}
      <h2 aria-live="polite">{t('events.count', { count: p.total })}</h2>
      {p.events.length ? (
        <ol class="result-list">
          {p.events.map((e) => (
            <EventItem i18n={p.i18n} taxonomy={p.taxonomy} event={e} />
          ))}
        </ol>
      ) : (
        <p class="empty">{t('events.none')}</p>
      )}
      <p class="meta">{t('events.total', { count: number(p.total) })}</p>
    </section>
  );
}
