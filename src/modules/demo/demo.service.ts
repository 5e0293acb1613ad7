import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/connection';
import { insertUser, updateUser } from '../accounts/accounts.repository';
import { hashPassword } from '../accounts/password';
import { countEntries } from '../entries/entries.repository';
import { insertSubmission } from '../submissions/drafts.repository';
import { importEntries, type ImportReport } from '../submissions/jsonl.import';
import { entryIdsByExternalId } from '../submissions/publishing.repository';
import { insertReviewMessage } from '../submissions/review.repository';
import { draftSchema } from '../submissions/submissions.schemas';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { anyDemoEntry, attachDemoFiles, insertDemoFiles, insertDemoOrganisation, linkDemoActorsByName, markDemoSubmitted } from './demo.repository';
import { generateActors, generateEvents, generatePublications, generateStories, type DemoActivity, type DemoRecord } from './demo.generate';
import { writePdf } from './demo.pdf';
import { loadDemoReport } from '../reports/reports.demo';
import { loadConsultationsDemo } from '../consultations/consultations.demo';
import { loadPrizesDemo } from '../prizes/prizes.demo';

const DEMO_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** Paths of the demo register's JSON Lines files (its activities; the other kinds are generated). */
export function demoFiles(): string[] {
  return readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => DEMO_DIR + f);
}

/** What loading the demo register did, and the demo contributor's sign-in (its password is shown only now). */
export interface DemoReport extends ImportReport {
  contributor: { email: string; password: string };
}

type Deps = { db: Db; taxonomy: Taxonomy };

async function importRecords(deps: Deps, records: ReadonlyArray<object | string>, total: ImportReport): Promise<void> {
  const report = await importEntries(
    deps,
    records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))),
    { isDemo: true },
  );
  total.created += report.created;
  total.updated += report.updated;
  total.failed += report.failed;
  total.errors.push(...report.errors);
}

/**
 * Loads the demo register into an empty database (does nothing when any entry exists): the activities of
 * the JSON Lines files, then actors, publications (each with a PDF written now, in its language), events
 * around `today` and success stories, generated; organisations are linked to the actor profiles of their
 * name, and a demo contributor's drafts and submissions wait in the curators' queue.
 */
export async function loadDemoIfEmpty(deps: Deps, today: Date = new Date()): Promise<DemoReport | null> {
  if ((await countEntries(deps.db)) > 0) return null;
  const total: ImportReport = { created: 0, updated: 0, failed: 0, errors: [] };
  const activities: DemoActivity[] = [];
  for (const file of demoFiles()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const line of lines) if (line.trim()) activities.push(JSON.parse(line) as DemoActivity);
    await importRecords(deps, lines, total);
  }
  const actors = generateActors(activities);
  await importRecords(deps, actors.records, total);

  const publications = generatePublications(actors.refs);
  const fileIds = await insertDemoFiles(
    deps.db,
    publications.map((p) => ({ name: p.fileName, bytes: writePdf(p.document) })),
  );
  await importRecords(
    deps,
    publications.map((p, i) => ({ ...p.record, publication: { ...(p.record.publication as object), fileIds: [fileIds[i]] } })),
    total,
  );
  await attachDemoFiles(deps.db);
  await importRecords(deps, generateEvents(today, actors.refs), total);

  const ids = await entryIdsByExternalId(
    deps.db,
    activities.map((a) => a.externalId),
  );
  const withIds = activities.flatMap((a) => (ids.has(a.externalId) ? [{ ...a, id: ids.get(a.externalId)! }] : []));
  await importRecords(deps, generateStories(withIds, actors.refs), total);
  await linkDemoActorsByName(deps.db);
  const contributor = await seedQueue(deps.db, today, actors.refs[0]?.name);
  await loadDemoReport(deps.db, today);
  await loadConsultationsDemo(deps, today);
  await loadPrizesDemo(deps.db, today);
  return { ...total, contributor };
}

/** Drafts and submissions by a demo contributor: the curators' queue has something to review at once. */
async function seedQueue(db: Db, today: Date, partnerName: string | undefined): Promise<DemoReport['contributor']> {
  const email = 'contributor@demo.stocktake.invalid';
  const password = randomBytes(9).toString('base64url');
  const { id: userId } = await insertUser(db, {
    email,
    passwordHash: await hashPassword(password, 14),
    displayName: 'Demo contributor',
    locale: 'en',
    role: 'contributor',
    status: 'active',
  });
  await updateUser(db, userId, { emailVerifiedAt: today, approvedAt: today });
  const organisationId = await insertDemoOrganisation(db, userId, 'Demo Contributors’ Collective');

  // Fresh entries of each kind, numbered past the published ones so their texts differ.
  const fake = { name: 'Demo Contributors’ Collective', type: 'civil-society' as const, country: 'KE', theme: 1, language: 'en' as const, issuer: true };
  const refs = [fake, { ...fake, language: 'fr' as const, theme: 6 }, { ...fake, language: 'es' as const, theme: 12 }];
  const inbox: DemoRecord[] = [
    ...generateEvents(new Date(today.getTime() + 40 * 86_400_000), refs).slice(0, 3),
    ...generatePublications(refs)
      .slice(0, 3)
      .map((p) => p.record),
    ...generateStories([], refs).slice(20, 22),
  ];
  const drafts = inbox.map((r, i) => {
    const { externalId: _e, state: _s, ...rest } = r;
    const data = draftSchema.parse({
      ...rest,
      ...(r.kind === 'publication' ? { links: [{ url: `https://example.org/demo-queue/${i + 1}.pdf`, label: null }] } : {}),
      ...(partnerName && i % 2 === 0
        ? { organisations: [...(rest.organisations as object[]), { name: partnerName, role: 'partner', stakeholderType: 'civil-society' }] }
        : {}),
      contact: { name: 'Demo contributor', email },
    });
    return data;
  });
  for (const [i, data] of drafts.entries()) {
    const id = await insertSubmission(db, { entryId: null, organisationId, createdBy: userId, callId: null, data });
    // Two stay drafts (the contributor's desk); the others were sent over the last days, oldest first in the queue.
    if (i % 4 === 3) continue;
    const submittedAt = new Date(today.getTime() - (drafts.length - i) * 86_400_000);
    await db.transaction().execute(async (trx) => {
      await markDemoSubmitted(trx, id, submittedAt);
      await insertReviewMessage(trx, { submissionId: id, authorId: userId, kind: 'submitted', fieldComments: null });
    });
  }
  return { email, password };
}

/** Whether the register holds demo entries (every page then says so). */
export async function hasDemoData(db: Db): Promise<boolean> {
  return anyDemoEntry(db);
}
