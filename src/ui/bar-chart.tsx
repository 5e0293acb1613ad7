/**
 * A horizontal bar chart drawn on the server: an SVG with no script, the numbers again in a table beneath, and
 * optionally a link to them as CSV. Bars grow from the inline start (the right in Arabic), so long localised labels
 * sit on their own line above each bar. Used by the dashboards and by anything else that charts counts (the report).
 */
import type { I18n } from '../i18n/i18n';

/** One bar: a code (kept in the table and the CSV), its label, its count, and optionally its own colour (#rrggbb). */
export interface BarChartRow {
  code: string;
  label: string;
  count: number;
  colour?: string | undefined;
  /** A shorter label for the drawing (the table always shows `label`): "C7 E-health" for an action line's full name. */
  short?: string | undefined;
}

export interface BarChartProps {
  /** Unique on the page: the prefix of the chart's element ids. */
  id: string;
  /** The chart's heading: also the first part of the drawing's accessible name. */
  title: string;
  /** What the chart shows in words (largest values, total): the rest of its accessible name, shown under the title. */
  description: string;
  rows: readonly BarChartRow[];
  /** The reader's language: numbers, the table's wording and the direction bars grow in. */
  i18n: I18n;
  /** The heading's level (2 on a page of charts, 3 inside a report's section). */
  level?: 2 | 3 | 4;
  /** Where this chart's numbers are as CSV; no link when absent. */
  csvHref?: string | undefined;
  /** Whether the table starts open (a printed report wants it visible). */
  tableOpen?: boolean;
}

const ROW = 42;
const LABEL_BASELINE = 15;
const BAR_TOP = 21;
const BAR_HEIGHT = 14;
const COUNT_BASELINE = 33;
/** The longest bar, as a share of the width: the rest keeps room for its count. */
const MAX_BAR_PERCENT = 80;
/** About how many Latin letters of 14 px fit in 300 px (the narrowest chart, on a 320 px phone). */
const LABEL_ROOM = 40;

/** A label shortened to fit the drawing: wide (CJK, full-width) characters count double. The table has it whole. */
export function fitLabel(label: string, room = LABEL_ROOM): string {
  let used = 0;
  let out = '';
  for (const ch of label) {
    const width = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
    if (used + width > room) return `${out.trimEnd()}…`;
    used += width;
    out += ch;
  }
  return out;
}

/** A bar's length as a percentage of the drawing's width: the largest count gets the most, any count at least a sliver. */
export function barPercent(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(0.5, Math.round((count / max) * MAX_BAR_PERCENT * 100) / 100);
}

/**
 * The chart: heading, description, the drawing (`role="img"` named by the heading and the description, so the bars
 * themselves are not read one by one), then the same numbers in a table inside a disclosure, and the CSV link.
 * With no rows there is nothing to draw: the description says so and no drawing or table is shown.
 */
export function BarChart(p: BarChartProps) {
  const { t, number } = p.i18n;
  const rtl = p.i18n.dir === 'rtl';
  const titleId = `${p.id}-title`;
  const descId = `${p.id}-desc`;
  const max = Math.max(0, ...p.rows.map((r) => r.count));
  const Heading = `h${p.level ?? 2}` as 'h2';
  // Percentages of the drawing's own width, so it fills any column without scaling its text.
  const at = (percent: number) => `${rtl ? 100 - percent : percent}%`;
  return (
    <section class="chart" aria-labelledby={titleId}>
      <Heading id={titleId}>{p.title}</Heading>
      <p id={descId} class="chart-desc">
        {p.description}
      </p>
      {p.rows.length ? (
        <>
          <svg
            role="img"
            aria-labelledby={`${titleId} ${descId}`}
            class="chart-svg"
            width="100%"
            height={p.rows.length * ROW + 4}
            direction={rtl ? 'rtl' : 'ltr'}
            xmlns="http://www.w3.org/2000/svg"
          >
            {p.rows.map((r, i) => {
              const y = i * ROW;
              const length = barPercent(r.count, max);
              return (
                <g>
                  <text x={at(0)} y={y + LABEL_BASELINE} text-anchor="start" class="chart-label">
                    {fitLabel(r.short ?? r.label)}
                  </text>
                  <rect
                    x={rtl ? at(length) : at(0)}
                    y={y + BAR_TOP}
                    width={`${length}%`}
                    height={BAR_HEIGHT}
                    // A bar's own colour is a presentation attribute, which the style sheet's fill would override: no class then.
                    {...(r.colour ? { fill: r.colour, class: 'chart-bar-own' } : { class: 'chart-bar' })}
                  />
                  <text x={at(length)} dx={rtl ? -6 : 6} y={y + COUNT_BASELINE} text-anchor="start" class="chart-count">
                    {number(r.count)}
                  </text>
                </g>
              );
            })}
          </svg>
          <details class="chart-data" open={p.tableOpen ?? false}>
            <summary>{t('chart.table')}</summary>
            <table>
              <caption class="visually-hidden">{p.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('chart.col.label')}</th>
                  <th scope="col">{t('chart.col.code')}</th>
                  <th scope="col" class="num">
                    {t('chart.col.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr>
                    <th scope="row" dir="auto">
                      {r.label}
                    </th>
                    <td>
                      <code>{r.code}</code>
                    </td>
                    <td class="num">{number(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : null}
      {p.csvHref && p.rows.length ? (
        <p class="chart-csv">
          <a href={p.csvHref} type="text/csv" download>
            {t('chart.csv')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/**
 * The description a chart is read by: its largest bars (up to three) and how many bars there are, with their sum.
 * `note` (what is counted and what is not) is added as given.
 */
export function describeChart(i18n: I18n, rows: readonly BarChartRow[], note?: string): string {
  const { t, number } = i18n;
  if (!rows.length) return [t('chart.desc.empty'), note].filter(Boolean).join(' ');
  const largest = [...rows]
    .sort((a, b) => b.count - a.count)
    .slice(0, 3)
    .map((r) => t('chart.desc.item', { label: r.short ?? r.label, count: number(r.count) }));
  const sum = rows.reduce((n, r) => n + r.count, 0);
  return [t('chart.desc.largest', { items: i18n.list(largest) }), t('chart.desc.total', { bars: rows.length, sum: number(sum) }), note]
    .filter(Boolean)
    .join(' ');
}
