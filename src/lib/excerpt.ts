/**
 * A text cut to at most `max` characters (code points, so no character is split) for a page's description:
 * whitespace runs become one space; a longer text ends at the last word boundary in its final fifth, when there is
 * one (scripts written without spaces are cut where the limit falls), followed by an ellipsis.
 */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= head.length * 0.8 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\u3001\u3002\u060c-]+$/u, '')}…`;
}
