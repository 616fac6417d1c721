import type { SnapshotResult } from '../../protocol/messages/snapshot.js';
import type { Rect } from '../../protocol/rect.js';
import type { Display } from '../display/display.js';
import { changedRegions } from './damage.js';

/**
 * What the preview has shown its browsers, and what changed since. The glass
 * is read back only when a frame event says it may have changed (and at most
 * once per burst of events, see PreviewServer), never on a timer; region
 * fetches are served from that same read-back.
 */
export class PreviewFrames {
  private latest?: SnapshotResult;
  /** The image whose changes browsers have been told about (fetches may already have newer pixels). */
  private announced?: SnapshotResult;
  private dirty = true;
  /** Bumped on every read-back; a region fetch names the version it got. */
  version = 0;

  constructor(private readonly display: Display) {}

  /** A frame finished on the wire: the glass may differ now. */
  invalidate(): void {
    this.dirty = true;
  }

  /** The screen as the glass shows it, read back only if a frame came since. */
  current(): SnapshotResult {
    if (this.dirty || !this.latest) {
      this.latest = this.display.snapshot('screen');
      this.dirty = false;
      this.version++;
    }
    return this.latest;
  }

  /**
   * The regions that differ between the glass now and the image announced
   * last; the caller announces them. Diffing against the announced image,
   * not the last read, means a change read early by a fetch is still announced.
   */
  changes(): Rect[] {
    const before = this.announced;
    const now = this.current();
    this.announced = now;
    if (before === now) return [];
    if (!before || before.width !== now.width || before.height !== now.height) return [{ x: 0, y: 0, w: now.width, h: now.height }];
    return changedRegions(before.pixels, now.pixels, now.width, now.height);
  }
}
