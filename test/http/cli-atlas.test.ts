import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SEED = fileURLToPath(new URL('../../../shared/seeds/004_b78da1f58fdcc80b.txt', import.meta.url));
const seedSkip = !existsSync(SEED) && 'shared/seeds/004_b78da1f58fdcc80b.txt is absent (../shared is not part of the project)';
const dir = mkdtempSync(join(tmpdir(), 'stocktake-cli-atlas-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real CLI as an operator would, on an embedded database in a temporary folder. */
function runImport(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/import.ts'), ...args], { env, encoding: 'utf8' });
}

const PROFILES = [
  'CyberPeace Institute \\(atlas:cyberpeace-institute\\)',
  'Geneva Graduate Institute of International and Development Studies \\(atlas:geneva-graduate-institute\\)',
  'UNIDIR \\(atlas:unidir\\)',
  'ITU \\(atlas:itu\\)',
  'Internet Governance Forum \\(atlas:igf\\)',
];

describe('npm run import -- atlas FILE', () => {
  it('imports the seed once, then finds every profile unchanged', { skip: seedSkip }, () => {
    const first = runImport('atlas', SEED);
    assert.equal(first.status, 0, first.stderr);
    const lines = first.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'Atlas: 5 created, 0 updated, 0 unchanged, 0 failed; 14 lines could not be mapped.');
    const heads = lines.filter((l) => !l.startsWith(' ') && !l.startsWith('Atlas:'));
    assert.equal(heads.length, 5);
    heads.forEach((line, i) => assert.match(line, new RegExp(`^created  #\\d+  ${PROFILES[i]}$`)));
    // Long lines are quoted cut short; the line number leads to the rest.
    assert.ok(
      lines.some((l) =>
        /^ {2}could not map: line 81: "Some of the Institute’s prominent research initiatives [^"]{30,}…" \(under “Digital policy issues” but before any issue heading\)$/.test(
          l,
        ),
      ),
    );
    assert.ok(lines.some((l) => /^ {2}could not map: line 622: "Facebook @CyberpeaceInstitute" \(under a repeated “Social media channels” heading/.test(l)));

    const second = runImport('atlas', SEED);
    assert.equal(second.status, 0, second.stderr);
    const again = second.stdout.trimEnd().split('\n');
    assert.equal(again.at(-1), 'Atlas: 0 created, 0 updated, 5 unchanged, 0 failed; 14 lines could not be mapped.');
    // The same entries, by the same numbers.
    const ids = (ls: string[]) => ls.flatMap((l) => /#(\d+)/.exec(l)?.[1] ?? []);
    assert.deepEqual(ids(again), ids(lines));
    assert.equal(again.filter((l) => l.startsWith('unchanged  #')).length, 5);
  });

  it('refuses an unknown kind with a usage message that names atlas', () => {
    const r = runImport('actors', SEED);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /npm run import -- atlas FILE/);
  });
});
