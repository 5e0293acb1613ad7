import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { authorize } from '../../modules/accounts/policy';
import { spreadsheetSafe, csvField } from '../../modules/exports/exports.columns';
import { exclusionSchema, fraudThresholdsSchema, voteKey, type FraudThresholds } from '../../modules/prizes/fraud';
import { auditVotes, excludeVotes, reinstateVotes, voteSignals, type AuditVote } from '../../modules/prizes/fraud.service';
import { getContest } from '../../modules/prizes/prizes.service';
import { VOTES_SHOWN, VotesPage } from '../../ui/pages/prizes-votes.page';
import type { AppEnv } from '../context';
import { pulledStream } from '../file-answers';
import { fieldErrors, formStatus, isFormError, many, one, parseWith, readForm } from '../forms';
import { parseSearchParams } from '../query-params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const Y = `/${LOCALE_PATTERN}/prizes/:year{[0-9]{4}}`;
const yearOf = (c: Context<AppEnv>) => Number(c.req.param('year'));

const pageQuery = fraudThresholdsSchema.extend({
  excluded: z.coerce.number().int().min(0).optional(),
  reinstated: z.coerce.number().int().min(0).optional(),
});

const CSV_COLUMNS = ['voter', 'category', 'nomination', 'cast_at', 'network', 'excluded', 'reason'] as const;

function csvLine(v: AuditVote): string {
  return [v.voter, v.category, String(v.nominationId), v.castAt.toISOString(), v.network ?? '', v.excluded ? 'true' : 'false', spreadsheetSafe(v.reason ?? '')]
    .map(csvField)
    .join(',');
}

/** The curators' side of the prize votes: fraud signals, exclusions with a reason (audited, reversible), the audit export. */
export function prizeVoteRoutes() {
  const r = new Hono<AppEnv>();
  const encoder = new TextEncoder();

  const votesPage = async (
    c: Context<AppEnv>,
    opts: {
      thresholds?: FraudThresholds;
      errors?: Record<string, string>;
      values?: { reason?: string; reinstateReason?: string; votes?: string[] };
      status?: 400 | 401 | 409 | 422 | 429;
      done?: string;
    } = {},
  ) => {
    const actor = requireActor(c);
    authorize(actor, 'prize.manage');
    const { db, config, taxonomy } = c.get('deps');
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const contest = await getContest(db, yearOf(c));
    const thresholds = opts.thresholds ?? fraudThresholdsSchema.parse({});
    const s = await voteSignals(db, actor, config.secretKey, contest, thresholds);
    const row = (v: { category: string; userId: number; nominationId: number; castAt: Date; network: string | null; excluded: boolean }) => ({
      key: voteKey(v),
      voter: s.name(v.userId),
      category: v.category,
      nominationId: v.nominationId,
      castAt: v.castAt,
      network: v.network,
      excluded: v.excluded,
    });
    return localePage(
      c,
      i18n.t('prizes.fraud.title'),
      <VotesPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        year={contest.year}
        title={inLocale(contest.titles, locale)}
        total={s.total}
        excludedTotal={s.excludedTotal}
        thresholds={thresholds}
        signals={s.signals.map((x) => ({
          kind: x.kind,
          subject: x.subject,
          measure: x.measure,
          votes: x.votes.slice(0, VOTES_SHOWN).map(row),
          more: Math.max(0, x.votes.length - VOTES_SHOWN),
        }))}
        excluded={s.excluded.map((v) => ({ ...v, voter: v.voter, excluded: true, reason: v.excludedReason ?? '', excludedBy: v.excludedByName }))}
        categoryLabel={(code) => taxonomy.label('action-line', code, locale) || code}
        errors={opts.errors ?? {}}
        values={opts.values ?? {}}
        done={opts.done}
      />,
      opts.status ?? 200,
    );
  };

  r.get(`${Y}/votes`, async (c) => {
    authorize(requireActor(c), 'prize.manage');
    const { excluded, reinstated, ...thresholds } = parseSearchParams(new URL(c.req.url).searchParams, pageQuery, []);
    const i18n = i18nFor(c.get('locale'));
    const done =
      excluded !== undefined
        ? i18n.t('prizes.fraud.doneExcluded', { count: excluded })
        : reinstated !== undefined
          ? i18n.t('prizes.fraud.doneReinstated', { count: reinstated })
          : undefined;
    return votesPage(c, { thresholds, ...(done ? { done } : {}) });
  });

  /** Exclude or reinstate: the selected votes and a reason, else the page again with the problem beside its field. */
  const change = (action: 'exclude' | 'reinstate') => async (c: Context<AppEnv>) => {
    const actor = requireActor(c);
    authorize(actor, 'prize.manage');
    const f = await readForm(c);
    const reasonField = action === 'exclude' ? 'reason' : 'reinstateReason';
    const votes = [...new Set(many(f, 'votes'))];
    const reason = one(f, reasonField) ?? '';
    const { db, config } = c.get('deps');
    const contest = await getContest(db, yearOf(c));
    try {
      const input = parseWith(exclusionSchema, { votes, reason });
      const n = await (action === 'exclude' ? excludeVotes : reinstateVotes)(db, actor, config.secretKey, contest, input);
      return c.redirect(`/${c.get('locale')}/prizes/${contest.year}/votes?${action === 'exclude' ? 'excluded' : 'reinstated'}=${n}`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const rename = (field: string) =>
        action === 'exclude'
          ? field.startsWith('votes')
            ? 'votes'
            : field
          : field === 'reason'
            ? 'reinstateReason'
            : field.startsWith('votes')
              ? 'reinstateVotes'
              : field;
      return votesPage(c, {
        errors: fieldErrors(c.get('locale'), e.details, rename),
        values: { [reasonField]: reason, votes },
        status: formStatus(e) === 400 ? 422 : formStatus(e),
      });
    }
  };
  r.post(`${Y}/votes/exclude`, change('exclude'));
  r.post(`${Y}/votes/reinstate`, change('reinstate'));

  /** The contest whose votes a curator exports, and its votes page by page (the audit export's two formats read it alike). */
  const votesAudit = async (c: Context<AppEnv>) => {
    const actor = requireActor(c);
    authorize(actor, 'prize.manage');
    const { db, config } = c.get('deps');
    const contest = await getContest(db, yearOf(c));
    return { contest, pages: auditVotes(db, actor, config.secretKey, contest) };
  };

  /** Every vote, streamed page by page: voters by pseudonym, addresses cut to their network, never an id or an e-mail. */
  r.get(`${Y}/votes.csv`, async (c) => {
    const { contest, pages } = await votesAudit(c);
    async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
      yield encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`);
      for await (const page of pages) yield encoder.encode(page.map((v) => `${csvLine(v)}\r\n`).join(''));
    }
    return c.body(pulledStream(chunks()), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="prize-votes-${contest.year}.csv"`,
      'x-content-type-options': 'nosniff',
    });
  });
  r.get(`${Y}/votes.json`, async (c) => {
    const { contest, pages } = await votesAudit(c);
    async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
      yield encoder.encode(`{"contest":${contest.year},"votes":[`);
      let first = true;
      for await (const page of pages) {
        const body = page
          .map((v) =>
            JSON.stringify({
              voter: v.voter,
              category: v.category,
              nomination: v.nominationId,
              castAt: v.castAt.toISOString(),
              network: v.network,
              excluded: v.excluded,
              reason: v.reason,
            }),
          )
          .join(',');
        yield encoder.encode((first ? '' : ',') + body);
        first = false;
      }
      yield encoder.encode(']}');
    }
    return c.body(pulledStream(chunks()), 200, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' });
  });

  return r;
}
