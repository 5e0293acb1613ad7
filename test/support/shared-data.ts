import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared data folder that lives beside the project (never copied into it): SHARED_DATA_DIR when set,
 * else `../shared/data` next to the repository, else /work/shared/data (a git worktree sits deeper).
 */
export function sharedDataDir(): string {
  if (process.env.SHARED_DATA_DIR) return process.env.SHARED_DATA_DIR;
  const beside = resolve(import.meta.dirname, '../../../shared/data');
  return existsSync(beside) ? beside : '/work/shared/data';
}

/** A path inside the shared data folder. */
export function sharedData(...parts: string[]): string {
  return join(sharedDataDir(), ...parts);
}
