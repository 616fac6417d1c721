/*
 * The C baseline for bench/prep.ts: the streamer's per-frame work written the
 * way a C programmer would, built with -O3 — as fbcp-ili9341 does it: per
 * row, memcmp against the previous frame and skip equal rows; in the others,
 * find changed spans 32 bits at a time, merging gaps shorter than the break
 * even; plan windows with the daemon's greedy rule (stream/plan.ts); copy
 * exactly the windows into the previous frame; pack them big-endian with a
 * mask/shift swap of two pixels per 32-bit word.
 *
 * Scenarios (the same pixels as bench/prep-frames.ts, which the JavaScript
 * side uses): full (every pixel changes), clock (a 100x40 area flips),
 * cursor (a 16x16 square moves one pixel). Prints, per scenario, the median
 * microseconds per frame over batches: "full clock cursor".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 320
#define H 240
#define STRIDE (W * 2)
#define FRAMES 64

typedef struct { int x, y, w, h; } rect;

/* One pixel of frame k of a scenario, RGB565 (see bench/prep-frames.ts). */
static uint16_t pixel(int scenario, int k, int x, int y) {
  const uint16_t bg = 0x18e3;
  if (scenario == 0) return (uint16_t)(x * 7 + y * 13 + (k & 1) * 0x5555);
  if (scenario == 1) {
    if (x >= 110 && x < 210 && y >= 100 && y < 140) return (((x >> 2) ^ (y >> 3) ^ k) & 1) ? 0xffff : 0x0000;
    return bg;
  }
  int cx = 40 + k % 200;
  return (x >= cx && x < cx + 16 && y >= 60 && y < 76) ? 0xffff : bg;
}

static void make_frame(int scenario, int k, uint8_t *fb) {
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      uint16_t v = pixel(scenario, k, x, y);
      fb[y * STRIDE + 2 * x] = v & 0xff; /* little-endian in memory, as the daemon's framebuffer */
      fb[y * STRIDE + 2 * x + 1] = v >> 8;
    }
}

/* Changed spans [x0, x1) per row, gaps under max_gap merged. */
static int spans(const uint8_t *a, const uint8_t *b, int max_gap, int *out) {
  int n = 0;
  for (int y = 0; y < H; y++) {
    const uint8_t *ra = a + y * STRIDE, *rb = b + y * STRIDE;
    if (memcmp(ra, rb, STRIDE) == 0) continue;
    const uint32_t *wa = (const uint32_t *)ra, *wb = (const uint32_t *)rb;
    int s = -1, e = -1;
    for (int w = 0; w < W / 2; w++) {
      uint32_t d = wa[w] ^ wb[w];
      if (!d) continue;
      int first = (d & 0xffff) ? 2 * w : 2 * w + 1, last = (d >> 16) ? 2 * w + 1 : 2 * w;
      if (s < 0) s = first;
      else if (first - e > max_gap) { out[n * 3] = y; out[n * 3 + 1] = s; out[n * 3 + 2] = e; n++; s = first; }
      e = last + 1;
    }
    out[n * 3] = y; out[n * 3 + 1] = s; out[n * 3 + 2] = e; n++;
  }
  return n;
}

/* The daemon's greedy planner (stream/plan.ts): grow an open window downwards when that costs less than a new one. */
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

/* Copy each window into the previous frame and pack it big-endian: two pixels per 32-bit swap where aligned. */
static int copy_and_pack(const uint8_t *fb, uint8_t *prev, const rect *r, int nr, uint8_t *tx) {
  int o = 0;
  for (int k = 0; k < nr; k++)
    for (int y = r[k].y; y < r[k].y + r[k].h; y++) {
      const uint8_t *src = fb + y * STRIDE + r[k].x * 2;
      memcpy(prev + y * STRIDE + r[k].x * 2, src, r[k].w * 2);
      int x = 0;
      for (; x + 2 <= r[k].w; x += 2, o += 4) {
        uint32_t v;
        memcpy(&v, src + 2 * x, 4);
        v = ((v & 0x00ff00ffu) << 8) | ((v >> 8) & 0x00ff00ffu);
        memcpy(tx + o, &v, 4);
      }
      for (; x < r[k].w; x++, o += 2) {
        tx[o] = src[2 * x + 1];
        tx[o + 1] = src[2 * x];
      }
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
  int break_even = argc > 1 ? atoi(argv[1]) : 200;
  uint8_t *frames = malloc((size_t)FRAMES * STRIDE * H), *prev = malloc(STRIDE * H), *tx = malloc(STRIDE * H);
  int *sp = malloc(sizeof(int) * 3 * W * H / 2);
  rect *done = malloc(sizeof(rect) * W * H / 2);
  volatile long sink = 0;
  for (int scenario = 0; scenario < 3; scenario++) {
    for (int k = 0; k < FRAMES; k++) make_frame(scenario, k, frames + (size_t)k * STRIDE * H);
    memcpy(prev, frames, STRIDE * H);
    int reps = scenario == 0 ? 200 : 2000, k = 0;
    double batch[9];
    for (int b = -1; b < 9; b++) {
      double t0 = now_us();
      for (int i = 0; i < reps; i++) {
        k = (k + 1) % FRAMES;
        const uint8_t *fb = frames + (size_t)k * STRIDE * H;
        int n = spans(fb, prev, break_even, sp);
        int nr = plan(sp, n, break_even, done);
        sink += copy_and_pack(fb, prev, done, nr, tx);
      }
      if (b >= 0) batch[b] = (now_us() - t0) / reps;
    }
    qsort(batch, 9, sizeof(double), cmp);
    printf("%s%.3f", scenario ? " " : "", batch[4]);
  }
  printf("\n");
  return sink == 0;
}
