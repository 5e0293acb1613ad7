import type { I18n } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { actionLinesForSdg, goalsForActionLine, targetsForActionLine } from '../../modules/crosswalk/crosswalk';
import type { ActionLineOverview, SdgOverview } from '../../modules/crosswalk/crosswalk.service';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { ActionLineBadge, actionLineCode, SdgNumber } from '../identity';
import { searchUrl } from '../search-url';

/** The page of an action line. */
export const actionLinePath = (locale: Locale, code: string) => `/${locale}/action-lines/${code}`;
/** The page of an SDG goal or target. */
export const sdgPath = (locale: Locale, code: string) => `/${locale}/sdgs/${code}`;

interface Props {
  i18n: I18n;
  taxonomy: Taxonomy;
}

/** How many entries carry the code, and how many with the crosswalk's links: each a link to that search. */
function Counts(p: Props & { filter: 'actionLine' | 'sdg' | 'target'; code: string; tagged: number; linked: number }) {
  const { t, locale } = p.i18n;
  return (
    <ul class="crosswalk-counts">
      <li>
        <a href={searchUrl(locale, { [p.filter]: [p.code] })}>{t('crosswalk.tagged', { count: p.tagged })}</a>
      </li>
      <li>
        <a href={searchUrl(locale, { [p.filter]: [p.code], crosswalk: '1' })}>{t('crosswalk.linked', { count: p.linked })}</a>
      </li>
    </ul>
  );
}

function About(p: Props & { query: string }) {
  return (
    <p class="help">
      {p.i18n.t('crosswalk.about')} <a href={`/api/v1/crosswalk${p.query}`}>{p.i18n.t('crosswalk.asData')}</a>
    </p>
  );
}

/** One action line: its description, its entries, and the SDG targets it serves with the reason for each. */
export function ActionLinePage(p: Props & { overview: ActionLineOverview }) {
  const { i18n, taxonomy, overview: o } = p;
  const { t, locale, number } = i18n;
  const label = taxonomy.label('action-line', o.code, locale);
  const description = taxonomy.get('action-line', o.code)?.descriptions?.[locale];
  const targets = new Set(o.links.map((l) => l.target));
  return (
    <div class="crosswalk-page">
      <p class="breadcrumb">
        <a href={`/${locale}/action-lines`}>{t('crosswalk.actionLines.title')}</a>
        {o.parent ? (
          <>
            {' · '}
            <a href={actionLinePath(locale, o.parent)}>{t('crosswalk.partOf', { line: actionLineCode(o.parent) })}</a>
          </>
        ) : null}
      </p>
      <h1 dir="auto">{t('crosswalk.actionLine.title', { code: actionLineCode(o.code), label })}</h1>
      {description ? <p dir="auto">{description}</p> : null}
      <Counts {...p} filter="actionLine" code={o.code} tagged={o.tagged} linked={o.linked} />
      {o.subLines.length ? (
        <section aria-labelledby="sub-lines">
          <h2 id="sub-lines">{t('crosswalk.subLines')}</h2>
          <ul class="tags">
            {o.subLines.map((code) => (
              <li>
                <a href={actionLinePath(locale, code)}>
                  <ActionLineBadge i18n={i18n} taxonomy={taxonomy} code={code} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="crosswalk-links">
        <h2 id="crosswalk-links">{t('crosswalk.targetsHeading')}</h2>
        <p>{t('crosswalk.targetsCount', { targets: targets.size, goals: o.goals.length })}</p>
        {o.links.length ? (
          <table class="crosswalk-table">
            <thead>
              <tr>
                <th scope="col">{t('crosswalk.col.target')}</th>
                <th scope="col">{t('crosswalk.col.why')}</th>
                <th scope="col">{t('crosswalk.col.entries')}</th>
              </tr>
            </thead>
            <tbody>
              {o.links.map((l) => (
                <tr>
                  <th scope="row">
                    <a href={sdgPath(locale, l.target)}>
                      <SdgNumber code={l.target} />
                    </a>{' '}
                    <span dir="auto">{taxonomy.label('sdg', l.target, locale)}</span>
                  </th>
                  <td dir="auto">
                    {l.rationale}
                    {l.actionLine !== o.code ? (
                      <>
                        {' '}
                        <span class="meta">({t('crosswalk.viaSubLine', { line: taxonomy.label('action-line', l.actionLine, locale) })})</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <a href={searchUrl(locale, { target: [l.target] })}>{number(l.entries)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <About {...p} query={`?actionLine=${encodeURIComponent(o.code)}`} />
    </div>
  );
}

/** One SDG goal or target: its text, its entries, and the action lines that serve it with the reason for each. */
export function SdgPage(p: Props & { overview: SdgOverview }) {
  const { i18n, taxonomy, overview: o } = p;
  const { t, locale, number } = i18n;
  const label = taxonomy.label('sdg', o.code, locale);
  const description = o.isTarget ? null : taxonomy.get('sdg', o.code)?.descriptions?.[locale];
  const lines = new Set(o.links.map((l) => l.actionLine));
  return (
    <div class="crosswalk-page">
      <p class="breadcrumb">
        <a href={`/${locale}/sdgs`}>{t('crosswalk.sdgs.title')}</a>
        {o.isTarget ? (
          <>
            {' · '}
            <a href={sdgPath(locale, o.goal)}>
              <SdgNumber code={o.goal} />
              {taxonomy.label('sdg', o.goal, locale)}
            </a>
          </>
        ) : null}
      </p>
      {o.isTarget ? (
        <>
          <h1>{t('crosswalk.sdg.targetTitle', { code: o.code })}</h1>
          <p dir="auto">{label}</p>
        </>
      ) : (
        <h1 dir="auto">
          <SdgNumber code={o.code} /> {t('crosswalk.sdg.title', { code: o.code, label })}
        </h1>
      )}
      {description ? <p dir="auto">{description}</p> : null}
      <Counts {...p} filter={o.isTarget ? 'target' : 'sdg'} code={o.code} tagged={o.tagged} linked={o.linked} />
      <section aria-labelledby="crosswalk-links">
        <h2 id="crosswalk-links">{t('crosswalk.linesHeading')}</h2>
        <p>{t('crosswalk.linesCount', { count: lines.size })}</p>
        {o.links.length ? (
          <table class="crosswalk-table">
            <thead>
              <tr>
                <th scope="col">{t('crosswalk.col.actionLine')}</th>
                {o.isTarget ? null : <th scope="col">{t('crosswalk.col.target')}</th>}
                <th scope="col">{t('crosswalk.col.why')}</th>
                <th scope="col">{t('crosswalk.col.lineEntries')}</th>
              </tr>
            </thead>
            <tbody>
              {o.links.map((l) => (
                <tr>
                  <th scope="row">
                    <a href={actionLinePath(locale, l.actionLine)}>
                      <ActionLineBadge i18n={i18n} taxonomy={taxonomy} code={l.actionLine} />
                    </a>
                  </th>
                  {o.isTarget ? null : (
                    <td>
                      <a href={sdgPath(locale, l.target)} title={taxonomy.label('sdg', l.target, locale)}>
                        {l.target}
                      </a>
                    </td>
                  )}
                  <td dir="auto">{l.rationale}</td>
                  <td>
                    <a href={searchUrl(locale, { actionLine: [l.actionLine] })}>{number(l.entries)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {o.targets.length ? (
        <section aria-labelledby="goal-targets">
          <h2 id="goal-targets">{t('crosswalk.targetsOfGoal')}</h2>
          <ul class="crosswalk-targets">
            {o.targets.map((code) => (
              <li>
                <a href={sdgPath(locale, code)}>{code}</a> <span dir="auto">{taxonomy.label('sdg', code, locale)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <About {...p} query={`?sdg=${encodeURIComponent(o.code)}`} />
    </div>
  );
}

/** Every action line, each with how many SDG targets it serves. */
export function ActionLinesPage(p: Props) {
  const { t, locale } = p.i18n;
  return (
    <div class="crosswalk-page">
      <h1>{t('crosswalk.actionLines.title')}</h1>
      <p>{t('crosswalk.actionLines.intro')}</p>
      <ul class="crosswalk-index">
        {p.taxonomy.terms('action-line').map((term) => (
          <li class={term.parent ? 'sub-line' : undefined}>
            <a href={actionLinePath(locale, term.code)}>
              <ActionLineBadge i18n={p.i18n} taxonomy={p.taxonomy} code={term.code} />
            </a>{' '}
            <span class="meta">
              {t('crosswalk.targetsCount', { targets: targetsForActionLine(term.code).length, goals: goalsForActionLine(term.code).length })}
            </span>
          </li>
        ))}
      </ul>
      <About {...p} query="" />
    </div>
  );
}

/** Every goal, each with how many action lines serve it. */
export function SdgsPage(p: Props) {
  const { t, locale } = p.i18n;
  return (
    <div class="crosswalk-page">
      <h1>{t('crosswalk.sdgs.title')}</h1>
      <p>{t('crosswalk.sdgs.intro')}</p>
      <ul class="crosswalk-index">
        {p.taxonomy
          .terms('sdg')
          .filter((term) => term.parent === null)
          .map((term) => (
            <li>
              <a href={sdgPath(locale, term.code)}>
                <SdgNumber code={term.code} />
                <span dir="auto">{p.taxonomy.label('sdg', term.code, locale)}</span>
              </a>{' '}
              <span class="meta">{t('crosswalk.linesCount', { count: actionLinesForSdg(term.code).length })}</span>
            </li>
          ))}
      </ul>
      <About {...p} query="" />
    </div>
  );
}
