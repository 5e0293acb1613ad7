/** The job that makes a whole-register snapshot. */
export const SNAPSHOT_JOB = 'snapshot.make';

/** A snapshot's file name: `stocktake-data-2026-12-03-071500.zip` (UTC). Nothing else is ever served. */
export const SNAPSHOT_FILE_PATTERN = /^stocktake-data-\d{4}-\d{2}-\d{2}-\d{6}\.zip$/;

export function snapshotFileName(at: Date): string {
  const iso = at.toISOString(); // 2026-12-03T07:15:00.000Z
  return `stocktake-data-${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '')}.zip`;
}

/** Whether a name (from a URL) is one a snapshot could have: the only names joined to the snapshot folder. */
export function isSnapshotFileName(name: string): boolean {
  return name.length <= 64 && SNAPSHOT_FILE_PATTERN.test(name);
}
