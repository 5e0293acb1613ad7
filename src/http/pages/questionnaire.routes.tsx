import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { i18nFor, inLocale, type MessageKey } from '../../i18n/i18n';
import { isLocale, LOCALES, type Locale } from '../../i18n/locales';
import { AppError, type ErrorDetail } from '../../lib/errors';
import { can } from '../../modules/accounts/policy';
import { listCalls } from '../../modules/calls/calls.service';
import { STEP_IDS, stepsOf, type StepId } from '../../modules/submissions/submissions.rules';
import { ENTRY_KINDS } from '../../modules/entries/entries';
import { kindOf } from '../../modules/entries/kinds';
import { MAX_UPLOAD_BYTES } from '../../modules/publications/file-check';
import { describeFiles, removeFile, uploadFile } from '../../modules/publications/publications.service';
import { MAX_IMAGE_BYTES } from '../../modules/images/image-check';
import { draftImage, removeImage, uploadImage, withImage } from '../../modules/images/images.service';
import { draftPatchSchema, onlyGiven, replySchema, rowsSchema, MAX_FORM_ROWS, type DraftData } from '../../modules/submissions/submissions.schemas';
import {
  getSubmission,
  mySubmissions,
  ownedEntries,
  readSubmission,
  replyToCurators,
  saveDraft,
  startSubmission,
  submit,
} from '../../modules/submissions/drafts.service';
import { findDuplicates } from '../../modules/submissions/duplicates.service';
import { ContributePage, SubmissionPage } from '../../ui/pages/contribute.page';
import { QuestionnairePage, type QuestionnaireProps } from '../../ui/pages/questionnaire.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, many, one, opt, parseWith, readForm, type FormValues } from '../forms';
import { pathId, submissionDeps } from '../params';
import { queryParam } from '../query-params';
import { streamedUpload } from '../uploads';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;
const idParam = z.coerce.number().int().min(1).max(2147483647);

/** How many repeated rows a form sent: a bounded integer, or a 400 that names `rows` (never a huge loop). */
export function rowsOf(f: FormValues): number {
  return parseWith(rowsSchema, { rows: one(f, 'rows') || 0 }).rows;
}

/** A step's form as a draft patch: only the fields that step asks for. */
export function formToPatch(step: StepId, f: FormValues, data: DraftData, locale: Locale): { patch: Record<string, unknown>; language?: Locale | undefined } {
  switch (step) {
    case 'about': {
      const language = (opt(f, 'originalLanguage') ?? data.originalLanguage ?? locale) as Locale;
      return {
        patch: {
          originalLanguage: language,
          translations: { [language]: { title: one(f, 'title') ?? '', summary: one(f, 'summary') ?? '', description: one(f, 'description') ?? '' } },
          activityType: opt(f, 'activityType'),
          status: opt(f, 'status'),
          startDate: opt(f, 'startDate') ?? null,
          endDate: opt(f, 'endDate') ?? null,
        },
      };
    }
    case 'where':
      return { patch: { scope: opt(f, 'scope'), countries: many(f, 'countries'), regions: many(f, 'regions'), targetGroups: many(f, 'targetGroups') } };
    case 'themes':
      return { patch: { actionLines: many(f, 'actionLines'), sdgs: many(f, 'sdgs'), issues: many(f, 'issues') } };
    case 'details':
      // The kind's descriptor reads its own details step.
      return {
        patch: kindOf(data.kind).decodeForm({ one: (k) => one(f, k), opt: (k) => opt(f, k), rows: () => rowsOf(f) }, data, data.originalLanguage ?? locale),
      };
    case 'issues': {
      const rows = Math.min(rowsOf(f), 90);
      const issues = [];
      for (let i = 0; i < rows; i += 1) {
        const issue = opt(f, `actor.issues.${i}.issue`);
        if (issue) issues.push({ issue, alias: opt(f, `actor.issues.${i}.alias`) ?? null, narrative: one(f, `actor.issues.${i}.narrative`) ?? '' });
      }
      return { patch: { actor: { ...data.actor, issues } } };
    }
    case 'file':
      return { patch: {} };
    case 'image': {
      // The step's own form edits the image's alt text in each language; the image itself comes by upload.
      const image = draftImage(data);
      if (!image) return { patch: {} };
      const alt = Object.fromEntries(LOCALES.flatMap((l) => (opt(f, `image.alt.${l}`) ? [[l, opt(f, `image.alt.${l}`)]] : [])));
      return { patch: withImage(data, { ...image, alt }) };
    }
    case 'organisations': {
      const rows = Math.min(rowsOf(f), 60);
      const organisations = [];
      for (let i = 0; i < rows; i += 1) {
        const name = opt(f, `organisations.${i}.name`);
        if (name)
          organisations.push({
            name,
            role: one(f, `organisations.${i}.role`) ?? 'partner',
            stakeholderType: one(f, `organisations.${i}.stakeholderType`) ?? 'other',
          });
      }
      return { patch: { organisations } };
    }
    case 'links': {
      const rows = Math.min(rowsOf(f), 30);
      const links = [];
      for (let i = 0; i < rows; i += 1) {
        const url = opt(f, `links.${i}.url`);
        if (url) links.push({ url, label: opt(f, `links.${i}.label`) ?? null });
      }
      const contact = { name: opt(f, 'contactName'), email: opt(f, 'contactEmail'), phone: opt(f, 'contactPhone') };
      const given = Object.fromEntries(Object.entries(contact).filter(([, v]) => v));
      return { patch: { links, contact: Object.keys(given).length ? given : undefined } };
    }
    case 'languages': {
      const language = opt(f, 'language');
      if (!language || !isLocale(language)) return { patch: {}, language: undefined };
      const text = {
        title: one(f, `translations.${language}.title`) ?? '',
        summary: one(f, `translations.${language}.summary`) ?? '',
        description: one(f, `translations.${language}.description`) ?? '',
      };
      if (!text.title && !text.summary && !text.description) return { patch: {}, language };
      return { patch: { translations: { [language]: text } }, language };
    }
  }
}

/** Field names as the questionnaire shows them: the original language's text is just "title". */
function questionnaireField(field: string, original: Locale | undefined): string {
  if (original && field.startsWith(`translations.${original}.`)) return field.slice(`translations.${original}.`.length);
  if (field === 'contact.email') return 'contactEmail';
  if (field === 'contact.name') return 'contactName';
  if (field === 'contact.phone') return 'contactPhone';
  return field;
}

export function problemsOf(locale: Locale, details: ErrorDetail[], original: Locale | undefined) {
  return fieldErrors(locale, details, (f) => questionnaireField(f, original));
}

/** The contributor's desk, and the questionnaire: starting a draft, its steps, its files, submitting it. */
/** The upload's step again (422) with the refused file's problems and what the step shows besides. */
function refusedUpload(
  c: Context<AppEnv>,
  view: Awaited<ReturnType<typeof readSubmission>>,
  step: 'file' | 'image',
  e: AppError,
  extra: Pick<QuestionnaireProps, 'files' | 'altTyped'>,
) {
  const locale = c.get('locale');
  const i18n = i18nFor(locale);
  return localePage(
    c,
    i18n.t(`step.${step}`),
    <QuestionnairePage
      i18n={i18n}
      taxonomy={c.get('deps').taxonomy}
      csrf={c.get('csrfToken')}
      submissionId={view.id}
      step={step}
      data={view.data}
      errors={{}}
      fileErrors={problemsOf(locale, e.details, undefined)}
      comments={view.fieldComments ?? {}}
      {...extra}
    />,
    422,
  );
}

export function questionnaireRoutes() {
  const r = new Hono<AppEnv>();
  // Sign-in is asked before a streamed upload reads its body, as before any lookup elsewhere.
  const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
    requireActor(c);
    await next();
  };

  r.get(`${L}/contribute`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const deps = submissionDeps(c);
    const now = new Date();
    const [submissions, entries, calls] = await Promise.all([mySubmissions(deps, actor), ownedEntries(deps, actor), listCalls(deps.db)]);
    const openCalls = calls
      .filter((call) => new Date(call.opensAt) <= now && new Date(call.closesAt) > now)
      .map((call) => ({ id: call.id, title: inLocale(call.titles, locale), closesAt: new Date(call.closesAt) }));
    return localePage(
      c,
      i18n.t('contribute.title'),
      <ContributePage i18n={i18n} csrf={c.get('csrfToken')} actor={actor} submissions={submissions} entries={entries} openCalls={openCalls} />,
    );
  });

  r.post(`${L}/contribute/submissions`, async (c) => {
    const actor = requireActor(c);
    const f = await readForm(c);
    const input = parseWith(z.object({ organisationId: idParam.optional(), entryId: idParam.optional(), kind: z.enum(ENTRY_KINDS).optional() }).strict(), {
      organisationId: opt(f, 'organisationId'),
      entryId: opt(f, 'entryId'),
      kind: opt(f, 'kind'),
    });
    const id = await startSubmission(submissionDeps(c), actor, { ...input, language: c.get('locale') });
    return c.redirect(`/${c.get('locale')}/contribute/submissions/${id}/about`, 303);
  });

  // Every route on a submission asks a visitor to sign in before it reads the id, the step or the form,
  // so an id that exists and one that does not answer alike.
  r.get(`${L}/contribute/submissions/:id`, async (c) => {
    requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const deps = submissionDeps(c);
    const view = await getSubmission(deps, c.get('actor'), pathId(c));
    const duplicates = await findDuplicates(deps, view.data, view.entryId);
    const canEdit = can(c.get('actor'), 'submission.edit', { organisationId: view.organisationId, createdBy: view.createdBy });
    return localePage(
      c,
      i18n.t('contribute.submissionTitle'),
      <SubmissionPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        view={view}
        problems={problemsOf(locale, view.problems, view.data.originalLanguage)}
        duplicates={duplicates}
        canEdit={canEdit}
      />,
    );
  });

  r.post(`${L}/contribute/submissions/:id/submit`, async (c) => {
    requireActor(c);
    const locale = c.get('locale');
    const id = pathId(c);
    try {
      await submit(submissionDeps(c), c.get('actor'), id);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'validation_failed')) throw e;
      const i18n = i18nFor(locale);
      const deps = submissionDeps(c);
      const view = await getSubmission(deps, c.get('actor'), id);
      return localePage(
        c,
        i18n.t('contribute.submissionTitle'),
        <SubmissionPage
          i18n={i18n}
          csrf={c.get('csrfToken')}
          view={view}
          problems={problemsOf(locale, e.details, view.data.originalLanguage)}
          duplicates={[]}
          canEdit
        />,
        422,
      );
    }
    return c.redirect(`/${locale}/contribute/submissions/${id}`, 303);
  });

  // A reply to the curators; a refused one shows the page again with the problem and what was typed.
  r.post(`${L}/contribute/submissions/:id/reply`, async (c) => {
    requireActor(c);
    const locale = c.get('locale');
    const id = pathId(c);
    const f = await readForm(c);
    try {
      await replyToCurators(submissionDeps(c), c.get('actor'), id, parseWith(replySchema, { message: one(f, 'message') ?? '' }));
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'validation_failed')) throw e;
      const i18n = i18nFor(locale);
      const deps = submissionDeps(c);
      const view = await getSubmission(deps, c.get('actor'), id);
      const canEdit = can(c.get('actor'), 'submission.edit', { organisationId: view.organisationId, createdBy: view.createdBy });
      // Someone who may only read the submission learns no more from a malformed reply than from a good one.
      if (!canEdit) throw new AppError('forbidden');
      if (view.status === 'draft') throw new AppError('invalid_transition', [{ field: 'status', code: 'thread_draft' }]);
      return localePage(
        c,
        i18n.t('contribute.submissionTitle'),
        <SubmissionPage
          i18n={i18n}
          csrf={c.get('csrfToken')}
          view={view}
          problems={problemsOf(locale, view.problems, view.data.originalLanguage)}
          duplicates={[]}
          canEdit
          reply={{ errors: fieldErrors(locale, e.details), message: one(f, 'message') ?? '' }}
        />,
        422,
      );
    }
    return c.redirect(`/${locale}/contribute/submissions/${id}#thread-h`, 303);
  });

  r.post(`${L}/contribute/submissions/:id/files`, signedIn, streamedUpload({ maxBytes: MAX_UPLOAD_BYTES, field: 'file' }), async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const deps = submissionDeps(c);
    const actor = c.get('actor');
    try {
      await uploadFile(deps.db, actor, id, c.get('upload'));
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'validation_failed')) throw e;
      const view = await readSubmission(deps, actor, id);
      const files = await describeFiles(deps.db, view.data.publication?.fileIds ?? [], { submissionId: view.id, entryId: view.entryId });
      return refusedUpload(c, view, 'file', e, { files });
    }
    return c.redirect(`/${locale}/contribute/submissions/${id}/file?saved=1`, 303);
  });
  r.post(`${L}/contribute/submissions/:id/images`, signedIn, streamedUpload({ maxBytes: MAX_IMAGE_BYTES, field: 'image' }), async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const deps = submissionDeps(c);
    const actor = c.get('actor');
    try {
      await uploadImage(deps.db, actor, id, c.get('upload'), c.get('uploadFields').get('alt'), locale);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'validation_failed')) throw e;
      const view = await readSubmission(deps, actor, id);
      return refusedUpload(c, view, 'image', e, { altTyped: c.get('uploadFields').get('alt') });
    }
    return c.redirect(`/${locale}/contribute/submissions/${id}/image?saved=1`, 303);
  });
  r.post(`${L}/contribute/submissions/:id/images/remove`, async (c) => {
    requireActor(c);
    const id = pathId(c);
    await readForm(c);
    await removeImage(c.get('deps').db, c.get('actor'), id);
    return c.redirect(`/${c.get('locale')}/contribute/submissions/${id}/image?saved=1`, 303);
  });
  r.post(`${L}/contribute/submissions/:id/files/:fileId/remove`, async (c) => {
    requireActor(c);
    const id = pathId(c);
    const fileId = parseWith(z.object({ fileId: idParam }).strict(), { fileId: c.req.param('fileId') }).fileId;
    await readForm(c);
    await removeFile(c.get('deps').db, c.get('actor'), id, fileId);
    return c.redirect(`/${c.get('locale')}/contribute/submissions/${id}/file?saved=1`, 303);
  });

  const stepParam = (c: Context<AppEnv>): StepId => {
    const step = c.req.param('step');
    if (!step || !(STEP_IDS as string[]).includes(step)) throw new AppError('not_found');
    return step as StepId;
  };

  r.get(`${L}/contribute/submissions/:id/:step`, async (c) => {
    requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const step = stepParam(c);
    const view = await readSubmission(submissionDeps(c), c.get('actor'), pathId(c));
    if (!can(c.get('actor'), 'submission.edit', { organisationId: view.organisationId, createdBy: view.createdBy })) throw new AppError('not_found');
    if (!stepsOf(view.data.kind).some((s) => s.id === step)) throw new AppError('not_found');
    if (view.status !== 'draft' && view.status !== 'changes_requested') return c.redirect(`/${locale}/contribute/submissions/${view.id}`, 303);
    const files =
      step === 'file' ? await describeFiles(c.get('deps').db, view.data.publication?.fileIds ?? [], { submissionId: view.id, entryId: view.entryId }) : [];
    const language = queryParam(c, 'language');
    const { rows } = parseWith(rowsSchema, { rows: queryParam(c, 'rows') || 0 });
    return localePage(
      c,
      i18n.t(`step.${step}` as MessageKey),
      <QuestionnairePage
        i18n={i18n}
        taxonomy={c.get('deps').taxonomy}
        csrf={c.get('csrfToken')}
        submissionId={view.id}
        step={step}
        data={view.data}
        errors={{}}
        comments={view.status === 'changes_requested' ? (view.fieldComments ?? {}) : {}}
        rows={rows}
        language={language && isLocale(language) ? language : undefined}
        saved={queryParam(c, 'saved') === '1'}
        files={files}
      />,
    );
  });

  r.post(`${L}/contribute/submissions/:id/:step`, async (c) => {
    requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const step = stepParam(c);
    const id = pathId(c);
    const deps = submissionDeps(c);
    const actor = c.get('actor');
    const view = await readSubmission(deps, actor, id);
    const STEPS = stepsOf(view.data.kind);
    if (!STEPS.some((s) => s.id === step)) throw new AppError('not_found');
    const f = await readForm(c);
    const rows = rowsOf(f);
    const action = one(f, 'action') ?? 'save';
    const autosave = c.req.header('x-autosave') === '1';
    const { patch, language } = formToPatch(step, f, view.data, locale);
    try {
      const valid = onlyGiven(patch, parseWith(draftPatchSchema, patch));
      const { problems } = await saveDraft(deps, actor, id, valid);
      if (autosave) return c.json({ saved: true, problems: problemsOf(locale, problems, valid.originalLanguage ?? view.data.originalLanguage) });
    } catch (e) {
      if (!isFormError(e)) throw e;
      if (autosave) return c.json({ saved: false, problems: problemsOf(locale, e.details, view.data.originalLanguage) }, 422);
      const attempted = { ...view.data, ...patch, translations: { ...view.data.translations, ...((patch.translations as object) ?? {}) } } as DraftData;
      return localePage(
        c,
        i18n.t(`step.${step}` as MessageKey),
        <QuestionnairePage
          i18n={i18n}
          taxonomy={c.get('deps').taxonomy}
          csrf={c.get('csrfToken')}
          submissionId={id}
          step={step}
          data={attempted}
          errors={problemsOf(locale, e.details, attempted.originalLanguage)}
          comments={view.fieldComments ?? {}}
          language={language}
          rows={rows}
        />,
        formStatus(e),
      );
    }
    const base = `/${locale}/contribute/submissions/${id}`;
    const index = STEPS.findIndex((s) => s.id === step);
    const added = opt(f, 'addLanguage');
    if (step === 'languages' && added && isLocale(added) && LOCALES.includes(added)) return c.redirect(`${base}/languages?language=${added}`, 303);
    if (action === 'more') return c.redirect(`${base}/${step}?rows=${Math.min(rows + 3, MAX_FORM_ROWS)}`, 303);
    if (action === 'back' && index > 0) return c.redirect(`${base}/${STEPS[index - 1]!.id}`, 303);
    if (action === 'next') return c.redirect(index < STEPS.length - 1 ? `${base}/${STEPS[index + 1]!.id}` : base, 303);
    return c.redirect(`${base}/${step}?saved=1${language ? `&language=${language}` : ''}`, 303);
  });

  return r;
}
