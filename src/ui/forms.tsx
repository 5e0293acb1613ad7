import type { Child } from 'hono/jsx';
import type { I18n } from '../i18n/i18n';

/** A problem to show beside a field: already translated. */
export type FieldErrors = Record<string, string>;

export function Csrf(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/** The list of problems at the top of a form, each linking to its field (WCAG error identification). */
export function ErrorSummary(p: { i18n: I18n; errors: FieldErrors }) {
  const entries = Object.entries(p.errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{p.i18n.t('form.problems', { count: entries.length })}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#f-${field.replace(/\./g, '-')}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  i18n: I18n;
  name: string;
  label: string;
  value?: string | null | undefined;
  errors?: FieldErrors;
  hint?: string | undefined;
  comment?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'number' | 'url' | 'tel' | 'textarea';
  rows?: number;
  required?: boolean;
  autocomplete?: string;
  words?: { minWords?: number; maxWords?: number } | undefined;
  maxlength?: number;
  lang?: string | undefined;
}

const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/**
 * What every single field shows above its control — label, hint, the curator's comment, the error —
 * and the ids that tie them to the control for screen readers.
 */
function fieldFrame(p: {
  i18n: I18n;
  name: string;
  label: string;
  required?: boolean | undefined;
  hint?: string | undefined;
  comment?: string | undefined;
  errors?: FieldErrors | undefined;
}) {
  const id = fieldId(p.name);
  const error = p.errors?.[p.name];
  const described = [p.hint ? `${id}-hint` : null, p.comment ? `${id}-comment` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const head = (
    <>
      <label for={id}>
        {p.label}
        {p.required ? <span class="req"> ({p.i18n.t('form.required')})</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.comment ? <CuratorComment i18n={p.i18n} id={`${id}-comment`} text={p.comment} /> : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
  return { id, error, described, head, class: `field${error ? ' has-error' : ''}` };
}

/** A labelled input with its hint, the curator's comment, and its error, all tied to it for screen readers. */
export function Field(p: FieldProps) {
  const wordsHint = p.words
    ? p.words.minWords && p.words.maxWords
      ? p.i18n.t('form.wordsBetween', { min: p.words.minWords, max: p.words.maxWords })
      : p.words.maxWords
        ? p.i18n.t('form.wordsMax', { max: p.words.maxWords })
        : ''
    : '';
  const frame = fieldFrame({ ...p, hint: [p.hint, wordsHint].filter(Boolean).join(' ') });
  const common = {
    id: frame.id,
    name: p.name,
    'aria-describedby': frame.described,
    'aria-invalid': frame.error ? 'true' : undefined,
    required: p.required,
    'aria-required': p.required ? 'true' : undefined,
    maxlength: p.maxlength,
    dir: p.type === 'textarea' || p.type === 'text' || !p.type ? 'auto' : undefined,
    lang: p.lang,
    'data-words-min': p.words?.minWords,
    'data-words-max': p.words?.maxWords,
  };
  return (
    <div class={frame.class}>
      {frame.head}
      {p.type === 'textarea' ? (
        <textarea {...common} rows={p.rows ?? 6}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={p.type ?? 'text'} value={p.value ?? ''} autocomplete={p.autocomplete} />
      )}
      {p.words ? <p class="word-count" aria-live="polite" hidden data-for={frame.id}></p> : null}
    </div>
  );
}

export function CuratorComment(p: { i18n: I18n; id: string; text: string }) {
  return (
    <p class="curator-comment" id={p.id} role="note">
      <strong>{p.i18n.t('review.commentLabel')}</strong> {p.text}
    </p>
  );
}

export function SelectField(p: {
  i18n: I18n;
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value?: string | string[] | undefined;
  errors?: FieldErrors;
  comment?: string | undefined;
  hint?: string;
  multiple?: boolean;
  required?: boolean;
  empty?: boolean;
}) {
  const frame = fieldFrame(p);
  const selected = new Set(Array.isArray(p.value) ? p.value : p.value ? [p.value] : []);
  return (
    <div class={frame.class}>
      {frame.head}
      <select
        id={frame.id}
        name={p.name}
        multiple={p.multiple}
        size={p.multiple ? 10 : undefined}
        aria-describedby={frame.described}
        aria-invalid={frame.error ? 'true' : undefined}
        required={p.required}
        aria-required={p.required ? 'true' : undefined}
      >
        {p.empty && !p.multiple ? <option value="">{p.i18n.t('form.choose')}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={selected.has(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes in a fieldset; an option may carry help text (e.g. an action line's keywords). */
export function CheckboxGroup(p: {
  i18n: I18n;
  name: string;
  legend: string;
  options: Array<{ value: string; label: string; help?: string | undefined }>;
  value: string[];
  errors?: FieldErrors;
  comment?: string | undefined;
  hint?: string;
  /** Marked required beside the legend (a group of checkboxes has no `required` of its own). */
  required?: boolean;
  /** The options split under headings of their own (UN M49 and ITU regions), each a fieldset in the group. */
  groups?: Array<{ legend: string; options: Array<{ value: string; label: string; help?: string | undefined }> }>;
}) {
  const id = fieldId(p.name);
  const error = p.errors?.[p.name];
  const chosen = new Set(p.value);
  const list = (options: typeof p.options) => (
    <ul>
      {options.map((o) => (
        <li>
          <label>
            <input type="checkbox" name={p.name} value={o.value} checked={chosen.has(o.value)} /> {o.label}
          </label>
          {o.help ? <p class="hint">{o.help}</p> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <fieldset class={`field checkbox-group${error ? ' has-error' : ''}`} id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {p.legend}
        {p.required ? <span class="req"> ({p.i18n.t('form.required')})</span> : null}
      </legend>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      {p.comment ? <CuratorComment i18n={p.i18n} id={`${id}-comment`} text={p.comment} /> : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {p.groups
        ? p.groups.map((g) => (
            <fieldset class="checkbox-subgroup">
              <legend>{g.legend}</legend>
              {list(g.options)}
            </fieldset>
          ))
        : list(p.options)}
    </fieldset>
  );
}

export function Form(p: {
  action: string;
  csrf: string;
  children: Child;
  id?: string;
  class?: string;
  autosave?: { saved: string; error: string; words: string };
}) {
  return (
    <form
      method="post"
      action={p.action}
      id={p.id}
      class={p.class}
      data-autosave={p.autosave ? 'true' : undefined}
      data-saved-text={p.autosave?.saved}
      data-error-text={p.autosave?.error}
      data-words-label={p.autosave?.words}
      novalidate
    >
      <Csrf token={p.csrf} />
      {p.children}
    </form>
  );
}

/** Rows of a repeated group are plain inputs; "more rows" saves and shows three more (no JavaScript needed). */
export function MoreRows(p: { i18n: I18n; rows: number }) {
  return (
    <>
      <input type="hidden" name="rows" value={String(p.rows)} />
      <button type="submit" name="action" value="more" class="secondary">
        {p.i18n.t('questionnaire.moreRows')}
      </button>
    </>
  );
}
