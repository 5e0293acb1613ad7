import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PASSWORD } from '../../../test/support/people';
import { isCommonPassword, passwordProblem } from './password-rules';

describe('password rules', () => {
  it('accept the tests’ password and long unusual ones, in any script', async () => {
    for (const p of [PASSWORD, 'correct horse battery staple', 'سبعة أيام في الأسبوع', '我的密码是一句很长的话吧', 'zq8-vLm2#pw!']) {
      assert.equal(await passwordProblem(p), null, p);
    }
  });
  it('refuse fewer than 12 characters, counted as people count them', async () => {
    assert.deepEqual(await passwordProblem('zq8-vLm2#pw'), { code: 'password_too_short', params: { min: 12 } });
    // Eleven characters, each two UTF-16 units: still too short.
    assert.equal((await passwordProblem('😀'.repeat(11)))?.code, 'password_too_short');
  });
  it('refuse the common list, whatever the case, and repetitions of a common word or a short unit', async () => {
    for (const p of ['qwerty123456', 'QWERTY123456', '1qaz2wsx3edc', 'passwordpassword', 'monkeymonkey', 'abcabcabcabc', 'aaaaaaaaaaaaaa']) {
      assert.equal(await isCommonPassword(p), true, p);
      assert.equal((await passwordProblem(p))?.code, 'password_common', p);
    }
  });
});
