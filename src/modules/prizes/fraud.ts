import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * Fraud signals on prize votes, as pure rules over the votes of one contest. They point curators at
 * votes to look at; they decide nothing (a curator excludes, with a reason).
 *
 * What is measured, honestly:
 * - bursts: votes per client address and per network (/24, /64) within a sliding window, from the
 *   address the server saw (the socket's, or the trusted proxies' X-Forwarded-For);
 * - new accounts: the account's creation against the voting phase's start and against the vote;
 * - rapid categories: one voter's votes in different categories seconds apart (server clock);
 * - fast after sign-in: the vote came seconds after the session began (server clock, unforgeable);
 * - fast after the page: the vote came seconds after its category page was rendered — the page's time
 *   comes back in the form, so a script can forge or omit it: a hint, never proof.
 * A changed vote keeps only its last cast time (the row is updated in place).
 */

/** The thresholds, as data: defaults below, a curator may change them on the page (query string). */
export const fraudThresholdsSchema = z
  .object({
    /** N votes from one address within `burstMinutes`. */
    addressVotes: z.coerce.number().int().min(2).max(100_000).default(20),
    /** N votes from one network within `burstMinutes`. */
    networkVotes: z.coerce.number().int().min(2).max(100_000).default(60),
    burstMinutes: z.coerce.number().int().min(1).max(1440).default(10),
    /** An account created less than this before voting opened, or before its vote. */
    newAccountHours: z.coerce.number().int().min(1).max(720).default(24),
    /** At least `rapidVotes` votes in a row by one voter, each within `rapidSeconds` of the previous. */
    rapidVotes: z.coerce.number().int().min(2).max(18).default(3),
    rapidSeconds: z.coerce.number().int().min(1).max(600).default(5),
    /** A vote less than this after sign-in, or after its category page was shown. */
    readSeconds: z.coerce.number().int().min(1).max(600).default(5),
  })
  .strict();
export type FraudThresholds = z.output<typeof fraudThresholdsSchema>;
export const DEFAULT_THRESHOLDS: FraudThresholds = fraudThresholdsSchema.parse({});

export const SIGNAL_KINDS = ['address_burst', 'network_burst', 'new_account', 'rapid_categories', 'fast_after_sign_in', 'fast_after_view'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** A vote as the signals read it. */
export interface VoteFacts {
  category: string;
  userId: number;
  nominationId: number;
  castAt: Date;
  address: string | null;
  network: string | null;
  viewedAt: Date | null;
  sessionStartedAt: Date | null;
  accountCreatedAt: Date;
  excluded: boolean;
}

/** A vote's key: its category and voter (one vote per category per voter). */
export interface VoteKey {
  category: string;
  userId: number;
}
export const voteKey = (v: VoteKey) => `${v.category}:${v.userId}`;

/** A vote key as the forms send it (`category:userId`), or null. */
export function parseVoteKey(s: string): VoteKey | null {
  const m = /^(c[0-9]+(?:-e-[a-z]+)?):([0-9]{1,10})$/.exec(s);
  return m ? { category: m[1]!, userId: Number(m[2]) } : null;
}

export interface Signal {
  kind: SignalKind;
  /** What the votes share: an address, a network, or a voter's pseudonym. */
  subject: string;
  /** The most votes in one window, the seconds measured, or the account's age in hours: the figure that tripped it. */
  measure: number;
  votes: VoteFacts[];
}

/**
 * The network a client address belongs to: IPv4 cut to /24, IPv6 to /64 (an IPv4-mapped IPv6 address
 * counts as IPv4); null for anything that is not an address (e.g. `unknown` when no socket was seen).
 */
export function networkOf(address: string | null): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? mapped[1]! : address;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return null;
  const [head = '', tail = ''] = bare.includes('::') ? bare.split('::') : [bare, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) fills two groups; only the first four groups matter here.
  const groups = [...h, ...Array<string>(8 - h.length - t.length - (t.some((g) => g.includes('.')) ? 1 : 0)).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * A voter's pseudonym for one contest: HMAC-SHA256 of the user id under the contest's random key (and
 * SECRET_KEY when configured), cut to 16 hex digits. Stable within a contest, unlinkable across contests,
 * and not reversible without the key.
 */
export function pseudonym(contestKey: string, secretKey: string | undefined, userId: number): string {
  return createHmac('sha256', secretKey ? `${contestKey}:${secretKey}` : contestKey)
    .update(String(userId))
    .digest('hex')
    .slice(0, 16);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const byCastAt = (a: VoteFacts, b: VoteFacts) => a.castAt.getTime() - b.castAt.getTime();

/**
 * The votes that lie in some window of `minutes` holding at least `n` votes (a sliding window over the
 * votes sorted by time), with the largest count seen in one window.
 */
export function burst(votes: readonly VoteFacts[], n: number, minutes: number): { votes: VoteFacts[]; peak: number } {
  const sorted = [...votes].sort(byCastAt);
  const span = minutes * 60_000;
  const flagged = new Set<number>();
  let peak = 0;
  let left = 0;
  let markedTo = -1;
  for (let right = 0; right < sorted.length; right += 1) {
    while (sorted[right]!.castAt.getTime() - sorted[left]!.castAt.getTime() > span) left += 1;
    const count = right - left + 1;
    peak = Math.max(peak, count);
    if (count >= n) {
      for (let i = Math.max(left, markedTo + 1); i <= right; i += 1) flagged.add(i);
      markedTo = right;
    }
  }
  return { votes: [...flagged].map((i) => sorted[i]!), peak };
}

/** One voter's runs of at least `count` votes, each within `seconds` of the previous one. */
export function rapidRuns(votes: readonly VoteFacts[], count: number, seconds: number): VoteFacts[] {
  const sorted = [...votes].sort(byCastAt);
  const out: VoteFacts[] = [];
  let run: VoteFacts[] = [];
  const flush = () => {
    if (run.length >= count) out.push(...run);
  };
  for (const v of sorted) {
    const prev = run[run.length - 1];
    if (prev && v.castAt.getTime() - prev.castAt.getTime() <= seconds * 1000) run.push(v);
    else {
      flush();
      run = [v];
    }
  }
  flush();
  return out;
}

/**
 * Every signal over a contest's votes (excluded ones included, so a curator sees what was already set
 * aside), strongest first within each kind. `name` turns a user id into what the page shows for a voter.
 */
export function findSignals(votes: readonly VoteFacts[], votingOpens: Date, th: FraudThresholds, name: (userId: number) => string): Signal[] {
  const out: Signal[] = [];
  const bursts = (kind: SignalKind, key: (v: VoteFacts) => string | null, n: number) => {
    const found: Signal[] = [];
    for (const [subject, list] of groupBy(votes, key)) {
      if (list.length < n) continue;
      const b = burst(list, n, th.burstMinutes);
      if (b.votes.length) found.push({ kind, subject, measure: b.peak, votes: b.votes });
    }
    out.push(...found.sort((a, b) => b.measure - a.measure));
  };
  bursts('address_burst', (v) => (v.network ? v.address : null), th.addressVotes);
  bursts('network_burst', (v) => v.network, th.networkVotes);

  const byVoter = groupBy(votes, (v) => String(v.userId));
  const hour = 3_600_000;
  const fresh: Signal[] = [];
  const rapid: Signal[] = [];
  for (const list of byVoter.values()) {
    const first = list[0]!;
    const created = first.accountCreatedAt.getTime();
    const young = list.filter((v) => votingOpens.getTime() - created < th.newAccountHours * hour || v.castAt.getTime() - created < th.newAccountHours * hour);
    if (young.length) {
      const age = Math.min(...young.map((v) => v.castAt.getTime() - created));
      fresh.push({ kind: 'new_account', subject: name(first.userId), measure: Math.max(0, Math.floor(age / hour)), votes: young.sort(byCastAt) });
    }
    const run = rapidRuns(list, th.rapidVotes, th.rapidSeconds);
    if (run.length) rapid.push({ kind: 'rapid_categories', subject: name(first.userId), measure: run.length, votes: run });
  }
  out.push(...fresh.sort((a, b) => a.measure - b.measure), ...rapid.sort((a, b) => b.measure - a.measure));

  const quick = (kind: SignalKind, since: (v: VoteFacts) => Date | null) => {
    const found: Signal[] = [];
    for (const list of byVoter.values()) {
      const fast = list.filter((v) => {
        const s = since(v);
        return s !== null && v.castAt.getTime() - s.getTime() < th.readSeconds * 1000;
      });
      if (!fast.length) continue;
      const seconds = Math.min(...fast.map((v) => Math.max(0, v.castAt.getTime() - since(v)!.getTime()) / 1000));
      found.push({ kind, subject: name(fast[0]!.userId), measure: Math.floor(seconds), votes: fast.sort(byCastAt) });
    }
    out.push(...found.sort((a, b) => a.measure - b.measure));
  };
  quick('fast_after_sign_in', (v) => v.sessionStartedAt);
  quick('fast_after_view', (v) => v.viewedAt);
  return out;
}

/** What a curator's exclusion or reinstatement says: the votes (as `category:userId`) and why. */
export const exclusionSchema = z
  .object({
    votes: z
      .array(z.string().transform((s, ctx) => parseVoteKey(s) ?? (ctx.addIssue({ code: 'custom', message: 'invalid' }), z.NEVER)))
      .max(5000)
      .refine((a) => a.length > 0, 'prize_votes_none'),
    reason: z
      .string()
      .trim()
      .max(1000)
      .refine((s) => s.length > 0, 'required'),
  })
  .strict();
export type ExclusionInput = z.output<typeof exclusionSchema>;

/** Audit actions of this module (their labels live under `prizes.audit.*`). */
export const PRIZE_VOTE_AUDIT_ACTIONS = ['prize_vote.exclude', 'prize_vote.reinstate'] as const;
