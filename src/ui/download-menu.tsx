import type { I18n } from '../i18n/i18n';
import { EXPORT_FORMATS, type ExportFormat } from '../modules/exports/exports.service';
import type { EntrySearchInput } from '../modules/entries/entry.schemas';
import { searchUrl } from './search-url';

/** The export of the search a page shows: the same query (every page of it), labels in the page's language. */
export function exportUrl(format: ExportFormat, i18n: Pick<I18n, 'locale'>, input: Partial<EntrySearchInput>): string {
  const query = searchUrl(i18n.locale, input, { page: 1, pageSize: 20 }).split('?')[1];
  const params = new URLSearchParams(query ?? '');
  params.set('lang', i18n.locale);
  return `/api/v1/exports/${format}?${params.toString()}`;
}

/** "Download these results": a disclosure of the four formats, each a plain link (works without JavaScript). */
export function DownloadMenu(p: { i18n: I18n; input: Partial<EntrySearchInput>; total: number; help?: 'exports.help' | 'exports.helpEvents' }) {
  const { t } = p.i18n;
  if (p.total === 0) return null;
  return (
    <details class="download-menu">
      <summary>{t('exports.download')}</summary>
      <p class="help">{t(p.help ?? 'exports.help', { count: p.total })}</p>
      <ul>
        {EXPORT_FORMATS.map((f) => (
          <li>
            <a href={exportUrl(f, p.i18n, p.input)} rel="nofollow" download>
              {t(`exports.format.${f}`)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
