import { hasMessage, type I18n } from '../../i18n/i18n';
import { dateTimeFormat, numberFormat } from '../../i18n/formats';
import { LOCALE_INFO } from '../../i18n/locales';
import type { DictionaryColumn } from '../../modules/snapshots/data-dictionary';
import { Csrf } from '../forms';

export const DATA_NOTICES = ['requested', 'already'] as const;
export type DataNotice = (typeof DATA_NOTICES)[number];

export interface SnapshotView {
  file: string;
  createdAt: Date;
  entries: number;
  bytes: number;
  formats: Record<string, { rows: number; bytes: number }>;
}

/** A size in the reader's language: kB under a megabyte, MB above. */
function size(i18n: I18n, bytes: number): string {
  const mb = bytes >= 1_000_000;
  return numberFormat(LOCALE_INFO[i18n.locale].bcp47, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(mb ? bytes / 1_000_000 : Math.max(0.1, bytes / 1000));
}

const FORMAT_NAMES: Record<string, string> = { csv: 'CSV', ndjson: 'NDJSON', json: 'JSON', xlsx: 'XLSX' };
const FORMAT_ORDER = Object.keys(FORMAT_NAMES);
/** The stored per-format figures in the files' order (the database gives JSON keys in its own). */
const inOrder = (formats: SnapshotView['formats']) =>
  Object.entries(formats).sort(([a], [b]) => (FORMAT_ORDER.indexOf(a) + 1 || 99) - (FORMAT_ORDER.indexOf(b) + 1 || 99));

/** When a snapshot was made, to the minute (several may be made in a day), in UTC as its file name says. */
function madeAt(i18n: I18n, at: Date): string {
  return dateTimeFormat(LOCALE_INFO[i18n.locale].bcp47, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) + ' UTC';
}

/** The open-data page: whole-register snapshots to download, the licence, and what every column means. */
export function DataPage(p: {
  i18n: I18n;
  snapshots: SnapshotView[];
  pending: boolean;
  enabled: boolean;
  licence: { name: string; url: string };
  dictionary: DictionaryColumn[];
  canSnapshot: boolean;
  csrf: string;
  notice?: DataNotice | undefined;
}) {
  const { t, locale } = p.i18n;
  const meaning = (c: DictionaryColumn) => {
    if (!hasMessage(c.meaning.key)) return c.fallback;
    const language = c.meaning.values?.language;
    return t(c.meaning.key, language ? { language: p.i18n.languageName(language) } : c.meaning.values);
  };
  return (
    <section class="data-page">
      <h1>{t('data.title')}</h1>
      <p>{t('data.intro')}</p>
      {p.notice ? (
        <p class="notice" role="status">
          {t(p.notice === 'requested' ? 'data.notice.requested' : 'data.notice.already')}
        </p>
      ) : null}

      <h2 id="snapshots">{t('data.snapshots')}</h2>
      {!p.enabled ? <p>{t('data.off')}</p> : null}
      {p.pending ? <p class="meta">{t('data.pending')}</p> : null}
      {p.snapshots.length ? (
        <table class="snapshots">
          <caption class="visually-hidden">{t('data.snapshots')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('data.snapshot.date')}</th>
              <th scope="col">{t('data.snapshot.entries')}</th>
              <th scope="col">{t('data.snapshot.files')}</th>
              <th scope="col">{t('data.snapshot.download')}</th>
            </tr>
          </thead>
          <tbody>
            {p.snapshots.map((s) => (
              <tr>
                <th scope="row">
                  <time datetime={s.createdAt.toISOString()}>{madeAt(p.i18n, s.createdAt)}</time>
                </th>
                <td class="num">{p.i18n.number(s.entries)}</td>
                <td>
                  <ul class="plain formats">
                    {inOrder(s.formats).map(([format, f]) => (
                      <li>{t('data.snapshot.format', { format: FORMAT_NAMES[format] ?? format, rows: f.rows, size: size(p.i18n, f.bytes) })}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <a href={`/data/snapshots/${s.file}`} download={s.file}>
                    {t('data.snapshot.zip', { size: size(p.i18n, s.bytes) })}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : p.enabled && !p.pending ? (
        <p>{t('data.none')}</p>
      ) : null}
      {p.canSnapshot && p.enabled ? (
        <form method="post" action={`/${locale}/data/snapshots`}>
          <Csrf token={p.csrf} />
          <button type="submit">{t('data.make')}</button>
        </form>
      ) : null}

      <h2 id="licence">{t('data.licence.title')}</h2>
      <p>
        {t('data.licence.text')}{' '}
        <a href={p.licence.url} rel="license">
          {p.licence.name}
        </a>
      </p>
      <p>
        <a href="/api/openapi.json">{t('footer.openData')}</a>
      </p>

      <h2 id="dictionary">{t('data.dictionary.title')}</h2>
      <p>{t('data.dictionary.intro')}</p>
      <table class="dictionary">
        <caption class="visually-hidden">{t('data.dictionary.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('data.dictionary.column')}</th>
            <th scope="col">{t('data.dictionary.meaning')}</th>
            <th scope="col">{t('data.dictionary.vocabulary')}</th>
          </tr>
        </thead>
        <tbody>
          {p.dictionary.map((c) => (
            <tr id={`column-${c.name}`}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td>{meaning(c)}</td>
              <td>{c.vocabulary ? <a href={`/api/v1/vocabularies/${c.vocabulary}`}>{c.vocabulary}</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
