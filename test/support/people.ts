import { randomUUID } from 'node:crypto';
import type { TestDb } from './test-db';
import { createAccount } from '../../src/modules/accounts/accounts.service';
import { enrolDirectly } from '../../src/modules/accounts/two-factor.service';
import { rememberSecret } from './two-factor';

export const PASSWORD = 'a long test password';

/** An active, verified account (and optionally a membership), made directly: for tests of what comes after sign-up. */
export async function person(
  t: TestDb,
  opts: {
    role?: 'contributor' | 'curator' | 'admin';
    organisationId?: number;
    memberRole?: 'editor' | 'member';
    status?: 'pending' | 'active';
    name?: string;
    locale?: 'en' | 'ar';
    twoFactor?: boolean;
  } = {},
): Promise<{ userId: number; email: string; totpSecret?: string; recoveryCodes?: string[] }> {
  const email = `${randomUUID()}@people.test`;
  const userId = await createAccount(
    { db: t.handle.db, config: t.deps.config },
    { email, password: PASSWORD, displayName: opts.name ?? 'Test Person', locale: opts.locale ?? 'en', role: opts.role ?? 'contributor' },
  );
  if (opts.status === 'pending') await t.handle.db.updateTable('users').set({ status: 'pending' }).where('id', '=', userId).execute();
  if (opts.organisationId) {
    await t.handle.db
      .insertInto('organisationMembers')
      .values({ organisationId: opts.organisationId, userId, role: opts.memberRole ?? 'editor', status: 'active' })
      .execute();
  }
  // Staff need a second factor (as in production): enrolled here, unless a test asks for one without.
  if (opts.twoFactor ?? (opts.role === 'curator' || opts.role === 'admin')) {
    const { secret, recoveryCodes } = await enrolDirectly({ db: t.handle.db, config: t.deps.config }, userId);
    rememberSecret(email, secret, t.handle.db);
    return { userId, email, totpSecret: secret, recoveryCodes };
  }
  return { userId, email };
}

export async function organisation(t: TestDb, name = `Org ${randomUUID().slice(0, 8)}`) {
  const { id } = await t.handle.db
    .insertInto('organisations')
    .values({ name, stakeholderType: 'civil-society', country: null, website: null, createdBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The newest mail sent to an address (from the outbox, where every mail starts). */
export async function lastMail(t: TestDb, to: string) {
  return t.handle.db.selectFrom('mailOutbox').selectAll().where('toAddress', '=', to).orderBy('id', 'desc').executeTakeFirst();
}

export const SUMMARY_60 =
  Array.from({ length: 60 }, (_, i) => ['Schools', 'in', 'rural', 'districts', 'receive', 'broadband', 'and', 'teacher', 'training'][i % 9]).join(' ') + '.';

/** A questionnaire draft that passes every rule. */
export function completeDraft(title = 'Broadband for rural schools'): Record<string, unknown> {
  return {
    originalLanguage: 'en',
    translations: { en: { title, summary: SUMMARY_60, description: 'Fibre to ten schools.' } },
    activityType: 'project',
    status: 'ongoing',
    scope: 'national',
    countries: ['KE'],
    regions: [],
    actionLines: ['c2'],
    sdgs: ['4'],
    targetGroups: [],
    organisations: [],
    links: [],
    contact: { email: 'contact@people.test' },
  };
}

/** A submission row in a given state, made directly (the loop itself is tested over HTTP elsewhere). */
export async function submissionRow(
  t: TestDb,
  opts: { organisationId: number; createdBy: number; status?: 'draft' | 'submitted'; entryId?: number | null; title?: string },
) {
  const { id } = await t.handle.db
    .insertInto('submissions')
    .values({
      organisationId: opts.organisationId,
      createdBy: opts.createdBy,
      status: opts.status ?? 'draft',
      data: JSON.stringify(completeDraft(opts.title)),
      language: 'en',
      entryId: opts.entryId ?? null,
      callId: null,
      submittedAt: opts.status === 'submitted' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A file stored as an upload leaves it (one chunk, marked complete), planted directly for a test's fixture. */
export async function storedFile(
  t: TestDb,
  opts: { submissionId: number; uploadedBy: number; bytes?: Uint8Array; name?: string; mimeType?: string; fileKind?: string },
): Promise<number> {
  const bytes = opts.bytes ?? new Uint8Array([37, 80, 68, 70]);
  const { id } = await t.handle.db
    .insertInto('entryFiles')
    .values({
      submissionId: opts.submissionId,
      entryId: null,
      uploadedBy: opts.uploadedBy,
      name: opts.name ?? 'a.pdf',
      mimeType: opts.mimeType ?? 'application/pdf',
      fileKind: opts.fileKind ?? 'pdf',
      size: bytes.length,
      sha256: 'x',
      storedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.handle.db.insertInto('entryFileChunks').values({ fileId: id, position: 0, bytes }).execute();
  return id;
}

/**
 * The cast of the authorisation tables: two organisations and one account per role — pending, a
 * contributor of no organisation, A's member and editor, B's editor, a curator and an administrator.
 */
export async function castOfRoles(t: TestDb) {
  const orgA = await organisation(t, 'Organisation A');
  const orgB = await organisation(t, 'Organisation B');
  const users = {
    pending: await person(t, { status: 'pending' }),
    contributor: await person(t),
    member: await person(t, { organisationId: orgA, memberRole: 'member' }),
    editor: await person(t, { organisationId: orgA, memberRole: 'editor' }),
    otherEditor: await person(t, { organisationId: orgB, memberRole: 'editor' }),
    curator: await person(t, { role: 'curator' }),
    admin: await person(t, { role: 'admin' }),
  };
  return { orgA, orgB, users };
}
