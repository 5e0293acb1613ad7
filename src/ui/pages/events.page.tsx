import type { I18n } from '../../i18n/i18n';
import { dateTimeFormat } from '../../i18n/formats';
import { LOCALE_INFO } from '../../i18n/locales';
import { detailsIf, pickTranslation, type Entry } from '../../modules/entries/entry';
import { entryPath, EVENT_MODES } from '../../modules/entries/entries';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { EventWhen } from './entry-sections';
import { FeedLinks, type ListFeeds } from '../feed-links';
import { DownloadMenu } from '../download-menu';

export interface EventsPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  when: 'upcoming' | 'past' | 'month';
  month: string;
  filters: { country: string[]; actionLine: string[]; mode: string[] };
  events: Entry[];
  total: number;
  /** The events' Atom and JSON feeds for the same filters. */
  feeds?: ListFeeds | undefined;
  /** How many events the download menu's export holds: every event with these filters, past and upcoming (absent: no menu). */
  exportTotal?: number | undefined;
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

/** The first day of the week in a locale (1 = Monday … 7 = Sunday), where the runtime knows it; Monday otherwise. */
function firstDayOfWeek(bcp47: string): number {
  const loc = new Intl.Locale(bcp47) as Intl.Locale & { weekInfo?: { firstDay: number }; getWeekInfo?: () => { firstDay: number } };
  const info = typeof loc.getWeekInfo === 'function' ? loc.getWeekInfo() : loc.weekInfo;
  return info?.firstDay ?? 1;
}

/** The days an event covers in its own calendar (its zone's dates), as YYYY-MM-DD. */
function eventDays(e: Entry): { first: string; last: string } | null {
  const d = detailsIf(e, 'event');
  if (!d?.start) return null;
  const first = d.start.slice(0, 10);
  const last = (d.end ?? d.start).slice(0, 10);
  return { first, last: last < first ? first : last };
}

/**
 * The month as a calendar: a table of weeks with the weekdays as column headers, each day listing
 * its events as links. On a phone the CSS hides it and shows the list of the month's events instead.
 */
function MonthGrid(p: { i18n: I18n; month: string; monthLabel: string; events: Entry[] }) {
  const { t, locale } = p.i18n;
  const bcp47 = LOCALE_INFO[locale].bcp47;
  const [y, m] = p.month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const firstDay = firstDayOfWeek(bcp47);
  // Columns start on the locale's first day; getUTCDay() counts Sunday as 0, the ISO week Sunday as 7.
  const isoDay = (d: Date) => d.getUTCDay() || 7;
  const lead = (isoDay(new Date(Date.UTC(y, m - 1, 1))) - firstDay + 7) % 7;
  const weekdays = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, firstDay + i))); // 1 Jan 2024 was a Monday
  const short = dateTimeFormat(bcp47, { weekday: 'short', timeZone: 'UTC' });
  const long = dateTimeFormat(bcp47, { weekday: 'long', timeZone: 'UTC' });
  const dayNumber = dateTimeFormat(bcp47, { day: 'numeric', timeZone: 'UTC' });
  const today = new Date().toISOString().slice(0, 10);
  const byDay = new Map<string, Entry[]>();
  for (const e of p.events) {
    const span = eventDays(e);
    if (!span) continue;
    for (let day = 1; day <= days; day += 1) {
      const iso = `${p.month}-${String(day).padStart(2, '0')}`;
      if (iso >= span.first && iso <= span.last) byDay.set(iso, [...(byDay.get(iso) ?? []), e]);
    }
  }
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <table class="month-grid">
      <caption>{t('phones.calendarCaption', { month: p.monthLabel })}</caption>
      <thead>
        <tr>
          {weekdays.map((d) => (
            <th scope="col" abbr={long.format(d)}>
              {short.format(d)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr>
            {week.map((day) => {
              if (day === null) return <td class="outside"></td>;
              const iso = `${p.month}-${String(day).padStart(2, '0')}`;
              const events = byDay.get(iso) ?? [];
              return (
                <td class={iso === today ? 'today' : undefined} aria-current={iso === today ? 'date' : undefined}>
                  <span class="day">
                    {dayNumber.format(new Date(`${iso}T00:00:00Z`))}
                    {iso === today ? <span class="visually-hidden"> ({t('phones.today')})</span> : null}
                  </span>
                  {events.length ? (
                    <ul>
                      {events.map((e) => {
                        const { language, text } = pickTranslation(e, locale);
                        return (
                          <li lang={LOCALE_INFO[language].bcp47} dir="auto">
                            <a href={entryPath(locale, 'event', e.id)}>{text.title}</a>
                          </li>
                        );
                      })}
                    </ul>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The events calendar: upcoming, past or one month, filtered, with a feed for the same filters. */
export function EventsPage(p: EventsPageProps) {
  const { t, locale, number } = p.i18n;
  const base = `/${locale}/events`;
  const monthLabel = dateTimeFormat(LOCALE_INFO[locale].bcp47, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${p.month}-01T00:00:00Z`));
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
      {p.feeds ? <FeedLinks i18n={p.i18n} feeds={p.feeds} /> : null}
      {p.exportTotal !== undefined ? (
        <DownloadMenu i18n={p.i18n} input={{ kind: ['event'], ...p.filters, sort: 'newest' }} total={p.exportTotal} help="exports.helpEvents" />
      ) : null}
      {p.when === 'month' ? (
        <nav aria-label={t('events.monthNav')} class="pagination">
          <a href={`${base}${query(p, { when: 'month', month: shiftMonth(p.month, -1) })}`} rel="prev">
            {t('events.previousMonth')}
          </a>
          <h2>{monthLabel}</h2>
          <a href={`${base}${query(p, { when: 'month', month: shiftMonth(p.month, 1) })}`} rel="next">
            {t('events.nextMonth')}
          </a>
        </nav>
      ) : null}
      <h2 aria-live="polite">{t('events.count', { count: p.total })}</h2>
      {p.when === 'month' ? <MonthGrid i18n={p.i18n} month={p.month} monthLabel={monthLabel} events={p.events} /> : null}
      {p.events.length ? (
        <ol class={p.when === 'month' ? 'result-list month-list' : 'result-list'}>
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
