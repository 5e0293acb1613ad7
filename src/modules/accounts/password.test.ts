import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dummyHash, hashPassword, hashToken, newToken, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('correct horse battery', 14);
    assert.match(hash, /^scrypt\$14\$8\$1\$/);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('salts every hash and refuses malformed stored values', async () => {
    const [a, b] = await Promise.all([hashPassword('same', 14), hashPassword('same', 14)]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same', 'plain'), false);
    assert.equal(await verifyPassword('same', 'scrypt$14$8$1$$'), false);
    assert.equal(await verifyPassword('x', await dummyHash(14)), false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const hash = await hashPassword('café-société', 14);
    assert.equal(await verifyPassword('cafe\u0301-socie\u0301te\u0301', hash), true);
  });

  it('stores tokens only as hashes', () => {
    const { token, hash } = newToken();
    assert.equal(hashToken(token), hash);
    assert.notEqual(token, hash);
    assert.ok(token.length >= 43);
  });
});
