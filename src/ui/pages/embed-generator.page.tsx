import type { I18n } from '../../i18n/i18n';
import { FACETS, FILTERS, type Filter } from '../../modules/entries/entry';
import { facetValueLabel } from '../../modules/entries/entry.labels';
import { SORTS } from '../../modules/entries/entry.schemas';
import { ENTRY_KINDS } from '../../modules/entries/entries';
import { EMBED_LAYOUTS, EMBED_LIMITS, type EmbedQuery } from '../../modules/embed/embed';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';

export interface EmbedGeneratorProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  /** The embed as chosen: its search, options and theme. */
  query: EmbedQuery;
  /** The pasted search address, and whether it was read. */
  url: string;
  urlInvalid: boolean;
  /** The embed page's path and query (the preview), and the two snippets. */
  previewPath: string;
  iframeSnippet: string;
  scriptSnippet: string;
  origins: '*' | readonly string[];
}

/** The CSS custom properties both forms read, with their defaults (public/embed.css). */
const PROPERTIES = [
  ['color', '#1b1f24'],
  ['background', '#ffffff'],
  ['accent', '#0b5cad'],
  ['font', 'system-ui, sans-serif'],
  ['radius', '6px'],
  ['density', '1'],
] as const;

/** The embed generator: one GET form (search, options, theme) whose "Preview" reloads the page; a script refreshes it as you type. */
export function EmbedGeneratorPage(p: EmbedGeneratorProps) {
  const { t, locale } = p.i18n;
  const q = p.query;
  const kind = q.kind.length === 1 ? q.kind[0] : '';
  // The search's own filters (other than kind) travel unchanged as hidden fields, and are named for the reader.
  const kept: Array<{ facet: Filter; value: string }> = FILTERS.filter((f) => f !== 'kind').flatMap((f) => q[f].map((value) => ({ facet: f, value })));
  const theme = (name: 'color' | 'background' | 'accent' | 'font', label: string) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <input
        type="text"
        id={`f-${name}`}
        name={name}
        value={q[name] ?? ''}
        dir="ltr"
        maxlength={EMBED_LIMITS.font}
        aria-describedby="theme-help"
        {...(name === 'font' ? {} : { pattern: '#[0-9a-fA-F]{6}', placeholder: '#rrggbb' })}
      />
    </div>
  );
  return (
    <div class="embed-generator">
      <h1>{t('embed.generator.title')}</h1>
      <p>{t('embed.generator.intro')}</p>
      <p class="help">{p.origins === '*' ? t('embed.generator.originsAny') : t('embed.generator.originsList', { origins: p.origins.join(', ') })}</p>
      <form method="get" action={`/${locale}/embed`} id="embed-form">
        <fieldset class="field">
          <legend>{t('embed.generator.search')}</legend>
          <div class="field">
            <label for="f-url">{t('embed.generator.url')}</label>
            <input type="url" id="f-url" name="url" value={p.url} maxlength={2000} dir="ltr" aria-describedby="f-url-help" />
            <p class="help" id="f-url-help">
              {t('embed.generator.urlHelp')}
            </p>
            {p.urlInvalid ? (
              <p class="error" role="alert">
                {t('embed.generator.urlInvalid')}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label for="f-kind">{t('embed.generator.kind')}</label>
            <select id="f-kind" name="kind">
              <option value="">{t('embed.generator.allKinds')}</option>
              {ENTRY_KINDS.map((k) => (
                <option value={k} selected={kind === k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-q">{t('search.query.label')}</label>
            <input type="search" id="f-q" name="q" value={q.q} maxlength={200} dir="auto" />
          </div>
          <p class="help">
            {kept.length
              ? t('embed.generator.filtersKept', {
                  filters: p.i18n.list(kept.map(({ facet, value }) => (facet === 'target' ? value : facetValueLabel(p.taxonomy, facet, value, locale)))),
                })
              : t('embed.generator.noFilters')}
          </p>
          {kept.map(({ facet, value }) => (
            <input type="hidden" name={facet} value={value} />
          ))}
          {/* The search's crosswalk option, kept in both snippets and across a second submit of this form. */}
          <p class="crosswalk-option">
            <input type="checkbox" name="crosswalk" value="1" id="f-crosswalk" checked={q.crosswalk === '1'} aria-describedby="f-crosswalk-help" />
            <label for="f-crosswalk">{t('search.crosswalk.label')}</label>
            <br />
            <span id="f-crosswalk-help" class="help">
              {t('search.crosswalk.help')}
            </span>
          </p>
        </fieldset>
        <fieldset class="field">
          <legend>{t('embed.generator.options')}</legend>
          <div class="field">
            <label for="f-sort">{t('search.sort.label')}</label>
            <select id="f-sort" name="sort">
              {SORTS.map((s) => (
                <option value={s} selected={q.sort === s}>
                  {t(`search.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-pageSize">{t('embed.generator.pageSize', { max: EMBED_LIMITS.pageSize })}</label>
            <input type="number" id="f-pageSize" name="pageSize" value={String(q.pageSize)} min={1} max={EMBED_LIMITS.pageSize} />
          </div>
          <div class="field">
            <label for="f-layout">{t('embed.generator.layout')}</label>
            <select id="f-layout" name="layout">
              {EMBED_LAYOUTS.map((l) => (
                <option value={l} selected={q.layout === l}>
                  {t(`embed.layout.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="field">
            <legend>{t('embed.generator.facets')}</legend>
            <ul class="checks">
              {FACETS.filter((f) => !(kind && f === 'kind')).map((f) => (
                <li>
                  <input type="checkbox" id={`f-facet-${f}`} name="facets" value={f} checked={q.facets.includes(f)} />
                  <label for={`f-facet-${f}`}>{t(`facet.${f}`)}</label>
                </li>
              ))}
            </ul>
          </fieldset>
        </fieldset>
        <fieldset class="field">
          <legend>{t('embed.generator.theme')}</legend>
          <p class="help" id="theme-help">
            {t('embed.generator.themeHelp')}
          </p>
          {theme('color', t('embed.generator.color'))}
          {theme('background', t('embed.generator.background'))}
          {theme('accent', t('embed.generator.accent'))}
          {theme('font', t('embed.generator.font'))}
          <div class="field">
            <label for="f-radius">{t('embed.generator.radius', { max: EMBED_LIMITS.radius })}</label>
            <input type="number" id="f-radius" name="radius" value={q.radius === undefined ? '' : String(q.radius)} min={0} max={EMBED_LIMITS.radius} />
          </div>
          <div class="field">
            <label for="f-density">{t('embed.generator.density')}</label>
            <input type="number" id="f-density" name="density" value={q.density === undefined ? '' : String(q.density)} min={0.5} max={2} step={0.1} />
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">{t('embed.generator.preview')}</button>
        </div>
      </form>
      <div id="embed-output">
        <h2>{t('embed.generator.preview')}</h2>
        <iframe class="embed-preview" src={p.previewPath} title={t('embed.generator.previewTitle')} loading="lazy"></iframe>
        <h2>{t('embed.generator.snippets')}</h2>
        <div class="field">
          <label for="snippet-iframe">{t('embed.generator.iframe')}</label>
          <textarea id="snippet-iframe" readonly rows={4} dir="ltr">
            {p.iframeSnippet}
          </textarea>
          <button type="button" class="secondary copy" data-copy="snippet-iframe" data-copied={t('embed.generator.copied')} hidden>
            {t('embed.generator.copy')}
          </button>
        </div>
        <div class="field">
          <label for="snippet-script">{t('embed.generator.script')}</label>
          <textarea id="snippet-script" readonly rows={6} dir="ltr">
            {p.scriptSnippet}
          </textarea>
          <button type="button" class="secondary copy" data-copy="snippet-script" data-copied={t('embed.generator.copied')} hidden>
            {t('embed.generator.copy')}
          </button>
        </div>
      </div>
      <h2>{t('embed.generator.properties')}</h2>
      <p>{t('embed.generator.propertiesIntro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('embed.generator.propName')}</th>
            <th scope="col">{t('embed.generator.propMeans')}</th>
            <th scope="col">{t('embed.generator.propDefault')}</th>
          </tr>
        </thead>
        <tbody>
          {PROPERTIES.map(([name, value]) => (
            <tr>
              <td dir="ltr">
                <code>{`--stocktake-${name}`}</code>
              </td>
              <td>{t(`embed.prop.${name}`)}</td>
              <td dir="ltr">
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
