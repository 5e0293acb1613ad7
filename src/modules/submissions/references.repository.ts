import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/**
 * Of the file ids given, those a submission may list: files uploaded with this submission, and files
 * already published with its entry (attached to it and named by one of its revisions, as a publication's file
 * or a variant of its image).
 */
export async function ownedFileIds(db: Db | Tx, ids: readonly number[], owner: { submissionId: number; entryId: number | null }): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('entryFiles as f')
    .select('f.id')
    .where('f.id', 'in', [...new Set(ids)])
    .where((eb) =>
      eb.or([
        eb('f.submissionId', '=', owner.submissionId),
        ...(owner.entryId === null
          ? []
          : [
              eb.and([
                eb('f.entryId', '=', owner.entryId),
                eb.exists(
                  eb
                    .selectFrom('revisions as r')
                    .select('r.id')
                    .where('r.entity', '=', 'entry')
                    .where('r.entityId', '=', owner.entryId)
                    // A publication's files, or the variants of a story's or actor's image.
                    .where(
                      sql<boolean>`(r.data -> 'publication' -> 'fileIds' @> jsonb_build_array(f.id)
                        or jsonb_path_exists(r.data, '$.*.image.variants[*].id ? (@ == $id)', jsonb_build_object('id', f.id)))`,
                    ),
                ),
              ]),
            ]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Kind and state of each entry id that exists (ids that do not are absent from the map). */
export async function entryKindsAndStates(db: Db | Tx, ids: readonly number[]): Promise<Map<number, { kind: string; state: string }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'kind', 'state'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { kind: r.kind, state: r.state }]));
}
