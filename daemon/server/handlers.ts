import type { Params } from '../../protocol/fields.js';
import { checkBlit, checkFill } from '../../protocol/messages/draw.js';
import { checkPresent } from '../../protocol/messages/present.js';
import { checkSnapshot } from '../../protocol/messages/snapshot.js';
import type { OpName, Ops } from '../../protocol/ops.js';
import type { Display } from '../display/display.js';
import type { SlotOwner } from '../ring/slots.js';
import { checkSlot } from '../../protocol/messages/slots.js';
import { checkBacklight, checkBlank } from '../../protocol/messages/power.js';
import { SpifbError } from '../../protocol/errors.js';

type Handler<K extends OpName> = (params: Params, display: Display, client: SlotOwner) => Ops[K]['result'];

/**
 * One function per op after the handshake: validate with the protocol's
 * checker (which throws coded errors), then act on the display. Nothing here
 * touches the socket.
 */
export const handlers: { [K in Exclude<OpName, 'hello'>]: Handler<K> } = {
  info: (_p, display) => display.info(),

  fill: (p, display) => {
    const { color, rect } = checkFill(p, display.geometry);
    display.drawSurface().fill(rect, color);
    return {};
  },

  blit: (p, display) => {
    const { rect, format, pixels, stride } = checkBlit(p, display.geometry);
    display.drawSurface().blit(rect, format, pixels, stride);
    return {};
  },

  present: (p, display, client) => {
    // Damage is validated now; the streamer's diff finds the changed pixels,
    // so undeclared changes are sent too (see protocol/README.md). Only the
    // checked slot and next go further: no message below renders client data.
    const { slot, next } = checkPresent(p, display.geometry);
    if (slot !== undefined) {
      const seq = display.presentSlot(client, slot);
      // The presented slot now holds the newest frame; the next one starts from it.
      if (!next) return { seq };
      try {
        return { seq, next: display.acquire(client) };
      } catch (err) {
        // The present happened; no free slot only means no `next` this time.
        if (err instanceof SpifbError && err.code === 'ENO_SLOT') return { seq };
        throw err;
      }
    }
    return { seq: display.present() };
  },

  map: (_p, display) => display.mapInfo(),

  acquire: (_p, display, client) => display.acquire(client),

  release: (p, display, client) => {
    display.cancelSlot(client, checkSlot(p).slot);
    return {};
  },

  snapshot: (p, display) => display.snapshot(checkSnapshot(p).view),

  stats: (_p, display) => display.stats(),

  // The reply is the state the request sets; the change reaches the panel between frames, in order (failures are logged).
  backlight: (p, display) => {
    const { state, applied } = display.setBacklight(checkBacklight(p).level);
    applied.catch(() => {});
    return state;
  },

  blank: (p, display) => {
    const { state, applied } = display.blank(checkBlank(p).on);
    applied.catch(() => {});
    return state;
  },
};

