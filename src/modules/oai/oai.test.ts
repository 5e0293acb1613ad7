import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionLineSetSpec, decodeToken, encodeToken, OaiError, parseDatestamp, parseOaiIdentifier, parseRequest, setFilter } from './oai';

const args = (q: string) => {
  const m = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(q)) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
};
const code = (q: string) => {
  try {
    parseRequest(args(q));
    return 'ok';
  } catch (e) {
    return e instanceof OaiError ? e.code : 'thrown';
  }
};

describe('OAI-PMH rules', () => {
  it('reads datestamps in both granularities, and only real dates', () => {
    assert.deepEqual(parseDatestamp('2024-02-29'), { at: new Date('2024-02-29T00:00:00Z'), granularity: 'day' });
    assert.deepEqual(parseDatestamp('2024-03-01T23:59:59Z'), { at: new Date('2024-03-01T23:59:59Z'), granularity: 'second' });
    assert.equal(parseDatestamp('0001-01-01')?.at.getUTCFullYear(), 1, 'a year below 100 is that year');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-03-01T24:00:00Z', '2024-03-01T10:00:00.5Z', '2024-03-01T10:00:00+01:00', '24-03-01', '']) {
      assert.equal(parseDatestamp(bad), null, bad);
    }
  });

  it('until covers its whole day or second', () => {
    const r = parseRequest(args('verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-01&until=2024-03-01'));
    assert.ok(r.verb === 'ListRecords');
    assert.equal(r.query.before?.toISOString(), '2024-03-02T00:00:00.000Z');
    const s = parseRequest(args('verb=ListRecords&metadataPrefix=oai_dc&until=9999-12-31'));
    assert.ok(s.verb === 'ListRecords' && s.query.before);
    assert.equal(
      decodeToken(encodeToken({ verb: 'ListRecords', query: s.query, after: 1, cursor: 1 }), 'ListRecords').query.before?.getTime(),
      s.query.before.getTime(),
    );
  });

  it('round-trips a token, and refuses one out of range or for another verb', () => {
    const query = { metadataPrefix: 'oai_dc' as const, from: new Date('2024-01-01T00:00:00Z'), before: null, set: 'kind:publication' };
    const token = encodeToken({ verb: 'ListIdentifiers', query, after: 42, cursor: 100 });
    assert.deepEqual(decodeToken(token, 'ListIdentifiers'), { verb: 'ListIdentifiers', query, after: 42, cursor: 100 });
    assert.throws(() => decodeToken(token, 'ListRecords'), OaiError);
    const forged = (payload: unknown[]) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    for (const p of [
      [1, 'ListIdentifiers', 2 ** 31, 0, 'oai_dc', null, null, null],
      [1, 'ListIdentifiers', 1, 0, 'oai_dc', 9e15, null, null],
      [1, 'ListIdentifiers', 1, -1, 'oai_dc', null, null, null],
      [1, 'ListIdentifiers', 1, 0, 'oai_dc', null, null, 'a b'],
      [2, 'ListIdentifiers', 1, 0, 'oai_dc', null, null, null],
    ]) {
      assert.throws(() => decodeToken(forged(p), 'ListIdentifiers'), OaiError, JSON.stringify(p));
    }
  });

  it('names sets and reads them back', () => {
    assert.equal(actionLineSetSpec('c3', null), 'actionline:C3');
    assert.equal(actionLineSetSpec('c7-e-health', 'c7'), 'actionline:C7:e-health');
    assert.deepEqual(setFilter('actionline:C7:e-health'), { actionLine: 'c7-e-health' });
    assert.deepEqual(setFilter('kind:event'), { kind: 'event' });
    assert.equal(setFilter('kind'), null);
    assert.equal(setFilter('kind:nothing'), undefined);
    assert.equal(setFilter('colour:red'), undefined);
  });

  it('reads identifiers of this repository only', () => {
    assert.deepEqual(parseOaiIdentifier('r.example.org', 'oai:r.example.org:publication/12'), { kind: 'publication', id: 12 });
    for (const bad of [
      'oai:other.org:publication/12',
      'oai:r.example.org:publication/0',
      'oai:r.example.org:thing/1',
      'oai:r.example.org:publication/99999999999',
    ]) {
      assert.equal(parseOaiIdentifier('r.example.org', bad), null, bad);
    }
  });

  it('checks arguments verb by verb', () => {
    assert.equal(code('verb=Identify'), 'ok');
    assert.equal(code('verb=ListSets&set=x'), 'badArgument');
    assert.equal(code('verb=ListIdentifiers&resumptionToken=x&resumptionToken=y'), 'badArgument');
    assert.equal(code('verb=GetRecord&identifier=a&metadataPrefix=oai_dc&from=2024-01-01'), 'badArgument');
    assert.equal(code('verb=getrecord'), 'badVerb');
  });
});
