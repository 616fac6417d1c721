import { Connection } from '../../client/connection.js';
import { SharedBuffer } from '../../client/shared-buffer.js';
import type { MapResult } from '../../protocol/messages/slots.js';

/**
 * hello + `map` on a connection of its own, through the SDK's recvmsg path:
 * the reply and the descriptors it carried (README "`map`"). The caller
 * owns the descriptors; the connection is closed unless `keep`.
 */
export async function mapDescriptors(socket: string, keep = false): Promise<{ result: MapResult; fds: number[]; conn: Connection }> {
  const conn = await Connection.open(socket, 5000);
  await conn.request('hello', { version: 1, client: 'map-client' });
  const { result, fds } = await conn.requestWithDescriptors('map', {});
  if (!keep) conn.close();
  return { result, fds, conn };
}

/** The shared buffer mapped as the SDK maps it; the mappings outlive the connection. */
export async function mapShared(socket: string): Promise<SharedBuffer> {
  const { result, fds } = await mapDescriptors(socket);
  return SharedBuffer.map(result, fds);
}
