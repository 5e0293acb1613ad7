import type { I18n } from '../../i18n/i18n';
import { displayNames } from '../../i18n/formats';
import { LOCALE_INFO, type Locale } from '../../i18n/locales';
import { STAKEHOLDER_TYPES } from '../../modules/entries/entry';
import { EVENT_MODES } from '../../modules/entries/entries';
import { ALLOWED_FILE_TYPES, MAX_UPLOAD_BYTES } from '../../modules/publications/file-check';
import type { DraftData } from '../../modules/submissions/submissions.schemas';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../../modules/images/image-check';
import { EntryPicture } from '../entry-image';
import { Csrf, CuratorComment, Field, MoreRows, SelectField, type FieldErrors } from '../forms';

interface StepProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  data: DraftData;
  errors: FieldErrors;
  comments: Record<string, string>;
  rows?: number | undefined;
}

/** Every IANA zone the runtime knows, for the event's time zone. */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

/** The issues (not their baskets) as choices, each labelled with its basket. */
export function issueOptions(taxonomy: Taxonomy, locale: Locale): Array<{ value: string; label: string }> {
  return taxonomy
    .terms('digital-policy-issue')
    .filter((term) => term.parent !== null)
    .map((term) => ({
      value: term.code,
      label: `${taxonomy.label('digital-policy-issue', term.parent!, locale)} · ${taxonomy.label('digital-policy-issue', term.code, locale)}`,
    }));
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** An actor profile's own sections: acronym, founding year, address and map point, stakeholder group, activities, tools, meetings, channels. */
export function ActorDetailsStep(p: StepProps) {
  const { t, locale } = p.i18n;
  const a = p.data.actor;
  const common = { i18n: p.i18n, errors: p.errors };
  const original = p.data.originalLanguage ?? locale;
  const rows = Math.max(p.rows ?? 0, (a?.social.length ?? 0) + 2);
  return (
    <>
      <Field {...common} name="actor.acronym" label={t('field.acronym')} value={a?.acronyms[original]} maxlength={60} comment={p.comments['actor.acronyms']} />
      <Field
        {...common}
        name="actor.established"
        type="number"
        label={t('field.established')}
        value={num(a?.established)}
        comment={p.comments['actor.established']}
      />
      <SelectField
        {...common}
        name="actor.stakeholderType"
        label={t('field.stakeholderGroup')}
        value={a?.stakeholderType ?? undefined}
        empty
        options={STAKEHOLDER_TYPES.map((s) => ({ value: s, label: p.taxonomy.label('stakeholder-type', s, locale) }))}
      />
      <Field {...common} name="actor.address" type="textarea" rows={3} label={t('field.address')} value={a?.address} maxlength={500} />
      <fieldset class="field">
        <legend>{t('field.mapPoint')}</legend>
        <p class="hint">{t('questionnaire.mapPointHint')}</p>
        <Field {...common} name="actor.point.lat" type="number" label={t('field.latitude')} value={num(a?.point?.lat)} />
        <Field {...common} name="actor.point.lon" type="number" label={t('field.longitude')} value={num(a?.point?.lon)} />
      </fieldset>
      <Field
        {...common}
        name="actor.digitalActivities"
        type="textarea"
        rows={8}
        label={t('field.digitalActivities')}
        hint={t('questionnaire.markdownHint')}
        value={a?.digitalActivities}
        comment={p.comments['actor.digitalActivities']}
      />
      <Field {...common} name="actor.digitalTools" type="textarea" rows={5} label={t('field.digitalTools')} value={a?.digitalTools} />
      <Field {...common} name="actor.meetings" type="textarea" rows={5} label={t('field.meetings')} value={a?.meetings} />
      <fieldset class="field" id="f-actor-social">
        <legend>{t('field.social')}</legend>
        {Array.from({ length: rows }, (_, i) => (
          <div class="row-group">
            <Field
              {...common}
              name={`actor.social.${i}.network`}
              label={t('questionnaire.socialNetwork', { n: i + 1 })}
              value={a?.social[i]?.network}
              maxlength={60}
            />
            <Field
              {...common}
              name={`actor.social.${i}.handle`}
              label={t('questionnaire.socialHandle', { n: i + 1 })}
              value={a?.social[i]?.handle}
              maxlength={200}
            />
            <Field
              {...common}
              name={`actor.social.${i}.url`}
              type="url"
              label={t('questionnaire.socialUrl', { n: i + 1 })}
              value={a?.social[i]?.url}
              maxlength={2000}
            />
          </div>
        ))}
        <MoreRows i18n={p.i18n} rows={rows} />
      </fieldset>
    </>
  );
}

/** The digital policy issues an actor works on, each with its own narrative and the actor's own name for it. */
export function ActorIssuesStep(p: StepProps) {
  const { t, locale } = p.i18n;
  const issues = p.data.actor?.issues ?? [];
  const rows = Math.max(p.rows ?? 0, issues.length + 2);
  const common = { i18n: p.i18n, errors: p.errors };
  const options = issueOptions(p.taxonomy, locale);
  return (
    <fieldset class="field" id="f-actor-issues">
      <legend>{t('field.actorIssues')}</legend>
      <p class="hint">{t('questionnaire.actorIssuesHint')}</p>
      {p.comments['actor.issues'] ? <CuratorComment i18n={p.i18n} id="f-actor-issues-comment" text={p.comments['actor.issues']} /> : null}
      {Array.from({ length: rows }, (_, i) => (
        <div class="row-group">
          <SelectField
            {...common}
            name={`actor.issues.${i}.issue`}
            label={t('questionnaire.issueN', { n: i + 1 })}
            value={issues[i]?.issue}
            empty
            options={options}
          />
          <Field
            {...common}
            name={`actor.issues.${i}.alias`}
            label={t('field.issueAlias')}
            hint={t('questionnaire.issueAliasHint')}
            value={issues[i]?.alias}
            maxlength={200}
          />
          <Field {...common} name={`actor.issues.${i}.narrative`} type="textarea" rows={4} label={t('field.issueNarrative')} value={issues[i]?.narrative} />
        </div>
      ))}
      <MoreRows i18n={p.i18n} rows={rows} />
    </fieldset>
  );
}

export function PublicationDetailsStep(p: StepProps) {
  const { t } = p.i18n;
  const d = p.data.publication;
  const common = { i18n: p.i18n, errors: p.errors };
  return (
    <>
      <Field
        {...common}
        name="publication.authors"
        type="textarea"
        rows={4}
        label={t('field.authors')}
        hint={t('questionnaire.authorsHint')}
        value={d?.authors.join('\n')}
        comment={p.comments['publication.authors']}
      />
      <Field
        {...common}
        name="publication.year"
        type="number"
        label={t('field.publicationYear')}
        value={num(d?.year)}
        required
        comment={p.comments['publication.year']}
      />
      <Field
        {...common}
        name="publication.language"
        label={t('field.documentLanguage')}
        hint={t('questionnaire.documentLanguageHint')}
        value={d?.language}
        maxlength={3}
      />
    </>
  );
}

/** The upload form of a publication's files: its own multipart form, outside the step's form. */
export function FileUpload(p: { i18n: I18n; csrf: string; action: string; files: Array<{ id: number; name: string; size: number }>; errors: FieldErrors }) {
  const { t, number } = p.i18n;
  const types = Object.keys(ALLOWED_FILE_TYPES).map((x) => `.${x}`);
  const error = p.errors['file'];
  return (
    <section class="uploads" aria-labelledby="files-title">
      <h3 id="files-title">{t('field.files')}</h3>
      {p.files.length ? (
        <ul>
          {p.files.map((f) => (
            <li>
              {f.name} ({t('file.size', { kb: number(Math.ceil(f.size / 1024)) })})
              <form method="post" action={`${p.action}/${f.id}/remove`} class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="secondary">
                  {t('file.remove', { name: f.name })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('file.none')}</p>
      )}
      <form method="post" action={p.action} enctype="multipart/form-data" class={`field${error ? ' has-error' : ''}`}>
        <Csrf token={p.csrf} />
        <label for="f-file">{t('file.choose')}</label>
        <p class="hint" id="f-file-hint">
          {t('file.hint', { types: types.join(', '), mb: number(MAX_UPLOAD_BYTES / 1024 / 1024) })}
        </p>
        {error ? (
          <p class="error" id="f-file-error">
            {error}
          </p>
        ) : null}
        <input
          type="file"
          id="f-file"
          name="file"
          accept={types.join(',')}
          aria-describedby={`f-file-hint${error ? ' f-file-error' : ''}`}
          aria-invalid={error ? 'true' : undefined}
        />
        <button type="submit">{t('file.upload')}</button>
      </form>
    </section>
  );
}

export function EventDetailsStep(p: StepProps) {
  const { t } = p.i18n;
  const e = p.data.event;
  const common = { i18n: p.i18n, errors: p.errors };
  const allDay = e?.allDay ?? false;
  return (
    <>
      <div class="field">
        <label>
          <input type="checkbox" name="event.allDay" value="true" checked={allDay} /> {t('field.allDay')}
        </label>
        <p class="hint">{t('questionnaire.allDayHint')}</p>
      </div>
      <Field
        {...common}
        name="event.start"
        type={allDay ? 'date' : 'datetime-local'}
        label={t('field.eventStart')}
        value={e?.start}
        required
        comment={p.comments['event.start']}
      />
      <Field
        {...common}
        name="event.end"
        type={allDay ? 'date' : 'datetime-local'}
        label={t('field.eventEnd')}
        value={e?.end}
        comment={p.comments['event.end']}
      />
      <SelectField
        {...common}
        name="event.timeZone"
        label={t('field.timeZone')}
        hint={t('questionnaire.timeZoneHint')}
        value={e?.timeZone ?? 'UTC'}
        options={TIME_ZONES.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
        comment={p.comments['event.timeZone']}
      />
      <SelectField
        {...common}
        name="event.mode"
        label={t('field.eventMode')}
        value={e?.mode ?? undefined}
        empty
        required
        options={EVENT_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
        comment={p.comments['event.mode']}
      />
      <Field
        {...common}
        name="event.city"
        label={t('field.city')}
        hint={t('questionnaire.cityHint')}
        value={e?.city}
        maxlength={200}
        comment={p.comments['event.city']}
      />
      <Field
        {...common}
        name="event.onlineUrl"
        type="url"
        label={t('field.onlineUrl')}
        value={e?.onlineUrl}
        maxlength={2000}
        comment={p.comments['event.onlineUrl']}
      />
    </>
  );
}

export function StoryDetailsStep(p: StepProps) {
  const { t } = p.i18n;
  const s = p.data.story;
  const common = { i18n: p.i18n, errors: p.errors };
  return (
    <>
      <Field
        {...common}
        name="story.strategy"
        type="textarea"
        rows={8}
        label={t('field.strategy')}
        hint={t('questionnaire.strategyHint')}
        value={s?.strategy}
        required
        comment={p.comments['story.strategy']}
      />
      <Field
        {...common}
        name="story.activityId"
        type="number"
        label={t('field.linkedActivity')}
        hint={t('questionnaire.linkedActivityHint')}
        value={num(s?.activityId)}
        comment={p.comments['story.activityId']}
      />
    </>
  );
}

/** The language name of a document language code, in the reader's language where Intl knows it. */
export function documentLanguageName(code: string, locale: string): string {
  try {
    return displayNames(LOCALE_INFO[locale as keyof typeof LOCALE_INFO]?.bcp47 ?? locale, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The image step of a story or actor: the current image with its alt text in each language of the entry
 * (in the step's form), and its own multipart form to upload or replace it, the alt text field first so
 * that it reaches the server before the file (fields are sent in document order).
 */
export function ImageUpload(p: { i18n: I18n; csrf: string; action: string; data: DraftData; errors: FieldErrors; altTyped?: string | undefined }) {
  const { t, number } = p.i18n;
  const image = p.data.kind === 'story' ? p.data.story?.image : p.data.kind === 'actor' ? p.data.actor?.image : null;
  const original = p.data.originalLanguage ?? p.i18n.locale;
  const fileError = p.errors['image'] ?? p.errors['file'];
  return (
    <section class="uploads image-upload" aria-labelledby="image-title">
      <h3 id="image-title">{image ? t('image.current') : t('image.field')}</h3>
      {image ? (
        <>
          <EntryPicture image={image} language={original} sizes="(max-width: 40rem) 100vw, 20rem" lazy={false} class="image-preview" />
          <form method="post" action={`${p.action}/remove`} class="inline">
            <Csrf token={p.csrf} />
            <button type="submit" class="secondary">
              {t('image.remove')}
            </button>
          </form>
        </>
      ) : (
        <p>{t('image.none')}</p>
      )}
      <form method="post" action={p.action} enctype="multipart/form-data" class="image-form">
        <Csrf token={p.csrf} />
        <Field
          i18n={p.i18n}
          errors={p.errors}
          name="alt"
          label={t('image.alt', { language: LOCALE_INFO[original].name })}
          hint={t('image.altHint')}
          value={p.altTyped}
          lang={LOCALE_INFO[original].bcp47}
          maxlength={300}
          required
        />
        <div class={`field${fileError ? ' has-error' : ''}`}>
          <label for="f-image">{t('image.choose')}</label>
          <p class="hint" id="f-image-hint">
            {t('image.hint', { mb: number(MAX_IMAGE_BYTES / 1024 / 1024), mp: number(MAX_IMAGE_PIXELS / 1_000_000) })}
          </p>
          {fileError ? (
            <p class="error" id="f-image-error">
              {fileError}
            </p>
          ) : null}
          <input
            type="file"
            id="f-image"
            name="image"
            accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"
            aria-describedby={`f-image-hint${fileError ? ' f-image-error' : ''}`}
            aria-invalid={fileError ? 'true' : undefined}
          />
        </div>
        <button type="submit">{image ? t('image.replace') : t('image.upload')}</button>
      </form>
    </section>
  );
}

/** The alt text of the current image in each language the entry has, in the step's form. */
export function ImageAltStep(p: StepProps) {
  const { t } = p.i18n;
  const image = p.data.kind === 'story' ? p.data.story?.image : p.data.kind === 'actor' ? p.data.actor?.image : null;
  if (!image) return null;
  const original = p.data.originalLanguage ?? p.i18n.locale;
  const languages = [original, ...(Object.keys(p.data.translations) as Locale[]).filter((l) => l !== original)];
  return (
    <fieldset class="field" id="f-image-alt">
      <legend>{t('image.altVersions')}</legend>
      {(p.errors['story.image.alt'] ?? p.errors['actor.image.alt']) ? <p class="error">{p.errors['story.image.alt'] ?? p.errors['actor.image.alt']}</p> : null}
      {languages.map((l) => (
        <Field
          i18n={p.i18n}
          errors={p.errors}
          name={`image.alt.${l}`}
          label={t('image.alt', { language: LOCALE_INFO[l].name })}
          value={image.alt[l]}
          lang={LOCALE_INFO[l].bcp47}
          maxlength={300}
          required={l === original}
        />
      ))}
    </fieldset>
  );
}
