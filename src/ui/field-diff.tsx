import type { I18n } from '../i18n/i18n';
import type { EntryKind } from '../modules/entries/entries';
import type { FieldDiff } from '../modules/submissions/revisions';
import { fieldLabel } from '../modules/submissions/field-labels';

/** Field-by-field changes, each named by its label, words removed struck through and words added marked. */
export function FieldDiffList(p: { i18n: I18n; kind: EntryKind; diff: FieldDiff[] }) {
  const { t } = p.i18n;
  return (
    <dl class="diff">
      {p.diff.map((d) => (
        <>
          <dt>
            {fieldLabel(d.field, p.kind, p.i18n)}
            {d.before === null ? ` (${t('wording.review.added')})` : d.after === null ? ` (${t('wording.review.removed')})` : ''}
          </dt>
          <dd dir="auto">
            {d.parts.map((part) => (part.op === 'same' ? part.text : part.op === 'removed' ? <del>{part.text}</del> : <ins>{part.text}</ins>))}
          </dd>
        </>
      ))}
    </dl>
  );
}
