/**
 * A short description of a browser from its User-Agent header, for the list of one's sessions:
 * the browser's family and the operating system, or null for what is not recognised. Names only,
 * never versions: enough to tell one's phone from one's laptop.
 */
export function describeUserAgent(ua: string | null | undefined): { browser: string | null; os: string | null } {
  if (!ua) return { browser: null, os: null };
  const browsers: Array<[RegExp, string]> = [
    [/\bEdg(e|A|iOS)?\//, 'Edge'],
    [/\b(OPR|Opera)\//, 'Opera'],
    [/\bSamsungBrowser\//, 'Samsung Internet'],
    [/\b(Firefox|FxiOS)\//, 'Firefox'],
    [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
    [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
    [/^curl\//, 'curl'],
  ];
  const systems: Array<[RegExp, string]> = [
    [/\bWindows\b/, 'Windows'],
    [/\bAndroid\b/, 'Android'],
    [/\biPad\b/, 'iPadOS'],
    [/\b(iPhone|iPod)\b/, 'iOS'],
    [/\bCrOS\b/, 'ChromeOS'],
    [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
    [/\bLinux\b/, 'Linux'],
  ];
  const first = (list: Array<[RegExp, string]>) => list.find(([re]) => re.test(ua))?.[1] ?? null;
  return { browser: first(browsers), os: first(systems) };
}
