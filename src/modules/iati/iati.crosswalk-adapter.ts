/**
 * The crosswalk as the importer reads it. PROVISIONAL until `crosswalk.ts` (kept with the export) lands:
 * then this file only adapts its functions.
 */
import type { IatiCrosswalk } from './iati.mapping';

const DAC: Record<string, string[]> = {
  '22040': ['c2'],
  '22010': ['c1'],
  '22020': ['c2'],
  '22030': ['c2'],
  '15110': ['c7-e-government'],
  '12110': ['c7-e-health'],
  '11110': ['c7-e-learning'],
  '41010': ['c7-e-environment'],
  '31110': ['c7-e-agriculture'],
};
const ORG: Record<string, string> = {
  '10': 'government',
  '11': 'government',
  '15': 'government',
  '21': 'civil-society',
  '22': 'civil-society',
  '23': 'civil-society',
  '24': 'civil-society',
  '40': 'international-organisation',
  '60': 'civil-society',
  '70': 'private-sector',
  '71': 'private-sector',
  '72': 'private-sector',
  '73': 'private-sector',
  '80': 'academia',
  '90': 'other',
};
const STATUS: Record<string, 'planned' | 'ongoing' | 'completed' | null> = {
  '1': 'planned',
  '2': 'ongoing',
  '3': 'completed',
  '4': 'completed',
  '5': null,
  '6': 'ongoing',
};

export const iatiCrosswalk: IatiCrosswalk = {
  actionLinesForDac: (code) => DAC[code] ?? [],
  stakeholderTypeForOrgType: (code) => ORG[code] as ReturnType<IatiCrosswalk['stakeholderTypeForOrgType']>,
  statusForIati: (code) => STATUS[code],
};
