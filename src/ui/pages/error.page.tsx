import type { I18n } from '../../i18n/i18n';

export interface ErrorPageProps {
  i18n: I18n;
  status: number;
  message: string;
  problems: string[];
}

/** A friendly error page in the reader's language: what went wrong, and ways on. */
export function ErrorPage(p: ErrorPageProps) {
  const { t, locale } = p.i18n;
  return (
    <section class="error-page">
      <h1>{t('error.title', { status: p.status })}</h1>
      <p>{p.message}</p>
      {p.problems.length ? (
        <ul class="problems">
          {p.problems.map((problem) => (
            <li dir="auto">{problem}</li>
          ))}
        </ul>
      ) : null}
      <ul>
        <li>
          <a href={`/${locale}/activities`}>{t('error.searchAgain')}</a>
        </li>
        <li>
          <a href={`/${locale}/`}>{t('error.home')}</a>
        </li>
      </ul>
    </section>
  );
}
