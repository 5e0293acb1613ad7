import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAtlasText, type AtlasReport, type AtlasVocabularyTerm } from './atlas.parser';

const vocabulary = (
  JSON.parse(readFileSync(new URL('../taxonomy/data/digital-policy-issues.json', import.meta.url), 'utf8')) as {
    terms: AtlasVocabularyTerm[];
  }
).terms;

/* ---------------------------------------------------------------- the no-text-dropped invariant */

// Written independently of the parser: the section headings the fixtures and the seed use, the header
// keys, and footnote markers. Only section headings are structure; every other line must come back.
const SECTION_HEADING = /^(digital activities|digital policy issues|digital tools( and initiatives)?|future of meetings|social media channels)$/i;
const FIELD_PREFIX = /^(category|acronym|established|address|website|stakeholder group|name)\s*:\s*/i;
const MARKER = /\s*(\(\d{1,2}\)|\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*+)\s*:?$/u;
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@]+/gu, ' ')
    .trim();

/** Every line of text a report hands back, folded: mapped fields split at their line breaks, and unmapped lines. */
function returnedLines(report: AtlasReport): string[] {
  const p = report.profile;
  const pieces = [
    p.name,
    p.acronym,
    p.category,
    p.established === null ? null : String(p.established),
    p.address,
    p.website,
    p.stakeholderGroup,
    p.description,
    p.digitalActivities,
    ...p.policyIssues.flatMap((i) => [i.heading, i.alias, i.narrative]),
    p.digitalTools,
    p.meetings,
    ...p.socialMedia.map((c) => [c.network, c.handle, c.url].filter(Boolean).join(' ')),
    ...p.otherSections.flatMap((s) => [s.heading, s.text]),
    ...report.unmapped.map((u) => u.text),
  ];
  return pieces.filter((s): s is string => Boolean(s)).flatMap((s) => s.split('\n').map(norm));
}

/**
 * The non-blank input lines that come back nowhere. Lines are matched whole, as a multiset, so a
 * dropped short line (“Satellite”) cannot hide inside a longer one and a dropped copy of a repeated
 * line is still missed. Header lines may come back as their value, headings without their marker.
 */
function droppedLines(text: string, reports: AtlasReport[]): string[] {
  const available = new Map<string, number>();
  for (const line of reports.flatMap(returnedLines)) available.set(line, (available.get(line) ?? 0) + 1);
  const take = (key: string) => {
    const n = available.get(key) ?? 0;
    if (n > 0) available.set(key, n - 1);
    return n > 0;
  };
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l && !SECTION_HEADING.test(l.replace(MARKER, '').replace(/:$/, '')))
    .filter((l) => {
      const content = norm(l.replace(FIELD_PREFIX, '').replace(MARKER, ''));
      return content !== '' && !take(content) && !take(norm(l));
    });
}

/** Unmapped entries must name the line they came from, with its text as written. */
function assertUnmappedPointAtTheirLines(text: string, reports: AtlasReport[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const u of reports.flatMap((r) => r.unmapped)) {
    assert.equal(lines[u.line - 1]?.trim(), u.text, `line ${u.line}`);
    assert.ok(u.reason.length > 0, `line ${u.line} has no reason`);
  }
}

/* ---------------------------------------------------------------- the seed file */

const SEED = new URL('../../../../shared/seeds/004_b78da1f58fdcc80b.txt', import.meta.url);
const seedSkip = !existsSync(SEED) && 'shared/seeds/004_b78da1f58fdcc80b.txt is absent (../shared is not part of the project)';

describe('parseAtlasText on the Geneva Digital Atlas seed file', { skip: seedSkip }, () => {
  const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  const reports = parseAtlasText(text, vocabulary);
  const profile = (acronym: string) => {
    const found = reports.find((r) => r.profile.acronym === acronym);
    assert.ok(found, `no profile with acronym ${acronym}`);
    return found;
  };
  const issues = (acronym: string) => profile(acronym).profile.policyIssues.map((i) => [i.heading, i.slug]);

  it('finds the five profiles, the first opened by its Category line', () => {
    assert.equal(reports.length, 5);
    assert.deepEqual(
      reports.map((r) => r.profile.acronym),
      ['CyberPeace Institute', 'Geneva Graduate Institute', 'UNIDIR', 'ITU, UIT', 'IGF'],
    );
    assert.deepEqual(
      reports.map((r) => r.profile.category),
      ['Cyberconflict and warfare', null, null, null, null],
    );
  });

  it('reads the header fields as written, and null where a profile lacks them', () => {
    assert.deepEqual(
      reports.map((r) => r.profile.established),
      [2019, 1927, 1980, 1865, 2006],
    );
    assert.deepEqual(
      reports.map((r) => r.profile.website),
      ['https://cyberpeaceinstitute.org/', null, 'https://www.unidir.org/', null, 'https://www.intgovforum.org'],
    );
    assert.deepEqual(
      reports.map((r) => r.profile.stakeholderGroup),
      [
        'NGOs and associations',
        null,
        'International and regional organisations',
        'International and regional organisations',
        'International and regional organisations',
      ],
    );
    assert.equal(profile('CyberPeace Institute').profile.address, 'Campus Biotech Innovation Park, 15 avenue de Sécheron, 1202 Geneva, Switzerland');
    assert.equal(profile('Geneva Graduate Institute').profile.address, 'Case postale 1672, 1211 Geneva, Switzerland');
    assert.equal(profile('ITU, UIT').profile.address, 'Place des Nations, 1202 Geneva, Switzerland');
  });

  it('takes the full name from “Name (Acronym)” in the text, else the (first) acronym', () => {
    assert.deepEqual(
      reports.map((r) => r.profile.name),
      ['CyberPeace Institute', 'Geneva Graduate Institute of International and Development Studies', 'UNIDIR', 'ITU', 'Internet Governance Forum'],
    );
  });

  it('keeps the description and the sections apart', () => {
    const cpi = profile('CyberPeace Institute').profile;
    assert.match(cpi.description, /^The CyberPeace Institute is an independent and neutral/);
    assert.equal(cpi.description.split('\n').length, 5);
    assert.match(cpi.digitalActivities, /\n- assists NGOs and other vulnerable communities/);
    const gi = profile('Geneva Graduate Institute').profile;
    assert.match(gi.digitalTools, /^- Digital collections/);
    assert.match(gi.meetings, /usually on Zoom/);
    assert.match(profile('UNIDIR').profile.meetings, /Zoom and Webex/);
    assert.match(profile('ITU, UIT').profile.digitalTools, /MyMeetings platform/);
    // The IGF's description runs up to its first section and keeps the “IGF mandate” sub-heading.
    assert.match(profile('IGF').profile.description, /\nIGF mandate\n/);
  });

  it('finds the issues of each profile and matches them to the vocabulary', () => {
    assert.deepEqual(issues('CyberPeace Institute'), [
      ['Critical infrastructure', 'critical-infrastructure'],
      ['Network security', 'network-security'],
      ['Capacity development', 'capacity-development'],
      ['Interdisciplinary approaches', 'interdisciplinary-approaches'],
    ]);
    assert.deepEqual(issues('Geneva Graduate Institute'), [
      ['Artificial intelligence', 'artificial-intelligence'],
      ['Future of work', 'future-of-work'],
      ['Inclusive finance', 'inclusive-finance'],
    ]);
    assert.deepEqual(issues('UNIDIR'), [
      ['Cybersecurity', 'cybersecurity'],
      ['Artificial intelligence', 'artificial-intelligence'],
      ['Emerging technologies', 'emerging-technologies'],
    ]);
    assert.deepEqual(issues('ITU, UIT'), [
      ['Telecommunication infrastructure', 'telecommunications-infrastructure'],
      ['Artificial intelligence', 'artificial-intelligence'],
      ['Critical internet resources', 'critical-internet-resources'],
      ['Digital standards', 'digital-standards'],
      ['Internet of things', 'internet-of-things'],
      ['Blockchain', 'blockchain'],
      ['Cloud computing', 'cloud-computing'],
      ['Emerging technologies', 'emerging-technologies'],
      ['Network security', 'network-security'],
      ['Child safety online', 'child-safety-online'],
      ['Access', 'digital-access'],
      ['Capacity development', 'capacity-development'],
      ['Sustainable development', 'sustainable-development'],
      ['Inclusive finance', 'inclusive-finance'],
      ['E-waste', 'e-waste'],
      ['Rights of persons with disabilities', 'rights-of-persons-with-disabilities'],
      ['Gender rights online', 'gender-rights-online'],
      ['Interdisciplinary approaches', 'interdisciplinary-approaches'],
    ]);
    assert.deepEqual(issues('IGF'), []);
  });

  it('keeps sub-headings that are not issues inside the narrative of the open issue', () => {
    const itu = profile('ITU, UIT').profile.policyIssues;
    const telecom = itu.find((i) => i.slug === 'telecommunications-infrastructure')?.narrative ?? '';
    for (const sub of ['5G', 'Satellite', 'Emergency telecommunications']) assert.ok(telecom.split('\n').includes(sub), sub);
    const ai = profile('Geneva Graduate Institute').profile.policyIssues[0]?.narrative ?? '';
    assert.deepEqual(
      ai.split('\n').filter((l) => ['Conflict and peacebuilding', 'Global Health', 'Democracy'].includes(l)),
      ['Conflict and peacebuilding', 'Global Health', 'Democracy'],
    );
  });

  it('reads the aliases the ITU footnotes declare, and none where a footnote only widens the issue', () => {
    const alias = Object.fromEntries(profile('ITU, UIT').profile.policyIssues.map((i) => [i.slug, i.alias]));
    // Footnote 4: “Within the work of ITU, child safety online is addressed as ‘Child online protection’.”
    assert.equal(alias['child-safety-online'], 'Child online protection');
    assert.equal(alias['critical-internet-resources'], 'internet public-policy related work');
    assert.equal(alias['digital-standards'], 'International standards');
    assert.equal(alias['inclusive-finance'], 'Digital Financial Services (DFS)');
    assert.equal(alias['rights-of-persons-with-disabilities'], 'ICT /digital accessibility for all including persons with disabilities');
    assert.equal(alias['gender-rights-online'], 'Gender digital divide');
    // Footnote 3 says the IoT work “also includes ‘Smart cities’”: a wider scope, not another name.
    assert.equal(alias['internet-of-things'], null);
    // Headings that use a vocabulary alias are the actor's own names too.
    assert.equal(alias['telecommunications-infrastructure'], 'Telecommunication infrastructure');
    assert.equal(alias['digital-access'], 'Access');
    assert.equal(alias['network-security'], null);
    const footnotes = profile('ITU, UIT').profile.otherSections.find((s) => s.heading === 'Footnotes');
    assert.equal(footnotes?.text.split('\n').length, 7);
    assert.match(footnotes?.text ?? '', /^1 – In the work of ITU/);
  });

  it('reads the social channels; the CyberPeace channels stranded at the end of the file stay unmapped', () => {
    assert.deepEqual(profile('Geneva Graduate Institute').profile.socialMedia, [
      { network: 'Facebook', handle: '@graduateinstitute', url: null },
      { network: 'Instagram', handle: '@graduateinstitute', url: null },
      { network: 'LinkedIn', handle: '@geneva graduate institute', url: null },
      { network: 'Twitter', handle: '@GVAGrad', url: null },
      { network: 'YouTube', handle: '@Geneva Graduate Institute', url: null },
    ]);
    assert.deepEqual(profile('IGF').profile.socialMedia, [
      { network: 'Facebook', handle: '@IGF – Internet Governance Forum', url: null },
      { network: 'Instagram', handle: '@intgovforum', url: null },
      { network: 'Twitter', handle: '@intgovforum', url: null },
      { network: 'YouTube', handle: '@Internet Governance Forum (IGF)', url: null },
    ]);
    for (const acronym of ['CyberPeace Institute', 'UNIDIR', 'ITU, UIT']) assert.deepEqual(profile(acronym).profile.socialMedia, [], acronym);
  });

  it('reports exactly the lines it could not place, with their numbers and reasons', () => {
    const unmapped = reports.map((r) => r.unmapped.map((u) => u.line));
    assert.deepEqual(unmapped, [[], [81], [], [], [607, 608, 609, 610, 611, 619, 620, 621, 622, 623, 624, 625, 626]]);
    const igf = profile('IGF').unmapped;
    assert.match(igf[0]?.reason ?? '', /before any issue heading/);
    assert.match(igf.find((u) => u.line === 619)?.reason ?? '', /repeats the “Social media channels” heading of line 614/);
    assert.equal(igf.find((u) => u.line === 622)?.text, 'Facebook @CyberpeaceInstitute');
    assertUnmappedPointAtTheirLines(text, reports);
  });

  it('lists the fields each profile filled', () => {
    assert.deepEqual(profile('CyberPeace Institute').mapped, [
      'name',
      'acronym',
      'category',
      'established',
      'address',
      'website',
      'stakeholderGroup',
      'description',
      'digitalActivities',
      'policyIssues',
    ]);
    assert.ok(!profile('Geneva Graduate Institute').mapped.includes('website'));
    assert.ok(profile('ITU, UIT').mapped.includes('otherSections'));
  });

  it('drops no text: every non-blank line is in a mapped field or in unmapped', () => {
    assert.deepEqual(droppedLines(text, reports), []);
  });
});

/* ---------------------------------------------------------------- irregular inline fixtures */

const IRREGULAR = [
  'Category: Development',
  'Acronym: OOO',
  'Established: founded in 2004',
  'Stakeholder group: Academia',
  'The Out-of-Order Observatory (OOO) studies connectivity in remote regions.',
  'Social media channels',
  'Twitter: https://twitter.com/ooo_obs',
  'Mastodon @ooo@example.social',
  'Our newsletter goes out monthly.',
  'Future of meetings',
  'Hybrid by default since 2021.',
  'Digital policy issues[1]:',
  'Space governance',
  'Satellite constellations shape access in remote regions.',
  'Cybercrime [2]',
  'The observatory trains prosecutors.',
  'Content policy*',
  'It reviews moderation rules.',
  'Privacy and data protection',
  '- Data protection impact assessments',
  '- Privacy by design workshops',
  'Digital activities',
  'The observatory runs three programmes:',
  '- Field research',
  '- Open data',
  'Digital tools',
  'A connectivity map.',
  'Digital tools',
  'A second tools section.',
  'Partnerships',
  'Works with five universities.',
  'Our team',
  'Ten researchers.',
  '[1] As the observatory lists them.',
  '[2] In this observatory’s work, cybercrime is referred to as ‘Cyber offences’.',
  '* Content policy is known as ‘Platform governance’ in the observatory’s work.',
].join('\n');

describe('parseAtlasText on irregular profiles', () => {
  it('leaves missing fields null and reports an unknown header field', () => {
    const text = [
      'Acronym: ACME',
      'Phone: +41 22 000 00 00',
      'The Acme Digital Alliance (ACME) builds community networks.',
      'Digital activities',
      'It trains local operators.',
    ].join('\n');
    const [report, ...rest] = parseAtlasText(text, vocabulary);
    assert.equal(rest.length, 0);
    assert.ok(report);
    const p = report.profile;
    assert.deepEqual(
      [p.name, p.acronym, p.category, p.established, p.address, p.website, p.stakeholderGroup],
      ['Acme Digital Alliance', 'ACME', null, null, null, null, null],
    );
    assert.deepEqual(report.mapped, ['name', 'acronym', 'description', 'digitalActivities']);
    assert.deepEqual(report.unmapped, [{ line: 2, text: 'Phone: +41 22 000 00 00', reason: 'unknown header field “Phone”' }]);
    assert.equal(p.digitalActivities, 'It trains local operators.');
    assert.deepEqual(droppedLines(text, [report]), []);
  });

  it('reads sections in any order, with lists, markers and footnotes', () => {
    const [report] = parseAtlasText(IRREGULAR, vocabulary);
    assert.ok(report);
    const p = report.profile;
    assert.equal(p.category, 'Development');
    assert.equal(p.name, 'Out-of-Order Observatory');
    assert.equal(p.stakeholderGroup, 'Academia');
    assert.deepEqual(p.socialMedia, [
      { network: 'Twitter', handle: null, url: 'https://twitter.com/ooo_obs' },
      { network: 'Mastodon', handle: '@ooo@example.social', url: null },
    ]);
    assert.equal(p.meetings, 'Hybrid by default since 2021.');
    assert.equal(p.digitalActivities, 'The observatory runs three programmes:\n- Field research\n- Open data');
    assert.deepEqual(p.policyIssues, [
      { heading: 'Space governance', slug: null, alias: null, narrative: 'Satellite constellations shape access in remote regions.' },
      { heading: 'Cybercrime', slug: 'cybercrime', alias: 'Cyber offences', narrative: 'The observatory trains prosecutors.' },
      { heading: 'Content policy', slug: 'content-policy', alias: 'Platform governance', narrative: 'It reviews moderation rules.' },
      {
        heading: 'Privacy and data protection',
        slug: 'privacy-and-data-protection',
        alias: null,
        narrative: '- Data protection impact assessments\n- Privacy by design workshops',
      },
    ]);
  });

  it('keeps unknown sections: a listed one in otherSections, an unlisted heading as text of the section above', () => {
    const [report] = parseAtlasText(IRREGULAR, vocabulary);
    assert.ok(report);
    const partnerships = report.profile.otherSections.find((s) => s.heading === 'Partnerships');
    assert.equal(partnerships?.text, 'Works with five universities.\nOur team\nTen researchers.');
    assert.deepEqual(
      report.profile.otherSections.map((s) => s.heading),
      ['Partnerships', 'Footnotes'],
    );
  });

  it('reports what it cannot place: a loose year, a stray social line, a repeated section', () => {
    const [report] = parseAtlasText(IRREGULAR, vocabulary);
    assert.ok(report);
    assert.equal(report.profile.established, 2004);
    assert.equal(report.profile.digitalTools, 'A connectivity map.');
    assert.deepEqual(
      report.unmapped.map((u) => [u.line, u.text]),
      [
        [3, 'Established: founded in 2004'],
        [9, 'Our newsletter goes out monthly.'],
        [28, 'Digital tools'],
        [29, 'A second tools section.'],
      ],
    );
    assert.match(report.unmapped[0]?.reason ?? '', /not a plain year; 2004 was taken/);
    assertUnmappedPointAtTheirLines(IRREGULAR, [report]);
    assert.deepEqual(droppedLines(IRREGULAR, [report]), []);
  });

  it('reads Windows line endings and trailing spaces exactly as plain ones', () => {
    const windows = IRREGULAR.split('\n')
      .map((l) => `${l}  \t`)
      .join('\r\n');
    assert.deepEqual(parseAtlasText(windows, vocabulary), parseAtlasText(IRREGULAR, vocabulary));
    assert.deepEqual(droppedLines(windows, parseAtlasText(windows, vocabulary)), []);
  });

  it('keeps a title-like line inside an open issue as a sub-heading, and an unknown issue with slug null', () => {
    const text = [
      'Acronym: SUB',
      'Digital policy issues',
      'Undersea cables',
      'Cables carry most traffic.',
      'Critical infrastructure',
      'Cables are protected.',
      'Quantum sensing',
      'Sensors watch the cables.',
    ].join('\n');
    const [report] = parseAtlasText(text, vocabulary);
    assert.deepEqual(report?.profile.policyIssues, [
      { heading: 'Undersea cables', slug: null, alias: null, narrative: 'Cables carry most traffic.' },
      {
        heading: 'Critical infrastructure',
        slug: 'critical-infrastructure',
        alias: null,
        narrative: 'Cables are protected.\nQuantum sensing\nSensors watch the cables.',
      },
    ]);
  });

  it('matches headings without regard to case or punctuation, and reads “A (B)” both ways', () => {
    const text = [
      'Acronym: CASE',
      'Digital policy issues:',
      'NETWORK-NEUTRALITY',
      'Text one.',
      'Child online protection (child safety online)',
      'Text two.',
      'Internet of Things (IoT)',
      'Text three.',
    ].join('\n');
    const [report] = parseAtlasText(text, vocabulary);
    assert.deepEqual(
      report?.profile.policyIssues.map((i) => [i.heading, i.slug, i.alias]),
      [
        ['NETWORK-NEUTRALITY', 'network-neutrality', null],
        ['Child online protection (child safety online)', 'child-safety-online', 'Child online protection'],
        ['Internet of Things (IoT)', 'internet-of-things', null],
      ],
    );
  });

  it('splits profiles on Category and Acronym lines and reports text before the first one', () => {
    const text = [
      'Geneva Digital Atlas 2022',
      '',
      'Category: Cybercrime',
      '',
      'Acronym: AAA',
      'First actor.',
      '',
      'Acronym: BBB',
      'Second actor.',
      'Category: Content policy',
      'Third actor, which has no acronym.',
    ].join('\n');
    const reports = parseAtlasText(text, vocabulary);
    assert.deepEqual(
      reports.map((r) => [r.profile.category, r.profile.acronym, r.profile.name, r.profile.description]),
      [
        ['Cybercrime', 'AAA', 'AAA', 'First actor.'],
        [null, 'BBB', 'BBB', 'Second actor.'],
        ['Content policy', null, null, 'Third actor, which has no acronym.'],
      ],
    );
    assert.deepEqual(reports[0]?.unmapped, [
      { line: 1, text: 'Geneva Digital Atlas 2022', reason: 'before the first profile (no Category: or Acronym: line yet)' },
    ]);
    assert.deepEqual(droppedLines(text, reports), []);
  });

  it('returns text with no profile start as unmapped rather than nothing', () => {
    const reports = parseAtlasText('Just a note.\n\nAnother note.', vocabulary);
    assert.equal(reports.length, 1);
    assert.deepEqual(
      reports[0]?.unmapped.map((u) => u.line),
      [1, 3],
    );
    assert.deepEqual(reports[0]?.mapped, []);
    assert.deepEqual(parseAtlasText('', vocabulary), []);
  });
});
