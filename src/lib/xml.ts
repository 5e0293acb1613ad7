/** Characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or an attribute value made safe for XML: markup characters escaped, characters XML cannot carry replaced. */
export function xmlEscape(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** ` a="…" b="…"`: attributes in the order given, values escaped; a null or undefined value is left out. */
export function xmlAttrs(attrs: Record<string, string | null | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) if (value !== null && value !== undefined) out += ` ${name}="${xmlEscape(value)}"`;
  return out;
}

/** An element: `<name …/>` when it has no content, else `<name …>content</name>` (content is markup, already escaped). */
export function xmlElement(name: string, attrs: Record<string, string | null | undefined>, content = ''): string {
  return content === '' ? `<${name}${xmlAttrs(attrs)}/>` : `<${name}${xmlAttrs(attrs)}>${content}</${name}>`;
}

/** C1 controls and DEL: allowed by XML but discouraged, and never meant in a title. */
const DISCOURAGED = /[\u007F-\u009F]/g;

/** Text with every character XML cannot hold (and other control characters) removed: safe in a feed, XML or JSON. */
export function stripControls(value: string): string {
  return value.replace(NOT_XML, '').replace(DISCOURAGED, '');
}

/** Text for an XML element or attribute: control characters stripped, markup characters escaped. */
export function xmlText(value: string): string {
  return stripControls(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `<name a="…">text</name>` with the text escaped (feeds: control characters dropped rather than replaced); attributes whose value is null are left out, an empty element closes itself. */
export function xmlTextElement(name: string, attrs: Record<string, string | null | undefined>, content?: string): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
    .join('');
  return content === undefined ? `<${name}${a}/>` : `<${name}${a}>${xmlText(content)}</${name}>`;
}
