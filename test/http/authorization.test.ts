import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { importDrafts } from '../../src/modules/submissions/publishing.service';
import { decide } from '../../src/modules/submissions/review.service';
import type { TokenScope } from '../../src/modules/tokens/tokens';
import { createToken } from '../../src/modules/tokens/tokens.service';
import { TestClient } from '../support/client';
import { castOfRoles, completeDraft, organisation, PASSWORD, person, storedFile, submissionRow, SUMMARY_60 } from '../support/people';
import { nominationForm, prizeContest, prizeNomination } from '../support/prizes';
import { declared, juryContest } from '../support/prize-jury';
import { createTestDb, type TestDb } from '../support/test-db';
import { consultationForm, openConsultation, pendingStatement } from '../support/consultations';

/**
 * People, and two API tokens of organisation A (made by its editor): `tokenRead` (submissions:read) and
 * `tokenWrite` (submissions:write), sent as `Authorization: Bearer` by a client without a session. A token
 * is a credential only on the submissions API; everywhere else its request is a visitor's.
 */
const ROLES = ['visitor', 'pending', 'contributor', 'member', 'editor', 'otherEditor', 'curator', 'admin', 'tokenRead', 'tokenWrite'] as const;
type Role = (typeof ROLES)[number];
const TOKEN_ROLES = ['tokenRead', 'tokenWrite'] as const;
type TokenRole = (typeof TOKEN_ROLES)[number];
type Person = Exclude<Role, 'visitor' | TokenRole>;
const isPerson = (r: Role): r is Person => r !== 'visitor' && !(TOKEN_ROLES as readonly Role[]).includes(r);
const ACTIVE: Role[] = ['contributor', 'member', 'editor', 'otherEditor', 'curator', 'admin'];
const SIGNED_IN: Person[] = ROLES.filter(isPerson);

interface Fixture {
  t: TestDb;
  orgA: number;
  users: Record<Person, { userId: number; email: string }>;
  /** A fresh token of organisation A, made by its editor (for the routes that revoke one). */
  freshToken(): Promise<number>;
  publishedEntry(): Promise<number>;
  /** A published entry of another kind, imported as an administrator would. */
  publishedOf(kind: 'publication' | 'story'): Promise<number>;
  /** A publication draft of organisation A, by its member, holding one uploaded file. */
  draftWithFile(): Promise<{ submissionId: number; fileId: number }>;
}

interface Cell {
  method: 'POST' | 'PATCH';
  path: string;
  form?: Record<string, string | string[]>;
  json?: unknown;
}

/**
 * Every mutating route, with who may use it. `setup` makes fresh targets for each cell, so one
 * role's success cannot change what the next role meets.
 */
const TABLE: Array<{ route: string; allowed: readonly Role[]; endsEverySession?: boolean; setup: (f: Fixture, role: Role) => Promise<Cell> }> = [
  {
    route: 'POST /:locale/account/sign-up',
    allowed: ROLES,
    setup: async () => ({
      method: 'POST',
      path: '/en/account/sign-up',
      form: { email: `${crypto.randomUUID()}@x.test`, password: PASSWORD, displayName: 'New' },
    }),
  },
  {
    route: 'POST /:locale/account/sign-in',
    allowed: ROLES,
    setup: async (f) => {
      const p = await person(f.t);
      return { method: 'POST', path: '/en/account/sign-in', form: { email: p.email, password: PASSWORD } };
    },
  },
  // The second step is open to anyone holding a pending sign-in; without one it asks to sign in again (400).
  {
    route: 'POST /:locale/account/sign-in/code',
    allowed: ROLES,
    setup: async () => ({ method: 'POST', path: '/en/account/sign-in/code', form: { code: '000000' } }),
  },
  {
    route: 'POST /:locale/account/two-factor',
    allowed: SIGNED_IN,
    setup: async () => ({ method: 'POST', path: '/en/account/two-factor', form: { code: '000000' } }),
  },
  {
    route: 'POST /:locale/account/two-factor/recovery-codes',
    allowed: SIGNED_IN,
    setup: async () => ({ method: 'POST', path: '/en/account/two-factor/recovery-codes', form: { code: '000000' } }),
  },
  // Staff keep their second factor while they are staff.
  {
    route: 'POST /:locale/account/two-factor/disable',
    allowed: ['pending', 'contributor', 'member', 'editor', 'otherEditor'],
    setup: async () => ({ method: 'POST', path: '/en/account/two-factor/disable', form: { password: PASSWORD, disableCode: '000000' } }),
  },
  { route: 'POST /:locale/account/sign-out', allowed: ROLES, setup: async () => ({ method: 'POST', path: '/en/account/sign-out', form: {} }) },
  // OAI-PMH by POST is a harvester's read (the protocol allows POST for long arguments): open to anyone, changing nothing.
  { route: 'POST /oai', allowed: ROLES, setup: async () => ({ method: 'POST', path: '/oai', form: { verb: 'Identify' } }) },
  {
    route: 'POST /:locale/account/reset',
    allowed: ROLES,
    setup: async () => ({ method: 'POST', path: '/en/account/reset', form: { email: `${crypto.randomUUID()}@x.test` } }),
  },
  {
    route: 'POST /:locale/account/reset/:token',
    allowed: ROLES,
    setup: async () => ({ method: 'POST', path: `/en/account/reset/${'a'.repeat(43)}`, form: { password: PASSWORD } }),
  },
  {
    route: 'POST /:locale/account/password',
    allowed: SIGNED_IN,
    // The same password again: the change succeeds and the role's next cells can still sign in.
    setup: async () => ({
      method: 'POST',
      path: '/en/account/password',
      form: { currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD },
    }),
  },
  {
    route: 'POST /:locale/account/sessions/:handle/sign-out',
    allowed: SIGNED_IN,
    // A second session of the role's own account (a visitor, or a token's client, names one that does not exist).
    setup: async (f, role) => {
      const handle = !isPerson(role)
        ? crypto.randomUUID()
        : (
            await f.t.handle.db
              .insertInto('sessions')
              .values({ id: crypto.randomUUID(), userId: f.users[role].userId, csrfToken: 'x', expiresAt: new Date(Date.now() + 3_600_000), userAgent: null })
              .returning('handle')
              .executeTakeFirstOrThrow()
          ).handle;
      return { method: 'POST', path: `/en/account/sessions/${handle}/sign-out`, form: {} };
    },
  },
  {
    route: 'POST /:locale/account/sessions/sign-out-everywhere',
    allowed: SIGNED_IN,
    endsEverySession: true,
    setup: async () => ({ method: 'POST', path: '/en/account/sessions/sign-out-everywhere', form: {} }),
  },
  {
    route: 'POST /:locale/account/email',
    allowed: SIGNED_IN,
    setup: async () => ({ method: 'POST', path: '/en/account/email', form: { email: `${crypto.randomUUID()}@x.test`, password: PASSWORD } }),
  },
  {
    route: 'POST /:locale/organisations',
    allowed: ACTIVE,
    setup: async () => ({ method: 'POST', path: '/en/organisations', form: { name: `Org ${crypto.randomUUID()}`, stakeholderType: 'academia' } }),
  },
  {
    route: 'POST /:locale/organisations/:id/join',
    allowed: ACTIVE,
    setup: async (f) => ({ method: 'POST', path: `/en/organisations/${await organisation(f.t)}/join`, form: {} }),
  },
  {
    route: 'POST /:locale/organisations/:id/members',
    allowed: ['editor', 'admin'],
    setup: async (f) => {
      const applicant = await person(f.t);
      await f.t.handle.db
        .insertInto('organisationMembers')
        .values({ organisationId: f.orgA, userId: applicant.userId, role: 'member', status: 'pending' })
        .execute();
      return { method: 'POST', path: `/en/organisations/${f.orgA}/members`, form: { userId: String(applicant.userId), decision: 'approve' } };
    },
  },
  {
    route: 'POST /:locale/contribute/submissions',
    allowed: ['member', 'editor'],
    setup: async (f) => ({ method: 'POST', path: '/en/contribute/submissions', form: { organisationId: String(f.orgA) } }),
  },
  {
    route: 'POST /:locale/contribute/submissions/:id/submit',
    allowed: ['member', 'editor'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/contribute/submissions/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId })}/submit`,
      form: {},
    }),
  },
  {
    route: 'POST /:locale/contribute/submissions/:id/reply',
    allowed: ['member', 'editor'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/contribute/submissions/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId, status: 'submitted' })}/reply`,
      form: { message: 'The dates are those of the second phase.' },
    }),
  },
  {
    route: 'POST /:locale/contribute/submissions/:id/:step',
    allowed: ['member', 'editor'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/contribute/submissions/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId })}/themes`,
      form: { actionLines: 'c3', action: 'save' },
    }),
  },
  {
    route: 'POST /:locale/:kind/:id/confirm',
    allowed: ['editor', 'curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/activities/${await f.publishedEntry()}/confirm`, form: {} }),
  },
  {
    route: 'POST /:locale/:kind/:id/archive',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/activities/${await f.publishedEntry()}/archive`, form: { reason: 'Out of scope' } }),
  },
  {
    route: 'POST /:locale/:kind/:id/restore',
    allowed: ['editor', 'curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/activities/${await f.publishedEntry()}/restore`, form: { revision: '1', reason: 'Back' } }),
  },
  {
    route: 'POST /:locale/:kind/:id/merge',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/activities/${await f.publishedEntry()}/merge`,
      form: { mergeId: String(await f.publishedEntry()), reason: 'Same project' },
    }),
  },
  {
    route: 'POST /:locale/contribute/submissions/:id/files',
    allowed: ['member', 'editor'],
    // No file chosen: those allowed hear so (422), the others are refused first.
    setup: async (f) => ({ method: 'POST', path: `/en/contribute/submissions/${(await f.draftWithFile()).submissionId}/files`, form: {} }),
  },
  {
    route: 'POST /:locale/contribute/submissions/:id/files/:fileId/remove',
    allowed: ['member', 'editor'],
    setup: async (f) => {
      const { submissionId, fileId } = await f.draftWithFile();
      return { method: 'POST', path: `/en/contribute/submissions/${submissionId}/files/${fileId}/remove`, form: {} };
    },
  },
  // A publication's draft takes no image: those allowed hear so (422), the others are refused first.
  {
    route: 'POST /:locale/contribute/submissions/:id/images',
    allowed: ['member', 'editor'],
    setup: async (f) => ({ method: 'POST', path: `/en/contribute/submissions/${(await f.draftWithFile()).submissionId}/images`, form: {} }),
  },
  {
    route: 'POST /:locale/contribute/submissions/:id/images/remove',
    allowed: ['member', 'editor'],
    setup: async (f) => ({ method: 'POST', path: `/en/contribute/submissions/${(await f.draftWithFile()).submissionId}/images/remove`, form: {} }),
  },
  {
    route: 'POST /:locale/publications/:id/rating',
    allowed: ACTIVE,
    setup: async (f) => ({ method: 'POST', path: `/en/publications/${await f.publishedOf('publication')}/rating`, form: { rating: '3' } }),
  },
  {
    route: 'POST /:locale/stories/:id/share',
    allowed: ACTIVE,
    setup: async (f) => ({ method: 'POST', path: `/en/stories/${await f.publishedOf('story')}/share`, form: { to: `${crypto.randomUUID()}@x.test` } }),
  },
  {
    route: 'POST /:locale/:kind/:id/organisations/:index/actor',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/activities/${await f.publishedEntry()}/organisations/0/actor`, form: { actorId: '' } }),
  },
  {
    route: 'POST /:locale/review/:id',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/review/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId, status: 'submitted' })}`,
      form: { decision: 'reject', message: 'Not digital' },
    }),
  },
  {
    route: 'POST /:locale/calls',
    allowed: ['curator', 'admin'],
    setup: async () => ({
      method: 'POST',
      path: '/en/calls',
      form: { 'titles.en': 'Call 2027', 'texts.en': 'Tell us', opensAt: '2026-01-01', closesAt: '2030-01-01', accepts: 'both' },
    }),
  },
  // policy.ts 'snapshot.create': enqueues a snapshot job (audited).
  {
    route: 'POST /:locale/data/snapshots',
    allowed: ['curator', 'admin'],
    setup: async () => ({ method: 'POST', path: '/en/data/snapshots', form: {} }),
  },
  // policy.ts 'report.manage': curators write reports and ask for their generation (a job per language).
  {
    route: 'POST /:locale/admin/reports',
    allowed: ['curator', 'admin'],
    setup: async () => ({ method: 'POST', path: '/en/admin/reports', form: reportForm() }),
  },
  {
    route: 'POST /:locale/admin/reports/:id',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/admin/reports/${await newReport(f)}`, form: reportForm() }),
  },
  {
    route: 'POST /:locale/admin/reports/:id/generate',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/admin/reports/${await newReport(f)}/generate`, form: {} }),
  },
  {
    route: 'POST /:locale/calls/:id/close',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/calls/${await openCall(f)}/close`, form: {} }),
  },
  {
    route: 'POST /:locale/calls/:id/remind',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/calls/${await openCall(f)}/remind`, form: {} }),
  },
  // Consultations (policy.ts 'consultation.*', 'statement.*'): curators open, extend, summarise and moderate;
  // members of organisation A speak for it; a statement's files are its author's to add.
  {
    route: 'POST /:locale/consultations',
    allowed: ['curator', 'admin'],
    setup: async () => ({ method: 'POST', path: '/en/consultations', form: consultationForm() }),
  },
  {
    route: 'POST /:locale/consultations/:id/statements',
    allowed: ['member', 'editor'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/consultations/${await openConsultation(f.t, f.users.curator.userId)}/statements`,
      form: { organisationId: String(f.orgA), questionId: '', body: 'Our view.', visibility: 'public', language: 'en' },
    }),
  },
  {
    route: 'POST /:locale/consultations/:id/statements/:sid/files',
    allowed: ['member'],
    setup: async (f) => {
      const consultationId = await openConsultation(f.t, f.users.curator.userId);
      const { statementId } = await pendingStatement(f.t, { consultationId, organisationId: f.orgA, authorId: f.users.member.userId });
      return { method: 'POST', path: `/en/consultations/${consultationId}/statements/${statementId}/files`, form: {} };
    },
  },
  {
    route: 'POST /:locale/consultations/statements/:sid/decision',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const consultationId = await openConsultation(f.t, f.users.curator.userId);
      const { statementId } = await pendingStatement(f.t, { consultationId, organisationId: f.orgA, authorId: f.users.member.userId });
      return { method: 'POST', path: `/en/consultations/statements/${statementId}/decision`, form: { decision: 'reject', reason: 'Off topic' } };
    },
  },
  {
    route: 'POST /:locale/consultations/:id/extend',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/consultations/${await openConsultation(f.t, f.users.curator.userId)}/extend`,
      form: { deadline: '2099-01-01T12:00' },
    }),
  },
  {
    route: 'POST /:locale/consultations/:id/summaries',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const id = await openConsultation(f.t, f.users.curator.userId);
      const q = await f.t.handle.db
        .selectFrom('consultationQuestions')
        .select('id')
        .where('consultationId', '=', id)
        .orderBy('position')
        .executeTakeFirstOrThrow();
      return { method: 'POST', path: `/en/consultations/${id}/summaries`, form: { questionId: String(q.id), [`summary-${q.id}`]: 'Summary.' } };
    },
  },
  {
    route: 'POST /:locale/admin/users/:id',
    allowed: ['admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/admin/users/${(await person(f.t, { status: 'pending' })).userId}`, form: { status: 'active' } }),
  },
  {
    route: 'POST /:locale/admin/settings',
    allowed: ['admin'],
    setup: async () => ({ method: 'POST', path: '/en/admin/settings', form: { registration: 'approval', submissions: 'always', confirmAfterDays: '365' } }),
  },
  {
    route: 'POST /:locale/admin/settings/logo',
    allowed: ['admin'],
    // No file chosen: the administrator hears so (422), the others are refused first.
    setup: async () => ({ method: 'POST', path: '/en/admin/settings/logo', form: {} }),
  },
  {
    route: 'POST /:locale/admin/import',
    allowed: ['admin'],
    // No file chosen: the administrator hears so (422), the others are refused first.
    setup: async () => ({ method: 'POST', path: '/en/admin/import', form: {} }),
  },
  {
    route: 'POST /:locale/admin/settings/logo/remove',
    allowed: ['admin'],
    setup: async () => ({ method: 'POST', path: '/en/admin/settings/logo/remove', form: {} }),
  },
  {
    route: 'POST /api/v1/submissions',
    allowed: ['member', 'editor', 'tokenWrite'],
    setup: async (f) => ({ method: 'POST', path: '/api/v1/submissions', json: { organisationId: f.orgA } }),
  },
  {
    route: 'PATCH /api/v1/submissions/:id',
    allowed: ['member', 'editor', 'tokenWrite'],
    setup: async (f) => ({
      method: 'PATCH',
      path: `/api/v1/submissions/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId })}`,
      json: { sdgs: ['5'] },
    }),
  },
  {
    route: 'POST /api/v1/submissions/:id/submit',
    allowed: ['member', 'editor', 'tokenWrite'],
    setup: async (f) => ({
      method: 'POST',
      path: `/api/v1/submissions/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId })}/submit`,
      json: {},
    }),
  },
  {
    route: 'POST /api/v1/submissions/:id/decision',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      path: `/api/v1/submissions/${await submissionRow(f.t, { organisationId: f.orgA, createdBy: f.users.member.userId, status: 'submitted' })}/decision`,
      json: { decision: 'approve' },
    }),
  },
  {
    route: 'POST /:locale/organisations/:id/tokens',
    allowed: ['editor'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/organisations/${f.orgA}/tokens`,
      form: { name: `System ${crypto.randomUUID()}`, scopes: 'submissions:read', expiresInDays: '7' },
    }),
  },
  {
    route: 'POST /:locale/organisations/:id/tokens/:tokenId/revoke',
    allowed: ['editor', 'admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/organisations/${f.orgA}/tokens/${await f.freshToken()}/revoke`, form: {} }),
  },
  {
    route: 'POST /:locale/admin/tokens/:tokenId/revoke',
    allowed: ['admin'],
    setup: async (f) => ({ method: 'POST', path: `/en/admin/tokens/${await f.freshToken()}/revoke`, form: {} }),
  },
  // The WSIS Prizes (policy.ts 'prize.manage', 'prize.nominate', 'prize.vote').
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/edit',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const c = await prizeContest(f.t.handle.db, 'submission');
      return {
        method: 'POST',
        path: `/en/prizes/${c.year}/edit`,
        form: {
          'titles.en': `Prizes ${c.year}`,
          timeZone: 'Europe/Zurich',
          'phases.submission': '2030-01-01T09:00',
          'phases.screening': '2030-02-01T09:00',
          'phases.voting': '2030-03-01T09:00',
          'phases.selection': '2030-04-01T09:00',
          'phases.announcement': '2030-05-01T09:00',
          categories: ['c1', 'c2'],
          'minWords.description': '150',
          'minWords.linkage': '0',
          'minWords.impact': '0',
          'minWords.partners': '0',
          'minWords.challenges': '0',
          descriptionMaxWords: '200',
          languages: 'en',
        },
      };
    },
  },
  {
    route: 'POST /:locale/prizes',
    allowed: ['curator', 'admin'],
    setup: async () => {
      const year = 2040 + (prizeYears += 1);
      const phases = {
        submission: '2030-01-01T09:00',
        screening: '2030-02-01T09:00',
        voting: '2030-03-01T09:00',
        selection: '2030-04-01T09:00',
        announcement: '2030-05-01T09:00',
      };
      return {
        method: 'POST',
        path: '/en/prizes',
        form: {
          year: String(year),
          'titles.en': `Prizes ${year}`,
          timeZone: 'Europe/Zurich',
          ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [`phases.${k}`, v])),
          categories: ['c1', 'c2'],
          'minWords.description': '150',
          'minWords.linkage': '0',
          'minWords.impact': '0',
          'minWords.partners': '0',
          'minWords.challenges': '0',
          descriptionMaxWords: '200',
          languages: 'en',
        },
      };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/nominations',
    allowed: ['member', 'editor'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/prizes/${(await prizeContest(f.t.handle.db, 'submission')).year}/nominations`,
      form: nominationForm(f.orgA),
    }),
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/nominations/:id',
    allowed: ['member', 'editor'],
    setup: async (f) => {
      const c = await prizeContest(f.t.handle.db, 'screening');
      const id = await prizeNomination(f.t.handle.db, {
        contestId: c.id,
        organisationId: f.orgA,
        createdBy: f.users.member.userId,
        status: 'changes_requested',
      });
      return { method: 'POST', path: `/en/prizes/${c.year}/nominations/${id}`, form: nominationForm(f.orgA) };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/nominations/:id/screen',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const c = await prizeContest(f.t.handle.db, 'screening');
      const id = await prizeNomination(f.t.handle.db, { contestId: c.id, organisationId: f.orgA, createdBy: f.users.member.userId });
      return { method: 'POST', path: `/en/prizes/${c.year}/nominations/${id}/screen`, form: { decision: 'accept' } };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/vote',
    allowed: ACTIVE,
    setup: async (f) => {
      const c = await prizeContest(f.t.handle.db, 'voting');
      const id = await prizeNomination(f.t.handle.db, { contestId: c.id, organisationId: f.orgA, createdBy: f.users.member.userId, status: 'accepted' });
      return { method: 'POST', path: `/en/prizes/${c.year}/vote`, form: { nominationId: String(id) } };
    },
  },
  // The jury (policy.ts 'prize.judge' for the contest's jurors — here organisation A's member is the one
  // assigned — and 'prize.manage' for the curators who assign jurors and confirm the awards).
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/jurors',
    allowed: ['curator', 'admin'],
    setup: async (f) => ({
      method: 'POST',
      path: `/en/prizes/${(await prizeContest(f.t.handle.db, 'selection')).year}/jurors`,
      form: { email: f.users.contributor.email },
    }),
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/jurors/:userId{[0-9]+}/remove',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const c = await prizeContest(f.t.handle.db, 'selection');
      await f.t.handle.db.insertInto('prizeContestJurors').values({ contestId: c.id, userId: f.users.contributor.userId, assignedBy: null }).execute();
      return { method: 'POST', path: `/en/prizes/${c.year}/jurors/${f.users.contributor.userId}/remove`, form: {} };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/jury/nominations/:id{[0-9]+}/declaration',
    allowed: ['member'],
    setup: async (f) => {
      const c = await jurorsContest(f);
      return { method: 'POST', path: `/en/prizes/${c.year}/jury/nominations/${c.top[0]!}/declaration`, form: { conflict: 'no' } };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/jury/nominations/:id{[0-9]+}/scores',
    allowed: ['member'],
    setup: async (f) => {
      const c = await jurorsContest(f);
      await declared(f.t.handle.db, c.top[0]!, f.users.member.userId, false);
      return {
        method: 'POST',
        path: `/en/prizes/${c.year}/jury/nominations/${c.top[0]!}/scores`,
        form: { impact: '7', sustainability: '7', replicability: '7', linkage: '7' },
      };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/selection/:category{c[0-9]+(?:-e-[a-z]+)?}',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const c = await jurorsContest(f);
      return { method: 'POST', path: `/en/prizes/${c.year}/selection/c1`, form: { [`award.${c.top[0]!}`]: 'winner' } };
    },
  },
  // Excluding votes from the count and counting them again: curators, with a reason ('prize.manage').
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/votes/exclude',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const { year, key } = await plantedVote(f, null);
      return { method: 'POST', path: `/en/prizes/${year}/votes/exclude`, form: { votes: key, reason: 'One address, one second apart' } };
    },
  },
  {
    route: 'POST /:locale/prizes/:year{[0-9]{4}}/votes/reinstate',
    allowed: ['curator', 'admin'],
    setup: async (f) => {
      const { year, key } = await plantedVote(f, 'Bot');
      return { method: 'POST', path: `/en/prizes/${year}/votes/reinstate`, form: { votes: key, reinstateReason: 'A shared connection' } };
    },
  },
];

/** A contest in voting with one vote by the contributor (excluded with `reason` when given); its year and the vote's form key. */
async function plantedVote(f: Fixture, reason: string | null) {
  const c = await prizeContest(f.t.handle.db, 'voting');
  const nominationId = await prizeNomination(f.t.handle.db, { contestId: c.id, organisationId: f.orgA, createdBy: f.users.member.userId, status: 'accepted' });
  const userId = f.users.contributor.userId;
  await f.t.handle.db
    .insertInto('prizeVotes')
    .values({ contestId: c.id, category: 'c1', userId, nominationId, excludedReason: reason, excludedBy: reason ? f.users.curator.userId : null })
    .execute();
  return { year: c.year, key: `c1:${userId}` };
}

/** A valid report form (the whole register over this year, in English). */
function reportForm() {
  const year = new Date().getUTCFullYear();
  return { languages: 'en', 'titles.en': 'Report', periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, filters: '' };
}

async function newReport(f: Fixture) {
  const year = new Date().getUTCFullYear();
  const { id } = await f.t.handle.db
    .insertInto('reports')
    .values({
      titles: JSON.stringify({ en: 'A report' }),
      introductions: '{}',
      periodFrom: `${year}-01-01`,
      periodTo: `${year}-12-31`,
      filters: '',
      languages: JSON.stringify(['en']),
      highlights: '{}',
      published: false,
      createdBy: null,
      updatedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
let prizeYears = 0;

/** A contest in its selection phase with a top five in c1, organisation A's member its juror. */
function jurorsContest(f: Fixture) {
  const voters = [f.users.pending, f.users.contributor, f.users.member, f.users.editor, f.users.otherEditor].map((u) => u.userId);
  return juryContest(f.t.handle.db, { at: 'selection', createdBy: f.users.member.userId, voters, jurors: [f.users.member.userId] });
}

async function openCall(f: Fixture) {
  const { id } = await f.t.handle.db
    .insertInto('calls')
    .values({
      titles: JSON.stringify({ en: 'Open call' }),
      texts: JSON.stringify({}),
      opensAt: new Date(Date.now() - 86_400_000),
      closesAt: new Date(Date.now() + 86_400_000),
      accepts: 'both',
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const normalise = (path: string) => path.replace(/:locale\{[^}]*\}/, ':locale').replace(/:kind\{[^}]*\}/, ':kind');

/**
 * Tables a refused request may touch without changing anything that matters: sessions, attempt counters,
 * and an API token's last use (a token refused for its scope was still used).
 */
const VOLATILE = new Set(['sessions', 'throttle_hits', 'api_tokens', 'kysely_migration', 'kysely_migration_lock']);

/**
 * One digest per table of everything in it, in one statement: a refused write must leave every
 * table as it found it (the test databases are small, so hashing whole tables stays cheap).
 */
async function snapshot(t: TestDb, tables: string[]): Promise<Record<string, string>> {
  const digests = tables.map(
    (name) => sql`(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${sql.table(name)} x) as ${sql.ref(name)}`,
  );
  const { rows } = await sql<Record<string, string>>`select ${sql.join(digests)}`.execute(t.handle.db);
  const digest = rows[0]!;
  assert.equal(Object.keys(digest).length, tables.length, 'one digest per table');
  return digest;
}

describe('authorisation: every mutating route × every role', () => {
  let f: Fixture;
  let tables: string[];
  const clients = new Map<Role, TestClient>();
  const bearers = new Map<Role, Record<string, string>>();

  before(async () => {
    const t = await createTestDb();
    const { orgA, users } = await castOfRoles(t);
    const curatorActor = (await loadActor(t.handle.db, users.curator.userId))!;
    const publishedEntry = async () => {
      const sid = await submissionRow(t, { organisationId: orgA, createdBy: users.member.userId, status: 'submitted', title: `Entry ${crypto.randomUUID()}` });
      const { entryId } = await decide({ db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config }, curatorActor, sid, {
        decision: 'approve',
        message: '',
      });
      return entryId!;
    };
    const deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    const publishedOf = async (kind: 'publication' | 'story') => {
      const base = { ...completeDraft(`A ${kind} ${crypto.randomUUID()}`), kind, activityType: undefined, status: undefined, scope: undefined };
      const details =
        kind === 'publication'
          ? { publication: { year: 2025, authors: [], language: null, fileIds: [] } }
          : { story: { strategy: 'Start small.', activityId: null } };
      const text = { en: { title: `A ${kind} ${crypto.randomUUID()}`, summary: SUMMARY_60, description: `${SUMMARY_60} ${SUMMARY_60}` } };
      const data = { ...base, ...details, translations: text, links: [{ url: 'https://example.org/doc', label: null }] };
      const [row] = await importDrafts(deps, [{ externalId: crypto.randomUUID(), data: data as never }], 'fixture');
      return row!.id;
    };
    const draftWithFile = async () => {
      const submissionId = await submissionRow(t, { organisationId: orgA, createdBy: users.member.userId });
      const fileId = await storedFile(t, { submissionId, uploadedBy: users.member.userId });
      const data = {
        ...completeDraft(),
        kind: 'publication',
        activityType: undefined,
        status: undefined,
        scope: undefined,
        publication: { year: 2025, authors: [], language: null, fileIds: [fileId] },
      };
      await t.handle.db
        .updateTable('submissions')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', submissionId)
        .execute();
      return { submissionId, fileId };
    };
    const editorActor = (await loadActor(t.handle.db, users.editor.userId))!;
    const makeToken = (scopes: TokenScope[]) => createToken(t.handle.db, editorActor, orgA, { name: `Role ${scopes.join(' ')}`, scopes, expiresInDays: 7 });
    const freshToken = async () => (await makeToken(['submissions:read'])).id;
    f = { t, orgA, users, publishedEntry, publishedOf, draftWithFile, freshToken };
    const { rows } = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(
      t.handle.db,
    );
    tables = rows.map((r) => r.name).filter((n) => !VOLATILE.has(n));
    clients.set('visitor', new TestClient(t.app));
    for (const role of SIGNED_IN) {
      const c = new TestClient(t.app);
      await c.signIn(users[role].email, PASSWORD);
      clients.set(role, c);
    }
    for (const [role, scopes] of [
      ['tokenRead', ['submissions:read']],
      ['tokenWrite', ['submissions:write']],
    ] as const) {
      bearers.set(role, { authorization: `Bearer ${(await makeToken([...scopes])).secret}` });
      clients.set(role, new TestClient(t.app, bearers.get(role)));
    }
  });
  after(() => f.t.close());

  it('the table names every mutating route the application has', () => {
    const routes = f.t.app.routes.filter((r) => !['GET', 'ALL', 'HEAD', 'OPTIONS'].includes(r.method)).map((r) => `${r.method} ${normalise(r.path)}`);
    assert.deepEqual([...new Set(routes)].sort(), TABLE.map((r) => r.route).sort());
  });

  for (const row of TABLE) {
    it(row.route, async () => {
      const outcomes: string[] = [];
      for (const role of ROLES) {
        const client = clients.get(role)!;
        // Signing in or out changes the session itself: those cells get a session of their own.
        const fresh = /sign-(in|out)/.test(row.route);
        const own = fresh ? new TestClient(f.t.app, bearers.get(role)) : client;
        if (fresh && isPerson(role)) await own.signIn(f.users[role].email, PASSWORD);
        const cell = await row.setup(f, role);
        if (!own.csrf) await own.get('/en/account/sign-in');
        const before = await snapshot(f.t, tables);
        const res =
          cell.json !== undefined
            ? await own.request(cell.method, cell.path, { json: cell.json, headers: { 'x-csrf-token': own.csrf } })
            : (await own.post(cell.path, cell.form ?? {})).res;
        const denied = [401, 403, 404].includes(res.status);
        const expected = row.allowed.includes(role);
        assert.ok(res.status < 500, `${role}: ${res.status}`);
        if (expected === denied) outcomes.push(`${role}: got ${res.status}, expected ${expected ? 'allowed' : 'denied'}`);
        if (role === 'visitor' && !expected) assert.equal(res.status, 401, `a visitor is asked to sign in (${row.route})`);
        if (denied) {
          const after = await snapshot(f.t, tables);
          // Keys come back camelCased (the Kysely plugin): compare whatever came back.
          const changed = Object.keys(after).filter((name) => before[name] !== after[name]);
          if (changed.length) outcomes.push(`${role}: refused with ${res.status} but changed ${changed.join(', ')}`);
        }
        // A route that ends every session of the account ended the role's shared one too: sign in again.
        if (row.endsEverySession && isPerson(role)) {
          const again = new TestClient(f.t.app);
          await again.signIn(f.users[role].email, PASSWORD);
          clients.set(role, again);
        }
      }
      assert.deepEqual(outcomes, []);
    });
  }
});
