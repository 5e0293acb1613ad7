import type { z } from 'zod';
import type { ErrorDetail } from './errors';

/**
 * Zod issues as the error details every edge answers with (API, forms, imports, drafts): one per
 * field, its dotted path and a stable code. An unknown key is reported under its own name; a custom
 * rule's message is its code, and its numeric or text params travel with it; a length or range
 * rule gives its `limit`.
 */
export function zodDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of issues) {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: [...at, key].join('.'), code: 'unrecognized_keys' });
      continue;
    }
    const params: Record<string, string | number> = {};
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      const limit = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      if (typeof limit === 'number' || typeof limit === 'bigint') params.limit = Number(limit);
    }
    if (issue.code === 'custom' && issue.params) {
      for (const [k, v] of Object.entries(issue.params)) if (typeof v === 'number' || typeof v === 'string') params[k] = v;
    }
    out.push({ field: at.join('.'), code: issue.code === 'custom' ? issue.message : issue.code, ...(Object.keys(params).length ? { params } : {}) });
  }
  return out;
}
