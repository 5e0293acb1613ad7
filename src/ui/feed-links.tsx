import type { I18n } from '../i18n/i18n';

/** A list's feeds, and for events the iCalendar feed: relative links. */
export interface ListFeeds {
  atom: string;
  json: string;
  calendar?: string | undefined;
}

/** "Follow this search: Atom feed · JSON Feed (· calendar)", under a list. */
export function FeedLinks({ i18n, feeds }: { i18n: I18n; feeds: ListFeeds }) {
  const { t } = i18n;
  return (
    <p class="feed-links">
      {t('feeds.follow')}{' '}
      <a href={feeds.atom} type="application/atom+xml">
        {t('feeds.atom')}
      </a>
      {' · '}
      <a href={feeds.json} type="application/feed+json">
        {t('feeds.json')}
      </a>
      {feeds.calendar ? (
        <>
          {' · '}
          <a href={feeds.calendar} type="text/calendar">
            {t('feeds.calendar')}
          </a>
        </>
      ) : null}{' '}
      <span class="meta">{t('feeds.hint')}</span>
    </p>
  );
}
