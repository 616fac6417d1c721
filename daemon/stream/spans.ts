/**
 * Changed spans per row between the frame to send and the shadow (what the
 * panel shows). Rows are compared 32 bits (two rgb565 pixels) at a time; runs
 * closer than `maxGap` pixels are joined, since sending the unchanged gap is
 * cheaper than opening another window.
 *
 * Spans are written into `out` as [row, x0, x1) triples; returns the count.
 */
export class SpanBuffer {
  data: Int32Array;
  count = 0;

  constructor(capacity = 4096) {
    this.data = new Int32Array(capacity * 3);
  }

  /** An empty span (only a frame written during the diff makes one) is dropped. */
  push(row: number, x0: number, x1: number): void {
    if (x1 <= x0) return;
    if ((this.count + 1) * 3 > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const o = this.count * 3;
    this.data[o] = row;
    this.data[o + 1] = x0;
    this.data[o + 2] = x1;
    this.count++;
  }
}

function view32(b: Uint8Array): Uint32Array | null {
  return b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.byteLength >> 2) : null;
}

/**
 * Find changed spans of rgb565 frames `next` vs `shadow` (same geometry) in
 * rows [y0, y1). `rowStep` 2 visits every other row (interlacing).
 */
export function findSpans(
  next: Uint8Array, shadow: Uint8Array, width: number, stride: number,
  maxGap: number, out: SpanBuffer, y0 = 0, y1 = Math.floor(next.length / stride), rowStep = 1,
): number {
  out.count = 0;
  const a = view32(next);
  const b = view32(shadow);
  const fast = a !== null && b !== null && stride % 4 === 0;
  const nb = Buffer.from(next.buffer, next.byteOffset, next.byteLength);
  const sb = Buffer.from(shadow.buffer, shadow.byteOffset, shadow.byteLength);
  for (let y = y0; y < y1; y += rowStep) {
    let runStart = -1;
    let runEnd = -1;
    if (fast) {
      const w0 = (y * stride) >> 2;
      const words = width >> 1;
      // Unchanged rows are the common case: one native compare skips them.
      if (Buffer.compare(nb.subarray(w0 * 4, (w0 + words) * 4), sb.subarray(w0 * 4, (w0 + words) * 4)) !== 0) {
        // `next` may be a client's slot, written while this reads it: a word
        // found different may be equal when read again, so every scan is
        // bounded by the row (or by the run it belongs to), never by finding
        // a difference. Such a race can only shift a span; the streamer's
        // shadow copy keeps the panel right and the next diff finds the rest.
        let f = 0;
        while (f < words && a![w0 + f] === b![w0 + f]) f++;
        let l = words - 1;
        while (l > f && a![w0 + l] === b![w0 + l]) l--;
        if (f < words) {
          runStart = (a![w0 + f] ^ b![w0 + f]) & 0xffff ? 2 * f : 2 * f + 1;
          let runWord = f;
          // A gap wider than maxGap pixels holds at least `step` equal words in
          // a row, so it contains a sample taken every `step` words; gaps that
          // hold no sample are narrower than maxGap and are joined anyway.
          const step = Math.max(1, maxGap >> 1);
          for (let s = f + step; s < l; s += step) {
            if (a![w0 + s] !== b![w0 + s]) continue;
            let p = s;
            while (p - 1 > runWord && a![w0 + p - 1] === b![w0 + p - 1]) p--;
            let q = s;
            while (q + 1 < l && a![w0 + q + 1] === b![w0 + q + 1]) q++;
            // Words p-1 and q+1 differ; measure the gap to the pixel.
            const end = (a![w0 + p - 1] ^ b![w0 + p - 1]) >>> 16 ? 2 * p : 2 * p - 1;
            const first = (a![w0 + q + 1] ^ b![w0 + q + 1]) & 0xffff ? 2 * q + 2 : 2 * q + 3;
            if (first - end > maxGap) {
              out.push(y, runStart, end);
              runStart = first;
              runWord = q + 1;
            }
            s = q + 1;
          }
          runEnd = (a![w0 + l] ^ b![w0 + l]) >>> 16 ? 2 * l + 2 : 2 * l + 1;
          // Only a race leaves a run empty (its end words read equal): drop it.
          if (runEnd <= runStart) runStart = runEnd = -1;
        }
      }
      if (width & 1) {
        const o = y * stride + (width - 1) * 2;
        if (next[o] !== shadow[o] || next[o + 1] !== shadow[o + 1]) {
          if (runStart < 0) runStart = width - 1;
          else if (width - 1 - runEnd > maxGap) {
            out.push(y, runStart, runEnd);
            runStart = width - 1;
          }
          runEnd = width;
        }
      }
    } else {
      for (let x = 0; x < width; x++) {
        const o = y * stride + x * 2;
        if (next[o] === shadow[o] && next[o + 1] === shadow[o + 1]) continue;
        if (runStart < 0) runStart = x;
        else if (x - runEnd > maxGap) {
          out.push(y, runStart, runEnd);
          runStart = x;
        }
        runEnd = x + 1;
      }
    }
    if (runStart >= 0) out.push(y, runStart, runEnd);
  }
  return out.count;
}
