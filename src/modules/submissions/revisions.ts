import { diffArrays } from 'diff';
import { detailFields, type DetailKind } from '../entries/kinds';
import type { DraftData } from './submissions.schemas';

/** An entry's content as flat, comparable fields: `translations.en.title`, `countries`, `contact.email`… */
export function flatten(data: DraftData): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: string | null | undefined) => {
    if (v !== undefined && v !== null && v !== '') out[k] = v;
  };
  put('originalLanguage', data.originalLanguage);
  for (const [language, t] of Object.entries(data.translations)) {
    if (!t) continue;
    put(`translations.${language}.title`, t.title);
    put(`translations.${language}.summary`, t.summary);
    put(`translations.${language}.description`, t.description);
  }
  put('activityType', data.activityType);
  put('status', data.status);
  put('scope', data.scope);
  put('startDate', data.startDate);
  put('endDate', data.endDate);
  for (const k of ['countries', 'regions', 'actionLines', 'sdgs', 'targetGroups', 'issues'] as const) put(k, [...data[k]].sort().join(', '));
  put('organisations', data.organisations.map((o) => `${o.name} (${o.role}, ${o.stakeholderType})${o.actorId ? ` → #${o.actorId}` : ''}`).join('\n'));
  put('links', data.links.map((l) => (l.label ? `${l.label} <${l.url}>` : l.url)).join('\n'));
  put('contact.name', data.contact?.name);
  put('contact.email', data.contact?.email);
  put('contact.phone', data.contact?.phone);
  // A kind's details, field by field: `event.start`, `actor.issues.0.narrative`, `publication.authors`…
  const walk = (prefix: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) put(prefix, value.map(String).join(', '));
      else value.forEach((v, i) => walk(`${prefix}.${i}`, v));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v);
    } else put(prefix, String(value));
  };
  for (const kind of Object.keys(detailFields) as DetailKind[]) walk(kind, data[kind]);
  return out;
}

/** The fields whose values differ between two versions. */
export function changedFields(before: DraftData | null, after: DraftData): string[] {
  const a = before ? flatten(before) : {};
  const b = flatten(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

export type DiffPart = { op: 'same' | 'removed' | 'added'; text: string };

/**
 * Edits (words and spaces removed plus added) beyond which a field is shown as wholly replaced.
 * jsdiff's cost grows with the square of the edit, so this bounds a history page to a few hundred
 * milliseconds for a rewritten description while small edits to long texts still diff.
 */
const MAX_EDIT_LENGTH = 1000;

/** Words and the runs of spaces between them; unlike jsdiff's own word tokenizer, any script's words stay whole. */
const WORD_OR_SPACE = /\s+|[^\s]+/g;

/**
 * A word-level diff through jsdiff (Myers' algorithm over words and the spaces between them). Beyond
 * MAX_EDIT_LENGTH changed tokens it shows the whole old text removed and the new one added.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const changes = diffArrays(before.match(WORD_OR_SPACE) ?? [], after.match(WORD_OR_SPACE) ?? [], { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [...(before ? [{ op: 'removed' as const, text: before }] : []), ...(after ? [{ op: 'added' as const, text: after }] : [])];
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const op = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text !== '') parts.push({ op, text });
  }
  return parts;
}

export interface FieldDiff {
  field: string;
  before: string | null;
  after: string | null;
  parts: DiffPart[];
}

/** Field-by-field differences between two versions of an entry (`flat` may give values as a reader reads them: labels for codes). */
export function diffVersions(before: DraftData, after: DraftData, flat: (data: DraftData) => Record<string, string> = flatten): FieldDiff[] {
  const a = flat(before);
  const b = flat(after);
  return changedFields(before, after).map((field) => ({
    field,
    before: a[field] ?? null,
    after: b[field] ?? null,
    parts: diffWords(a[field] ?? '', b[field] ?? ''),
  }));
}
