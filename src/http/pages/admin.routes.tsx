import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { USER_STATUSES } from '../../modules/accounts/accounts';
import { userAdminSchema } from '../../modules/accounts/accounts.schemas';
import { administerUser, listAccounts } from '../../modules/accounts/accounts.service';
import { authorize } from '../../modules/accounts/policy';
import { readAuditLog } from '../../modules/audit/audit.service';
import { listOutbox } from '../../modules/mail/mail.service';
import { AppError } from '../../lib/errors';
import { checkLogo, getSettings, MAX_LOGO_BYTES, saveLogo, saveSettings, siteSettingsSchema } from '../../modules/settings/settings';
import { AuditPage, OutboxPage, SettingsPage, UsersPage } from '../../ui/pages/admin.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, parseWith, readForm } from '../forms';
import { pageQuery, queryParam } from '../query-params';
import { accountDeps, pathId } from '../params';
import { streamedUpload } from '../uploads';
import { LOCALE_PATTERN, renderPage } from './render';
import { importIatiUpload, MAX_IATI_UPLOAD_BYTES } from '../../modules/iati/iati.import';
import { IatiImportPage } from '../../ui/pages/iati-import.page';

const L = `/${LOCALE_PATTERN}/admin`;

const usersQuery = z.object({ status: z.enum(USER_STATUSES).optional() });

/** Administration: accounts, site settings, the mail outbox and the audit log. */
export function adminRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/users`, async (c) => {
    authorize(c.get('actor'), 'user.manage');
    const i18n = i18nFor(c.get('locale'));
    const { status } = pageQuery(c, usersQuery);
    const users = await listAccounts(c.get('deps').db, { status, limit: 500 });
    return renderPage(c, i18n.locale, i18n.t('admin.users'), <UsersPage i18n={i18n} csrf={c.get('csrfToken')} status={status} users={users} />);
  });
  r.post(`${L}/users/:id`, async (c) => {
    const id = pathId(c);
    const f = await readForm(c);
    const input = parseWith(userAdminSchema, { role: one(f, 'role'), status: one(f, 'status') });
    const actor = c.get('actor');
    authorize(actor, 'user.manage');
    await administerUser(accountDeps(c), actor, id, input);
    return c.redirect(`/${c.get('locale')}/admin/users`, 303);
  });

  r.get(`${L}/settings`, async (c) => {
    authorize(c.get('actor'), 'settings.manage');
    const i18n = i18nFor(c.get('locale'));
    const settings = await getSettings(c.get('deps').db);
    return renderPage(
      c,
      i18n.locale,
      i18n.t('admin.settings'),
      <SettingsPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        settings={settings}
        hasLogo={Boolean(c.get('siteIdentity').logo)}
        errors={{}}
        saved={queryParam(c, 'saved') === '1'}
      />,
    );
  });
  r.post(`${L}/settings`, async (c) => {
    const actor = c.get('actor');
    authorize(actor, 'settings.manage');
    const locale = c.get('locale');
    const f = await readForm(c);
    const raw = {
      registration: one(f, 'registration'),
      submissions: one(f, 'submissions'),
      confirmAfterDays: one(f, 'confirmAfterDays'),
      siteName: one(f, 'siteName') ?? '',
      primaryColour: one(f, 'primaryColour') ?? '',
      accentColour: one(f, 'accentColour') ?? '',
      logoPath: one(f, 'logoPath') ?? '',
    };
    try {
      const input = parseWith(siteSettingsSchema, raw);
      await saveSettings(c.get('deps').db, actor.userId, input);
      // Pages render the new identity at once here; the public response cache sees its version move.
      await c.get('siteSettings').reload();
      return c.redirect(`/${locale}/admin/settings?saved=1`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const settings = await getSettings(c.get('deps').db);
      // The person's input is kept (the identity fields are text; the others are choices already shown).
      const kept = { ...settings, siteName: raw.siteName, primaryColour: raw.primaryColour, accentColour: raw.accentColour, logoPath: raw.logoPath };
      return settingsRefused(c, kept, e);
    }
  });
  /** The settings page again with a refused change's problems, and the settings it shows. */
  const settingsRefused = (c: Context<AppEnv>, settings: Awaited<ReturnType<typeof getSettings>>, e: AppError) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    return renderPage(
      c,
      locale,
      i18n.t('admin.settings'),
      <SettingsPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        settings={settings}
        hasLogo={Boolean(c.get('siteIdentity').logo)}
        errors={fieldErrors(locale, e.details)}
      />,
      formStatus(e),
    );
  };
  // The logo: a PNG or SVG file judged by its bytes, at most MAX_LOGO_BYTES, read as a stream (binary bytes never pass through a text decoder).
  const logoAnswer = async (c: Context<AppEnv>, save: () => Promise<void>) => {
    const actor = c.get('actor');
    authorize(actor, 'settings.manage');
    const locale = c.get('locale');
    try {
      await save();
      await c.get('siteSettings').reload();
      return c.redirect(`/${locale}/admin/settings?saved=1`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return settingsRefused(c, await getSettings(c.get('deps').db), e);
    }
  };
  const settingsManager: MiddlewareHandler<AppEnv> = async (c, next) => {
    authorize(c.get('actor'), 'settings.manage');
    await next();
  };
  r.post(`${L}/settings/logo`, settingsManager, streamedUpload({ maxBytes: MAX_LOGO_BYTES, field: 'logo' }), (c) =>
    logoAnswer(c, async () => {
      const upload = c.get('upload');
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of upload?.chunks ?? []) {
        size += chunk.byteLength;
        if (size > MAX_LOGO_BYTES) throw new AppError('validation_failed', [{ field: 'logo', code: 'identity_logo_too_large' }]);
        chunks.push(chunk);
      }
      if (size === 0) throw new AppError('validation_failed', [{ field: 'logo', code: 'required' }]);
      const bytes = new Uint8Array(Buffer.concat(chunks));
      const verdict = checkLogo(bytes);
      if (!verdict.ok) throw new AppError('validation_failed', [{ field: 'logo', code: `identity_logo_${verdict.problem}` }]);
      await saveLogo(c.get('deps').db, c.get('actor')!.userId, { type: verdict.type, bytes });
    }),
  );
  r.post(`${L}/settings/logo/remove`, (c) =>
    logoAnswer(c, async () => {
      const actor = c.get('actor');
      authorize(actor, 'settings.manage');
      await saveLogo(c.get('deps').db, actor.userId, null);
    }),
  );

  r.get(`${L}/outbox`, async (c) => {
    authorize(c.get('actor'), 'outbox.read');
    const i18n = i18nFor(c.get('locale'));
    const mails = await listOutbox(c.get('deps').db, { limit: 200 });
    return renderPage(c, i18n.locale, i18n.t('admin.outbox'), <OutboxPage i18n={i18n} smtp={Boolean(c.get('deps').config.smtpUrl)} mails={mails} />);
  });

  r.get(`${L}/audit`, async (c) => {
    authorize(c.get('actor'), 'audit.read');
    const i18n = i18nFor(c.get('locale'));
    const { entries, names } = await readAuditLog(c.get('deps').db, 300);
    return renderPage(c, i18n.locale, i18n.t('admin.audit'), <AuditPage i18n={i18n} entries={entries} names={names} />);
  });

  // The IATI import: an administrator uploads an activity file (at most MAX_IATI_UPLOAD_BYTES) and reads the report.
  r.get(`${L}/import`, (c) => {
    authorize(c.get('actor'), 'import.run');
    const i18n = i18nFor(c.get('locale'));
    return renderPage(c, i18n.locale, i18n.t('iatiImport.title'), <IatiImportPage i18n={i18n} csrf={c.get('csrfToken')} maxBytes={MAX_IATI_UPLOAD_BYTES} />);
  });
  const importer: MiddlewareHandler<AppEnv> = async (c, next) => {
    authorize(c.get('actor'), 'import.run');
    await next();
  };
  r.post(`${L}/import`, importer, streamedUpload({ maxBytes: MAX_IATI_UPLOAD_BYTES, field: 'file' }), async (c) => {
    const actor = c.get('actor');
    authorize(actor, 'import.run');
    const i18n = i18nFor(c.get('locale'));
    const upload = c.get('upload');
    // The whole file is taken (within the limit) before the import starts, so a file over the limit writes nothing.
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of upload?.chunks ?? []) {
      size += chunk.byteLength;
      if (size > MAX_IATI_UPLOAD_BYTES) throw new AppError('payload_too_large');
      chunks.push(chunk);
    }
    if (!upload || size === 0) {
      const page = <IatiImportPage i18n={i18n} csrf={c.get('csrfToken')} maxBytes={MAX_IATI_UPLOAD_BYTES} error={i18n.t('iatiImport.noFile')} />;
      return renderPage(c, i18n.locale, i18n.t('iatiImport.title'), page, 422);
    }
    const { summary, reports } = await importIatiUpload(c.get('deps'), actor.userId, { name: upload.name, bytes: Buffer.concat(chunks) });
    const result = { name: upload.name, summary, reports };
    const page = <IatiImportPage i18n={i18n} csrf={c.get('csrfToken')} maxBytes={MAX_IATI_UPLOAD_BYTES} result={result} />;
    // A file that is not IATI at all is the sender's error; a file with refused activities is a report.
    return renderPage(c, i18n.locale, i18n.t('iatiImport.title'), page, summary.fileProblem && summary.activities === 0 ? 422 : 200);
  });

  return r;
}
