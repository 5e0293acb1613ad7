import { LOCALES } from '../i18n/locales';

/** Pages under each locale that are personal or for staff: nothing a crawler could read, nor should try. */
const PRIVATE_UNDER_LOCALE = ['/account', '/contribute', '/review', '/admin', '/calls/new', '/organisations/new'];
/** An entry's history and its comparisons (for its owners and curators), under any kind's path. */
const PRIVATE_ANYWHERE = ['/*/history', '/*/diff'];

/**
 * robots.txt: public pages are open to every crawler; personal and staff pages are not. (No sitemap line until the
 * product has a sitemap.)
 */
export function robotsTxt(): string {
  const lines = ['User-agent: *', 'Allow: /'];
  for (const locale of LOCALES) for (const path of PRIVATE_UNDER_LOCALE) lines.push(`Disallow: /${locale}${path}`);
  for (const path of PRIVATE_ANYWHERE) lines.push(`Disallow: ${path}`);
  return `${lines.join('\n')}\n`;
}
