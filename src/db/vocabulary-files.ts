import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';
import { LOCALES } from '../i18n/locales';
import type { Labels } from './schema';

export interface VocabularyTermFile {
  code: string;
  parent: string | null;
  labels: Labels;
  descriptions?: Labels;
  aliases?: string[];
  keywords?: Partial<Record<string, string[]>>;
  replacedBy?: string | null;
}

export interface LoadedVocabulary {
  name: string;
  version: number;
  terms: Array<{
    code: string;
    parent: string | null;
    labels: Labels;
    descriptions: Labels | null;
    extra: Record<string, unknown> | null;
  }>;
}

const DATA_DIR = fileURLToPath(new URL('../modules/taxonomy/data/', import.meta.url));
const FILES = [
  'action-lines.json',
  'sdg.json',
  'regions.json',
  'stakeholder-types.json',
  'activity-types.json',
  'activity-statuses.json',
  'scopes.json',
  'target-groups.json',
  'digital-policy-issues.json',
] as const;

const require = createRequire(import.meta.url);
let countriesRegistered = false;

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(DATA_DIR + name, 'utf8')) as T;
}

/** Country names in six languages from i18n-iso-countries; regions from the project's M49/ITU table. */
function countryVocabulary(): LoadedVocabulary {
  if (!countriesRegistered) {
    for (const locale of LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`));
    countriesRegistered = true;
  }
  const membership = readJson<{ version: number; countries: Record<string, { m49: string | null; itu: string | null }> }>('country-regions.json');
  const codes = Object.keys(countries.getAlpha2Codes()).sort();
  // The UN's short names, where they differ from the package's (Czechia, Türkiye, Bolivia (Plurinational State of)…).
  const unNames = readJson<{ names: Record<string, Partial<Labels>> }>('country-names.json').names;
  return {
    name: 'country',
    version: membership.version,
    terms: codes.map((code) => {
      const labels: Labels = {};
      for (const locale of LOCALES) labels[locale] = unNames[code]?.[locale] ?? countries.getName(code, locale, { select: 'official' }) ?? code;
      const m = membership.countries[code];
      return {
        code,
        parent: null,
        labels,
        descriptions: null,
        extra: {
          m49: m?.m49 ?? null,
          itu: m?.itu ?? null,
          alpha3: countries.alpha2ToAlpha3(code) ?? null,
          numeric: countries.alpha2ToNumeric(code) ?? null,
        },
      };
    }),
  };
}

/** Reads one vocabulary data file of the project (aliases, keywords and replacements go to `extra`). */
export function loadVocabularyFile(file: string): LoadedVocabulary {
  const raw = readJson<{ vocabulary: string; version: number; terms: VocabularyTermFile[] }>(file);
  return {
    name: raw.vocabulary,
    version: raw.version,
    terms: raw.terms.map((t) => {
      const extra: Record<string, unknown> = {};
      if (t.aliases?.length) extra.aliases = t.aliases;
      if (t.keywords) extra.keywords = t.keywords;
      if (t.replacedBy) extra.replacedBy = t.replacedBy;
      return {
        code: t.code,
        parent: t.parent ?? null,
        labels: t.labels,
        descriptions: t.descriptions ?? null,
        extra: Object.keys(extra).length ? extra : null,
      };
    }),
  };
}

/** Reads every vocabulary of the project: its data files, and the countries from i18n-iso-countries. */
export function loadVocabularyFiles(): LoadedVocabulary[] {
  return [...FILES.map(loadVocabularyFile), countryVocabulary()];
}
