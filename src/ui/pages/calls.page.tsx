import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, LOCALES } from '../../i18n/locales';
import { renderMarkdown } from '../../lib/markdown';
import { Csrf, ErrorSummary, type FieldErrors } from '../forms';

/** Calls for entries: the list, one call, and a curator's form to open one. */
export function CallsPage(p: {
  i18n: I18n;
  csrf: string;
  calls: Array<{ id: number; title: string; opensAt: Date; closesAt: Date; accepts: string; received: number }>;
  canManage: boolean;
}) {
  const { t, locale } = p.i18n;
  const now = Date.now();
  return (
    <section>
      <h1>{t('calls.title')}</h1>
      {p.canManage ? (
        <p>
          <a href={`/${locale}/calls/new`}>{t('calls.new')}</a>
        </p>
      ) : null}
      {p.calls.length ? (
        <ul class="calls">
          {p.calls.map((c) => (
            <li>
              <a href={`/${locale}/calls/${c.id}`} dir="auto">
                {c.title}
              </a>{' '}
              —{' '}
              {c.closesAt.getTime() > now && c.opensAt.getTime() <= now
                ? t('calls.deadline', { date: p.i18n.date(c.closesAt) })
                : c.opensAt.getTime() > now
                  ? t('calls.opens', { date: p.i18n.date(c.opensAt) })
                  : t('calls.closed')}{' '}
              · {t('calls.received', { count: c.received })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('calls.none')}</p>
      )}
    </section>
  );
}

export function CallPage(p: {
  i18n: I18n;
  csrf: string;
  call: { id: number; title: string; text: string; opensAt: Date; closesAt: Date; accepts: string; received: number };
  canManage: boolean;
  reminded?: number | undefined;
}) {
  const { t, locale } = p.i18n;
  const c = p.call;
  const open = c.opensAt.getTime() <= Date.now() && c.closesAt.getTime() > Date.now();
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/calls`}>{t('calls.title')}</a>
      </p>
      <h1 dir="auto">{c.title}</h1>
      <p class={open ? 'notice' : 'meta'}>
        {open ? t('calls.deadline', { date: p.i18n.date(c.closesAt) }) : t('calls.closedOn', { date: p.i18n.date(c.closesAt) })} ·{' '}
        {t(`calls.accepts.${c.accepts}` as MessageKey)}
      </p>
      <p>{t('calls.received', { count: c.received })}</p>
      <div class="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(c.text) }} />
      {open ? (
        <p>
          <a href={`/${locale}/contribute`}>{t('calls.contribute')}</a>
        </p>
      ) : null}
      {p.reminded !== undefined ? (
        <p role="status" class="notice">
          {t('calls.reminded', { count: p.reminded })}
        </p>
      ) : null}
      {p.canManage ? (
        <div class="actions">
          {open ? (
            <form method="post" action={`/${locale}/calls/${c.id}/close`} class="inline">
              <Csrf token={p.csrf} />
              <button type="submit" class="secondary">
                {t('calls.close')}
              </button>
            </form>
          ) : null}
          {c.accepts !== 'new' ? (
            <form method="post" action={`/${locale}/calls/${c.id}/remind`} class="inline">
              <Csrf token={p.csrf} />
              <button type="submit" class="secondary">
                {t('calls.remind')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function CallFormPage(p: { i18n: I18n; csrf: string; errors: FieldErrors; values: Record<string, string | undefined> }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('calls.new')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <form method="post" action={`/${locale}/calls`} novalidate>
        <Csrf token={p.csrf} />
        {LOCALES.map((l) => (
          <fieldset lang={LOCALE_INFO[l].bcp47} dir={LOCALE_INFO[l].dir}>
            <legend>{LOCALE_INFO[l].name}</legend>
            <label for={`f-titles-${l}`}>{t('field.title')}</label>
            <input id={`f-titles-${l}`} name={`titles.${l}`} value={p.values[`titles.${l}`] ?? ''} maxlength={200} />
            {p.errors[`titles.${l}`] ? <p class="error">{p.errors[`titles.${l}`]}</p> : null}
            <label for={`f-texts-${l}`}>{t('calls.text')}</label>
            <textarea id={`f-texts-${l}`} name={`texts.${l}`} rows={4} maxlength={5000}>
              {p.values[`texts.${l}`] ?? ''}
            </textarea>
          </fieldset>
        ))}
        <label for="f-opensAt">{t('calls.opensAt')}</label>
        <input id="f-opensAt" type="date" name="opensAt" value={p.values.opensAt ?? ''} />
        {p.errors.opensAt ? <p class="error">{p.errors.opensAt}</p> : null}
        <label for="f-closesAt">{t('calls.closesAt')}</label>
        <input id="f-closesAt" type="date" name="closesAt" value={p.values.closesAt ?? ''} />
        {p.errors.closesAt ? <p class="error">{p.errors.closesAt}</p> : null}
        <label for="f-accepts">{t('calls.acceptsLabel')}</label>
        <select id="f-accepts" name="accepts">
          {(['both', 'new', 'updates'] as const).map((a) => (
            <option value={a} selected={p.values.accepts === a}>
              {t(`calls.accepts.${a}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('calls.open')}</button>
      </form>
    </section>
  );
}
