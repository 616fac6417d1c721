/*
 * C reference for bench/prep.ts: the same per-frame work as the daemon's
 * streamer, written plainly and built with -O2 at bench time — convert a
 * 320x240 RGBA8888 frame to RGB565 (truncating), find changed spans against
 * the previous frame 32 bits at a time, plan windows with the same greedy
 * rule, pack the windows big-endian for the wire. Prints microseconds per
 * frame (median of batches).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 320
#define H 240

typedef struct { int x, y, w, h; } rect;

static void gradient(uint8_t *rgba, int phase) {
  for (int y = 0, o = 0; y < H; y++)
    for (int x = 0; x < W; x++, o += 4) {
      rgba[o] = (x + phase * 8) & 0xff;
      rgba[o + 1] = (y + phase * 16) & 0xff;
      rgba[o + 2] = (x ^ y ^ (phase * 32)) & 0xff;
      rgba[o + 3] = 0xff;
    }
}

static void convert(const uint8_t *rgba, uint8_t *fb) {
  for (int i = 0; i < W * H; i++) {
    const uint8_t *s = rgba + 4 * i;
    uint16_t v = ((s[0] & 0xf8) << 8) | ((s[1] & 0xfc) << 3) | (s[2] >> 3);
    fb[2 * i] = v & 0xff;
    fb[2 * i + 1] = v >> 8;
  }
}

static int spans(const uint8_t *a, const uint8_t *b, int max_gap, int *out) {
  int n = 0;
  for (int y = 0; y < H; y++) {
    const uint32_t *wa = (const uint32_t *)(a + y * W * 2), *wb = (const uint32_t *)(b + y * W * 2);
    int s = -1, e = -1;
    for (int w = 0; w < W / 2; w++) {
      uint32_t d = wa[w] ^ wb[w];
      if (!d) continue;
      int first = (d & 0xffff) ? 2 * w : 2 * w + 1, last = (d >> 16) ? 2 * w + 1 : 2 * w;
      if (s < 0) s = first;
      else if (first - e > max_gap) { out[n * 3] = y; out[n * 3 + 1] = s; out[n * 3 + 2] = e; n++; s = first; }
      e = last + 1;
    }
    if (s >= 0) { out[n * 3] = y; out[n * 3 + 1] = s; out[n * 3 + 2] = e; n++; }
  }
  return n;
}

static int plan(const int *sp, int n, int break_even, rect *done) {
  rect open[W], grown[W], cand[W];
  int nopen = 0, ndone = 0, i = 0;
  while (i < n) {
    int row = sp[i * 3], ncand = 0, ngrown = 0;
    for (int k = 0; k < nopen; k++) {
      if (open[k].y + open[k].h == row) cand[ncand++] = open[k];
      else done[ndone++] = open[k];
    }
    for (; i < n && sp[i * 3] == row; i++) {
      int x0 = sp[i * 3 + 1], x1 = sp[i * 3 + 2], best = -1, best_cost = break_even;
      for (int k = 0; k < ncand; k++) {
        rect r = cand[k];
        int ux0 = r.x < x0 ? r.x : x0, ux1 = r.x + r.w > x1 ? r.x + r.w : x1;
        int cost = (ux1 - ux0 - r.w) * r.h + (ux1 - ux0) - (x1 - x0);
        if (cost < best_cost) { best_cost = cost; best = k; }
      }
      if (best >= 0) {
        rect r = cand[best];
        cand[best] = cand[--ncand];
        int ux0 = r.x < x0 ? r.x : x0;
        r.w = (r.x + r.w > x1 ? r.x + r.w : x1) - ux0;
        r.x = ux0;
        r.h++;
        grown[ngrown++] = r;
      } else {
        grown[ngrown++] = (rect){x0, row, x1 - x0, 1};
      }
    }
    for (int k = 0; k < ncand; k++) done[ndone++] = cand[k];
    memcpy(open, grown, sizeof(rect) * ngrown);
    nopen = ngrown;
  }
  for (int k = 0; k < nopen; k++) done[ndone++] = open[k];
  return ndone;
}

static int pack(const uint8_t *fb, const rect *r, int nr, uint8_t *tx) {
  int o = 0;
  for (int k = 0; k < nr; k++)
    for (int y = r[k].y; y < r[k].y + r[k].h; y++)
      for (int x = r[k].x; x < r[k].x + r[k].w; x++, o += 2) {
        tx[o] = fb[(y * W + x) * 2 + 1];
        tx[o + 1] = fb[(y * W + x) * 2];
      }
  return o;
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
  double d = *(const double *)a - *(const double *)b;
  return (d > 0) - (d < 0);
}

int main(int argc, char **argv) {
  int break_even = argc > 1 ? atoi(argv[1]) : 200, reps = 200;
  uint8_t *rgba[2], *fb = malloc(W * H * 2), *shadow = malloc(W * H * 2), *tx = malloc(W * H * 2);
  int *sp = malloc(sizeof(int) * 3 * W * H / 2);
  rect *done = malloc(sizeof(rect) * W * H / 2);
  for (int p = 0; p < 2; p++) { rgba[p] = malloc(W * H * 4); gradient(rgba[p], p); }
  convert(rgba[0], shadow);
  volatile int sink = 0;
  double batch[9];
  for (int b = -1; b < 9; b++) {
    double t0 = now_us();
    for (int i = 0; i < reps; i++) {
      /* Alternate frames so every pixel changes, as in the JS run. */
      convert(rgba[(i & 1) ^ 1], fb);
      int n = spans(fb, shadow, break_even, sp);
      int nr = plan(sp, n, break_even, done);
      sink += pack(fb, done, nr, tx);
      memcpy(shadow, fb, W * H * 2);
    }
    if (b >= 0) batch[b] = (now_us() - t0) / reps;
  }
  qsort(batch, 9, sizeof(double), cmp);
  printf("%.3f %d\n", batch[4], sink > 0);
  return 0;
}
