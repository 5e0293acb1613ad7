import { AppError } from '../../lib/errors';
import { tokenMay } from '../tokens/tokens.policy';
import type { Actor } from './accounts';

/** What a rule may look at: the organisation that owns the thing, and who created it. */
export interface Subject {
  organisationId?: number | null;
  createdBy?: number | null;
  /** The account ids assigned as jurors of the contest in question (a juror is per contest, not a role). */
  jurors?: readonly number[];
}

const active = (a: Actor) => a.status === 'active' && a.emailVerified;
// Staff powers need a second factor (ASVS level 2): until they enrol, curators and administrators
// can do only what any signed-in person can.
const staff = (a: Actor) => active(a) && (a.role === 'curator' || a.role === 'admin') && a.twoFactor;
const admin = (a: Actor) => active(a) && a.role === 'admin' && a.twoFactor;
const memberOf = (a: Actor, s: Subject) => active(a) && s.organisationId != null && a.memberships.some((m) => m.organisationId === s.organisationId);
const editorOf = (a: Actor, s: Subject) =>
  active(a) && s.organisationId != null && a.memberships.some((m) => m.organisationId === s.organisationId && m.role === 'editor');

/**
 * Who may do what: one line per ability, pure, tested as a table (role × ability). Visitors (null) may
 * do none of these; pages they may read are not listed.
 */
export const RULES = {
  'account.update': (a: Actor) => a.status !== 'suspended',
  'organisation.create': (a: Actor) => active(a),
  'organisation.join': (a: Actor) => active(a),
  'organisation.manage_members': (a: Actor, s: Subject) => editorOf(a, s) || admin(a),
  'submission.create': (a: Actor, s: Subject) => memberOf(a, s),
  'submission.edit': (a: Actor, s: Subject) => (active(a) && s.createdBy === a.userId && memberOf(a, s)) || editorOf(a, s),
  'entry.update': (a: Actor, s: Subject) => editorOf(a, s) || staff(a),
  'entry.confirm': (a: Actor, s: Subject) => editorOf(a, s) || staff(a),
  'entry.history': (a: Actor, s: Subject) => editorOf(a, s) || staff(a),
  'entry.archive': (a: Actor) => staff(a),
  'entry.restore': (a: Actor, s: Subject) => editorOf(a, s) || staff(a),
  'entry.merge': (a: Actor) => staff(a),
  'review.decide': (a: Actor) => staff(a),
  'entry.link_actor': (a: Actor) => staff(a),
  'publication.rate': (a: Actor) => active(a),
  'story.share': (a: Actor) => active(a),
  'call.manage': (a: Actor) => staff(a),
  'audit.read': (a: Actor) => staff(a),
  'user.manage': (a: Actor) => admin(a),
  'settings.manage': (a: Actor) => admin(a),
  'outbox.read': (a: Actor) => admin(a),
  // A token acts with its creator's editorship of the organisation, so only an editor may make one.
  'token.create': (a: Actor, s: Subject) => editorOf(a, s),
  'token.manage': (a: Actor, s: Subject) => editorOf(a, s) || admin(a),
  'token.manage_all': (a: Actor) => admin(a),
  'snapshot.create': (a: Actor) => staff(a),
  'import.run': (a: Actor) => admin(a),
  // The yearly report: curators write it, generate it and publish it.
  'report.manage': (a: Actor) => staff(a),
  // Open consultations: curators run them; a stakeholder speaks for an organisation it is an active member of.
  'consultation.manage': (a: Actor) => staff(a),
  'consultation.moderate': (a: Actor) => staff(a),
  'consultation.read_all': (a: Actor) => staff(a),
  'statement.submit': (a: Actor, s: Subject) => memberOf(a, s),
  'statement.attach': (a: Actor, s: Subject) => active(a) && s.createdBy === a.userId && memberOf(a, s),
  // The WSIS Prizes: curators run contests and screen nominations; an organisation's members nominate its
  // projects; any signed-in, verified account votes.
  'prize.manage': (a: Actor) => staff(a),
  'prize.nominate': (a: Actor, s: Subject) => memberOf(a, s),
  'prize.vote': (a: Actor) => active(a),
  // The jury: only an active account a curator assigned to this contest (curators are not jurors by their role).
  'prize.judge': (a: Actor, s: Subject) => active(a) && s.jurors !== undefined && s.jurors.includes(a.userId),
} as const satisfies Record<string, (a: Actor, s: Subject) => boolean>;
export type Ability = keyof typeof RULES;
export const ABILITIES = Object.keys(RULES) as Ability[];

/** A rule's answer, within what a token may ever do when the actor came with one. */
const allows = (actor: Actor, ability: Ability, subject: Subject) => (actor.token === undefined || tokenMay(ability)) && RULES[ability](actor, subject);

export function can(actor: Actor | null, ability: Ability, subject: Subject = {}): boolean {
  return actor !== null && allows(actor, ability, subject);
}

/** Throws unauthenticated for a visitor and forbidden for anyone else the rule refuses. */
export function authorize(actor: Actor | null, ability: Ability, subject: Subject = {}): asserts actor is Actor {
  if (actor === null) throw new AppError('unauthenticated');
  if (!allows(actor, ability, subject)) throw needsSecondFactor(actor, ability, subject) ? twoFactorNeeded() : new AppError('forbidden');
}

/** The refusal that sends a staff member without a second factor to enrol (pages redirect, the API says why). */
export const twoFactorNeeded = () => new AppError('forbidden', [{ field: '', code: 'two_factor_required' }]);

/** Whether the rule refuses only because the account has no second factor yet. */
function needsSecondFactor(actor: Actor, ability: Ability, subject: Subject): boolean {
  return !actor.twoFactor && actor.token === undefined && RULES[ability]({ ...actor, twoFactor: true }, subject);
}
