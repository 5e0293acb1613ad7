import type { Locale } from '../../i18n/locales';

/** The job that generates one version of a report in one language. */
export const REPORT_JOB = 'report.generate';

/** Why a version has no PDF: Chromium is not where the setting says, or it failed on this document. */
export const PDF_MISSING = ['chromium_missing', 'pdf_failed'] as const;
export type PdfMissing = (typeof PDF_MISSING)[number];

/** A generated file's name: `report-12-ar-v3.pdf`. Nothing else is ever served from the report folder. */
export const REPORT_FILE_PATTERN = /^report-[1-9]\d{0,9}-[a-z]{2}-v[1-9]\d{0,5}\.(html|pdf)$/;

export function reportFileName(reportId: number, language: Locale, version: number, ext: 'html' | 'pdf'): string {
  return `report-${reportId}-${language}-v${version}.${ext}`;
}

/** Whether a name (from a URL) is one a report file could have: the only names joined to the report folder. */
export function isReportFileName(name: string): boolean {
  return name.length <= 48 && REPORT_FILE_PATTERN.test(name);
}

/** The action lines a report has a section for: C1–C11 (C7's sub-lines count under C7, facets carry their parent). */
export const SECTION_LINES = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11'] as const;
export type SectionLine = (typeof SECTION_LINES)[number];

/** How many years the trend of each action line shows, ending with the period's last year. */
export const TREND_YEARS = 5;

/** The years of a trend ending in `lastYear`, oldest first. */
export function trendYears(lastYear: number, count = TREND_YEARS): number[] {
  return Array.from({ length: count }, (_, i) => lastYear - count + 1 + i);
}

/**
 * Entry ids as a curator types them (`12, 15 31`), in order and each once; null when something other than
 * numbers is written.
 */
export function parseIdList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.every((p) => /^[1-9]\d{0,9}$/.test(p))) return null;
  return [...new Set(parts.map(Number))].filter((n) => n <= 2147483647);
}

/** A count with its code and label (a table row, a bar). */
export interface Count {
  code: string;
  label: string;
  count: number;
}

/** An entry as the report shows it: in the report's language when it has it, else its original one. */
export interface ReportEntry {
  id: number;
  kind: string;
  title: string;
  summary: string;
  /** The language the title and summary are written in. */
  language: string;
  url: string;
}

/** One action line's section. */
export interface LineSection {
  code: string;
  label: string;
  count: number;
  /** Entries of the report's search with this line, by year started (the `year` facet), over the trend's years. */
  trend: Array<{ year: number; count: number }>;
  highlights: ReportEntry[];
  stakeholders: Count[];
  regions: Count[];
  /** Countries and their counts, for a map. */
  countries: Count[];
}

/** Everything a report's document shows, in one language, with every label resolved. */
export interface ReportContent {
  id: number;
  language: Locale;
  title: string;
  /** The introduction as HTML of the user-Markdown subset (safe to insert as is). */
  introductionHtml: string;
  periodFrom: string;
  periodTo: string;
  generatedAt: Date;
  siteName: string;
  baseUrl: string;
  figures: {
    entries: number;
    countries: number;
    organisations: number;
    byKind: Count[];
    /** Entries per country code (the map and its table). */
    byCountry: Count[];
    /** Entries per ITU region (one level, so the rows add up to the entries placed in a region). */
    byRegion: Count[];
    byStakeholder: Count[];
  };
  lines: LineSection[];
  sdgs: Count[];
  /** Each action line with the SDG goals the crosswalk links it to, and how many of its entries carry each goal. */
  crosswalk: CrosswalkRow[];
  /**
   * The annex: how many entries it lists and where the report's search is as CSV. Its rows are not held here:
   * they are read in batches and written straight into the file (a 100,000-entry annex never sits in memory).
   */
  annex: { count: number; csvUrl: string };
}

/** One action line in the crosswalk section. */
export interface CrosswalkRow {
  code: string;
  label: string;
  /** The report's entries with this action line. */
  count: number;
  /** The goals linked to the line (or its sub-lines) by the crosswalk; count: entries with both the line and the goal. */
  goals: Count[];
}

/** How many annex rows the printed copy (PDF) lists: beyond this it says so and points to the HTML and the CSV. */
export const PRINT_ANNEX_LIMIT = 2000;

/** How many annex rows are read from the database and written to the file at a time. */
export const ANNEX_BATCH = 500;

/**
 * Turns report content into HTML, given by the app's composition root (the pages layer renders it). The document
 * is written in pieces: everything before the annex's first row, the rows batch by batch, and everything after.
 */
export interface ReportRenderer {
  /** The document around its annex rows; `annexShown` below the annex's count adds the note that the list is cut. */
  frame(content: ReportContent, annexShown: number): { before: string; after: string };
  /** Annex rows (list items) in the report's language. */
  annexRows(entries: readonly ReportEntry[], language: Locale): string;
}
