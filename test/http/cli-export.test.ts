import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { activityLine } from '../support/factories';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'stocktake-cli-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a real CLI as an operator would, on an embedded database in a temporary folder. */
function run(script: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, script), ...args], { env, encoding: 'utf8' });
}

describe('npm run export -- --format csv --out FILE', () => {
  it('writes every published entry (of the kinds asked) as the API export does', () => {
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      [activityLine({ externalId: 'x-1' }), activityLine({ externalId: 'x-2' }), activityLine({ externalId: 'x-3', state: 'draft' })].join('\n'),
    );
    assert.equal(run('src/cli/import.ts', ['activities', input]).status, 0);
    const out = join(dir, 'out.csv');
    const r = run('src/cli/export.ts', ['--format', 'csv', '--out', out, '--kind', 'activity']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Exported 2 entries/);
    const rows = parse(readFileSync(out), { bom: true, columns: true }) as Array<Record<string, string>>;
    assert.deepEqual(rows.map((row) => row.external_id).sort(), ['x-1', 'x-2']);
    const none = run('src/cli/export.ts', ['--format', 'csv', '--out', join(dir, 'none.csv'), '--kind', 'event']);
    assert.equal(none.status, 0, none.stderr);
    assert.match(none.stderr, /Exported 0 entries/);
  });
  it('refuses an unknown format or kind with a usage message', () => {
    for (const args of [
      ['--format', 'pdf', '--out', 'x'],
      ['--format', 'csv'],
      ['--format', 'csv', '--out', 'x', '--kind', 'thing'],
    ]) {
      const r = run('src/cli/export.ts', args);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /Usage: npm run export/);
    }
  });
});
