import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWrk } from '../../bench/load';

// A report as wrk 4.1 prints it with --latency (Debian's package), trimmed of nothing.
const REPORT = `Running 5s test @ http://127.0.0.1:3900/en/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.18ms    1.61ms  35.82ms   96.18%
    Req/Sec    10.02k     1.10k   11.40k    80.00%
  Latency Distribution
     50%  850.00us
     75%    1.10ms
     90%    1.60ms
     99%    2.05s
  49870 requests in 5.01s, 780.12MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   9958.09
Transfer/sec:    155.71MB
`;

describe('reading wrk’s report (bench:http, scale-out)', () => {
  it('takes requests, req/s, the median and 99th percentile in ms, non-2xx answers and socket errors', () => {
    assert.deepEqual(parseWrk(REPORT), { requests: 49870, reqPerSec: 9958.09, p50: 0.85, p99: 2050, non2xx: 7, errors: 5 });
  });

  it('counts no errors and no non-2xx when wrk prints none', () => {
    const clean = REPORT.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    const r = parseWrk(clean);
    assert.equal(r.errors, 0);
    assert.equal(r.non2xx, 0);
  });

  it('refuses a report without figures rather than printing zeros', () => {
    assert.throws(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused\n'), /wrk gave no figures/);
  });
});
