import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { environmentWithEnvFile, parseEnvFile } from './env-file';

describe('.env file', () => {
  it('reads KEY=VALUE lines, comments, export, quotes', () => {
    assert.deepEqual(
      parseEnvFile(
        '# comment\n\nPORT=4000\nexport HOST="0.0.0.0"\nSITE_NAME=\'My # register\'\nLOG_LEVEL=warn # quieter\r\nnot a line\nMAIL_FROM="A <a@b.c>"\n',
      ),
      { PORT: '4000', HOST: '0.0.0.0', SITE_NAME: 'My # register', LOG_LEVEL: 'warn', MAIL_FROM: 'A <a@b.c>' },
    );
  });

  it('the real environment wins over the file; no file, the environment alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stocktake-env-'));
    try {
      assert.deepEqual(environmentWithEnvFile({ PORT: '5000' }, dir), { PORT: '5000' });
      writeFileSync(join(dir, '.env'), 'PORT=4000\nDATA_DIR=./elsewhere\n');
      assert.deepEqual(environmentWithEnvFile({ PORT: '5000' }, dir), { PORT: '5000', DATA_DIR: './elsewhere' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
