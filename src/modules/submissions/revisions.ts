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

const MAX_CELLS = 4_000_000;

/**
 * A word-level diff (longest common subsequence over words and the spaces between them). Beyond
 * about 2,000 × 2,000 tokens it shows the whole old text removed and the new one added.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = before.match(/\s+|[^\s]+/g) ?? [];
  const b = after.match(/\s+|[^\s]+/g) ?? [];
  if (a.length * b.length > MAX_CELLS) return [...(before ? [{ op: 'removed' as const, text: before }] : []), ...(after ? [{ op: 'added' as const, text: after }] : [])];
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i * (m + 1) + j] = a[i] === b[j] ? table[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i += 1;
      j += 1;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) {
      push('removed', a[i]!);
      i += 1;
    } else {
      push('added', b[j]!);
      j += 1;
    }
  }
  while (i < n) push('removed', a[i++]!);
  while (j < m) push('added', b[j++]!);
  return parts;
}

export interface FieldDiff {
  field: string;
  before: string | null;
  after: string | null;
  parts: DiffPart[];
}

/** Field-by-field differences between two versions of an entry. */
export function diffVersions(before: DraftData, after: DraftData): FieldDiff[] {
  const a = flatten(before);
  const b = flatten(after);
  return changedFields(before, after).map((field) => ({
    field,
    before: a[field] ?? null,
    after: b[field] ?? null,
    parts: diffWords(a[field] ?? '', b[field] ?? ''),
  }));
}
