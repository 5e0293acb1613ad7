/** Characters XML 1.0 cannot hold: C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** C1 controls and DEL: allowed by XML but discouraged, and never meant in a title. */
const DISCOURAGED = /[\u007F-\u009F]/g;

/** Text with every character XML cannot hold (and other control characters) removed: safe in a feed, XML or JSON. */
export function stripControls(value: string): string {
  return value.replace(NOT_XML, '').replace(DISCOURAGED, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an XML element or attribute: control characters stripped, markup characters escaped. */
export function xmlText(value: string): string {
  return stripControls(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** `<name a="…">text</name>`, escaped; attributes whose value is null are left out, an empty element closes itself. */
export function xmlElement(name: string, attrs: Record<string, string | null | undefined>, content?: string): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
    .join('');
  return content === undefined ? `<${name}${a}/>` : `<${name}${a}>${xmlText(content)}</${name}>`;
}
