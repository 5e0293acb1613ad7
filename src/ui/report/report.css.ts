import { SDG_COLOURS } from '../identity';

/** Bar lengths in steps of 5 % and the SDG colours as classes: the served file's policy allows no style attribute. */
const BAR_RULES =
  Array.from({ length: 21 }, (_, i) => `.w${i * 5}{inline-size:${i * 5}%}`).join('') +
  Object.entries(SDG_COLOURS)
    .map(([goal, colour]) => `.sdg-${goal}{background:${colour}}`)
    .join('');

/**
 * The report's own style sheet, written into each document so a saved file stands alone: screen and print,
 * logical properties only (Arabic reads right to left with the same rules), Noto fonts by script (Naskh for
 * Arabic, CJK SC for Chinese; Debian's fonts-noto-core and fonts-noto-cjk), a page per major section in print.
 */
export const REPORT_CSS = `
:root{--ink:#1d2433;--muted:#545b6b;--rule:#cfd4dd;--accent:#0b5cab;--bar:#6b8fc7}
*{box-sizing:border-box}
html{font-family:"Noto Sans","DejaVu Sans",sans-serif;color:var(--ink);background:#fff;line-height:1.45}
html.lang-ar{font-family:"Noto Naskh Arabic","Noto Sans Arabic","Noto Sans",sans-serif;line-height:1.7}
html.lang-zh{font-family:"Noto Sans CJK SC","Noto Sans SC","Noto Sans",sans-serif}
[lang|=ar]{font-family:"Noto Naskh Arabic","Noto Sans Arabic",sans-serif}
[lang|=zh]{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif}
body{margin:0 auto;max-inline-size:60rem;padding:1rem}
a{color:var(--accent)}
h1,h2,h3{line-height:1.2;break-after:avoid}
h2{font-size:1.5rem;border-block-end:2px solid var(--accent);padding-block-end:.25rem;margin-block:2rem 1rem}
h3{font-size:1.1rem;margin-block:1.25rem .5rem}
.cover{min-block-size:90vh;display:flex;flex-direction:column;justify-content:center;gap:.5rem;border-inline-start:.75rem solid var(--accent);padding-inline-start:1.5rem}
.cover h1{font-size:2.4rem;margin:0}
.cover .site{font-size:1.1rem;color:var(--muted);margin:0;text-transform:uppercase;letter-spacing:.05em}
html.lang-ar .cover .site,html.lang-zh .cover .site{text-transform:none;letter-spacing:0}
.cover .period{font-size:1.3rem;margin:0}
.cover .generated,.cover .cover-count{color:var(--muted);margin:0}
.toc ol{padding-inline-start:1.5rem}
.toc li{margin-block:.2rem}
.lead{font-size:1.15rem}
.note{color:var(--muted);font-size:.9rem}
.line-code{display:inline-block;background:var(--accent);color:#fff;border-radius:.25rem;padding:0 .4rem;font-size:.9em}
dl.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:0 0 1rem}
dl.figures div{flex:1 1 10rem;border:1px solid var(--rule);border-radius:.4rem;padding:.75rem}
dl.figures dt{color:var(--muted)}
dl.figures dd{margin:0;font-size:2rem;font-weight:700}
.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.pair>*{flex:1 1 18rem;min-inline-size:0}
table.counts{border-collapse:collapse;inline-size:100%;font-size:.9rem;margin-block-end:1rem}
table.counts caption{text-align:start;font-weight:700;padding-block-end:.25rem}
table.counts th,table.counts td{border-block-end:1px solid var(--rule);padding:.2rem .4rem;text-align:start;vertical-align:top}
table.counts thead th{border-block-end:2px solid var(--ink)}
table.counts tbody th{font-weight:400}
table.counts .num{text-align:end;white-space:nowrap;font-variant-numeric:tabular-nums}
table.counts .bar-col{inline-size:30%}
table.counts .bar{display:block;block-size:.7rem;background:var(--bar);min-inline-size:1px}
table.counts tfoot th,table.counts tfoot td{font-weight:700;border-block-end:0}
thead{display:table-header-group}
tr{break-inside:avoid}
.highlights{list-style:none;padding:0}
.highlights li{border-inline-start:4px solid var(--accent);padding-inline-start:.75rem;margin-block-end:.75rem;break-inside:avoid}
.highlights p{margin:.1rem 0}
.hl-title{font-weight:700}
.annex{font-size:.8rem;padding-inline-start:2.5rem}
.annex li{break-inside:avoid}
.annex .kind{color:var(--muted)}
.annex .url{color:var(--muted);overflow-wrap:anywhere}
.figure{margin-block:1rem}
.annex-cut{border:1px solid var(--accent);border-inline-start-width:4px;padding:.5rem .75rem}
ul.goals{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
.goal{font-weight:700;margin-inline-start:.2rem}
.dot{display:inline-block;inline-size:.7em;block-size:.7em;border-radius:50%;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.chart{border:1px solid var(--rule);border-radius:.4rem;padding:.5rem .75rem;margin-block:1rem;break-inside:avoid}
.chart h3{margin-block:0 .25rem}
.chart-desc{color:var(--muted);font-size:.85rem;margin-block:0 .5rem}
.chart-svg{display:block;max-inline-size:100%;overflow:hidden}
.chart-svg text{fill:var(--ink);font-size:13px;font-family:inherit}
.chart-bar{fill:var(--bar)}
.chart-data>summary{display:none}
.chart-data table{border-collapse:collapse;inline-size:100%;font-size:.85rem;margin-block:.5rem 0}
.chart-data th,.chart-data td{text-align:start;padding:.15rem .4rem;border-block-end:1px solid var(--rule)}
.chart-data .num{text-align:end;font-variant-numeric:tabular-nums}
.world-map{--map-0:#e6eaee;--map-1:#cfe0f1;--map-2:#97bfe4;--map-3:#5b97cf;--map-4:#2f6ca8;--map-5:#123f6b;margin:0}
.map-frame{border:1px solid var(--rule);border-radius:.4rem;break-inside:avoid}
.map{display:block;inline-size:100%;block-size:auto;direction:ltr}
.map path,.map circle{fill:var(--map-0);stroke:#fff;stroke-width:.5;vector-effect:non-scaling-stroke}
.map .m1{fill:var(--map-1)}.map .m2{fill:var(--map-2)}.map .m3{fill:var(--map-3)}.map .m4{fill:var(--map-4)}.map .m5{fill:var(--map-5)}
.legend-title{font-weight:700;margin-block:.5rem .25rem}
.map-legend{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
.map-legend li{display:flex;align-items:center;gap:.4rem}
.swatch{display:inline-block;inline-size:1em;block-size:1em;border:1px solid var(--muted);background:var(--map-0);flex:none}
.swatch.m1{background:var(--map-1)}.swatch.m2{background:var(--map-2)}.swatch.m3{background:var(--map-3)}.swatch.m4{background:var(--map-4)}.swatch.m5{background:var(--map-5)}
table.count-table{border-collapse:collapse;inline-size:100%;font-size:.85rem;margin-block:1rem}
table.count-table caption{text-align:start;font-weight:700}
table.count-table th,table.count-table td{border-block-end:1px solid var(--rule);padding:.15rem .4rem;text-align:start}
table.count-table .num{text-align:end;font-variant-numeric:tabular-nums}
table.count-table tbody th{font-weight:400}
.visually-hidden{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.markdown{margin-block-end:1rem}
@media print{
  body{max-inline-size:none;padding:0;font-size:10.5pt}
  .cover{min-block-size:240mm;break-after:page}
  .toc{break-after:page}
  #figures,section.line,#sdgs,#annex{break-before:page}
  a{color:inherit;text-decoration:none}
  table.counts .bar,.map,.swatch,.chart-svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  #crosswalk{break-before:page}
}
${BAR_RULES}
`;
