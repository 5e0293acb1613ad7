import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * The markup of a part with no asynchronous component, as raw HTML to place in a page: for parts rendered once and
 * kept (the frame's shared pieces, drawn maps), which a page then places without rendering them again.
 */
export function renderedOnce(part: Child): HtmlEscapedString {
  const html = part?.toString();
  if (typeof html !== 'string') throw new Error('a part rendered once rendered asynchronously');
  return raw(html);
}
