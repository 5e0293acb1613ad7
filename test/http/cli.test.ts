import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { activityLine } from '../support/factories';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'stocktake-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real CLI as an operator would, on an embedded database in a temporary folder. */
function runImport(file: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/import.ts'), 'activities', file], { env, encoding: 'utf8' });
}

describe('npm run import -- activities FILE', () => {
  it('reports bad lines with their numbers, imports the rest, and updates on re-import', () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, [activityLine({ externalId: 'cli-1' }), 'nope', activityLine({ externalId: 'cli-3', sdgs: ['42'] })].join('\n'));
    const first = runImport(file);
    assert.equal(first.status, 1, first.stderr);
    assert.match(first.stderr, /line 2: \(line\): invalid_json/);
    assert.match(first.stderr, /line 3: sdgs\.0: unknown_value/);
    assert.match(first.stdout, /1 created, 0 updated, 2 rejected/);

    writeFileSync(file, activityLine({ externalId: 'cli-1' }));
    const second = runImport(file);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /0 created, 1 updated, 0 rejected/);
  });
  it('refuses a missing file and a wrong kind with a usage message', () => {
    const r = runImport(join(dir, 'missing.jsonl'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /No such file/);
  });
});
