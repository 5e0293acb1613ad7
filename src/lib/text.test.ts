import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from './errors';
import { cleanInput, email, httpUrl, inputProblem, line, lineProblem, normaliseLine, normaliseText, refuseUnclean, text } from './text';

// Text made of the characters that matter here — NUL, lone surrogate halves, CR, LF, tab, other controls,
// combining marks, decomposed and composed letters, RTL marks, Unicode line separators — and anything else.
const special = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u0301',
  'e',
  'é',
  'A\u030a',
  'Å',
  '\u200f',
  '\u202e',
  '\u2028',
  '\u2029',
  ' ',
  '😀',
  '中',
  'ﬁ',
  'Ω',
);
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostile = fc.string({ unit: fc.oneof(special, anyUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 40 });
const RUNS = { numRuns: 2000, seed: 20261202 };

const isNfc = (s: string) => s === s.normalize('NFC');
const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

describe('text hygiene: the rules', () => {
  it('refuses NUL, lone surrogates and control characters anywhere, and keeps ordinary text', () => {
    assert.equal(inputProblem('a\u0000b'), 'invalid_characters');
    assert.equal(inputProblem('\u0000'), 'invalid_characters');
    assert.equal(inputProblem('a\ud800b'), 'invalid_characters');
    assert.equal(inputProblem('\udc00'), 'invalid_characters');
    assert.equal(inputProblem('x\ud83d'), 'invalid_characters', 'a high surrogate at the end');
    for (const c of ['\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009f'])
      assert.equal(inputProblem(`a${c}b`), 'invalid_characters', JSON.stringify(c));
    for (const ok of ['', 'plain', 'العربية', '中文', 'Русский', '😀 a pair of surrogates', 'tab\tand\nlines\r\n', '\u200f\u202e marks'])
      assert.equal(inputProblem(ok), null, ok);
  });

  it('refuses line breaks and tabs in one-line values only', () => {
    for (const br of ['\n', '\r', '\r\n', '\t', '\u2028', '\u2029']) {
      assert.equal(lineProblem(`a${br}b`), 'single_line', JSON.stringify(br));
      assert.equal(inputProblem(`a${br}b`), null, JSON.stringify(br));
    }
    assert.equal(lineProblem('a\u0000\nb'), 'invalid_characters', 'the worse problem is named');
  });

  it('normalises to NFC, multi-line endings to LF, and trims', () => {
    assert.equal(normaliseLine('  Cafe\u0301  '), 'Café');
    assert.equal(normaliseLine('A\u030angstr\u00f6m'), 'Ångström');
    assert.equal(normaliseText(' one\r\ntwo\rthree\nfour \n'), 'one\ntwo\nthree\nfour');
    assert.equal(normaliseText('ﬁ'), 'ﬁ', 'NFC, not NFKC: compatibility characters stay');
  });

  it('properties: an accepted value is NFC and free of NUL and lone surrogates; normalising twice changes nothing', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        for (const [normalise, problem] of [
          [normaliseLine, lineProblem],
          [normaliseText, inputProblem],
        ] as const) {
          const out = normalise(s);
          assert.ok(isNfc(out));
          assert.equal(normalise(out), out, 'idempotent');
          if (problem(out) === null) {
            assert.ok(!out.includes('\u0000'));
            assert.ok(!hasLoneSurrogate(out));
          }
          // The normalisation never creates a problem the input did not have, nor hides NUL or a lone surrogate.
          if (s.includes('\u0000') || hasLoneSurrogate(s)) assert.equal(problem(out), 'invalid_characters');
        }
      }),
      RUNS,
    );
  });
});

describe('text hygiene: the Zod builders', () => {
  it('line(): one line, NFC, trimmed, within its length; refusals carry the code', () => {
    const name = line(10).min(1);
    assert.equal(name.parse('  Cafe\u0301 '), 'Café');
    assert.equal(name.safeParse('a\u0000b').error?.issues[0]?.message, 'invalid_characters');
    assert.equal(name.safeParse('a\ud800b').error?.issues[0]?.message, 'invalid_characters');
    assert.equal(name.safeParse('a\r\nb').error?.issues[0]?.message, 'single_line');
    assert.equal(name.safeParse('a\tb').error?.issues[0]?.message, 'single_line');
    assert.equal(name.safeParse('x'.repeat(11)).error?.issues[0]?.code, 'too_big');
    assert.equal(name.safeParse('   ').error?.issues[0]?.code, 'too_small');
    // Length is counted after NFC: ten composed letters typed decomposed still fit.
    assert.equal(name.parse('e\u0301'.repeat(10)), 'é'.repeat(10));
  });

  it('text(): several lines with LF endings, tabs kept, controls refused', () => {
    const body = text(100);
    assert.equal(body.parse('one\r\n\ttwo\rthree'), 'one\n\ttwo\nthree');
    assert.equal(body.safeParse('a\u0000b').error?.issues[0]?.message, 'invalid_characters');
    assert.equal(body.safeParse('a\udfffb').error?.issues[0]?.message, 'invalid_characters');
    assert.equal(body.safeParse('a\u001bb').error?.issues[0]?.message, 'invalid_characters');
  });

  it('email and httpUrl are one-line values first', () => {
    assert.equal(email.parse(' a@example.org '), 'a@example.org');
    assert.equal(email.safeParse('a@example.org\r\nBcc: b@example.org').success, false);
    assert.equal(httpUrl.parse('https://example.org/a'), 'https://example.org/a');
    // The URL parser itself drops tabs and line breaks, so without the line rule these would pass.
    assert.equal(httpUrl.safeParse('https://exa\nmple.org/').error?.issues[0]?.message, 'single_line');
    assert.equal(httpUrl.safeParse('https://example.org/\u0000').error?.issues[0]?.message, 'invalid_characters');
  });

  it('properties: whatever line() and text() accept is NFC, clean, and accepted unchanged a second time', () => {
    const l = line(60);
    const t = text(60);
    fc.assert(
      fc.property(hostile, (s) => {
        const a = l.safeParse(s);
        if (a.success) {
          assert.ok(isNfc(a.data) && !['\u0000', '\r', '\n', '\t'].some((c) => a.data.includes(c)) && !hasLoneSurrogate(a.data));
          assert.equal(l.parse(a.data), a.data);
        } else
          assert.ok(
            ['invalid_characters', 'single_line', 'too_big'].includes(
              a.error.issues[0]!.code === 'custom' ? a.error.issues[0]!.message : a.error.issues[0]!.code,
            ),
          );
        const b = t.safeParse(s);
        if (b.success) {
          assert.ok(isNfc(b.data) && !b.data.includes('\u0000') && !b.data.includes('\r') && !hasLoneSurrogate(b.data));
          assert.equal(t.parse(b.data), b.data);
        }
        if (s.includes('\u0000') || hasLoneSurrogate(s)) assert.ok(!a.success && !b.success);
      }),
      RUNS,
    );
  });
});

describe('text hygiene: whole inputs at the edge', () => {
  it('cleans every string, keys included, and names each field that holds a refused character', () => {
    const { value, problems } = cleanInput({
      title: 'Cafe\u0301',
      list: ['ok', 'bad\u0000'],
      nested: { deep: 'x\ud800' },
      'key\u0000': 1,
      n: 4294967296,
      b: true,
      z: null,
    });
    assert.deepEqual(value, { title: 'Café', list: ['ok', 'bad\u0000'], nested: { deep: 'x\ud800' }, 'key\u0000': 1, n: 4294967296, b: true, z: null });
    assert.deepEqual(problems, [
      { field: 'list.1', code: 'invalid_characters' },
      { field: 'nested.deep', code: 'invalid_characters' },
      { field: 'key\ufffd', code: 'invalid_characters' },
    ]);
  });

  it('leaves line breaks to the field rules, and refuses with validation_failed', () => {
    assert.deepEqual(refuseUnclean({ description: 'a\r\nb' }), { description: 'a\r\nb' });
    assert.throws(
      () => refuseUnclean({ email: 'a\u0000@b.org' }),
      (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && e.details[0]?.field === 'email' && e.details[0]?.code === 'invalid_characters',
    );
  });

  it('property: every string of a cleaned input without problems is NFC, without NUL or lone surrogates', () => {
    const json = fc.jsonValue({ maxDepth: 3 }).chain((v) => fc.tuple(fc.constant(v), hostile, hostile));
    fc.assert(
      fc.property(json, ([v, s, k]) => {
        const input = { v, s, [k]: [s] };
        const { value, problems } = cleanInput(input);
        const strings: string[] = [];
        const collect = (x: unknown) => {
          if (typeof x === 'string') strings.push(x);
          else if (Array.isArray(x)) x.forEach(collect);
          else if (x && typeof x === 'object')
            for (const [key, y] of Object.entries(x)) {
              strings.push(key);
              collect(y);
            }
        };
        collect(value);
        for (const x of strings) assert.ok(isNfc(x));
        if (problems.length === 0) for (const x of strings) assert.ok(!x.includes('\u0000') && !hasLoneSurrogate(x));
        assert.deepEqual(cleanInput(value).value, value, 'idempotent');
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });
});
