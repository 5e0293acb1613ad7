import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { i18nFor } from '../../i18n/i18n';
import { auditView, mentionedAccounts, type AuditRow } from './audit.labels';

const en = i18nFor('en');
const ru = i18nFor('ru');
const names = new Map([[7, 'Amina Wanjiru']]);
const shown = (row: AuditRow, i18n = en) => {
  const v = auditView(row, i18n, names);
  return [v.action, v.subject, ...v.details.map((d) => `${d.label}=${d.value}`)].join(' | ');
};

describe('audit records as an administrator reads them', () => {
  const rows: Array<[AuditRow, string[]]> = [
    [
      {
        action: 'call.open',
        entity: 'call',
        entityId: 3,
        details: { titles: { fr: 'Appel 2027', en: '' }, opensAt: '2027-01-05', closesAt: '2027-02-01', accepts: 'both' },
      },
      ['Call for entries opened', 'Call for entries #3', 'Title (French)=Appel 2027', 'Opens on=January 5, 2027', 'Accepts new entries and updates'],
    ],
    [
      { action: 'sign_in.locked', entity: 'user', entityId: 7, details: { address: '10.0.0.1', reason: 'try_later' } },
      ['Sign-in locked after too many attempts', 'Amina Wanjiru', 'Network address=10.0.0.1', 'Reason=Too many requests'],
    ],
    [
      { action: 'membership.make_editor', entity: 'organisation', entityId: 4, details: { userId: 7 } },
      ['Member made an editor', 'Organisation #4', 'Account=Amina Wanjiru'],
    ],
    [
      {
        action: 'settings.update',
        entity: 'settings',
        entityId: null,
        details: { before: { submissions: 'always', siteName: 'A' }, after: { submissions: 'calls', siteName: 'A' } },
      },
      ['Site settings changed', 'Submissions=Accepted at any time → Accepted only during calls for entries'],
    ],
    [
      { action: 'settings.logo', entity: 'settings', entityId: null, details: { type: 'image/svg+xml', bytes: 2048 } },
      ['Logo uploaded', 'File type=SVG', 'Size=2,048 bytes'],
    ],
    [{ action: 'two_factor.disabled', entity: 'user', entityId: 9, details: { with: 'recovery_code' } }, ['Account #9', 'Second factor=Recovery code']],
  ];
  for (const [row, expected] of rows)
    it(row.action, () => {
      const text = shown(row);
      for (const part of expected) assert.ok(text.includes(part), `${text} should include “${part}”`);
      assert.doesNotMatch(text, /[{}"]|_|\b(before|after|titles|opensAt|userId)=/, `no keys, codes or JSON: ${text}`);
    });

  it('speaks the reader’s language', () => {
    const text = shown({ action: 'user.update', entity: 'user', entityId: 7, details: { before: { role: 'contributor' }, after: { role: 'admin' } } }, ru);
    assert.ok(text.includes('Учётная запись изменена'), text);
    assert.match(text, /было: .+, стало: .+/);
    assert.doesNotMatch(text, /contributor|admin\b|role/);
  });

  it('names the accounts a record mentions', () => {
    assert.deepEqual(mentionedAccounts({ action: 'membership.approve', entity: 'organisation', entityId: 2, details: { userId: 5 } }), [5]);
    assert.deepEqual(mentionedAccounts({ action: 'user.update', entity: 'user', entityId: 3, details: {} }), [3]);
  });
});
