import { LOCALES } from '../i18n/locales';

/** Pages under each locale that are personal or for staff: nothing a crawler could read, nor should try. */
const PRIVATE_UNDER_LOCALE = ['/account', '/contribute', '/review', '/admin', '/calls/new', '/organisations/new'];
/** An entry's history and its comparisons (for its owners and curators), under any kind's path. */
const PRIVATE_ANYWHERE = ['/*/history', '/*/diff'];

/**
 * robots.txt: public pages are open to every crawler; personal and staff pages are not. The sitemap index is named
 * by its absolute address at the configured public base URL (the protocol wants a full URL).
 */
export function robotsTxt(baseUrl: string): string {
  const lines = ['User-agent: *', 'Allow: /'];
  for (const locale of LOCALES) for (const path of PRIVATE_UNDER_LOCALE) lines.push(`Disallow: /${locale}${path}`);
  for (const path of PRIVATE_ANYWHERE) lines.push(`Disallow: ${path}`);
  lines.push('', `Sitemap: ${baseUrl}/sitemap.xml`);
  return `${lines.join('\n')}\n`;
}
