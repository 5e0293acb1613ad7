/**
 * Composes the demo register's actors, publications, events and stories from the phrase tables: plain
 * records in the JSON Lines import's shape, the same on every run (a seeded sequence), except that
 * events are placed around the day they are generated for, so the register always has past and coming ones.
 */
import type { Locale } from '../../i18n/locales';
import { transliterate, type PdfDocument } from './demo.pdf';
import {
  COUNTRIES,
  DOC_TYPES,
  EVENT_TYPES,
  FICTIONAL_ACTORS,
  PEOPLE,
  STAKEHOLDER_PHRASE,
  THEMES,
  type EventType,
  type FictionalActor,
  type Stakeholder,
  type Theme,
} from './demo.phrases';
import { ACTOR_TEXTS, EVENT_TEXTS, ISSUE_NARRATIVE, LATIN_EDITION, PUBLICATION_TEXTS, STORY_TEXTS, type Pieces } from './demo.texts';

export const DEMO_LANGUAGES: readonly Locale[] = ['en', 'fr', 'es', 'ar', 'zh', 'ru'];

/** An entry record as the JSON Lines import reads it. */
export type DemoRecord = Record<string, unknown> & { externalId: string; kind: string; originalLanguage: Locale };

/** What the generator needs of a demo activity (a line of the activity files). */
export interface DemoActivity {
  externalId: string;
  state: string;
  originalLanguage: Locale;
  translations: Partial<Record<Locale, { title: string }>>;
  countries: string[];
  actionLines: string[];
  sdgs: string[];
  organisations: Array<{ name: string; role: string; stakeholderType: Stakeholder }>;
}

/** The theme whose action lines an activity shares most (the first on a tie). */
function themeOf(actionLines: readonly string[]): number {
  let best = 0;
  let score = -1;
  THEMES.forEach((t, i) => {
    const s = t.actionLines.filter((l) => actionLines.includes(l)).length;
    if (s > score) [best, score] = [i, s];
  });
  return best;
}

const country = (code: string) => COUNTRIES[code] ?? COUNTRIES.KE!;

/** Every third entry is also given in one more language, every seventh in two (translations a human would add). */
function otherLanguages(i: number, original: Locale): Locale[] {
  const others = DEMO_LANGUAGES.filter((l) => l !== original);
  const out: Locale[] = [];
  if (i % 3 === 0) out.push(original === 'en' ? 'fr' : 'en');
  if (i % 7 === 0) out.push(others[(i / 7) % others.length]!);
  return [...new Set(out)];
}

function pieces(lang: Locale, theme: Theme, countryCode: string, org: string, n: number, year: number, type: string): Pieces {
  const c = country(countryCode);
  return { theme: theme.name[lang], country: c.name[lang], city: c.city[lang], org, n, year, type };
}

function tags(theme: Theme) {
  return { actionLines: theme.actionLines, sdgs: theme.sdgs, issues: theme.issues, targetGroups: theme.targetGroups };
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .slice(0, 40) || 'org';

interface ActorRef {
  name: string;
  type: Stakeholder;
  country: string;
  theme: number;
  language: Locale;
  /** One of the invented organisations, which issue publications and organise events. */
  issuer: boolean;
}

/**
 * Actor profiles: one for the lead organisation of every tenth published activity (same name, so the
 * activity links to it), and the invented organisations of the phrase tables.
 */
export function generateActors(activities: readonly DemoActivity[]): { records: DemoRecord[]; refs: ActorRef[] } {
  const refs: Array<ActorRef & { fictional?: FictionalActor; established: number }> = [];
  const seen = new Set<string>();
  // Activities in the countries the phrase tables name (their texts say where the actor is), thirty of them.
  const candidates = activities.filter((a) => a.state === 'published' && a.countries[0] && COUNTRIES[a.countries[0]]);
  const step = Math.max(1, Math.floor(candidates.length / 30));
  candidates.forEach((a, i) => {
    const lead = a.organisations.find((o) => o.role === 'lead');
    if (i % step !== 0 || refs.length >= 30 || !lead || seen.has(lead.name)) return;
    seen.add(lead.name);
    refs.push({
      name: lead.name,
      type: lead.stakeholderType,
      country: a.countries[0]!,
      theme: themeOf(a.actionLines),
      language: a.originalLanguage,
      established: 1995 + (i % 25),
      issuer: false,
    });
  });
  for (const lang of DEMO_LANGUAGES)
    for (const f of FICTIONAL_ACTORS[lang])
      refs.push({ name: f.name, type: f.type, country: f.country, theme: f.theme, language: lang, fictional: f, established: f.established, issuer: true });

  const records = refs.map((r, i): DemoRecord => {
    const theme = THEMES[r.theme]!;
    const c = COUNTRIES[r.country];
    const textIn = (l: Locale) => ACTOR_TEXTS[l](pieces(l, theme, r.country, r.name, 8 + ((i * 13) % 90), r.established, STAKEHOLDER_PHRASE[r.type][l]));
    const languages = [r.language, ...otherLanguages(i, r.language)];
    return {
      externalId: `demo-actor-${String(i + 1).padStart(3, '0')}`,
      kind: 'actor',
      state: 'published',
      originalLanguage: r.language,
      translations: Object.fromEntries(languages.map((l) => [l, textIn(l)])),
      countries: [r.country],
      actionLines: theme.actionLines,
      sdgs: theme.sdgs,
      links: [{ url: `https://example.org/${slug(r.fictional?.acronym ?? `actor-${i + 1}`)}`, label: null }],
      actor: {
        acronyms: r.fictional?.acronym ? { [r.language]: r.fictional.acronym } : {},
        established: r.established,
        address: c ? `${c.city[r.language]}, ${c.name[r.language]}` : '',
        point: c ? { lat: c.lat, lon: c.lon } : null,
        stakeholderType: r.type,
        category: STAKEHOLDER_PHRASE[r.type][r.language],
        digitalActivities: textIn(r.language).description,
        // Half the profiles name their issues in words of their own (an alias of the taxonomy's).
        issues: theme.issues.map((issue, k) => ({
          issue,
          narrative: ISSUE_NARRATIVE[r.language](theme.name[r.language]),
          alias: k === 0 && i % 2 === 0 ? theme.name[r.language] : null,
        })),
        social: i % 4 === 0 ? [{ network: 'Mastodon', handle: `@${slug(r.fictional?.acronym ?? `demo${i + 1}`)}@example.social`, url: null }] : [],
      },
    };
  });
  return { records, refs };
}

/** The text of a publication's document, in its language or, for Arabic and Chinese, in a Latin-script edition. */
function documentOf(
  lang: Locale,
  title: string,
  summary: string,
  description: string,
  authors: Array<[string, string]>,
  year: number,
  english: { title: string; summary: string },
  latinTitle: string,
): PdfDocument {
  const names = authors.map(([name, latin]) => latin || name).join(', ');
  if (lang === 'ar' || lang === 'zh')
    return { language: lang, title: latinTitle, paragraphs: [LATIN_EDITION[lang], '', `${names} (${year})`, '', english.title, '', english.summary] };
  if (lang === 'ru')
    return {
      language: lang,
      title: transliterate(title),
      paragraphs: [LATIN_EDITION.ru, '', transliterate(`${names} (${year})`), '', ...transliterate(`${summary}\n\n${description}`).split('\n')],
    };
  return { language: lang, title, paragraphs: [`${names} (${year})`, '', ...`${summary}\n\n${description}`.split('\n')] };
}

/** Publications, each with the document to store as its file. */
export function generatePublications(actors: readonly ActorRef[]): Array<{ record: DemoRecord; document: PdfDocument; fileName: string }> {
  const fictional = actors.filter((a) => a.issuer);
  const matched = actors.filter((a) => !fictional.includes(a));
  const out = [];
  for (let i = 0; i < 60; i += 1) {
    const lang = DEMO_LANGUAGES[i % 6]!;
    const own = fictional.some((a) => a.language === lang) ? fictional.filter((a) => a.language === lang) : fictional;
    const issuer = own[Math.floor(i / 6) % own.length]!;
    const theme = THEMES[(issuer.theme + Math.floor(i / 30)) % THEMES.length]!;
    const countryCode = i % 10 === 0 ? 'KE' : issuer.country;
    const docType = DOC_TYPES[i % DOC_TYPES.length]!;
    const year = 2018 + (i % 8);
    const people = PEOPLE[lang];
    const authors = [people[i % 6]!, people[(i + 2) % 6]!];
    const textIn = (l: Locale) => PUBLICATION_TEXTS[l](pieces(l, theme, countryCode, issuer.name, 12 + ((i * 7) % 60), year, docType[l]));
    const languages = [lang, ...otherLanguages(i, lang)];
    const original = textIn(lang);
    const english = textIn('en');
    const latinTitle = lang === 'ar' ? `${docType.latinAr}: ${theme.latin.ar}` : `${docType.latinZh}: ${theme.latin.zh}`;
    const partner = i % 4 === 1 ? matched[i % matched.length] : undefined;
    const record: DemoRecord = {
      externalId: `demo-publication-${String(i + 1).padStart(3, '0')}`,
      kind: 'publication',
      state: 'published',
      originalLanguage: lang,
      translations: Object.fromEntries(languages.map((l) => [l, textIn(l)])),
      countries: [countryCode],
      ...tags(theme),
      organisations: [
        { name: issuer.name, role: 'lead', stakeholderType: issuer.type },
        ...(partner ? [{ name: partner.name, role: 'partner', stakeholderType: partner.type }] : []),
      ],
      publication: { authors: authors.map(([name]) => name), year, language: lang, fileIds: [] },
    };
    out.push({
      record,
      document: documentOf(lang, original.title, original.summary, original.description, authors, year, english, latinTitle),
      fileName: `demo-publication-${i + 1}-${lang}.pdf`,
    });
  }
  return out;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

/** Events spread evenly from a year before `today` to a year after it, in their organisers' time zones. */
export function generateEvents(today: Date, actors: readonly ActorRef[]): DemoRecord[] {
  const fictional = actors.filter((a) => a.issuer);
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const modes = ['in_person', 'online', 'hybrid'] as const;
  const types: EventType[] = ['conference', 'workshop', 'forum', 'course', 'hackathon'];
  const out: DemoRecord[] = [];
  for (let i = 0; i < 80; i += 1) {
    const lang = DEMO_LANGUAGES[i % 6]!;
    const own = fictional.some((a) => a.language === lang) ? fictional.filter((a) => a.language === lang) : fictional;
    const organiser = own[(i * 2) % own.length]!;
    const theme = THEMES[(organiser.theme + i) % THEMES.length]!;
    const countryCode = i % 10 === 0 ? 'KE' : organiser.country;
    const c = country(countryCode);
    const mode = modes[i % 3]!;
    const type: EventType = mode === 'online' ? 'webinar' : types[Math.floor(i / 3) % types.length]!;
    const allDay = type === 'conference' || type === 'forum';
    const day = base + Math.round(-365 + (i * 730) / 79) * DAY_MS;
    const startHour = 8 + ((i * 5) % 9);
    const details = allDay
      ? { allDay: true, start: isoDay(day), end: isoDay(day + (1 + (i % 3)) * DAY_MS), timeZone: c.zone }
      : {
          allDay: false,
          start: `${isoDay(day)}T${pad(startHour)}:${i % 2 ? '30' : '00'}`,
          end: `${isoDay(day)}T${pad(startHour + 1 + (i % 4))}:00`,
          timeZone: c.zone,
        };
    const textIn = (l: Locale) => EVENT_TEXTS[l](pieces(l, theme, countryCode, organiser.name, 20 + ((i * 11) % 180), 0, EVENT_TYPES[type][l]));
    const languages = [lang, ...otherLanguages(i, lang)];
    out.push({
      externalId: `demo-event-${String(i + 1).padStart(3, '0')}`,
      kind: 'event',
      state: 'published',
      originalLanguage: lang,
      translations: Object.fromEntries(languages.map((l) => [l, textIn(l)])),
      countries: [countryCode],
      ...tags(theme),
      organisations: [{ name: organiser.name, role: 'lead', stakeholderType: organiser.type }],
      links: [{ url: `https://example.org/events/${i + 1}`, label: null }],
      event: {
        ...details,
        mode,
        city: mode === 'online' ? '' : c.city[lang],
        onlineUrl: mode === 'in_person' ? null : `https://meet.example.org/demo-${i + 1}`,
      },
    });
  }
  return out;
}

/** Success stories: twenty of demo activities (linked by id), ten of the invented organisations. */
export function generateStories(activities: ReadonlyArray<DemoActivity & { id: number }>, actors: readonly ActorRef[]): DemoRecord[] {
  const fictional = actors.filter((a) => a.issuer);
  const linked = activities.filter((a) => a.state === 'published' && a.countries.length > 0 && a.organisations.some((o) => o.role === 'lead'));
  const out: DemoRecord[] = [];
  for (let i = 0; i < 30; i += 1) {
    const activity = i < 20 ? linked[(i * 7) % linked.length] : undefined;
    const fallback = fictional[i % fictional.length]!;
    const lang = activity?.originalLanguage ?? fallback.language;
    const lead = activity?.organisations.find((o) => o.role === 'lead');
    const org = lead ?? { name: fallback.name, stakeholderType: fallback.type };
    const theme = THEMES[activity ? themeOf(activity.actionLines) : fallback.theme]!;
    const countryCode = i === 25 ? 'KE' : (activity?.countries[0] ?? fallback.country);
    const title = activity?.translations[lang]?.title ?? null;
    const textIn = (l: Locale) => {
      const t = STORY_TEXTS[l](
        pieces(l, theme, countryCode, org.name, 300 + ((i * 137) % 9000), 0, ''),
        l === lang ? title : (activity?.translations[l]?.title ?? null),
      );
      return { title: t.title, summary: t.summary, description: t.description };
    };
    // Translations only where the activity's own title exists in that language (or there is no activity).
    const languages = [lang, ...otherLanguages(i, lang).filter((l) => !activity || activity.translations[l])];
    out.push({
      externalId: `demo-story-${String(i + 1).padStart(3, '0')}`,
      kind: 'story',
      state: 'published',
      originalLanguage: lang,
      translations: Object.fromEntries(languages.map((l) => [l, textIn(l)])),
      countries: [countryCode],
      actionLines: activity?.actionLines ?? theme.actionLines,
      sdgs: activity?.sdgs ?? theme.sdgs,
      issues: theme.issues,
      targetGroups: theme.targetGroups,
      organisations: [{ name: org.name, role: 'lead', stakeholderType: org.stakeholderType }],
      story: { strategy: STORY_TEXTS[lang](pieces(lang, theme, countryCode, org.name, 0, 0, ''), null).strategy, activityId: activity?.id ?? null },
    });
  }
  return out;
}
