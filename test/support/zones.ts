/** IANA zones with the awkward cases (half-hour and 45-minute offsets, suspended DST, a skipped day) the zone tests walk. */
export const AWKWARD_ZONES = [
  'Europe/Zurich',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kathmandu', // +05:45
  'America/St_Johns', // −03:30 with DST
  'Pacific/Chatham', // +12:45 / +13:45
  'Pacific/Apia', // skipped 2011-12-30 entirely
  'Africa/Casablanca', // DST suspended during Ramadan
] as const;
