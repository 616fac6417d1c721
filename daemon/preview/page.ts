/**
 * The preview page: the panel at its real size (one canvas pixel per panel
 * pixel) and a zoomed copy. `/events` says which rectangles changed; the page
 * fetches just those from `/screen.rgb?x=&y=&w=&h=`, one fetch at a time in
 * event order, so the canvas converges on the glass. `window.spifbPreview`
 * exposes progress for tests (`seq` applied, fetches `pending`).
 */
export const PREVIEW_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>spifb preview</title>
<style>
 body { background:#222; color:#ddd; font:14px system-ui, sans-serif; margin:24px; }
 canvas { image-rendering:pixelated; border:6px solid #000; border-radius:4px; display:block; }
 .row { display:flex; gap:24px; align-items:flex-start; }
 figure { margin:0; } figcaption { margin-top:6px; color:#aaa; }
 #stats { font-variant-numeric: tabular-nums; margin-top:12px; }
</style></head>
<body>
<h1 style="font-size:18px">spifb — <span id="title">…</span></h1>
<div class="row">
 <figure><canvas id="screen" width="1" height="1"></canvas><figcaption>real size <span id="size"></span></figcaption></figure>
 <figure><canvas id="zoomed" width="1" height="1"></canvas>
  <figcaption><label>zoom <select id="z"><option selected>2</option><option>3</option><option>4</option></select></label></figcaption></figure>
</div>
<div id="stats">waiting for a frame…</div>
<script>
const screen = document.getElementById('screen'), ctx = screen.getContext('2d');
const zoomed = document.getElementById('zoomed'), zctx = zoomed.getContext('2d');
const zoom = document.getElementById('z');
const state = window.spifbPreview = { seq: 0, pending: 0, fetches: 0, bytes: 0 };
let chain = Promise.resolve();
function resize(w, h) {
  if (screen.width === w && screen.height === h) return;
  screen.width = w; screen.height = h;
  document.getElementById('size').textContent = w + '×' + h + ' px';
  redrawZoom();
}
function redrawZoom() {
  const z = +zoom.value;
  zoomed.width = screen.width * z; zoomed.height = screen.height * z;
  zctx.imageSmoothingEnabled = false;
  zctx.drawImage(screen, 0, 0, zoomed.width, zoomed.height);
}
zoom.onchange = redrawZoom;
async function fetchRect(r) {
  const q = r ? '?x=' + r.x + '&y=' + r.y + '&w=' + r.w + '&h=' + r.h : '';
  const res = await fetch('/screen.rgb' + q, { cache: 'no-store' });
  if (!res.ok) return;
  const [x, y, w, h] = res.headers.get('x-rect').split(',').map(Number);
  resize(+res.headers.get('x-width'), +res.headers.get('x-height'));
  const rgb = new Uint8Array(await res.arrayBuffer());
  const img = ctx.createImageData(w, h);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    img.data[j] = rgb[i]; img.data[j + 1] = rgb[i + 1]; img.data[j + 2] = rgb[i + 2]; img.data[j + 3] = 255;
  }
  ctx.putImageData(img, x, y);
  const z = +zoom.value;
  zctx.imageSmoothingEnabled = false;
  zctx.drawImage(screen, x, y, w, h, x * z, y * z, w * z, h * z);
  state.fetches++; state.bytes += rgb.length;
}
function queue(rect, seq) {
  state.pending++;
  chain = chain.then(() => fetchRect(rect)).catch(() => {}).then(() => {
    state.pending--;
    if (seq !== undefined) state.seq = Math.max(state.seq, seq);
  });
}
fetch('/info').then(r => r.json()).then(i => {
  document.getElementById('title').textContent = i.panel + ' (' + i.controller + '), rotation ' + i.rotation + ', bus ' + i.bus;
  state.seq = Math.max(state.seq, i.frameSeq);
});
const events = new EventSource('/events');
events.onmessage = (m) => {
  const f = JSON.parse(m.data), s = f.stats;
  if (s) document.getElementById('stats').textContent =
    'frame ' + (f.seq ?? '–') + ' · ' + s.fps.toFixed(1) + ' fps · bus ' + (s.busUtilisation * 100).toFixed(1) + '% · latency p50 ' +
    s.latencyP50Ms.toFixed(1) + ' ms, p99 ' + s.latencyP99Ms.toFixed(1) + ' ms · ' + Math.round(s.bytesPerFrame) + ' B/frame · ' +
    f.rects.length + ' region(s) this update';
  for (const r of f.rects) queue(r, f.seq);
  // Nothing changed on the glass: the frame is applied once the fetches before it are.
  if (f.rects.length === 0) chain = chain.then(() => { state.seq = Math.max(state.seq, f.seq ?? 0); });
};
queue(null);
</script></body></html>
`;
