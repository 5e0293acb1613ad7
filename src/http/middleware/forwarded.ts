/**
 * Reading the headers a reverse proxy adds, trusting only what the configured number of proxies wrote.
 * Each proxy appends the address it was called from to X-Forwarded-For, so the rightmost entries are
 * theirs and everything to the left of them is whatever the client sent — it proves nothing.
 */

const listOf = (header: string | undefined) =>
  (header ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The client's address behind `trustedProxies` proxies: the entry that many places from the right of
 * X-Forwarded-For (the nearest proxy is the socket, and wrote the rightmost entry). With no trusted
 * proxy, or fewer entries than proxies (a proxy did not add one), the socket's address.
 */
export function forwardedClient(forwardedFor: string | undefined, socketAddress: string, trustedProxies: number): string {
  if (trustedProxies < 1) return socketAddress;
  const entries = listOf(forwardedFor);
  const entry = entries.length >= trustedProxies ? entries[entries.length - trustedProxies] : undefined;
  return entry ? entry.slice(0, 100).toLowerCase() : socketAddress;
}

/** Whether the request reached the first proxy over HTTPS; the header counts only behind a trusted proxy. */
export function forwardedHttps(forwardedProto: string | undefined, trustedProxies: number): boolean {
  if (trustedProxies < 1) return false;
  const entries = listOf(forwardedProto);
  // Proxies that append read like X-Forwarded-For; most set a single value, which then is the edge's.
  const entry = entries.length >= trustedProxies ? entries[entries.length - trustedProxies] : entries[0];
  return entry?.toLowerCase() === 'https';
}
