import { z } from 'zod';
import raw from './action-line-dac.json' with { type: 'json' };

/**
 * The crosswalk between our vocabularies and IATI codelists, read from `action-line-dac.json` (data, so a
 * curator can review it without reading code). Both the IATI export and the IATI import go through these
 * functions; the rules they follow are written in the file's `rules`.
 */

const dacCode = z.string().regex(/^\d{5}$/);
const codeList = z.record(z.string(), z.array(z.string()));

const crosswalkSchema = z.object({
  version: z.number().int(),
  actionLines: z.record(z.string(), z.object({ primary: dacCode, dac: z.array(dacCode).min(1), rationale: z.string().min(1) })),
  dacToActionLines: codeList,
  dacCategoryToActionLines: z.record(z.string(), z.union([z.array(z.string()), z.string()])),
  stakeholderTypes: z.record(z.string(), z.union([z.object({ primary: z.string(), iati: z.array(z.string()) }), z.string()])),
  organisationRoles: z.object({ lead: z.string(), partner: z.string(), fromIati: z.record(z.string(), z.enum(['lead', 'partner'])) }),
  statuses: z.object({
    planned: z.string(),
    ongoing: z.string(),
    completed: z.string(),
    fromIati: z.record(z.string(), z.enum(['planned', 'ongoing', 'completed'])),
  }),
  activityDates: z.record(z.enum(['planned', 'ongoing', 'completed']), z.object({ start: z.string(), end: z.string() })),
  sdg: z.object({ goalVocabulary: z.string(), targetVocabulary: z.string() }),
  regionVocabularies: z.object({ m49: z.string(), own: z.string() }),
  scopes: z.object({
    local: z.string(),
    national: z.string(),
    regional: z.string(),
    international: z.string(),
    fromIati: z.record(z.string(), z.enum(['local', 'national', 'regional', 'international'])),
  }),
  descriptions: z.object({ summary: z.string(), description: z.string() }),
  documentLinks: z.object({ category: z.string() }),
});

/** The parsed crosswalk file (validated once at load: a malformed file fails at start, not mid-export). */
export const CROSSWALK = crosswalkSchema.parse(raw);

export type ActivityStatus = 'planned' | 'ongoing' | 'completed';
export type OrganisationRole = 'lead' | 'partner';
export type Scope = 'local' | 'national' | 'regional' | 'international';

/** The namespace of what IATI has no element for (see the file's `rules.extension`). */
export const STOCKTAKE_NS = 'urn:stocktake:iati:1';

/** The DAC 5-digit purpose code an action line is exported as (undefined for a code not in the crosswalk). */
export function dacForActionLine(code: string): string | undefined {
  return Object.hasOwn(CROSSWALK.actionLines, code) ? CROSSWALK.actionLines[code]?.primary : undefined;
}

/** Every DAC code an action line relates to, primary first. */
export function dacCodesForActionLine(code: string): string[] {
  return Object.hasOwn(CROSSWALK.actionLines, code) ? [...(CROSSWALK.actionLines[code]?.dac ?? [])] : [];
}

/**
 * The action lines a DAC code maps to on import: a 5-digit code through `dacToActionLines`, a 3-digit
 * category through `dacCategoryToActionLines`; an unknown code maps to none (the importer reports it).
 */
export function actionLinesForDac(code: string): string[] {
  const trimmed = code.trim();
  if (/^\d{5}$/.test(trimmed)) return Object.hasOwn(CROSSWALK.dacToActionLines, trimmed) ? [...(CROSSWALK.dacToActionLines[trimmed] ?? [])] : [];
  if (/^\d{3}$/.test(trimmed)) {
    const lines = Object.hasOwn(CROSSWALK.dacCategoryToActionLines, trimmed) ? CROSSWALK.dacCategoryToActionLines[trimmed] : undefined;
    return Array.isArray(lines) ? [...lines] : [];
  }
  return [];
}

function stakeholderEntries(): Array<[string, { primary: string; iati: string[] }]> {
  return Object.entries(CROSSWALK.stakeholderTypes).flatMap(([k, v]) =>
    typeof v === 'string' ? [] : [[k, v] as [string, { primary: string; iati: string[] }]],
  );
}

/** The IATI OrganisationType code for one of our stakeholder types (90 "Other" for an unknown one). */
export function organisationTypeForStakeholder(type: string): string {
  return stakeholderEntries().find(([k]) => k === type)?.[1].primary ?? '90';
}

/** Our stakeholder type for an IATI OrganisationType code (undefined when the code maps to none). */
export function stakeholderForOrganisationType(code: string): string | undefined {
  return stakeholderEntries().find(([, v]) => v.iati.includes(code.trim()))?.[0];
}

/** The IATI OrganisationRole code for our role on an activity. */
export function organisationRoleFor(role: OrganisationRole): string {
  return CROSSWALK.organisationRoles[role];
}

/** Our role for an IATI OrganisationRole code (undefined for a code outside 1–4). */
export function roleForOrganisationRole(code: string): OrganisationRole | undefined {
  return Object.hasOwn(CROSSWALK.organisationRoles.fromIati, code.trim()) ? CROSSWALK.organisationRoles.fromIati[code.trim()] : undefined;
}

/** The IATI ActivityStatus code for our status. */
export function activityStatusFor(status: ActivityStatus): string {
  return CROSSWALK.statuses[status];
}

/** Our status for an IATI ActivityStatus code (undefined for a code outside 1–6). */
export function statusForActivityStatus(code: string): ActivityStatus | undefined {
  return Object.hasOwn(CROSSWALK.statuses.fromIati, code.trim()) ? CROSSWALK.statuses.fromIati[code.trim()] : undefined;
}

/** The ActivityDateType codes for an activity's start and end given its status (planned vs actual). */
export function activityDateTypes(status: ActivityStatus): { start: string; end: string } {
  const types = CROSSWALK.activityDates[status];
  if (!types) throw new Error(`crosswalk has no activity dates for ${status}`);
  return types;
}

/** The IATI ActivityScope code for our geographic scope. */
export function activityScopeFor(scope: Scope): string {
  return CROSSWALK.scopes[scope];
}

/** Our scope for an IATI ActivityScope code (undefined for a code outside 1–8). */
export function scopeForActivityScope(code: string): Scope | undefined {
  return Object.hasOwn(CROSSWALK.scopes.fromIati, code.trim()) ? CROSSWALK.scopes.fromIati[code.trim()] : undefined;
}
