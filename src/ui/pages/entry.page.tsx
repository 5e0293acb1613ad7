import type { Child } from 'hono/jsx';
import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO, isLocale, type Locale } from '../../i18n/locales';
import type { EntryKind } from '../../modules/entries/entries';
import { detailsIf, type Entry, type EntryText, type Filter } from '../../modules/entries/entry';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { qualifiedRegionLabel } from '../../modules/taxonomy/region-labels';
import { renderMarkdown } from '../../lib/markdown';
import { ActionLineBadge, actionLineShortLabel, SdgNumber } from '../identity';
import { actionLinePath, sdgPath } from './crosswalk.page';
import { searchUrl } from '../search-url';
import { entryPath, KIND_PATHS } from '../../modules/entries/entries';
import { KINDS } from '../../modules/entries/kinds';
import type { EntryRelations } from '../../modules/entries/related.service';
import { EntryVisual } from '../entry-image';
import { ActorFacts, ActorMatch, ActorSections, EventFacts, PublicationFacts, PublicationFiles, StorySections } from './entry-sections';

export interface EntryPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  activity: Entry;
  language: Locale;
  text: EntryText;
  /** Owners and curators see a link to the entry's history. */
  canSeeHistory?: boolean;
  related: EntryRelations;
  csrf: string;
  /** A short confirmation after an action on the page (rated, shared, matched). */
  notice?: string | undefined;
}

const NOTICES = { rated: 'publication.rated', shared: 'story.shared', matched: 'actor.matched' } as const;
/** The notices an action may come back with (`?done=rated`): the entry page's query accepts these. */
export const ENTRY_NOTICES = Object.keys(NOTICES) as [keyof typeof NOTICES, ...Array<keyof typeof NOTICES>];

function Tags(p: { i18n: I18n; facet: Filter; items: Array<{ value: string; label: string; mark?: Child }>; path?: string }) {
  if (p.items.length === 0) return null;
  return (
    <ul class="tags">
      {p.items.map((item) => (
        <li>
          <a href={searchUrl(p.i18n.locale, { [p.facet]: [item.value] }, {}, p.path)} dir="auto">
            {item.mark ?? item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Links to the vocabulary pages of an entry's action lines or goals (what each serves through the WSIS–SDG crosswalk). */
function AboutLinks(p: { items: Array<{ href: string; label: string }> }) {
  return (
    <p class="meta about-links">
      {p.items.map((item, i) => (
        <>
          {i ? ' · ' : ''}
          <a href={item.href} dir="auto">
            {item.label}
          </a>
        </>
      ))}
    </p>
  );
}

type Section = typeof ActorSections;
/** The sections a kind adds to the main column, and the facts it adds to the side (an activity's are on this page). */
const SECTIONS: Partial<Record<EntryKind, Section>> = { publication: PublicationFiles, actor: ActorSections, story: StorySections };
const FACTS: Partial<Record<EntryKind, Section>> = { event: EventFacts, publication: PublicationFacts, actor: ActorFacts };

/** One entry of any kind: every public field, its kind's own sections, its language versions, and tags that lead back to searches. */
export function EntryPage(p: EntryPageProps) {
  const { i18n, taxonomy, activity: a } = p;
  const { t, locale } = i18n;
  const { related } = p;
  const section = { i18n, taxonomy, activity: a, language: p.language, related, csrf: p.csrf };
  // An activity's tags lead to the activity list; other kinds' to the search over every kind.
  const tagPath = a.kind === 'activity' ? KIND_PATHS.activity : 'search';
  const notice = p.notice && p.notice in NOTICES ? t(NOTICES[p.notice as keyof typeof NOTICES]) : null;
  const lang = LOCALE_INFO[p.language].bcp47;
  const goals = a.sdgs.filter((c) => !c.includes('.'));
  const targets = a.sdgs.filter((c) => c.includes('.'));
  const versions = (Object.keys(a.translations) as string[]).filter(isLocale);
  const row = (label: string, value: unknown, extra?: unknown) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>
          {value}
          {extra}
        </dd>
      </>
    ) : null;
  const activity = detailsIf(a, 'activity');
  const dates = activity?.startDate
    ? activity.endDate
      ? t('activity.dateRange', { start: i18n.date(activity.startDate), end: i18n.date(activity.endDate) })
      : t('activity.since', { start: i18n.date(activity.startDate) })
    : null;
  const KindSections = SECTIONS[a.kind];
  const KindFacts = FACTS[a.kind];
  return (
    <article class="activity">
      <p class="breadcrumb">
        <a href={`/${locale}/${KIND_PATHS[a.kind]}`}>{a.kind === 'activity' ? t('activity.backToSearch') : t(`kinds.${a.kind}`)}</a>
      </p>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      <p class="kind-badge">{t(`kind.${a.kind}`)}</p>
      <h1 lang={lang} dir="auto">
        {p.text.title}
      </h1>
      {p.language !== locale ? <p class="notice">{t('activity.shownInOriginal', { language: i18n.languageName(p.language) })}</p> : null}
      <p class="lead" lang={lang} dir="auto">
        {p.text.summary}
      </p>
      {/* The page's main picture is fetched at once (it is in the first screen); a placeholder when there is none. */}
      <EntryVisual entry={a} language={p.language} sizes="(max-width: 48rem) 100vw, 40rem" lazy={false} class="entry-visual" />
      <div class="activity-columns">
        <div class="activity-main">
          {p.text.description ? (
            <section aria-labelledby="description-title">
              <h2 id="description-title">{t('activity.description')}</h2>
              {/* The safe Markdown subset: every character of the source is escaped, only its own tags are made. */}
              <div lang={lang} dir="auto" class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.text.description) }} />
            </section>
          ) : null}
          {KindSections ? <KindSections {...section} /> : null}
          {a.organisations.length ? (
            <section aria-labelledby="orgs-title">
              <h2 id="orgs-title">{t('activity.organisations')}</h2>
              <ul class="orgs">
                {a.organisations.map((o, index) => (
                  <li>
                    {o.actorId ? (
                      <a href={entryPath(locale, 'actor', o.actorId)} dir="auto">
                        {o.name}
                      </a>
                    ) : (
                      <span dir="auto">{o.name}</span>
                    )}{' '}
                    <span class="meta">
                      ({t(KINDS[a.kind].roleLabels[o.role])} · {taxonomy.label('stakeholder-type', o.stakeholderType, locale)})
                    </span>
                    {related.actorChoices.length ? (
                      <ActorMatch i18n={i18n} csrf={p.csrf} activity={a} index={index} current={o.actorId} choices={related.actorChoices} />
                    ) : null}
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
            {activity ? (
              <>
                {row(
                  t('activity.type'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="type"
                    items={[{ value: activity.type, label: taxonomy.label('activity-type', activity.type, locale) }]}
                  />,
                )}
                {row(
                  t('activity.status'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="status"
                    items={[{ value: activity.status, label: taxonomy.label('activity-status', activity.status, locale) }]}
                  />,
                )}
                {row(t('activity.dates'), dates)}
                {row(t('activity.scope'), taxonomy.label('scope', activity.scope, locale))}
              </>
            ) : null}
            {KindFacts ? <KindFacts {...section} /> : null}
            {a.countries.length
              ? row(
                  t('activity.countries'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="country"
                    items={a.countries.map((c) => ({ value: c, label: taxonomy.label('country', c, locale) }))}
                  />,
                )
              : null}
            {a.regions.length
              ? row(
                  t('activity.regions'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="region"
                    items={a.regions.map((c) => ({ value: c, label: qualifiedRegionLabel(taxonomy, c, i18n) }))}
                  />,
                )
              : null}
            {a.actionLines.length
              ? row(
                  t('activity.actionLines'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="actionLine"
                    items={a.actionLines.map((c) => ({
                      value: c,
                      label: `${c.startsWith('c7-') ? 'C7' : c.toUpperCase()} · ${taxonomy.label('action-line', c, locale)}`,
                      mark: <ActionLineBadge i18n={i18n} taxonomy={taxonomy} code={c} />,
                    }))}
                  />,
                  <AboutLinks
                    items={a.actionLines.map((c) => ({
                      href: actionLinePath(locale, c),
                      label: i18n.t('crosswalk.aboutLine', { label: actionLineShortLabel(i18n, taxonomy, c) }),
                    }))}
                  />,
                )
              : null}
            {goals.length
              ? row(
                  t('activity.sdgs'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="sdg"
                    items={goals.map((c) => ({
                      value: c,
                      label: t('activity.sdgGoal', { code: c, label: taxonomy.label('sdg', c, locale) }),
                      mark: (
                        <>
                          <SdgNumber code={c} />
                          {taxonomy.label('sdg', c, locale)}
                        </>
                      ),
                    }))}
                  />,
                  <AboutLinks
                    items={goals.map((c) => ({ href: sdgPath(locale, c), label: i18n.t('crosswalk.aboutLine', { label: taxonomy.label('sdg', c, locale) }) }))}
                  />,
                )
              : null}
            {targets.length
              ? row(t('activity.sdgTargets'), <Tags i18n={i18n} path={tagPath} facet="target" items={targets.map((c) => ({ value: c, label: c }))} />)
              : null}
            {a.issues.length
              ? row(
                  t('field.issues'),
                  <Tags
                    i18n={i18n}
                    path={tagPath}
                    facet="issue"
                    items={a.issues.map((c) => ({ value: c, label: taxonomy.label('digital-policy-issue', c, locale) }))}
                  />,
                )
              : null}
            {a.targetGroups.length ? row(t('activity.targetGroups'), i18n.list(a.targetGroups.map((c) => taxonomy.label('target-group', c, locale)))) : null}
            {row(
              t('activity.languages'),
              <ul class="versions">
                {versions.map((l) => (
                  <li>
                    {l === p.language ? (
                      <span aria-current="true">
                        {l === a.originalLanguage ? t('activity.original', { language: i18n.languageName(l) }) : i18n.languageName(l)}
                      </span>
                    ) : (
                      <a href={`${entryPath(locale, a.kind, a.id)}?version=${l}`} hreflang={LOCALE_INFO[l].bcp47}>
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
              <a href={`${entryPath(locale, a.kind, a.id)}/history`}>{t('history.title')}</a>
            </p>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
