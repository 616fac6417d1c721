import type { Params } from '../../protocol/fields.js';
import { checkBlit, checkFill } from '../../protocol/messages/draw.js';
import { checkPresent } from '../../protocol/messages/present.js';
import { checkSnapshot } from '../../protocol/messages/snapshot.js';
import type { OpName, Ops } from '../../protocol/ops.js';
import type { Display } from '../display.js';

type Handler<K extends OpName> = (params: Params, display: Display) => Ops[K]['result'];

/**
 * One function per op after the handshake: validate with the protocol's
 * checker (which throws coded errors), then act on the display. Nothing here
 * touches the socket.
 */
export const handlers: { [K in Exclude<OpName, 'hello'>]: Handler<K> } = {
  info: (_p, display) => display.info(),

  fill: (p, display) => {
    const { color, rect } = checkFill(p, display.surface);
    display.surface.fill(rect, color);
    return {};
  },

  blit: (p, display) => {
    const { rect, format, pixels, stride } = checkBlit(p, display.surface);
    display.surface.blit(rect, format, pixels, stride);
    return {};
  },

  present: (p, display) => {
    // Damage is validated now; the streamer's diff finds the changed pixels,
    // so undeclared changes are sent too (see protocol/README.md).
    checkPresent(p, display.surface);
    return { seq: display.streamer.present() };
  },

  snapshot: (p, display) => display.snapshot(checkSnapshot(p).view),

  stats: (_p, display) => ({ ...display.streamer.getStats(), busHz: display.streamer.cost.hz }),
};
