import type { ColumnType, Generated } from 'kysely';
import type { Locale } from '../i18n/locales';

/** Text in each of the six UN languages (some may be missing for user content). */
export type Labels = Partial<Record<Locale, string>>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface VocabulariesTable {
  name: string;
  version: number;
  /** The hash of the data the vocabulary was last synced from (db/vocabulary-sync.ts); null before its first sync. */
  contentHash: string | null;
  updatedAt: Timestamp;
}

export interface VocabularyTermsTable {
  vocabulary: string;
  code: string;
  parentCode: string | null;
  position: number;
  labels: Json<Labels>;
  descriptions: NullableJson<Labels>;
  extra: NullableJson<Record<string, unknown>>;
}

export interface EntriesTable {
  id: Generated<number>;
  kind: Generated<string>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  startsAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  endsAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  timeZone: string | null;
  externalId: string | null;
  state: string;
  originalLanguage: string;
  contact: Json<{ name?: string; email?: string; phone?: string } | null>;
  isDemo: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastConfirmedAt: Timestamp | null;
  publishedAt: Timestamp | null;
  searchVector: ColumnType<string, string, string>;
  searchTerms: string;
  ownerOrganisationId: ColumnType<number | null, number | null | undefined, number | null>;
  mergedInto: ColumnType<number | null, number | null | undefined, number | null>;
  /** The activity's IATI identifier when it came from IATI (null for entries made here). */
  iatiIdentifier: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EntryTranslationsTable {
  entryId: number;
  language: string;
  title: string;
  summary: string;
  description: string;
}

export interface EntryTagsTable {
  entryId: number;
  vocabulary: string;
  code: string;
}

export interface EntryOrganisationsTable {
  entryId: number;
  position: number;
  name: string;
  role: string;
  stakeholderType: string;
  actorId: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface EntryLinksTable {
  entryId: number;
  position: number;
  url: string;
  label: string | null;
}

/** Derived, denormalised filter values (tags expanded to their ancestors); rebuilt on every write. */
export interface EntryFacetsTable {
  entryId: number;
  facet: string;
  value: string;
}

export interface SearchChangesTable {
  id: Generated<number>;
  entity: string;
  entityId: number;
  changedAt: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  passwordHash: string;
  displayName: string;
  locale: string;
  role: 'contributor' | 'curator' | 'admin';
  status: 'pending' | 'active' | 'suspended';
  emailVerifiedAt: Timestamp | null;
  approvedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface SessionsTable {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Timestamp;
  /** The absolute end: sign-in time plus SESSION_ABSOLUTE_HOURS. */
  expiresAt: Timestamp;
  /** Moved forward at most once a minute; the idle timeout counts from it. */
  lastSeenAt: Generated<Date>;
  userAgent: string | null;
  /** A random public name for the session (its id is the hash of the cookie and stays private). */
  handle: Generated<string>;
}

export interface AccountTokensTable {
  tokenHash: string;
  userId: number;
  purpose: 'verify' | 'reset' | 'email_change';
  newEmail: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface ThrottleHitsTable {
  id: Generated<number>;
  key: string;
  at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  organisationId: number;
  createdBy: number;
  name: string;
  /** The token's scopes, separated by spaces (as OAuth writes them); only those in `TOKEN_SCOPES` count. */
  scopes: string;
  /** SHA-256 (hex) of the secret; the secret itself is never stored. */
  secretHash: string;
  prefix: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
  revokedBy: number | null;
}

export interface OrganisationsTable {
  id: Generated<number>;
  name: string;
  stakeholderType: string;
  country: string | null;
  website: string | null;
  createdBy: number | null;
  createdAt: Timestamp;
}

export interface OrganisationMembersTable {
  organisationId: number;
  userId: number;
  role: 'editor' | 'member';
  status: 'pending' | 'active' | 'declined';
  createdAt: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
}

export interface CallsTable {
  id: Generated<number>;
  titles: Json<Labels>;
  texts: Json<Labels>;
  opensAt: Timestamp;
  closesAt: Timestamp;
  accepts: 'new' | 'updates' | 'both';
  createdBy: number | null;
  createdAt: Timestamp;
}

export interface SubmissionsTable {
  id: Generated<number>;
  kind: Generated<string>;
  entryId: number | null;
  organisationId: number;
  createdBy: number;
  callId: number | null;
  status: 'draft' | 'submitted' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
  data: Json<Record<string, unknown>>;
  language: string;
  fieldComments: NullableJson<Record<string, string>>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  submittedAt: Timestamp | null;
  decidedAt: Timestamp | null;
}

export interface ReviewMessagesTable {
  id: Generated<number>;
  submissionId: number;
  authorId: number | null;
  kind: string;
  body: Generated<string>;
  fieldComments: NullableJson<Record<string, string>>;
  /** The submission as the curator saw it when deciding (null for the author's messages). */
  data: NullableJson<unknown>;
  createdAt: Timestamp;
}

export interface RevisionsTable {
  id: Generated<number>;
  entity: string;
  entityId: number;
  number: number;
  data: Json<Record<string, unknown>>;
  changedFields: Json<string[]>;
  source: string;
  reason: string | null;
  authorId: number | null;
  approvedBy: number | null;
  submissionId: number | null;
  createdAt: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  details: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<number>;
  toAddress: string;
  locale: string;
  template: string;
  subject: string;
  textBody: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  lastError: string | null;
  createdAt: Timestamp;
  nextAttemptAt: Timestamp;
  sentAt: Timestamp | null;
  /** The hash of the account token the text carries, until the text is purged. */
  tokenHash: Generated<string | null>;
  /** When the token's link was removed from the text (sent, and the token used or expired). */
  purgedAt: Generated<Date | null>;
}

export interface EntryFilesTable {
  id: Generated<number>;
  entryId: number | null;
  submissionId: number | null;
  uploadedBy: number | null;
  name: string;
  mimeType: string;
  fileKind: string;
  size: number;
  sha256: string;
  downloads: Generated<number>;
  createdAt: Timestamp;
  /** Null while the upload's chunks are being written. */
  storedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The salt that hides download visitors of one day (deleted with its visits the next day). */
export interface DownloadSaltsTable {
  day: ColumnType<string, string, never>;
  salt: string;
}

/** One visitor's download of one file on one day: counted once. */
export interface DownloadVisitsTable {
  fileId: number;
  day: ColumnType<string, string, never>;
  visitor: string;
}

/** A file's bytes, in order of position (each at most a few hundred KiB). */
export interface EntryFileChunksTable {
  fileId: number;
  position: number;
  bytes: Uint8Array;
}

export interface EntryRatingsTable {
  entryId: number;
  userId: number;
  rating: number;
  updatedAt: Timestamp;
}

export interface UserTotpTable {
  userId: number;
  secret: string;
  enabledAt: Timestamp | null;
  lastStep: number | null;
  createdAt: Timestamp;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  userId: number;
  codeHash: string;
  usedAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface PendingSignInsTable {
  id: string;
  userId: number;
  attempts: Generated<number>;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  runAfter: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  leaseUntil: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lockedBy: ColumnType<string | null, string | null | undefined, string | null>;
  lastError: ColumnType<string | null, string | null | undefined, string | null>;
  /** Unique over every row: a scheduled run's period, so only one instance enqueues it. */
  uniqueKey: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  startedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finishedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Per format in a snapshot: rows written and bytes before compression. */
export type SnapshotFormats = Record<string, { rows: number; bytes: number }>;

export interface DataSnapshotsTable {
  id: Generated<number>;
  file: string;
  createdAt: Generated<Date>;
  entries: number;
  bytes: number;
  formats: Json<SnapshotFormats>;
  jobId: number | null;
}

/** What a curator set for a report (see the reports module). */
export interface ReportsTable {
  id: Generated<number>;
  titles: Json<Labels>;
  periodFrom: ColumnType<string, string, string>;
  periodTo: ColumnType<string, string, string>;
  /** A search's query string (`q=…&actionLine=c5`), read by the one filter reader. */
  filters: string;
  languages: Json<Locale[]>;
  introductions: Json<Labels>;
  /** Highlighted entry ids per action line code. */
  highlights: Json<Record<string, number[]>>;
  published: boolean;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

export type ReportVersionState = 'queued' | 'running' | 'done' | 'failed';

/** One generation of a report in one language. */
export interface ReportVersionsTable {
  id: Generated<number>;
  reportId: number;
  language: string;
  version: number;
  state: ColumnType<ReportVersionState, ReportVersionState | undefined, ReportVersionState>;
  progress: ColumnType<number, number | undefined, number>;
  step: string | null;
  jobId: number | null;
  htmlFile: string | null;
  pdfFile: string | null;
  /** Why the version has no PDF (`chromium_missing`, `pdf_failed`), or null. */
  pdfMissing: string | null;
  entries: number | null;
  durationMs: number | null;
  error: string | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
  finishedAt: Timestamp | null;
}

export interface PrizeContestsTable {
  id: Generated<number>;
  year: number;
  titles: Json<Labels>;
  rules: Json<Labels>;
  timeZone: string;
  /** Each phase's start (ISO instants); a phase lasts until the next one starts. */
  phases: Json<Record<string, string>>;
  categories: Json<string[]>;
  votesChangeable: boolean;
  allCategoriesRequired: boolean;
  questionnaire: Json<Record<string, unknown>>;
  isDemo: Generated<boolean>;
  createdBy: number | null;
  createdAt: Generated<Date>;
  /** Random, per contest: keys the voters' pseudonyms in the audit export. */
  voterKey: Generated<string>;
}

export interface PrizeNominationsTable {
  id: Generated<number>;
  contestId: number;
  category: string;
  organisationId: number;
  entryId: number | null;
  projectKey: string;
  createdBy: number;
  status: ColumnType<'submitted' | 'changes_requested' | 'accepted' | 'rejected' | 'withdrawn', string | undefined, string>;
  answers: Json<Record<string, string>>;
  reason: string | null;
  fieldComments: NullableJson<Record<string, string>>;
  award: ColumnType<'winner' | 'champion' | null, string | null | undefined, string | null>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  decidedAt: Timestamp | null;
  decidedBy: number | null;
}

export interface PrizeVotesTable {
  contestId: number;
  category: string;
  userId: number;
  nominationId: number;
  castAt: Generated<Date>;
  address: string | null;
  viewedAt: Timestamp | null;
  excludedReason: string | null;
  excludedBy: number | null;
  /** The address cut to its network (/24, /64), for bursts. */
  network: string | null;
  /** When the voter's session began (sign-in), as the server knows it. */
  sessionStartedAt: Timestamp | null;
  excludedAt: Timestamp | null;
}

export interface Database {
  jobs: JobsTable;
  dataSnapshots: DataSnapshotsTable;
  entryFiles: EntryFilesTable;
  downloadSalts: DownloadSaltsTable;
  downloadVisits: DownloadVisitsTable;
  entryFileChunks: EntryFileChunksTable;
  entryRatings: EntryRatingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  accountTokens: AccountTokensTable;
  throttleHits: ThrottleHitsTable;
  apiTokens: ApiTokensTable;
  organisations: OrganisationsTable;
  organisationMembers: OrganisationMembersTable;
  settings: SettingsTable;
  calls: CallsTable;
  submissions: SubmissionsTable;
  reviewMessages: ReviewMessagesTable;
  revisions: RevisionsTable;
  auditLog: AuditLogTable;
  mailOutbox: MailOutboxTable;
  searchChanges: SearchChangesTable;
  vocabularies: VocabulariesTable;
  vocabularyTerms: VocabularyTermsTable;
  entries: EntriesTable;
  entryTranslations: EntryTranslationsTable;
  entryTags: EntryTagsTable;
  entryOrganisations: EntryOrganisationsTable;
  entryLinks: EntryLinksTable;
  entryFacets: EntryFacetsTable;
  userTotp: UserTotpTable;
  recoveryCodes: RecoveryCodesTable;
  pendingSignIns: PendingSignInsTable;
  exportRecords: ExportRecordsTable;
  reports: ReportsTable;
  reportVersions: ReportVersionsTable;
  consultations: ConsultationsTable;
  consultationQuestions: ConsultationQuestionsTable;
  consultationStatements: ConsultationStatementsTable;
  consultationStatementFiles: ConsultationStatementFilesTable;
  consultationExtensions: ConsultationExtensionsTable;
  prizeContestJurors: PrizeContestJurorsTable;
  prizeJuryDeclarations: PrizeJuryDeclarationsTable;
  prizeJuryScores: PrizeJuryScoresTable;
  prizeAwards: PrizeAwardsTable;
  prizeContests: PrizeContestsTable;
  prizeNominations: PrizeNominationsTable;
  prizeVotes: PrizeVotesTable;
}

/** An open consultation: phases are wall-clock readings in `timeZone`; `opensAt`/`deadlineAt` the instants that bound statements. */
export interface ConsultationsTable {
  id: Generated<number>;
  titles: Json<Labels>;
  contexts: Json<Labels>;
  timeZone: string;
  phases: Json<Array<{ phase: string; starts: string; ends: string }>>;
  opensAt: Timestamp;
  deadlineAt: Timestamp;
  createdBy: number | null;
  createdAt: Timestamp;
}

export interface ConsultationQuestionsTable {
  id: Generated<number>;
  consultationId: number;
  position: number;
  texts: Json<Labels>;
  /** The curators' summary of the statements on this question, per language. */
  summaries: ColumnType<Labels, string | undefined, string>;
}

export interface ConsultationStatementsTable {
  id: Generated<number>;
  consultationId: number;
  /** Null: a statement on the whole consultation. */
  questionId: number | null;
  organisationId: number;
  authorId: number;
  stakeholderType: string;
  region: string | null;
  language: string;
  body: string;
  visibility: 'public' | 'private';
  status: ColumnType<'pending' | 'approved' | 'rejected', 'pending' | undefined, 'approved' | 'rejected'>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  decidedBy: ColumnType<number | null, number | null | undefined, number | null>;
  decidedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  createdAt: Timestamp;
}

export interface ConsultationStatementFilesTable {
  statementId: number;
  fileId: number;
}

export interface ConsultationExtensionsTable {
  id: Generated<number>;
  consultationId: number;
  oldDeadlineAt: Timestamp;
  newDeadlineAt: Timestamp;
  createdBy: number | null;
  createdAt: Timestamp;
}

/** An entry's public JSON as exports write it (see the export-records migration and `modules/exports/exports.records.ts`). */
export interface ExportRecordsTable {
  entryId: number;
  /** The record layout's version (`EXPORT_RECORD_FORMAT`): a record of another layout is read as missing. */
  format: number;
  /** The public JSON, the base URL marked (`exports.records.ts`). */
  record: string;
  /** The CSV/XLSX cells as a JSON array, label columns holding codes. */
  cells: string;
  writtenAt: Generated<Date>;
}

/** A juror of one contest (jurors are per contest, not a global role). */
export interface PrizeContestJurorsTable {
  contestId: number;
  userId: number;
  assignedBy: number | null;
  assignedAt: Generated<Date>;
}

/** A juror's declaration about one nomination: a conflict of interest, or none (needed before scoring). */
export interface PrizeJuryDeclarationsTable {
  nominationId: number;
  userId: number;
  hasConflict: boolean;
  declaredAt: Generated<Date>;
}

/** A juror's score sheet for one nomination: criterion → 1..10. */
export interface PrizeJuryScoresTable {
  nominationId: number;
  userId: number;
  scores: Json<Record<string, number>>;
  updatedAt: Generated<Date>;
}

/** A curator-confirmed award: one winner and up to four champions per category. */
export interface PrizeAwardsTable {
  contestId: number;
  category: string;
  nominationId: number;
  award: ColumnType<'winner' | 'champion', string, string>;
  confirmedBy: number | null;
  confirmedAt: Generated<Date>;
}
