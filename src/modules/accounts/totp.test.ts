import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSecret, sealSecret } from './secret-box';
import { base32Decode, base32Encode, groupedSecret, hotp, matchStep, otpauthUri, stepAt, totpAt } from './totp';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));

describe('base32 (RFC 4648 test vectors, unpadded)', () => {
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, encoded] of vectors) {
    it(`"${plain}" ⇄ "${encoded}"`, () => {
      assert.equal(base32Encode(ascii(plain)), encoded);
      assert.equal(Buffer.from(base32Decode(encoded)!).toString('ascii'), plain);
    });
  }
  it('reads lower case, spaces, hyphens and padding, and refuses other characters', () => {
    assert.equal(Buffer.from(base32Decode('mzxw 6ytb-oi======')!).toString('ascii'), 'foobar');
    assert.equal(base32Decode('MZXW1'), null);
    assert.equal(base32Decode('MZXW8'), null);
  });
  it('round-trips random secrets', () => {
    for (let n = 1; n < 40; n += 1) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255);
      assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
    }
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => {
    it(`counter ${counter} → ${code}`, () => assert.equal(hotp(ascii('12345678901234567890'), counter), code));
  });
});

describe('TOTP (RFC 6238 appendix B, 8 digits)', () => {
  const seeds = {
    sha1: ascii('12345678901234567890'),
    sha256: ascii('12345678901234567890123456789012'),
    sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  } as const;
  const table: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [seconds, sha1, sha256, sha512] of table) {
    it(`T = ${seconds}`, () => {
      assert.equal(totpAt(seeds.sha1, seconds * 1000, 8, 'sha1'), sha1);
      assert.equal(totpAt(seeds.sha256, seconds * 1000, 8, 'sha256'), sha256);
      assert.equal(totpAt(seeds.sha512, seconds * 1000, 8, 'sha512'), sha512);
    });
  }
  it('6-digit codes are the last six digits of the SHA-1 vectors', () => {
    assert.equal(totpAt(seeds.sha1, 59_000), '287082');
    assert.equal(totpAt(seeds.sha1, 1111111109_000), '081804');
  });
});

describe('matching a code', () => {
  const secret = ascii('12345678901234567890');
  const now = 1_700_000_000_000;
  const step = stepAt(now);
  it('accepts the current step and one either side, and names the step', () => {
    assert.equal(matchStep(secret, hotp(secret, step), now), step);
    assert.equal(matchStep(secret, hotp(secret, step - 1), now), step - 1);
    assert.equal(matchStep(secret, hotp(secret, step + 1), now), step + 1);
  });
  it('refuses two steps away, wrong codes and malformed input', () => {
    assert.equal(matchStep(secret, hotp(secret, step - 2), now), null);
    assert.equal(matchStep(secret, hotp(secret, step + 2), now), null);
    const wrong = String((Number(hotp(secret, step)) + 1) % 1_000_000).padStart(6, '0');
    assert.equal(matchStep(secret, wrong, now), null);
    assert.equal(matchStep(secret, '12345', now), null);
    assert.equal(matchStep(secret, '1234567', now), null);
    assert.equal(matchStep(secret, '12345a', now), null);
  });
});

describe('presentation and sealing', () => {
  it('groups the secret and writes the otpauth URI', () => {
    assert.equal(groupedSecret('JBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP');
    const uri = new URL(otpauthUri({ issuer: 'Stocktake', account: 'a@b.test', secretBase32: 'JBSWY3DPEHPK3PXP' }));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Stocktake:a@b.test');
    assert.equal(uri.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
  });
  it('seals with a key and refuses a wrong or missing key', () => {
    const secret = ascii('12345678901234567890');
    const sealed = sealSecret('a key that is long enough to matter', secret);
    assert.match(sealed, /^v1:/);
    assert.ok(!sealed.includes(Buffer.from(secret).toString('base64url')));
    assert.deepEqual(new Uint8Array(openSecret('a key that is long enough to matter', sealed)), secret);
    assert.throws(() => openSecret('another key that is long enough', sealed));
    assert.throws(() => openSecret(undefined, sealed));
    assert.deepEqual(new Uint8Array(openSecret(undefined, sealSecret(undefined, secret))), secret);
  });
});
