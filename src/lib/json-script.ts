/**
 * JSON to place inside a `<script>` element (JSON-LD): `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026`, so
 * no text of an entry can close the element or open a comment, and U+2028/2029 are escaped for older parsers.
 * The result parses back to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
