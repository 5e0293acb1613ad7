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
