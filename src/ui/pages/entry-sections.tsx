import type { I18n } from '../../i18n/i18n';
import { dateTimeFormat } from '../../i18n/formats';
import { LOCALE_INFO, type Locale } from '../../i18n/locales';
import { renderMarkdown } from '../../lib/markdown';
import { detailsIf, type Entry } from '../../modules/entries/entry';
import { entryPath, KIND_PATHS, ROLE_LABELS } from '../../modules/entries/entries';
import type { EntryRelations } from '../../modules/entries/related.service';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { Csrf } from '../forms';
import { documentLanguageName } from './questionnaire-kinds';

interface SectionProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  activity: Entry;
  language: Locale;
  related: EntryRelations;
  csrf: string;
}

/** A date-time in a zone, as a reader of the locale writes it ("3 Dec 2026, 09:00 CET"). */
export function zonedDateTime(i18n: I18n, instant: Date, timeZone: string, withZone = true): string {
  return dateTimeFormat(LOCALE_INFO[i18n.locale].bcp47, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    ...(withZone ? { timeZoneName: 'short' } : {}),
  }).format(instant);
}

/** When an event happens: in its own zone, in UTC for the feed, and (by the page script) in the visitor's. */
export function EventWhen(p: { i18n: I18n; activity: Entry }) {
  const { t } = p.i18n;
  const e = detailsIf(p.activity, 'event');
  if (!e?.start || !p.activity.startsAt || !p.activity.endsAt) return null;
  if (e.allDay) {
    const first = p.i18n.date(e.start.slice(0, 10));
    const last = p.i18n.date((e.end ?? e.start).slice(0, 10));
    return <span>{first === last ? t('event.allDayOn', { date: first }) : t('event.allDayRange', { start: first, end: last })}</span>;
  }
  const zone = p.activity.timeZone ?? 'UTC';
  const start = new Date(p.activity.startsAt);
  const end = new Date(p.activity.endsAt);
  return (
    <>
      <span>
        {zonedDateTime(p.i18n, start, zone)} – {zonedDateTime(p.i18n, end, zone)}
      </span>{' '}
      <span class="meta">({zone.replace(/_/g, ' ')})</span>
      <br />
      <span class="local-time" data-start={start.toISOString()} data-end={end.toISOString()} data-label={t('event.yourTime')} hidden></span>
    </>
  );
}

export function EventFacts(p: SectionProps) {
  const { t, locale } = p.i18n;
  const e = detailsIf(p.activity, 'event');
  if (!e) return null;
  return (
    <>
      <dt>{t('event.when')}</dt>
      <dd>
        <EventWhen i18n={p.i18n} activity={p.activity} />
      </dd>
      {e.mode ? (
        <>
          <dt>{t('field.eventMode')}</dt>
          <dd>{t(`mode.${e.mode}`)}</dd>
        </>
      ) : null}
      {e.city || p.activity.countries.length ? (
        <>
          <dt>{t('event.where')}</dt>
          <dd dir="auto">{[e.city, p.i18n.list(p.activity.countries.map((c) => p.taxonomy.label('country', c, locale)))].filter(Boolean).join(', ')}</dd>
        </>
      ) : null}
      {e.onlineUrl ? (
        <>
          <dt>{t('field.onlineUrl')}</dt>
          <dd>
            <a href={e.onlineUrl} rel="nofollow noopener noreferrer external">
              {e.onlineUrl}
            </a>
          </dd>
        </>
      ) : null}
      <dt>{t('event.calendar')}</dt>
      <dd>
        <a href={`/${locale}/events/${p.activity.id}.ics`} download>
          {t('event.addToCalendar')}
        </a>
      </dd>
    </>
  );
}

export function PublicationFacts(p: SectionProps) {
  const { t, locale, number } = p.i18n;
  const d = detailsIf(p.activity, 'publication');
  const s = p.related.stats;
  if (!d) return null;
  return (
    <>
      {d.authors.length ? (
        <>
          <dt>{t('field.authors')}</dt>
          <dd dir="auto">{d.authors.join('; ')}</dd>
        </>
      ) : null}
      {d.year ? (
        <>
          <dt>{t('field.publicationYear')}</dt>
          <dd>{d.year}</dd>
        </>
      ) : null}
      {d.language ? (
        <>
          <dt>{t('field.documentLanguage')}</dt>
          <dd>{documentLanguageName(d.language, locale)}</dd>
        </>
      ) : null}
      {s ? (
        <>
          <dt>{t('publication.downloads')}</dt>
          <dd>{number(s.downloads)}</dd>
          <dt>{t('publication.rating')}</dt>
          <dd>{s.rating === null ? t('publication.notRated') : t('publication.ratingValue', { rating: number(s.rating), count: s.ratings })}</dd>
        </>
      ) : null}
    </>
  );
}

/** A publication's files to download, and the rating form for signed-in readers. */
export function PublicationFiles(p: SectionProps) {
  const { t, locale, number } = p.i18n;
  const mine = p.related.stats?.mine ?? null;
  return (
    <>
      {p.related.files.length ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t('field.files')}</h2>
          <ul class="files">
            {p.related.files.map((f) => (
              <li>
                <a href={`/files/${f.id}/${encodeURIComponent(f.name)}`} type={f.mimeType}>
                  {t('publication.download', { name: f.name })}
                </a>{' '}
                <span class="meta">
                  ({f.fileKind.toUpperCase()}, {t('file.size', { kb: number(Math.ceil(f.size / 1024)) })})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="rate-title">
        <h2 id="rate-title">{t('publication.rateTitle')}</h2>
        {p.related.signedIn ? (
          <form method="post" action={`/${locale}/publications/${p.activity.id}/rating`} class="rating">
            <Csrf token={p.csrf} />
            <fieldset>
              <legend>{mine ? t('publication.yourRating', { rating: mine }) : t('publication.rateLegend')}</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <label>
                  <input type="radio" name="rating" value={String(n)} checked={mine === n} /> {n}
                </label>
              ))}
            </fieldset>
            <button type="submit">{t('publication.rateSubmit')}</button>
          </form>
        ) : (
          <p>
            <a href={`/${locale}/account/sign-in`}>{t('publication.signInToRate')}</a>
          </p>
        )}
      </section>
    </>
  );
}

export function ActorFacts(p: SectionProps) {
  const { t, locale } = p.i18n;
  const d = detailsIf(p.activity, 'actor');
  if (!d) return null;
  const acronym = d.acronyms[p.language] ?? d.acronyms[p.activity.originalLanguage];
  return (
    <>
      {acronym ? (
        <>
          <dt>{t('field.acronym')}</dt>
          <dd dir="auto">{acronym}</dd>
        </>
      ) : null}
      {d.established ? (
        <>
          <dt>{t('field.established')}</dt>
          <dd>{d.established}</dd>
        </>
      ) : null}
      {d.stakeholderType ? (
        <>
          <dt>{t('field.stakeholderGroup')}</dt>
          <dd>{p.taxonomy.label('stakeholder-type', d.stakeholderType, locale)}</dd>
        </>
      ) : null}
      {d.address ? (
        <>
          <dt>{t('field.address')}</dt>
          <dd dir="auto" class="address">
            {d.address}
          </dd>
        </>
      ) : null}
      {d.point ? (
        <>
          <dt>{t('field.mapPoint')}</dt>
          <dd>
            <a
              href={`https://www.openstreetmap.org/?mlat=${d.point.lat}&mlon=${d.point.lon}#map=16/${d.point.lat}/${d.point.lon}`}
              rel="nofollow noopener noreferrer external"
            >
              {t('actor.onMap', { lat: d.point.lat.toFixed(4), lon: d.point.lon.toFixed(4) })}
            </a>
          </dd>
        </>
      ) : null}
      {d.social.length ? (
        <>
          <dt>{t('field.social')}</dt>
          <dd>
            <ul class="plain">
              {d.social.map((s) => (
                <li dir="auto">
                  {s.url ? (
                    <a href={s.url} rel="nofollow noopener noreferrer external">
                      {s.network}
                      {s.handle ? `: ${s.handle}` : ''}
                    </a>
                  ) : (
                    `${s.network}${s.handle ? `: ${s.handle}` : ''}`
                  )}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </>
  );
}

function TextSection(p: { id: string; title: string; text: string; lang: string }) {
  if (!p.text) return null;
  return (
    <section aria-labelledby={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      <div lang={p.lang} dir="auto" class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(p.text) }} />
    </section>
  );
}

/** An actor's sections: digital activities, its policy issues (with its own names for them), tools, meetings, and what it is linked to. */
export function ActorSections(p: SectionProps) {
  const { t, locale } = p.i18n;
  const d = detailsIf(p.activity, 'actor');
  if (!d) return null;
  const lang = LOCALE_INFO[p.activity.originalLanguage].bcp47;
  return (
    <>
      <TextSection id="digital-activities" title={t('field.digitalActivities')} text={d.digitalActivities} lang={lang} />
      {d.issues.length ? (
        <section aria-labelledby="issues-title">
          <h2 id="issues-title">{t('field.actorIssues')}</h2>
          {d.issues.map((i) => (
            <section class="issue">
              <h3>
                <a href={`/${locale}/search?issue=${encodeURIComponent(i.issue)}`}>{p.taxonomy.label('digital-policy-issue', i.issue, locale)}</a>
              </h3>
              {i.alias ? <p class="meta">{t('actor.alias', { alias: i.alias })}</p> : null}
              {i.narrative ? <div lang={lang} dir="auto" class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(i.narrative) }} /> : null}
            </section>
          ))}
        </section>
      ) : null}
      <TextSection id="digital-tools" title={t('field.digitalTools')} text={d.digitalTools} lang={lang} />
      <TextSection id="meetings" title={t('field.meetings')} text={d.meetings} lang={lang} />
      <LinkedEntries {...p} />
    </>
  );
}

/** The activities, publications, events and stories that name this actor. */
function LinkedEntries(p: SectionProps) {
  const { t, locale } = p.i18n;
  const groups = (['activity', 'publication', 'event', 'story'] as const).map((kind) => ({
    kind,
    items: p.related.linked.filter((l) => l.entry.kind === kind),
  }));
  return (
    <>
      {groups.map((g) => (
        <section aria-labelledby={`linked-${g.kind}`}>
          <h2 id={`linked-${g.kind}`}>{t(`kinds.${g.kind}`)}</h2>
          {g.items.length ? (
            <ul>
              {g.items.map(({ entry, role }) => {
                const title = (entry.translations[locale] ?? entry.translations[entry.originalLanguage])?.title ?? `#${entry.id}`;
                return (
                  <li>
                    <a href={entryPath(locale, entry.kind, entry.id)} dir="auto">
                      {title}
                    </a>{' '}
                    <span class="meta">({t(ROLE_LABELS[entry.kind][role === 'lead' ? 'lead' : 'partner'])})</span>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p class="meta">{t('actor.noLinked')}</p>
          )}
        </section>
      ))}
      <p class="meta">
        <a href={`/${locale}/${KIND_PATHS.actor}`}>{t('actor.allActors')}</a>
      </p>
    </>
  );
}

/** A story's strategy, the activity it tells of, and the form to send it to a colleague. */
export function StorySections(p: SectionProps) {
  const { t, locale } = p.i18n;
  const d = detailsIf(p.activity, 'story');
  const lang = LOCALE_INFO[p.activity.originalLanguage].bcp47;
  const linked = p.related.linkedActivity;
  return (
    <>
      {d ? <TextSection id="strategy" title={t('field.strategy')} text={d.strategy} lang={lang} /> : null}
      {linked ? (
        <section aria-labelledby="linked-activity">
          <h2 id="linked-activity">{t('story.linkedActivity')}</h2>
          <p>
            <a href={entryPath(locale, linked.kind, linked.id)} dir="auto">
              {(linked.translations[locale] ?? linked.translations[linked.originalLanguage])?.title}
            </a>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="share-title" class="share">
        <h2 id="share-title">{t('story.shareTitle')}</h2>
        {p.related.canShare ? (
          <form method="post" action={`/${locale}/stories/${p.activity.id}/share`}>
            <Csrf token={p.csrf} />
            <p class="hint">{t('story.shareAsAccount')}</p>
            <div class="field">
              <label for="share-to">{t('story.shareTo')}</label>
              <input type="email" id="share-to" name="to" required maxlength={320} autocomplete="email" />
            </div>
            <div class="field">
              <label for="share-message">{t('story.shareMessage')}</label>
              <p class="hint" id="share-message-hint">
                {t('story.shareMessageHint')}
              </p>
              <textarea id="share-message" name="message" rows={3} maxlength={500} dir="auto" aria-describedby="share-message-hint"></textarea>
            </div>
            <button type="submit">{t('story.shareSubmit')}</button>
          </form>
        ) : p.related.signedIn ? (
          <p>{t('story.shareNeedsActive')}</p>
        ) : (
          // Sending needs an account, so the site relays no stranger's mail; the link comes back here.
          <p>
            <a href={`/${locale}/account/sign-in?next=${encodeURIComponent(entryPath(locale, 'story', p.activity.id))}`}>{t('story.signInToShare')}</a>
          </p>
        )}
      </section>
    </>
  );
}

/** A curator's control beside an organisation name: which actor profile it stands for. */
export function ActorMatch(p: {
  i18n: I18n;
  csrf: string;
  activity: Entry;
  index: number;
  current: number | null | undefined;
  choices: Array<{ id: number; name: string }>;
}) {
  const { t, locale } = p.i18n;
  const id = `match-${p.index}`;
  return (
    <form method="post" action={`${entryPath(locale, p.activity.kind, p.activity.id)}/organisations/${p.index}/actor`} class="inline match">
      <Csrf token={p.csrf} />
      <label for={id}>{t('actor.matchLabel')}</label>{' '}
      <select id={id} name="actorId">
        <option value="">{t('actor.noMatch')}</option>
        {p.choices
          .filter((c) => c.id !== p.activity.id)
          .map((c) => (
            <option value={String(c.id)} selected={c.id === p.current}>
              {c.name}
            </option>
          ))}
      </select>{' '}
      <button type="submit" class="secondary">
        {t('actor.matchSubmit')}
      </button>
    </form>
  );
}
