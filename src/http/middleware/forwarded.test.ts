import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../config/config';
import { forwardedClient, forwardedHttps } from './forwarded';

const SOCKET = '10.0.0.9';

describe('forwardedClient: the client address, counted from the right of X-Forwarded-For', () => {
  const table: Array<[header: string | undefined, proxies: number, expected: string, why: string]> = [
    [undefined, 0, SOCKET, 'no proxy, no header'],
    ['203.0.113.7', 0, SOCKET, 'no trusted proxy: the header is the client’s own word'],
    [undefined, 1, SOCKET, 'a trusted proxy that added nothing'],
    ['203.0.113.7', 1, '203.0.113.7', 'one proxy: its entry'],
    ['6.6.6.6, 203.0.113.7', 1, '203.0.113.7', 'one proxy: a spoofed leftmost entry is ignored'],
    ['6.6.6.6,7.7.7.7 , 203.0.113.7', 1, '203.0.113.7', 'several spoofed entries, odd spaces'],
    ['6.6.6.6, 203.0.113.7, 10.0.0.2', 2, '203.0.113.7', 'two proxies: the second from the right'],
    ['203.0.113.7, 10.0.0.2', 2, '203.0.113.7', 'two proxies, no spoofing'],
    ['10.0.0.2', 2, SOCKET, 'fewer entries than proxies: the socket'],
    ['6.6.6.6, , 203.0.113.7', 1, '203.0.113.7', 'an empty entry on the client’s side changes nothing'],
    ['2001:DB8::1', 1, '2001:db8::1', 'IPv6, case-folded so one address is one key'],
    ['', 1, SOCKET, 'an empty header'],
    [` ${'9'.repeat(500)}`, 1, '9'.repeat(100), 'a long entry is cut to 100 characters'],
  ];
  for (const [header, proxies, expected, why] of table) {
    it(`${why} (${proxies} ${JSON.stringify(header?.slice(0, 40))})`, () => {
      assert.equal(forwardedClient(header, SOCKET, proxies), expected);
    });
  }
});

describe('forwardedHttps: X-Forwarded-Proto, only behind a trusted proxy', () => {
  const table: Array<[header: string | undefined, proxies: number, expected: boolean]> = [
    ['https', 0, false],
    ['https', 1, true],
    ['HTTPS', 1, true],
    ['http', 1, false],
    [undefined, 1, false],
    ['https, http', 1, false],
    ['http, https', 1, true],
    ['https', 2, true],
    ['https, http', 2, true],
  ];
  for (const [header, proxies, expected] of table) {
    it(`${JSON.stringify(header)} behind ${proxies} → ${expected}`, () => assert.equal(forwardedHttps(header, proxies), expected));
  }
});

describe('TRUST_PROXY', () => {
  it('is a number of proxies, with true/false kept as 1/0', () => {
    const cases: Array<[string | undefined, number]> = [
      [undefined, 0],
      ['false', 0],
      ['no', 0],
      ['0', 0],
      ['true', 1],
      ['yes', 1],
      ['1', 1],
      ['2', 2],
    ];
    for (const [value, proxies] of cases) assert.equal(loadConfig({ TRUST_PROXY: value }).trustedProxies, proxies, String(value));
  });
  it('refuses anything else', () => {
    for (const value of ['-1', '1.5', 'many', '11']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: value }),
        (e) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('TRUST_PROXY')),
        value,
      );
    }
  });
});
