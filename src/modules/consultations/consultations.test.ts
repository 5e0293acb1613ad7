import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../accounts/accounts';
import { can, type Ability } from '../accounts/policy';
import { acceptsStatements, boundsOf, phaseStatus, PHASES, withDeadline, type PhaseDates } from './consultations';
import { statementsCsv, type StatementJson } from './consultations.presenter';
import { consultationSchema } from './consultations.schemas';

const zone = 'Asia/Tokyo'; // UTC+09:00, no daylight saving
const phase = (starts: string, ends: string): PhaseDates => ({ phase: 'discussion', starts, ends });

describe('consultation phases', () => {
  it('reads a phase in the consultation’s zone: upcoming, current, past', () => {
    const p = phase('2026-03-01T09:00', '2026-03-10T18:00');
    // 09:00 in Tokyo is 00:00 UTC.
    assert.equal(phaseStatus(p, zone, new Date('2026-02-28T23:59:59Z')), 'upcoming');
    assert.equal(phaseStatus(p, zone, new Date('2026-03-01T00:00:00Z')), 'current');
    assert.equal(phaseStatus(p, zone, new Date('2026-03-10T08:59:59Z')), 'current');
    assert.equal(phaseStatus(p, zone, new Date('2026-03-10T09:00:00Z')), 'past');
  });

  it('accepts statements from the launch until just before the deadline', () => {
    const phases = PHASES.map((name, i) => ({ phase: name, starts: `2026-0${i + 1}-01T00:00`, ends: `2026-0${i + 1}-20T23:59` }));
    const bounds = boundsOf(phases, zone);
    assert.equal(bounds.opensAt.toISOString(), '2025-12-31T15:00:00.000Z');
    assert.equal(bounds.deadlineAt.toISOString(), '2026-03-20T14:59:00.000Z');
    assert.equal(acceptsStatements(bounds, new Date('2026-03-20T14:58:59.999Z')), true);
    assert.equal(acceptsStatements(bounds, new Date('2026-03-20T14:59:00.000Z')), false);
    assert.equal(acceptsStatements(bounds, new Date('2025-12-31T14:59:59.999Z')), false);
    const extended = boundsOf(withDeadline(phases, '2026-04-30T12:00'), zone);
    assert.equal(extended.deadlineAt.toISOString(), '2026-04-30T03:00:00.000Z');
  });

  it('refuses phases out of order and a phase that ends before it starts, naming the field', () => {
    const phases = Object.fromEntries(PHASES.map((p, i) => [p, { starts: `2026-0${i + 1}-01T00:00`, ends: `2026-0${i + 1}-02T00:00` }]));
    const base = { titles: { en: 'T' }, contexts: {}, questions: [], timeZone: 'UTC', phases };
    assert.ok(consultationSchema.safeParse(base).success);
    const swapped = { ...base, phases: { ...phases, meetings: { starts: '2026-01-15T00:00', ends: '2026-01-16T00:00' } } };
    const r = consultationSchema.safeParse(swapped);
    assert.ok(!r.success && r.error.issues.some((i) => i.path.join('.') === 'phases.meetings.starts' && i.message === 'phase_order'));
    const backwards = { ...base, phases: { ...phases, outcome: { starts: '2026-06-02T00:00', ends: '2026-06-01T00:00' } } };
    const b = consultationSchema.safeParse(backwards);
    assert.ok(!b.success && b.error.issues.some((i) => i.path.join('.') === 'phases.outcome.ends'));
    const untitled = consultationSchema.safeParse({ ...base, titles: { fr: ' ' } });
    assert.ok(!untitled.success && untitled.error.issues.some((i) => i.path.join('.') === 'titles.en'));
  });
});

describe('consultation abilities (role × ability)', () => {
  const actor = (over: Partial<Actor>): Actor => ({
    userId: 1,
    email: 'a@x.test',
    displayName: 'A',
    locale: 'en',
    role: 'contributor',
    status: 'active',
    emailVerified: true,
    memberships: [],
    twoFactor: false,
    ...over,
  });
  const people = {
    contributor: actor({}),
    member: actor({ memberships: [{ organisationId: 7, role: 'member' }] as Actor['memberships'] }),
    pending: actor({ status: 'pending', memberships: [{ organisationId: 7, role: 'member' }] as Actor['memberships'] }),
    curatorNoFactor: actor({ role: 'curator' }),
    curator: actor({ role: 'curator', twoFactor: true }),
    admin: actor({ role: 'admin', twoFactor: true }),
  };
  const TABLE: Array<[Ability, object, Array<keyof typeof people>]> = [
    ['consultation.manage', {}, ['curator', 'admin']],
    ['consultation.moderate', {}, ['curator', 'admin']],
    ['consultation.read_all', {}, ['curator', 'admin']],
    ['statement.submit', { organisationId: 7 }, ['member']],
    ['statement.submit', { organisationId: 8 }, []],
    ['statement.attach', { organisationId: 7, createdBy: 1 }, ['member']],
    ['statement.attach', { organisationId: 7, createdBy: 2 }, []],
  ];
  for (const [ability, subject, allowed] of TABLE) {
    it(`${ability} ${JSON.stringify(subject)}`, () => {
      assert.equal(can(null, ability, subject), false, 'never a visitor');
      for (const [name, who] of Object.entries(people)) assert.equal(can(who, ability, subject), allowed.includes(name as keyof typeof people), name);
    });
  }
});

describe('statements as CSV', () => {
  it('quotes per RFC 4180, defuses formulas, starts with a BOM and ends lines with CRLF', () => {
    const row = {
      id: 1,
      question: null,
      organisation: '=HYPERLINK("x")',
      stakeholderType: 'academia',
      stakeholderTypeLabel: 'Academia',
      region: null,
      regionLabel: null,
      language: 'en',
      visibility: 'public',
      status: 'approved',
      submittedAt: '2026-01-01T00:00:00.000Z',
      text: 'Line one,\r\nline "two"',
    } as unknown as StatementJson;
    const csv = statementsCsv([row]);
    assert.ok(csv.startsWith('\uFEFFid,question,'));
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(csv.includes(`"'=HYPERLINK(""x"")"`), 'a formula is quoted as text');
    assert.ok(csv.includes('"Line one,\r\nline ""two"""'));
  });
});
