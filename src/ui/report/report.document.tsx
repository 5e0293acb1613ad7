import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { i18nFor, type I18n } from '../../i18n/i18n';
import { LOCALE_INFO, type Locale } from '../../i18n/locales';
import type { Count, LineSection, ReportContent, ReportEntry, ReportRenderer } from '../../modules/reports/reports';
import { actionLineCode } from '../identity';
import { REPORT_CSS } from './report.css';

/**
 * The report's figures (the world map, the bar charts): given by whoever renders, so the document does not depend
 * on how they are drawn. Without them the document shows the same numbers as tables only.
 */
export interface ReportFigures {
  /** The entries by country on a world map named by the heading `titleId`, with the table of the same numbers. */
  worldMap?: (p: { counts: Count[]; titleId: string; baseUrl: string }, i18n: I18n) => Child;
  /** A bar chart of counts, followed by its table of the same numbers (shown, for print). */
  chart?: (p: { id: string; title: string; rows: Count[]; sdg?: boolean }, i18n: I18n) => Child;
}

/** Counts as a chart with its table when the renderer draws charts, else as a table. */
function Counts(p: { i18n: I18n; figures: ReportFigures; id: string; caption: string; head: string; rows: Count[]; sdg?: boolean }) {
  if (p.figures.chart && p.rows.length) return <>{p.figures.chart({ id: p.id, title: p.caption, rows: p.rows, sdg: p.sdg ?? false }, p.i18n)}</>;
  return <CountTable i18n={p.i18n} caption={p.caption} head={p.head} rows={p.rows} sdg={p.sdg ?? false} />;
}

/** A table of counts, each row with a bar drawn in CSS (decorative: the number is the data). */
function CountTable(p: { i18n: I18n; caption: string; head: string; rows: Count[]; total?: number; sdg?: boolean }) {
  const { t, number } = p.i18n;
  const max = Math.max(1, ...p.rows.map((r) => r.count));
  return (
    <table class="counts">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{p.head}</th>
          <th scope="col" class="num">
            {t('report.entries')}
          </th>
          <th scope="col" class="bar-col">
            <span class="visually-hidden">{t('report.bar')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="num">{number(r.count)}</td>
            <td class="bar-col" aria-hidden="true">
              <span class={`bar w${Math.round((20 * r.count) / max) * 5}${p.sdg ? ` sdg-${r.code}` : ''}`} />
            </td>
          </tr>
        ))}
      </tbody>
      {p.total !== undefined ? (
        <tfoot>
          <tr>
            <th scope="row">{t('report.total')}</th>
            <td class="num">{number(p.total)}</td>
            <td />
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

function EntryLink(p: { e: ReportEntry; lang: string }) {
  const other = p.e.language !== p.lang;
  return (
    <a href={p.e.url} lang={other ? p.e.language : undefined} dir="auto">
      {p.e.title}
    </a>
  );
}

function Section(p: { i18n: I18n; line: LineSection; figures: ReportFigures; lang: string }) {
  const { t } = p.i18n;
  const l = p.line;
  const code = actionLineCode(l.code);
  const trendRows = l.trend.map((y) => ({ code: String(y.year), label: String(y.year), count: y.count }));
  return (
    <section class="line" id={`line-${l.code}`} aria-labelledby={`h-line-${l.code}`}>
      <h2 id={`h-line-${l.code}`}>
        <span class="line-code">{code}</span> {l.label}
      </h2>
      <p class="lead">{t('report.line.count', { count: l.count })}</p>
      {l.count === 0 ? null : (
        <>
          <h3>{t('report.trend')}</h3>
          <p class="note">{t('report.trend.note')}</p>
          <Counts
            i18n={p.i18n}
            figures={p.figures}
            id={`trend-${l.code}`}
            caption={t('report.trend.caption', { line: code })}
            head={t('report.year')}
            rows={trendRows}
          />
          {l.highlights.length ? (
            <>
              <h3>{t('report.highlights')}</h3>
              <ul class="highlights">
                {l.highlights.map((e) => (
                  <li>
                    <p class="hl-title">
                      <EntryLink e={e} lang={p.lang} />
                    </p>
                    <p lang={e.language !== p.lang ? e.language : undefined} dir="auto">
                      {e.summary}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>{t('report.breakdown')}</h3>
          <div class="pair">
            <CountTable i18n={p.i18n} caption={t('report.stakeholders.caption', { line: code })} head={t('report.stakeholder')} rows={l.stakeholders} />
            <CountTable i18n={p.i18n} caption={t('report.regions.caption', { line: code })} head={t('report.region')} rows={l.regions} />
          </div>
        </>
      )}
    </section>
  );
}

/** Where the annex's rows go in the rendered document: the text is cut there and the rows written in between. */
const ANNEX_ROWS = '<!--annex-rows-->';

/** The crosswalk section: each action line, its entries, and the goals the crosswalk links it to with their counts. */
function CrosswalkTable(p: { i18n: I18n; rows: ReportContent['crosswalk'] }) {
  const { t, number } = p.i18n;
  return (
    <table class="counts crosswalk">
      <caption>{t('report.crosswalk.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.actionLine')}</th>
          <th scope="col" class="num">
            {t('report.entries')}
          </th>
          <th scope="col">{t('report.crosswalk.goals')}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <th scope="row">
              {actionLineCode(r.code)} {r.label}
            </th>
            <td class="num">{number(r.count)}</td>
            <td>
              <ul class="goals">
                {r.goals.map((g) => (
                  <li>
                    {/* The goal's colour as a mark beside its number: white text on every SDG colour would not read. */}
                    <span class={`dot sdg-${g.code}`} aria-hidden="true"></span>
                    <span class="goal">{g.code}</span> <span class="visually-hidden">{g.label}</span>
                    {t('report.crosswalk.goalCount', { count: g.count })}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The yearly report as one self-contained HTML document (its own print CSS, no script, no outside resource). The
 * annex's list holds a marker where its rows are written; `annexShown` below the annex's count says the list is cut.
 */
export function ReportDocument(p: { content: ReportContent; figures?: ReportFigures; annexShown?: number }) {
  const c = p.content;
  const i18n = i18nFor(c.language);
  const { t, number } = i18n;
  const info = LOCALE_INFO[c.language];
  const figures = p.figures ?? {};
  const toc: Array<[string, string]> = [
    ['introduction', t('report.introduction')],
    ['figures', t('report.figures')],
    ...c.lines.map((l): [string, string] => [`line-${l.code}`, `${actionLineCode(l.code)} ${l.label}`]),
    ['sdgs', t('report.sdgs')],
    ['crosswalk', t('report.crosswalk')],
    ['annex', t('report.annex')],
  ];
  return (
    <html lang={info.bcp47} dir={info.dir} class={`lang-${c.language}`}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{c.title}</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>
        <header class="cover">
          <p class="site">{c.siteName}</p>
          <h1 dir="auto">{c.title}</h1>
          <p class="period">{t('report.period', { from: i18n.date(c.periodFrom), to: i18n.date(c.periodTo) })}</p>
          <p class="generated">{t('report.generatedOn', { date: i18n.date(c.generatedAt) })}</p>
          <p class="cover-count">{t('report.cover.count', { count: c.figures.entries })}</p>
        </header>
        <main>
          <nav class="toc" aria-labelledby="h-toc">
            <h2 id="h-toc">{t('report.contents')}</h2>
            <ol>
              {toc.map(([id, label]) => (
                <li>
                  <a href={`#${id}`}>{label}</a>
                </li>
              ))}
            </ol>
          </nav>
          <section id="introduction" aria-labelledby="h-intro">
            <h2 id="h-intro">{t('report.introduction')}</h2>
            {c.introductionHtml ? <div class="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: c.introductionHtml }} /> : null}
            <p>{t('report.scope', { count: c.figures.entries, from: i18n.date(c.periodFrom), to: i18n.date(c.periodTo) })}</p>
          </section>
          <section id="figures" aria-labelledby="h-figures">
            <h2 id="h-figures">{t('report.figures')}</h2>
            <dl class="figures">
              <div>
                <dt>{t('report.figures.entries')}</dt>
                <dd>{number(c.figures.entries)}</dd>
              </div>
              <div>
                <dt>{t('report.figures.countries')}</dt>
                <dd>{number(c.figures.countries)}</dd>
              </div>
              <div>
                <dt>{t('report.figures.organisations')}</dt>
                <dd>{number(c.figures.organisations)}</dd>
              </div>
            </dl>
            <CountTable i18n={i18n} caption={t('report.byKind')} head={t('report.kind')} rows={c.figures.byKind} total={c.figures.entries} />
            {figures.worldMap ? (
              <div class="figure">
                <h3 id="h-map">{t('report.map')}</h3>
                {figures.worldMap({ counts: c.figures.byCountry, titleId: 'h-map', baseUrl: c.baseUrl }, i18n)}
              </div>
            ) : (
              <CountTable i18n={i18n} caption={t('report.map')} head={t('report.country')} rows={c.figures.byCountry} />
            )}
            <Counts
              i18n={i18n}
              figures={figures}
              id="chart-lines"
              caption={t('report.byLine')}
              head={t('report.actionLine')}
              rows={c.lines.map((l) => ({ code: l.code, label: `${actionLineCode(l.code)} ${l.label}`, count: l.count }))}
            />
            <Counts i18n={i18n} figures={figures} id="chart-regions" caption={t('report.byRegion')} head={t('report.region')} rows={c.figures.byRegion} />
            <Counts
              i18n={i18n}
              figures={figures}
              id="chart-stakeholders"
              caption={t('report.byStakeholder')}
              head={t('report.stakeholder')}
              rows={c.figures.byStakeholder}
            />
          </section>
          {c.lines.map((line) => (
            <Section i18n={i18n} line={line} figures={figures} lang={c.language} />
          ))}
          <section id="sdgs" aria-labelledby="h-sdgs">
            <h2 id="h-sdgs">{t('report.sdgs')}</h2>
            <p>{t('report.sdgs.note')}</p>
            <Counts
              i18n={i18n}
              figures={figures}
              id="chart-sdgs"
              caption={t('report.sdgs.caption')}
              head={t('report.sdg')}
              rows={c.sdgs.map((s) => ({ ...s, label: `${s.code}. ${s.label}` }))}
              sdg
            />
          </section>
          <section id="crosswalk" aria-labelledby="h-crosswalk">
            <h2 id="h-crosswalk">{t('report.crosswalk')}</h2>
            <p>{t('report.crosswalk.note')}</p>
            <CrosswalkTable i18n={i18n} rows={c.crosswalk} />
          </section>
          <section id="annex" aria-labelledby="h-annex">
            <h2 id="h-annex">{t('report.annex')}</h2>
            <p>{t('report.annex.note', { count: c.annex.count })}</p>
            {p.annexShown !== undefined && p.annexShown < c.annex.count ? (
              <p class="annex-cut">
                {t('report.annex.cut', { shown: p.annexShown, count: c.annex.count })}{' '}
                <a href={c.annex.csvUrl} dir="ltr">
                  {t('report.annex.csv')}
                </a>
              </p>
            ) : null}
            <ol class="annex">{raw(ANNEX_ROWS)}</ol>
          </section>
        </main>
      </body>
    </html>
  );
}

/** Annex rows: each entry's title (a link), its kind and its address. */
function AnnexRows(p: { entries: readonly ReportEntry[]; language: Locale }) {
  const { t } = i18nFor(p.language);
  return (
    <>
      {p.entries.map((e) => (
        <li>
          <EntryLink e={e} lang={p.language} /> <span class="kind">({t(`kind.${e.kind}` as 'kind.activity')})</span>{' '}
          <span class="url" dir="ltr">
            {e.url}
          </span>
        </li>
      ))}
    </>
  );
}

/** The report's renderer: the document cut at its annex rows, with the figures given (tables only without). */
export function reportRenderer(figures?: ReportFigures): ReportRenderer {
  return {
    frame(content, annexShown) {
      const text = '<!doctype html>' + String(<ReportDocument content={content} annexShown={annexShown} {...(figures ? { figures } : {})} />);
      const at = text.indexOf(ANNEX_ROWS);
      return { before: text.slice(0, at), after: text.slice(at + ANNEX_ROWS.length) };
    },
    annexRows: (entries, language) => String(<AnnexRows entries={entries} language={language} />),
  };
}
