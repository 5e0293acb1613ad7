/**
 * An audit record as an administrator reads it: the action by its name, what it concerns, and each detail
 * by its label with its value as a label (a role, a setting's choice, a language) — never the stored JSON
 * or its keys.
 */
import type { I18n, MessageKey } from '../../i18n/i18n';
import { CONSULTATION_AUDIT_ACTIONS } from '../consultations/consultations';
import { PRIZE_VOTE_AUDIT_ACTIONS } from '../prizes/fraud';

export interface AuditRow {
  action: string;
  entity: string;
  entityId: number | null;
  details: unknown;
}

export interface AuditView {
  action: string;
  subject: string;
  details: Array<{ label: string; value: string }>;
}

/** Display names of the accounts a record mentions (its subject, a member), by id. */
export type AccountNames = ReadonlyMap<number, string>;

const ACTIONS = new Set([
  'call.open',
  'call.close',
  'call.remind',
  'entry.confirm',
  'entry.archive',
  'entry.restore',
  'entry.merge',
  'entry.link_actor',
  'organisation.create',
  'membership.approve',
  'membership.decline',
  'membership.make_editor',
  'settings.update',
  'settings.logo',
  'settings.logo_removed',
  'submission.approve',
  'submission.reject',
  'submission.request_changes',
  'user.update',
  'sign_in.failed',
  'sign_in.refused',
  'sign_in.locked',
  'sign_in.password_ok',
  'sign_in.second_factor_failed',
  'sign_in.succeeded',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.recovery_code_used',
  'two_factor.recovery_codes_renewed',
  'two_factor.enrol_failed',
  'two_factor.disable_failed',
  'two_factor.renew_failed',
  'token.create',
  'token.revoke',
  'snapshot.request',
  'report.create',
  'report.update',
  'report.generate',
]);
const ENTITIES = new Set(['entry', 'submission', 'call', 'organisation', 'settings', 'user', 'job', 'report']);
/** Actions and entities whose labels live under their own area's keys. */
const OWN_ACTION_LABELS: Record<string, MessageKey> = {
  'iati.import': 'iatiImport.auditAction',
  ...Object.fromEntries(CONSULTATION_AUDIT_ACTIONS.map((a) => [a, `consult.audit.${a}` as MessageKey])),
  ...Object.fromEntries(PRIZE_VOTE_AUDIT_ACTIONS.map((a) => [a, `prizes.audit.${a}` as MessageKey])),
};
const OWN_ENTITY_LABELS: Record<string, MessageKey> = {
  import: 'iatiImport.auditEntity',
  consultation: 'consult.audit.consultation',
  statement: 'consult.audit.statement',
  prize_contest: 'prizes.audit.prize_contest',
};

/** The label of each setting, and of each value a choice setting takes. */
const SETTING_LABELS: Record<string, MessageKey> = {
  registration: 'admin.registration',
  submissions: 'admin.submissions',
  confirmAfterDays: 'admin.confirmAfterDays',
  siteName: 'field.siteName',
  primaryColour: 'field.primaryColour',
  accentColour: 'field.accentColour',
  logoPath: 'field.logoPath',
};
const CHOICE_VALUES: Record<string, (v: string) => MessageKey> = {
  registration: (v) => `admin.registration.${v}` as MessageKey,
  submissions: (v) => `admin.submissions.${v}` as MessageKey,
  role: (v) => `role.${v}` as MessageKey,
  status: (v) => `userStatus.${v}` as MessageKey,
};
const CHANGE_LABELS: Record<string, MessageKey> = { ...SETTING_LABELS, role: 'account.role', status: 'account.status' };

/** Details whose label is a catalog message of their own. */
const DETAIL_LABELS: Record<string, MessageKey> = {
  address: 'audit.detail.address',
  reason: 'audit.detail.reason',
  step: 'audit.detail.step',
  secondFactor: 'audit.detail.secondFactor',
  with: 'audit.detail.secondFactor',
  by: 'audit.detail.by',
  entryId: 'audit.detail.entryId',
  merged: 'audit.detail.merged',
  message: 'audit.detail.message',
  revision: 'audit.detail.revision',
  index: 'audit.detail.index',
  actorId: 'audit.detail.actorId',
  name: 'audit.detail.name',
  userId: 'audit.detail.userId',
  mails: 'audit.detail.mails',
  entries: 'audit.detail.entries',
  type: 'audit.detail.type',
  bytes: 'audit.detail.bytes',
  texts: 'calls.text',
  created: 'iatiImport.outcome.created',
  updated: 'iatiImport.outcome.updated',
  unchanged: 'iatiImport.outcome.unchanged',
  refused: 'iatiImport.outcome.refused',
  opensAt: 'calls.opensAt',
  closesAt: 'calls.closesAt',
  accepts: 'calls.acceptsLabel',
  tokenId: 'tokens.audit.tokenId',
  scopes: 'tokens.audit.scopes',
  expiresInDays: 'tokens.audit.expiresInDays',
  count: 'prizes.audit.detail.count',
  votes: 'prizes.audit.detail.votes',
  excludedFor: 'prizes.audit.detail.excludedFor',
};
const WORD_VALUES: Record<string, MessageKey> = {
  second_factor: 'audit.value.second_factor',
  none: 'audit.value.none',
  totp: 'audit.value.totp',
  recovery_code: 'audit.value.recovery_code',
  command: 'audit.value.command',
};
/** Why a sign-in was refused (the error's detail code), by the message the person was shown. */
const SIGN_IN_REASONS: Record<string, MessageKey> = {
  bad_credentials: 'validation.bad_credentials',
  email_not_verified: 'validation.email_not_verified',
  account_suspended: 'validation.account_suspended',
  try_later: 'error.rate_limited',
  token_invalid: 'validation.token_invalid',
  two_factor_wrong: 'validation.two_factor_wrong',
  two_factor_expired: 'validation.two_factor_expired',
};
const FILE_TYPES: Record<string, string> = { 'image/png': 'PNG', 'image/svg+xml': 'SVG' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Any stored value as words: a list of its parts, never braces or quotes. */
function plain(value: unknown, i18n: I18n): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return i18n.number(value);
  if (typeof value === 'boolean') return i18n.t(value ? 'admin.yes' : 'admin.no');
  if (Array.isArray(value)) return i18n.list(value.map((v) => plain(v, i18n)));
  if (isRecord(value)) return i18n.list(Object.values(value).map((v) => plain(v, i18n)));
  return String(value as string);
}

/** A value a setting or an account field took, as its label where it is a choice. */
function choice(key: string, value: unknown, i18n: I18n): string {
  const key_ = CHOICE_VALUES[key];
  return key_ && typeof value === 'string' ? i18n.t(key_(value)) : plain(value, i18n);
}

const numbered = (entity: string, id: unknown, i18n: I18n) =>
  i18n.t('audit.subject', { entity: i18n.t(`audit.entity.${entity}` as MessageKey), id: String(id as number) });

/** One detail (key and value as stored) as label–value rows. */
function detailRows(row: AuditRow, key: string, value: unknown, i18n: I18n, names: AccountNames): Array<{ label: string; value: string }> {
  const { t } = i18n;
  if (key === 'titles' && isRecord(value))
    return Object.entries(value)
      .filter(([, v]) => v)
      .map(([language, v]) => ({ label: t('audit.detail.callTitle', { language: i18n.languageName(language) }), value: plain(v, i18n) }));
  if (key === 'texts' && isRecord(value))
    return Object.entries(value)
      .filter(([, v]) => v)
      .map(([language, v]) => ({ label: `${t('calls.text')} (${i18n.languageName(language)})`, value: plain(v, i18n) }));
  const label = DETAIL_LABELS[key] ? t(DETAIL_LABELS[key]) : key;
  let shown: string;
  if ((key === 'entryId' || key === 'merged') && value !== null) shown = numbered('entry', value, i18n);
  else if (key === 'actorId' && value !== null) shown = numbered('entry', value, i18n);
  else if (key === 'userId' && typeof value === 'number') shown = names.get(value) ?? numbered('user', value, i18n);
  else if (key === 'index' && typeof value === 'number') shown = i18n.number(value + 1);
  else if (key === 'reason' && row.action.startsWith('sign_in.') && typeof value === 'string') shown = t(SIGN_IN_REASONS[value] ?? 'validation.invalid');
  else if (key === 'opensAt' || key === 'closesAt') shown = i18n.date(String(value as string));
  else if (key === 'accepts' && typeof value === 'string') shown = t(`calls.accepts.${value}` as MessageKey);
  else if (key === 'type' && typeof value === 'string') shown = FILE_TYPES[value] ?? value;
  else if (key === 'bytes' && typeof value === 'number') shown = t('audit.value.bytes', { count: i18n.number(value) });
  else if (typeof value === 'string' && WORD_VALUES[value] && key !== 'message' && key !== 'reason' && key !== 'name') shown = t(WORD_VALUES[value]);
  else shown = plain(value, i18n);
  return [{ label, value: shown }];
}

/** What changed between a record's `before` and `after`: one row per field whose value differs. */
function changeRows(before: Record<string, unknown>, after: Record<string, unknown>, i18n: I18n): Array<{ label: string; value: string }> {
  const rows = Object.entries(after)
    .filter(([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value))
    .map(([key, value]) => ({
      label: CHANGE_LABELS[key] ? i18n.t(CHANGE_LABELS[key]) : key,
      value:
        key in before ? i18n.t('audit.value.change', { before: choice(key, before[key], i18n), after: choice(key, value, i18n) }) : choice(key, value, i18n),
    }));
  return rows.length ? rows : [{ label: i18n.t('admin.details'), value: i18n.t('audit.unchanged') }];
}

/** An audit record in the reader's language. */
export function auditView(row: AuditRow, i18n: I18n, names: AccountNames): AuditView {
  const ownAction = OWN_ACTION_LABELS[row.action];
  const ownEntity = OWN_ENTITY_LABELS[row.entity];
  const action = ownAction ? i18n.t(ownAction) : ACTIONS.has(row.action) ? i18n.t(`audit.action.${row.action}` as MessageKey) : row.action;
  const entity = ownEntity ? i18n.t(ownEntity) : ENTITIES.has(row.entity) ? i18n.t(`audit.entity.${row.entity}` as MessageKey) : row.entity;
  const subject =
    row.entity === 'user' && row.entityId !== null && names.has(row.entityId)
      ? (names.get(row.entityId) ?? entity)
      : row.entityId !== null && ENTITIES.has(row.entity)
        ? numbered(row.entity, row.entityId, i18n)
        : entity;
  const details = isRecord(row.details) ? row.details : {};
  const rows =
    isRecord(details.before) && isRecord(details.after)
      ? changeRows(details.before, details.after, i18n)
      : Object.entries(details)
          .filter(([, v]) => v !== '' && v !== undefined)
          .flatMap(([key, value]) => detailRows(row, key, value, i18n, names));
  return { action, subject, details: rows };
}

/** The account ids a record mentions (its subject, a member it decided on), to name them. */
export function mentionedAccounts(row: AuditRow): number[] {
  const ids: number[] = [];
  if (row.entity === 'user' && row.entityId !== null) ids.push(row.entityId);
  if (isRecord(row.details) && typeof row.details.userId === 'number') ids.push(row.details.userId);
  return ids;
}
