import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { can } from '../../modules/accounts/policy';
import { dataDictionary } from '../../modules/snapshots/data-dictionary';
import { openSnapshot, requestSnapshot, snapshotOverview } from '../../modules/snapshots/snapshots.service';
import { DATA_NOTICES, DataPage } from '../../ui/pages/data.page';
import type { AppEnv } from '../context';
import { pageQuery } from '../query-params';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;
const dataQuery = z.object({ done: z.enum(DATA_NOTICES).optional() });

/** Open data: the snapshots page, a curator's "make one now", and the snapshot downloads. */
export function dataRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/data`, async (c) => {
    const { done } = pageQuery(c, dataQuery, [], { transient: ['done'] });
    const deps = c.get('deps');
    const i18n = i18nFor(c.get('locale'));
    const overview = await snapshotOverview(deps);
    return localePage(
      c,
      i18n.t('data.title'),
      <DataPage
        i18n={i18n}
        snapshots={overview.snapshots.map((s) => ({ ...s, createdAt: new Date(s.createdAt) }))}
        pending={overview.pending}
        enabled={overview.enabled}
        licence={deps.config.dataLicence}
        dictionary={dataDictionary()}
        canSnapshot={can(c.get('actor'), 'snapshot.create')}
        csrf={c.get('csrfToken')}
        notice={done}
      />,
    );
  });

  r.post(`${L}/data/snapshots`, async (c) => {
    const { jobId } = await requestSnapshot(c.get('deps'), c.get('actor'));
    return c.redirect(`/${c.get('locale')}/data?done=${jobId === null ? 'already' : 'requested'}#snapshots`, 303);
  });

  // Only a name of the snapshot pattern that the table lists is served: anything else is 404 before any path is built.
  r.get('/data/snapshots/:file', async (c) => {
    const snapshot = await openSnapshot(c.get('deps'), c.req.param('file'));
    const headers = {
      'content-type': 'application/zip',
      'content-length': String(snapshot.size),
      'content-disposition': `attachment; filename="${snapshot.file}"`,
      'x-content-type-options': 'nosniff',
      // A snapshot never changes once written; a newer one has another name.
      'cache-control': 'public, max-age=86400',
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(Readable.toWeb(snapshot.open()) as ReadableStream<Uint8Array>, 200, headers);
  });

  return r;
}
