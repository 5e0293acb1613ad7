import { Hono } from 'hono';
import { i18nFor } from '../../i18n/i18n';
import { AppError } from '../../lib/errors';
import { actionLineOverview, sdgOverview } from '../../modules/crosswalk/crosswalk.service';
import { ActionLinePage, ActionLinesPage, SdgPage, SdgsPage } from '../../ui/pages/crosswalk.page';
import type { AppEnv } from '../context';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;

/**
 * The vocabulary pages of the WSIS–SDG crosswalk: every action line and every goal, one action line (with the SDG
 * targets it serves) and one SDG goal or target (with the action lines that serve it). Public, and cached like any
 * visitor's page: what they show depends on the URL and the published register only.
 */
export function crosswalkRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/action-lines`, (c) => {
    const i18n = i18nFor(c.get('locale'));
    return localePage(c, i18n.t('crosswalk.actionLines.title'), <ActionLinesPage i18n={i18n} taxonomy={c.get('deps').taxonomy} />);
  });

  r.get(`${L}/action-lines/:code{c[0-9]{1,2}(?:-[a-z-]{1,30})?}`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const overview = await actionLineOverview(deps, c.req.param('code'), locale);
    const i18n = i18nFor(locale);
    const label = deps.taxonomy.label('action-line', overview.code, locale);
    return localePage(c, label, <ActionLinePage i18n={i18n} taxonomy={deps.taxonomy} overview={overview} />);
  });

  r.get(`${L}/sdgs`, (c) => {
    const i18n = i18nFor(c.get('locale'));
    return localePage(c, i18n.t('crosswalk.sdgs.title'), <SdgsPage i18n={i18n} taxonomy={c.get('deps').taxonomy} />);
  });

  r.get(`${L}/sdgs/:code{[0-9]{1,2}(?:\\.[0-9a-z]{1,2})?}`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const code = c.req.param('code');
    if (!deps.taxonomy.has('sdg', code)) throw new AppError('not_found');
    const overview = await sdgOverview(deps, code, locale);
    const i18n = i18nFor(locale);
    const title = overview.isTarget
      ? i18n.t('crosswalk.sdg.targetTitle', { code })
      : i18n.t('crosswalk.sdg.title', { code, label: deps.taxonomy.label('sdg', code, locale) });
    return localePage(c, title, <SdgPage i18n={i18n} taxonomy={deps.taxonomy} overview={overview} />);
  });

  return r;
}
