import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { burst, DEFAULT_THRESHOLDS, findSignals, networkOf, parseVoteKey, pseudonym, rapidRuns, type VoteFacts } from './fraud';

const T0 = Date.parse('2030-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const old = new Date(T0 - 90 * 86_400_000);

function v(p: Partial<VoteFacts> & { userId: number; s: number }): VoteFacts {
  return {
    category: 'c1',
    nominationId: 1,
    castAt: at(p.s),
    address: '192.0.2.10',
    network: '192.0.2.0/24',
    viewedAt: null,
    sessionStartedAt: null,
    accountCreatedAt: old,
    excluded: false,
    ...p,
  };
}

describe('networkOf', () => {
  const cases: Array<[string | null, string | null]> = [
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0000:0001::ffff', '2001:db8:0:1::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['unknown', null],
    [null, null],
    ['999.1.1.1', null],
  ];
  for (const [address, network] of cases) it(String(address), () => assert.equal(networkOf(address), network));
});

describe('pseudonyms', () => {
  it('are stable per contest key, differ across keys and with SECRET_KEY, and do not contain the id', () => {
    const a = pseudonym('k1', undefined, 42);
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(a, pseudonym('k1', undefined, 42));
    assert.notEqual(a, pseudonym('k2', undefined, 42));
    assert.notEqual(a, pseudonym('k1', 'x'.repeat(32), 42));
    assert.notEqual(a, pseudonym('k1', undefined, 43));
  });
});

describe('vote keys', () => {
  it('parse the form value, refuse anything else', () => {
    assert.deepEqual(parseVoteKey('c7-e-health:12'), { category: 'c7-e-health', userId: 12 });
    for (const bad of ['c1', 'c1:', 'c1:-1', 'x:1', "c1:1' or 1=1", 'c1:99999999999']) assert.equal(parseVoteKey(bad), null, bad);
  });
});

describe('windows', () => {
  it('a burst keeps every vote inside a window that reaches the threshold, and only those', () => {
    const votes = [0, 10, 20, 30, 2000, 5000].map((s, i) => v({ userId: i, s }));
    const b = burst(votes, 4, 1);
    assert.equal(b.peak, 4);
    assert.deepEqual(
      b.votes.map((x) => x.userId),
      [0, 1, 2, 3],
    );
    assert.equal(burst(votes, 5, 1).votes.length, 0);
  });

  it('rapid runs: consecutive votes within the gap, at least the count', () => {
    const votes = [0, 2, 4, 100, 102].map((s, i) => v({ userId: 1, s, category: `c${i + 1}` }));
    assert.equal(rapidRuns(votes, 3, 5).length, 3);
    assert.equal(rapidRuns(votes, 2, 5).length, 5);
    assert.equal(rapidRuns(votes, 4, 5).length, 0);
  });
});

describe('findSignals', () => {
  const opens = at(-3600);
  const name = (id: number) => `voter-${id}`;

  it('finds each planted pattern and lists the votes concerned', () => {
    const burstVotes = Array.from({ length: 25 }, (_, i) => v({ userId: 100 + i, s: i * 5, address: '198.51.100.9', network: '198.51.100.0/24' }));
    const newcomer = v({ userId: 7, s: 0, accountCreatedAt: at(-1800), address: '203.0.113.1', network: '203.0.113.0/24' });
    const rapid = ['c1', 'c2', 'c3'].map((category, i) => v({ userId: 8, s: 5000 + i, category, address: '203.0.113.2', network: '203.0.113.0/24' }));
    const quick = v({ userId: 9, s: 9000, sessionStartedAt: at(8998), viewedAt: at(8999), address: '203.0.113.3', network: '203.0.113.0/24' });
    const calm = v({ userId: 10, s: 20_000, sessionStartedAt: at(10_000), viewedAt: at(19_000), address: '203.0.113.4', network: '203.0.113.0/24' });
    const signals = findSignals([...burstVotes, newcomer, ...rapid, quick, calm], opens, DEFAULT_THRESHOLDS, name);
    const of = (kind: string) => signals.filter((s) => s.kind === kind);

    assert.equal(of('address_burst').length, 1);
    assert.equal(of('address_burst')[0]!.subject, '198.51.100.9');
    assert.equal(of('address_burst')[0]!.votes.length, 25);
    assert.equal(of('network_burst').length, 0, '25 votes are under the network threshold of 60');
    assert.deepEqual(
      of('new_account').map((s) => s.subject),
      ['voter-7'],
    );
    assert.deepEqual(
      of('rapid_categories').map((s) => [s.subject, s.votes.length]),
      [['voter-8', 3]],
    );
    assert.deepEqual(
      of('fast_after_sign_in').map((s) => [s.subject, s.measure]),
      [['voter-9', 2]],
    );
    assert.deepEqual(
      of('fast_after_view').map((s) => s.subject),
      ['voter-9'],
    );
    assert.ok(!signals.some((s) => s.votes.some((x) => x.userId === 10)), 'a calm voter raises nothing');
  });

  it('thresholds are data: a lower network threshold finds the network', () => {
    const votes = Array.from({ length: 10 }, (_, i) => v({ userId: i, s: i, address: `192.0.2.${i + 1}` }));
    assert.equal(findSignals(votes, opens, DEFAULT_THRESHOLDS, name).filter((s) => s.kind === 'network_burst').length, 0);
    const found = findSignals(votes, opens, { ...DEFAULT_THRESHOLDS, networkVotes: 10 }, name).filter((s) => s.kind === 'network_burst');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.subject, '192.0.2.0/24');
    assert.equal(found[0]!.votes.length, 10);
  });
});
