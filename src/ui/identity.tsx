import type { I18n, MessageKey } from '../i18n/i18n';
import type { Taxonomy } from '../modules/taxonomy/taxonomy';

/**
 * The UN's colours of the 17 Sustainable Development Goals (its SDG communication guidelines).
 * public/app.css paints `.sdg-N` with them; a unit test holds the two together and checks that the
 * text colour chosen there reads on each (WCAG contrast ≥ 4.5).
 */
export const SDG_COLOURS: Readonly<Record<string, string>> = {
  '1': '#e5243b',
  '2': '#dda63a',
  '3': '#4c9f38',
  '4': '#c5192d',
  '5': '#ff3a21',
  '6': '#26bde2',
  '7': '#fcc30b',
  '8': '#a21942',
  '9': '#fd6925',
  '10': '#dd1367',
  '11': '#fd9d24',
  '12': '#bf8b2e',
  '13': '#3f7e44',
  '14': '#0a97d9',
  '15': '#56c02b',
  '16': '#00689d',
  '17': '#19486a',
};

/** The goal a code belongs to ('3' and '3.8' → '3'), or null for a code that is not an SDG. */
export function sdgGoal(code: string): string | null {
  const goal = code.split('.')[0] ?? '';
  return goal in SDG_COLOURS ? goal : null;
}

/** An SDG's number on its colour: never alone, always followed by the goal's label. */
export function SdgNumber(p: { code: string }) {
  const goal = sdgGoal(p.code);
  return goal ? <span class={`sdg-num sdg-${goal}`}>{p.code}</span> : <span class="sdg-num">{p.code}</span>;
}

/** The action line's code as shown: C1 … C11; a C7 sub-line shows C7 with its own label. */
export function actionLineCode(code: string): string {
  return (code.startsWith('c7-') ? 'c7' : code).toUpperCase();
}

/** A short label for a main action line (the taxonomy's full label is its title); a C7 sub-line's own label is short already. */
export function actionLineShortLabel(i18n: I18n, taxonomy: Taxonomy, code: string): string {
  if (code.startsWith('c7-')) return taxonomy.label('action-line', code, i18n.locale);
  return i18n.t(`identity.al.${code}` as MessageKey);
}

/** A compact action-line badge: its code and a short label; the full label is its title. */
export function ActionLineBadge(p: { i18n: I18n; taxonomy: Taxonomy; code: string }) {
  const full = p.taxonomy.label('action-line', p.code, p.i18n.locale);
  return (
    <span class="al-badge" title={full}>
      <span class="al-code">{actionLineCode(p.code)}</span>
      <span class="al-label">{actionLineShortLabel(p.i18n, p.taxonomy, p.code)}</span>
    </span>
  );
}
