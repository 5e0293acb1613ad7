import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import yauzl from 'yauzl';
import { readZip } from '../../test/support/zip';
import { createZipWriter, type ByteSink } from './zip-stream';

/** A sink that keeps everything (tests' archives are small). */
function memorySink(): { push: ByteSink; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return { push: async (c) => void parts.push(c), bytes: () => Buffer.concat(parts) };
}

/** Runs a command-line checker on the archive when it is installed (CRCs included); `undefined` when it is not. */
function check(tool: 'unzip' | 'python3', bytes: Buffer): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zip-stream-'));
  try {
    const file = join(dir, 'a.zip');
    writeFileSync(file, bytes);
    const args = tool === 'unzip' ? ['-t', file] : ['-m', 'zipfile', '-t', file];
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const has = (tool: string) => {
  try {
    execFileSync(tool, tool === 'unzip' ? ['-v'] : ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function sample(zip64: boolean): Promise<{ bytes: Buffer; big: Buffer }> {
  const sink = memorySink();
  const zip = createZipWriter(sink.push, { modified: new Date('2026-12-03T10:20:30Z') });
  await zip.file('small.txt', 'héllo, 世界 🌍\n');
  await zip.file('dir/empty', '');
  const entry = await zip.entry('dir/streamed – 数据.bin', { zip64 });
  // Incompressible and compressible pieces, more than deflate's buffers hold, so several chunks come out.
  const big = Buffer.concat([randomBytes(300_000), Buffer.alloc(200_000, 'abc'), randomBytes(70_000)]);
  for (let i = 0; i < big.length; i += 65_536) await entry.write(big.subarray(i, i + 65_536));
  await entry.write('');
  await entry.end();
  await zip.file('after.txt', 'last');
  await zip.finish();
  const bytes = sink.bytes();
  assert.equal(zip.bytes, bytes.length, 'the count of bytes written is the archive’s size');
  return { bytes, big };
}

describe('streaming ZIP writer', () => {
  for (const zip64 of [false, true]) {
    it(`writes an archive yauzl reads back byte for byte${zip64 ? ' (zip64 streamed file)' : ''}`, async () => {
      const { bytes, big } = await sample(zip64);
      const files = await readZip(bytes);
      assert.deepEqual([...files.keys()], ['small.txt', 'dir/empty', 'dir/streamed – 数据.bin', 'after.txt']);
      assert.equal(files.get('small.txt')!.toString('utf8'), 'héllo, 世界 🌍\n');
      assert.equal(files.get('dir/empty')!.length, 0);
      assert.ok(files.get('dir/streamed – 数据.bin')!.equals(big));
      assert.equal(files.get('after.txt')!.toString('utf8'), 'last');
      assert.ok(bytes.length < big.length, 'deflated');
    });

    it(`passes unzip -t and Python’s zipfile -t, CRCs included${zip64 ? ' (zip64)' : ''}`, { skip: !has('unzip') && !has('python3') }, async () => {
      const { bytes } = await sample(zip64);
      const unzip = check('unzip', bytes);
      if (unzip !== undefined) assert.match(unzip, /No errors detected/);
      const python = check('python3', bytes);
      if (python !== undefined) assert.match(python, /Done testing/);
      // A corrupted byte inside the streamed file's data is caught by its CRC: the check can fail.
      const broken = Buffer.from(bytes);
      broken[broken.indexOf('after.txt') - 2000]! ^= 0xff;
      assert.throws(() => check(has('unzip') ? 'unzip' : 'python3', broken));
    });
  }

  it('dates files from `modified` (MS-DOS fields, two-second precision)', async () => {
    const { bytes } = await sample(false);
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) =>
      yauzl.fromBuffer(bytes, (err, zip) => {
        if (err) return reject(err);
        const all: yauzl.Entry[] = [];
        zip.on('entry', (e: yauzl.Entry) => all.push(e));
        zip.on('end', () => resolve(all));
      }),
    );
    assert.equal(entries[0]!.getLastModDate({ timezone: 'UTC' }).toISOString(), '2026-12-03T10:20:30.000Z');
  });

  it('waits for a slow reader: writing stalls, not buffers, while the sink holds a chunk', async () => {
    let release: () => void = () => {};
    let pushed = 0;
    const zip = createZipWriter(
      (c) => {
        pushed += c.length;
        return new Promise<void>((r) => (release = r));
      },
      { level: 0 },
    );
    const header = zip.entry('x.bin');
    release();
    const entry = await header;
    let accepted = 0;
    const writing = (async () => {
      for (let i = 0; i < 200; i++) {
        await entry.write(randomBytes(65_536));
        accepted++;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(accepted < 10, `stalled after ${accepted} pieces of 64 KB`);
    assert.ok(pushed < 1_000_000, `${pushed} bytes pushed`);
    // Let it run to the end: every chunk taken at once.
    const drainAll = setInterval(() => release(), 1);
    await writing;
    const done = entry.end();
    await done;
    clearInterval(drainAll);
    assert.equal(accepted, 200);
  });

  it('fails the writer with the sink’s error when the reader goes away', async () => {
    class Gone extends Error {}
    let calls = 0;
    const zip = createZipWriter(async () => {
      if (++calls > 3) throw new Gone();
    });
    const entry = await zip.entry('x.bin');
    await assert.rejects(async () => {
      for (let i = 0; i < 100; i++) await entry.write(randomBytes(65_536));
      await entry.end();
    }, Gone);
  });

  it('refuses a second file while one is being streamed', async () => {
    const zip = createZipWriter(memorySink().push);
    await zip.entry('a');
    await assert.rejects(zip.file('b', 'x'), /another file/);
    await assert.rejects(zip.finish(), /being written/);
  });
});
