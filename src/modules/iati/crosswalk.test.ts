import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedData } from '../../../test/support/shared-data';
import { STAKEHOLDER_TYPES } from '../entries/entry';
import {
  activityScopeFor,
  activityStatusFor,
  actionLinesForDac,
  CROSSWALK,
  dacCodesForActionLine,
  dacForActionLine,
  organisationTypeForStakeholder,
  scopeForActivityScope,
  stakeholderForOrganisationType,
  statusForActivityStatus,
} from './crosswalk';

const actionLines = (
  JSON.parse(readFileSync(new URL('../taxonomy/data/action-lines.json', import.meta.url), 'utf8')) as { terms: Array<{ code: string }> }
).terms.map((t) => t.code);

/** code → status attribute of an IATI codelist file in ../shared (null when the data is absent). */
function codelist(name: string): Map<string, string> | null {
  const file = sharedData('iati', 'codelists', `${name}.xml`);
  if (!existsSync(file)) return null;
  const xml = readFileSync(file, 'utf8');
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<codelist-item(?: status="(\w+)")?[^>]*>\s*<code>([^<]+)<\/code>/g)) out.set(m[2]!, m[1] ?? 'active');
  return out;
}
const skipCodelists = existsSync(sharedData('iati', 'codelists')) ? false : 'needs ../shared/data/iati/codelists';

describe('IATI crosswalk', () => {
  it('gives every action line of the vocabulary a primary DAC code, distinct across lines', () => {
    assert.ok(actionLines.length >= 19);
    const primaries = actionLines.map((code) => dacForActionLine(code));
    for (const [i, p] of primaries.entries()) assert.match(p ?? '', /^\d{5}$/, `${actionLines[i]} has no primary`);
    assert.equal(new Set(primaries).size, primaries.length, 'two action lines share a primary: the round trip would merge them');
    assert.deepEqual(Object.keys(CROSSWALK.actionLines).sort(), [...actionLines].sort(), 'the crosswalk names a line the vocabulary lacks');
    assert.equal(dacForActionLine('c99'), undefined);
    assert.equal(dacForActionLine('__proto__'), undefined);
  });

  it('maps every primary back to its own action line only, and every listed code back to a line listing it', () => {
    for (const line of actionLines) {
      assert.deepEqual(actionLinesForDac(dacForActionLine(line)!), [line], line);
      for (const code of dacCodesForActionLine(line)) assert.ok(actionLinesForDac(code).length > 0, `${code} of ${line} maps back to nothing`);
    }
    for (const [code, lines] of Object.entries(CROSSWALK.dacToActionLines)) {
      for (const line of lines) assert.ok(dacCodesForActionLine(line).includes(code), `${code} → ${line} but ${line} does not list ${code}`);
    }
    assert.deepEqual(actionLinesForDac('22040'), ['c7']);
    assert.deepEqual(actionLinesForDac('220'), ['c7']);
    assert.deepEqual(actionLinesForDac('99810'), []);
    assert.deepEqual(actionLinesForDac('not a code'), []);
  });

  it('uses only active codes of the IATI Sector codelist', { skip: skipCodelists }, () => {
    const sectors = codelist('Sector')!;
    const all = new Set([...Object.values(CROSSWALK.actionLines).flatMap((l) => l.dac), ...Object.keys(CROSSWALK.dacToActionLines)]);
    for (const code of all) assert.equal(sectors.get(code), 'active', `DAC ${code} is not an active Sector code`);
    assert.ok(all.has('22040') && all.has('22020') && all.has('22030'));
  });

  it('maps stakeholder types, statuses and roles to codes of their IATI codelists', { skip: skipCodelists }, () => {
    const types = codelist('OrganisationType')!;
    for (const t of STAKEHOLDER_TYPES) assert.ok(types.has(organisationTypeForStakeholder(t)), t);
    for (const code of types.keys()) assert.ok(stakeholderForOrganisationType(code), `OrganisationType ${code} maps to no stakeholder type`);
    assert.equal(stakeholderForOrganisationType('10'), 'government');
    const statuses = codelist('ActivityStatus')!;
    for (const s of ['planned', 'ongoing', 'completed'] as const) {
      assert.ok(statuses.has(activityStatusFor(s)));
      assert.equal(statusForActivityStatus(activityStatusFor(s)), s);
    }
    for (const code of statuses.keys()) assert.ok(statusForActivityStatus(code), code);
    const roles = codelist('OrganisationRole')!;
    for (const code of [CROSSWALK.organisationRoles.lead, CROSSWALK.organisationRoles.partner]) assert.ok(roles.has(code));
    const dates = codelist('ActivityDateType')!;
    for (const d of Object.values(CROSSWALK.activityDates)) assert.ok(dates.has(d.start) && dates.has(d.end));
  });
});

describe('IATI crosswalk, scopes', () => {
  it('maps every scope to an ActivityScope code and back to itself', () => {
    for (const s of ['local', 'national', 'regional', 'international'] as const) assert.equal(scopeForActivityScope(activityScopeFor(s)), s);
    for (const code of ['1', '2', '3', '4', '5', '6', '7', '8']) assert.ok(scopeForActivityScope(code), code);
    assert.equal(scopeForActivityScope('9'), undefined);
  });
});
