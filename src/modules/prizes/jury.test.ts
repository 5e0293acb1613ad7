import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../accounts/accounts';
import { authorize, can, RULES } from '../accounts/policy';
import { AppError } from '../../lib/errors';
import { awardProblems, juryAverage, scoreSheetSchema } from './jury';

const actor = (o: Partial<Actor> = {}): Actor => ({
  userId: 7,
  email: 'juror@x.test',
  displayName: 'Juror',
  locale: 'en',
  role: 'contributor',
  status: 'active',
  emailVerified: true,
  memberships: [],
  twoFactor: false,
  ...o,
});

describe("policy 'prize.judge': jurors are per contest", () => {
  // Each row is one reason to refuse (or the one to allow): removing any check from the rule fails a row.
  const table: Array<[string, Actor | null, readonly number[] | undefined, boolean]> = [
    ['an active, verified account assigned to the contest', actor(), [3, 7], true],
    ['assigned, with no second factor (jurors are not staff)', actor({ twoFactor: false }), [7], true],
    ['an account not assigned to this contest', actor(), [3, 8], false],
    ['a contest with no jurors', actor(), [], false],
    ['no jury list given at all', actor(), undefined, false],
    ['a curator not assigned (curators are not jurors by their role)', actor({ role: 'curator', twoFactor: true }), [3], false],
    ['an administrator not assigned', actor({ role: 'admin', twoFactor: true }), [3], false],
    ['assigned but pending', actor({ status: 'pending' }), [7], false],
    ['assigned but suspended', actor({ status: 'suspended' }), [7], false],
    ['assigned but the address is not verified', actor({ emailVerified: false }), [7], false],
    ['assigned but acting through an API token', actor({ token: { id: 1, organisationId: 1, scopes: ['submissions:write'] } }), [7], false],
    ['a visitor', null, [7], false],
  ];
  for (const [name, who, jurors, expected] of table) {
    it(`${expected ? 'allows' : 'refuses'} ${name}`, () => {
      assert.equal(can(who, 'prize.judge', jurors === undefined ? {} : { jurors }), expected);
    });
  }

  it('authorize says unauthenticated to a visitor and forbidden to a non-juror', () => {
    assert.throws(
      () => authorize(null, 'prize.judge', { jurors: [7] }),
      (e) => e instanceof AppError && e.code === 'unauthenticated',
    );
    assert.throws(
      () => authorize(actor({ userId: 9 }), 'prize.judge', { jurors: [7] }),
      (e) => e instanceof AppError && e.code === 'forbidden',
    );
    assert.doesNotThrow(() => authorize(actor(), 'prize.judge', { jurors: [7] }));
  });

  it('is a rule of its own, apart from managing contests', () => {
    assert.equal(can(actor(), 'prize.manage', { jurors: [7] }), false, 'a juror does not manage');
    assert.equal(RULES['prize.judge'](actor({ role: 'curator', twoFactor: true }), {}), false);
  });
});

describe('award rules', () => {
  const top = [1, 2, 3, 4, 5];
  const codes = (picks: Parameters<typeof awardProblems>[1]) => awardProblems(top, picks).map((d) => `${d.field}:${d.code}`);

  it('accepts one winner and up to four champions among the top five', () => {
    assert.deepEqual(
      codes([
        { nominationId: 1, award: 'winner' },
        { nominationId: 2, award: 'champion' },
        { nominationId: 3, award: 'champion' },
        { nominationId: 4, award: 'champion' },
        { nominationId: 5, award: 'champion' },
      ]),
      [],
    );
    assert.deepEqual(codes([{ nominationId: 3, award: 'winner' }]), []);
  });
  it('refuses a nomination outside the top five, a second winner, no winner, a fifth champion and a nomination twice', () => {
    assert.deepEqual(codes([{ nominationId: 6, award: 'winner' }]), ['award.6:prize_award_not_top_five']);
    assert.deepEqual(
      codes([
        { nominationId: 1, award: 'winner' },
        { nominationId: 2, award: 'winner' },
      ]),
      ['award.2:prize_award_second_winner'],
    );
    assert.deepEqual(codes([{ nominationId: 1, award: 'champion' }]), ['award:prize_award_no_winner']);
    const fiveChampions = codes([1, 2, 3, 4, 5].map((nominationId) => ({ nominationId, award: 'champion' as const })));
    assert.ok(fiveChampions.includes('award.5:prize_award_too_many_champions'));
    assert.deepEqual(
      codes([
        { nominationId: 1, award: 'winner' },
        { nominationId: 1, award: 'champion' },
      ]),
      ['award.1:prize_award_twice'],
    );
  });
});

describe('score sheets and the jury’s averages', () => {
  it('takes every criterion as a whole number from 1 to 10', () => {
    const ok = scoreSheetSchema.safeParse({ impact: '1', sustainability: '10', replicability: ' 5 ', linkage: '7' });
    assert.deepEqual(ok.data, { impact: 1, sustainability: 10, replicability: 5, linkage: 7 });
    for (const bad of ['0', '11', '7.5', '-1', '', 'ten', '010']) {
      const r = scoreSheetSchema.safeParse({ impact: bad, sustainability: '5', replicability: '5', linkage: '5' });
      assert.equal(r.success, false, bad);
      assert.equal(r.error?.issues[0]?.message, 'prize_score_range');
    }
    assert.equal(scoreSheetSchema.safeParse({ impact: '5', sustainability: '5', replicability: '5' }).success, false, 'a criterion missing');
    assert.equal(scoreSheetSchema.safeParse({ impact: '5', sustainability: '5', replicability: '5', linkage: '5', charm: '9' }).success, false);
  });

  it('averages per criterion and overall, and counts the jurors', () => {
    const a = juryAverage([
      { impact: 6, sustainability: 6, replicability: 6, linkage: 6 },
      { impact: 9, sustainability: 7, replicability: 5, linkage: 3 },
    ]);
    assert.equal(a.count, 2);
    assert.equal(a.byCriterion.impact, 7.5);
    assert.equal(a.byCriterion.linkage, 4.5);
    assert.equal(a.overall, 6);
    assert.deepEqual(juryAverage([]), { count: 0, byCriterion: { impact: null, sustainability: null, replicability: null, linkage: null }, overall: null });
  });
});
