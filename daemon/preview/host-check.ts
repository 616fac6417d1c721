import { isIP } from 'node:net';

/**
 * The `Host` values the preview answers, for DNS rebinding: a page from
 * evil.example whose name is re-pointed at 127.0.0.1 reaches the preview
 * from the browser, but its requests still say `Host: evil.example:PORT`.
 * Accepted: the bound IP literal with the port; on loopback also
 * `localhost:PORT`, `127.0.0.1:PORT` and `[::1]:PORT`; on a wildcard
 * address any IP literal with the port (no name can be rebound in one).
 * Port 80 may be left out, as browsers do.
 */
export function hostChecker(address: string, port: number): (host: string | undefined) => boolean {
  const wildcard = address === '0.0.0.0' || address === '::';
  const loopback = /^127\./.test(address) || address === '::1' || address === '::ffff:127.0.0.1';
  const names = new Set<string>([literal(address)]);
  if (loopback || wildcard) for (const n of ['localhost', '127.0.0.1', '[::1]']) names.add(n);
  return (host) => {
    if (host === undefined) return false;
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim().toLowerCase());
    if (!m || Number(m[2] ?? 80) !== port) return false;
    return names.has(m[1]) || (wildcard && isIP(m[1].replace(/^\[|\]$/g, '')) !== 0);
  };
}

/** How an address is written in a Host header (IPv6 in brackets). */
function literal(address: string): string {
  return isIP(address) === 6 ? `[${address.toLowerCase()}]` : address.toLowerCase();
}
