/**
 * Open consultations, the pure part: the six phases of the process, each phase's status at an instant,
 * and whether statements are accepted. Instants come from wall-clock readings in the consultation's
 * IANA zone (`lib/time-zones.ts`), so a deadline "31 March, 23:59 in Geneva" is the same instant for a
 * stakeholder in Nairobi and the server in UTC.
 */
import type { Locale } from '../../i18n/locales';
import { zonedToUtc } from '../../lib/time-zones';

/** A text in some of the six languages. */
export type Labels = Partial<Record<Locale, string>>;

/** The phases of the process, in their order (as the secretariat runs it). */
export const PHASES = ['launch', 'discussion', 'deadline', 'drafting', 'meetings', 'outcome'] as const;
export type Phase = (typeof PHASES)[number];

/** A phase as typed by the curator: wall-clock readings (`YYYY-MM-DDTHH:mm`) in the consultation's zone. */
export interface PhaseDates {
  phase: Phase;
  starts: string;
  ends: string;
}

export type PhaseStatus = 'past' | 'current' | 'upcoming';

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const STATEMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** A phase's status at `now`: past once it ended, current between its start and end, upcoming before. */
export function phaseStatus(p: PhaseDates, timeZone: string, now: Date): PhaseStatus {
  if (now.getTime() >= zonedToUtc(p.ends, timeZone).getTime()) return 'past';
  if (now.getTime() >= zonedToUtc(p.starts, timeZone).getTime()) return 'current';
  return 'upcoming';
}

/** Statements are accepted from the launch to the deadline for formal contributions (exclusive). */
export function acceptsStatements(c: { opensAt: Date; deadlineAt: Date }, now: Date): boolean {
  return c.opensAt.getTime() <= now.getTime() && now.getTime() < c.deadlineAt.getTime();
}

/** The instants that bound statements: the launch's start and the deadline phase's end. */
export function boundsOf(phases: readonly PhaseDates[], timeZone: string): { opensAt: Date; deadlineAt: Date } {
  const launch = phases.find((p) => p.phase === 'launch');
  const deadline = phases.find((p) => p.phase === 'deadline');
  if (!launch || !deadline) throw new RangeError('a consultation has a launch and a deadline');
  return { opensAt: zonedToUtc(launch.starts, timeZone), deadlineAt: zonedToUtc(deadline.ends, timeZone) };
}

/** The phases with the deadline phase ending at `ends` (a deadline extension). */
export function withDeadline(phases: readonly PhaseDates[], ends: string): PhaseDates[] {
  return phases.map((p) => (p.phase === 'deadline' ? { ...p, ends } : p));
}

/** Whether a consultation is still open (listed first) or closed, by its deadline. */
export function isClosed(c: { deadlineAt: Date }, now: Date): boolean {
  return now.getTime() >= c.deadlineAt.getTime();
}

/** The audit log's actions for consultations (labelled by `consult.audit.<action>`). */
export const CONSULTATION_AUDIT_ACTIONS = [
  'consultation.open',
  'consultation.extend',
  'consultation.summary',
  'statement.submit',
  'statement.approve',
  'statement.reject',
] as const;
