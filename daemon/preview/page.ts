/**
 * The preview page: one canvas at the panel's size, zoomed with CSS, redrawn
 * from `/screen.rgb` whenever `/events` reports a frame (at most one fetch in
 * flight; a frame that arrives meanwhile triggers one more).
 */
export const PREVIEW_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>spifb preview</title>
<style>
 body { background:#222; color:#ddd; font:14px system-ui, sans-serif; margin:24px; }
 canvas { image-rendering:pixelated; border:8px solid #000; border-radius:6px; display:block; }
 #zoom { margin-left:1em; }
</style></head>
<body>
<h1 style="font-size:18px">spifb — <span id="title">…</span></h1>
<canvas id="screen" width="1" height="1"></canvas>
<p><span id="stats">waiting for a frame…</span>
 <label id="zoom">zoom <select id="z"><option>1</option><option selected>2</option><option>3</option></select></label></p>
<script>
const canvas = document.getElementById('screen');
const ctx = canvas.getContext('2d');
const zoom = document.getElementById('z');
let busy = false, again = false, frames = 0, last = performance.now();
function applyZoom() { canvas.style.width = canvas.width * zoom.value + 'px'; canvas.style.height = canvas.height * zoom.value + 'px'; }
zoom.onchange = applyZoom;
async function draw() {
  if (busy) { again = true; return; }
  busy = true;
  try {
    const res = await fetch('/screen.rgb', { cache: 'no-store' });
    const w = +res.headers.get('x-width'), h = +res.headers.get('x-height');
    const rgb = new Uint8Array(await res.arrayBuffer());
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; applyZoom(); }
    const img = ctx.createImageData(w, h);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      img.data[j] = rgb[i]; img.data[j + 1] = rgb[i + 1]; img.data[j + 2] = rgb[i + 2]; img.data[j + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    document.body.dataset.drawn = String(+(document.body.dataset.drawn || 0) + 1);
  } finally {
    busy = false;
    if (again) { again = false; draw(); }
  }
}
fetch('/info').then(r => r.json()).then(i => {
  document.getElementById('title').textContent = i.panel + ' ' + i.width + 'x' + i.height + ' rotation ' + i.rotation + ', bus ' + i.bus;
});
const events = new EventSource('/events');
events.onmessage = (m) => {
  const f = JSON.parse(m.data);
  frames++;
  const now = performance.now();
  document.getElementById('stats').textContent =
    'frame ' + f.seq + ': ' + f.bytes + ' bytes, ' + f.pixels + ' pixels, latency ' + f.latencyMs.toFixed(1) + ' ms';
  draw();
};
draw();
</script></body></html>
`;
