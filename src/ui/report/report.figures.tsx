import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { BarChart, describeChart } from '../bar-chart';
import { SDG_COLOURS } from '../identity';
import { WorldMap } from '../world-map';
import type { ReportFigures } from './report.document';

/**
 * The report's figures drawn as the site draws them: the world map (ui/world-map) with its table, links made
 * absolute so they work from a saved file or a PDF, and bar charts (ui/bar-chart) with their tables shown for print.
 */
export function reportFigures(taxonomy: Taxonomy): ReportFigures {
  return {
    worldMap: ({ counts, titleId, baseUrl }, i18n) => (
      <WorldMap i18n={i18n} taxonomy={taxonomy} counts={new Map(counts.map((c) => [c.code, c.count]))} titleId={titleId} linkBase={baseUrl} />
    ),
    chart: ({ id, title, rows, sdg }, i18n) => {
      const bars = rows.map((r) => ({ code: r.code, label: r.label, count: r.count, colour: sdg ? SDG_COLOURS[r.code] : undefined }));
      return <BarChart id={id} title={title} description={describeChart(i18n, bars)} rows={bars} i18n={i18n} level={3} tableOpen />;
    },
  };
}
