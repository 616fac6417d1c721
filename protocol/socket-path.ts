/** Where systemd's RuntimeDirectory=spifb puts the first display's socket. */
export const SYSTEM_SOCKET_DIR = '/run/spifb';
export const SYSTEM_SOCKET = `${SYSTEM_SOCKET_DIR}/fb0.sock`;

/**
 * The socket path when none is given, the same rule on both ends so daemon
 * and client meet without flags: `$SPIFB_SOCKET`, else /run/spifb/fb0.sock
 * when /run/spifb is writable (daemon) or exists (client), else
 * `$XDG_RUNTIME_DIR/spifb-fb0.sock`, else `<tmpdir>/spifb-fb0.sock`.
 * Pure: the caller says whether the system directory is usable.
 */
export function defaultSocketPath(
  env: Record<string, string | undefined>,
  systemDirUsable: boolean,
  tmpdir: string,
): string {
  if (env.SPIFB_SOCKET) return env.SPIFB_SOCKET;
  if (systemDirUsable) return SYSTEM_SOCKET;
  return `${env.XDG_RUNTIME_DIR || tmpdir}/spifb-fb0.sock`;
}
