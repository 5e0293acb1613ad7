import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO, isLocale, type Locale } from '../../i18n/locales';
import type { Activity, ActivityText, Filter } from '../../modules/activities/activities';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { renderMarkdown } from '../../lib/markdown';
import { searchUrl } from '../search-url';

export interface ActivityPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  activity: Activity;
  language: Locale;
  text: ActivityText;
  /** Owners and curators see a link to the entry's history. */
  canSeeHistory?: boolean;
}

function Tags(p: { i18n: I18n; facet: Filter; items: Array<{ value: string; label: string }> }) {
  if (p.items.length === 0) return null;
  return (
    <ul class="tags">
      {p.items.map((item) => (
        <li>
          <a href={searchUrl(p.i18n.locale, { [p.facet]: [item.value] })} dir="auto">
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** One activity: every public field, its language versions, and tags that lead back to searches. */
export function ActivityPage(p: ActivityPageProps) {
  const { i18n, taxonomy, activity: a } = p;
  const { t, locale } = i18n;
  const lang = LOCALE_INFO[p.language].bcp47;
  const goals = a.sdgs.filter((c) => !c.includes('.'));
  const targets = a.sdgs.filter((c) => c.includes('.'));
  const versions = (Object.keys(a.translations) as string[]).filter(isLocale);
  const row = (label: string, value: unknown) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  const dates = a.startDate
    ? a.endDate
      ? t('activity.dateRange', { start: i18n.date(a.startDate), end: i18n.date(a.endDate) })
      : t('activity.since', { start: i18n.date(a.startDate) })
    : null;
  return (
    <article class="activity">
      <p class="breadcrumb">
        <a href={`/${locale}/activities`}>{t('activity.backToSearch')}</a>
      </p>
      <h1 lang={lang} dir="auto">
        {p.text.title}
      </h1>
      {p.language !== locale ? <p class="notice">{t('activity.shownInOriginal', { language: i18n.languageName(p.language) })}</p> : null}
      <p class="lead" lang={lang} dir="auto">
        {p.text.summary}
      </p>
      <div class="activity-columns">
        <div class="activity-main">
          {p.text.description ? (
            <section aria-labelledby="description-title">
              <h2 id="description-title">{t('activity.description')}</h2>
              {/* The safe Markdown subset: every character of the source is escaped, only its own tags are made. */}
              <div lang={lang} dir="auto" class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.text.description) }} />
            </section>
          ) : null}
          {a.organisations.length ? (
            <section aria-labelledby="orgs-title">
              <h2 id="orgs-title">{t('activity.organisations')}</h2>
              <ul class="orgs">
                {a.organisations.map((o) => (
                  <li>
                    <span dir="auto">{o.name}</span>{' '}
                    <span class="meta">
                      ({t(o.role === 'lead' ? 'activity.role.lead' : 'activity.role.partner')} · {taxonomy.label('stakeholder-type', o.stakeholderType, locale)})
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {a.links.length ? (
            <section aria-labelledby="links-title">
              <h2 id="links-title">{t('activity.links')}</h2>
              <ul>
                {a.links.map((l) => (
                  <li>
                    <a href={l.url} rel="nofollow noopener noreferrer external" dir="auto">
                      {l.label || l.url}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <aside class="activity-facts" aria-labelledby="details-title">
          <h2 id="details-title">{t('activity.details')}</h2>
          <dl>
            {row(t('activity.type'), <Tags i18n={i18n} facet="type" items={[{ value: a.activityType, label: taxonomy.label('activity-type', a.activityType, locale) }]} />)}
            {row(t('activity.status'), <Tags i18n={i18n} facet="status" items={[{ value: a.status, label: taxonomy.label('activity-status', a.status, locale) }]} />)}
            {row(t('activity.dates'), dates)}
            {row(t('activity.scope'), taxonomy.label('scope', a.scope, locale))}
            {a.countries.length ? row(t('activity.countries'), <Tags i18n={i18n} facet="country" items={a.countries.map((c) => ({ value: c, label: taxonomy.label('country', c, locale) }))} />) : null}
            {a.regions.length ? row(t('activity.regions'), <Tags i18n={i18n} facet="region" items={a.regions.map((c) => ({ value: c, label: taxonomy.label('region', c, locale) }))} />) : null}
            {a.actionLines.length
              ? row(
                  t('activity.actionLines'),
                  <Tags
                    i18n={i18n}
                    facet="actionLine"
                    items={a.actionLines.map((c) => ({ value: c, label: `${c.startsWith('c7-') ? 'C7' : c.toUpperCase()} · ${taxonomy.label('action-line', c, locale)}` }))}
                  />,
                )
              : null}
            {goals.length ? row(t('activity.sdgs'), <Tags i18n={i18n} facet="sdg" items={goals.map((c) => ({ value: c, label: t('activity.sdgGoal', { code: c, label: taxonomy.label('sdg', c, locale) }) }))} />) : null}
            {targets.length ? row(t('activity.sdgTargets'), <Tags i18n={i18n} facet="target" items={targets.map((c) => ({ value: c, label: c }))} />) : null}
            {a.targetGroups.length ? row(t('activity.targetGroups'), a.targetGroups.map((c) => taxonomy.label('target-group', c, locale)).join(', ')) : null}
            {row(
              t('activity.languages'),
              <ul class="versions">
                {versions.map((l) => (
                  <li>
                    {l === p.language ? (
                      <span aria-current="true">{l === a.originalLanguage ? t('activity.original', { language: i18n.languageName(l) }) : i18n.languageName(l)}</span>
                    ) : (
                      <a href={`/${locale}/activities/${a.id}?version=${l}`} hreflang={LOCALE_INFO[l].bcp47}>
                        {l === a.originalLanguage ? t('activity.original', { language: i18n.languageName(l) }) : i18n.languageName(l)}
                      </a>
                    )}
                  </li>
                ))}
              </ul>,
            )}
          </dl>
          {a.lastConfirmedAt ? <p class="meta">{t('activity.lastConfirmed', { date: i18n.date(new Date(a.lastConfirmedAt)) })}</p> : null}
          <p class="meta">{t('activity.updated', { date: i18n.date(a.updatedAt) })}</p>
          <p class="meta">{t('activity.tagsHelp')}</p>
          {p.canSeeHistory ? (
            <p class="meta">
              <a href={`/${locale}/activities/${a.id}/history`}>{t('history.title')}</a>
            </p>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
