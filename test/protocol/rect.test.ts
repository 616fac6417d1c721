import t from 'tap';
import { checkRect, rectArea, rectUnion } from '../../protocol/rect.js';

const W = 320;
const H = 240;

t.test('valid rects, up to the edges', async (t) => {
  t.same(checkRect({ x: 0, y: 0, w: W, h: H }, W, H), { x: 0, y: 0, w: W, h: H }, 'the whole screen');
  t.same(checkRect({ x: W - 1, y: H - 1, w: 1, h: 1 }, W, H), { x: W - 1, y: H - 1, w: 1, h: 1 }, 'last pixel');
  t.same(checkRect({ x: 10, y: 20, w: W - 10, h: H - 20 }, W, H), { x: 10, y: 20, w: W - 10, h: H - 20 });
  t.same(checkRect({ x: 1, y: 2, w: 3, h: 4, extra: 'dropped' }, W, H), { x: 1, y: 2, w: 3, h: 4 }, 'extra keys dropped');
});

t.test('bad rects → EBAD_RECT', async (t) => {
  const bad: [string, unknown][] = [
    ['x not an integer', { x: 1.5, y: 0, w: 1, h: 1 }],
    ['w not an integer', { x: 0, y: 0, w: 0.5, h: 1 }],
    ['NaN', { x: NaN, y: 0, w: 1, h: 1 }],
    ['Infinity', { x: 0, y: 0, w: Infinity, h: 1 }],
    ['a string', { x: '0', y: 0, w: 1, h: 1 }],
    ['a bigint', { x: 0n, y: 0, w: 1, h: 1 }],
    ['missing h', { x: 0, y: 0, w: 1 }],
    ['negative x', { x: -1, y: 0, w: 1, h: 1 }],
    ['negative y', { x: 0, y: -1, w: 1, h: 1 }],
    ['zero width', { x: 0, y: 0, w: 0, h: 1 }],
    ['zero height', { x: 0, y: 0, w: 1, h: 0 }],
    ['negative width', { x: 5, y: 0, w: -1, h: 1 }],
    ['right edge by one', { x: 1, y: 0, w: W, h: 1 }],
    ['bottom edge by one', { x: 0, y: 1, w: 1, h: H }],
    ['starts right of the screen', { x: W, y: 0, w: 1, h: 1 }],
    ['starts below the screen', { x: 0, y: H, w: 1, h: 1 }],
    ['null', null],
    ['undefined', undefined],
    ['a number', 7],
    ['a string', 'x'],
    ['an array', [0, 0, 1, 1]],
    ['an empty array', []],
  ];
  for (const [what, rect] of bad) t.throws(() => checkRect(rect, W, H), { code: 'EBAD_RECT' }, what);
});

t.test('the message names the rect', async (t) => {
  t.throws(() => checkRect({ x: 0, y: 0, w: 1, h: 1.5 }, W, H, 'damage[3]'), { code: 'EBAD_RECT', message: /damage\[3\]\.h/ });
  t.throws(() => checkRect({ x: 1, y: 0, w: W, h: 1 }, W, H), { message: /320x1\+1\+0 is outside the 320x240 screen/ });
});

t.test('area and union', async (t) => {
  t.equal(rectArea({ x: 3, y: 4, w: 5, h: 6 }), 30);
  t.same(rectUnion({ x: 0, y: 0, w: 2, h: 2 }, { x: 5, y: 1, w: 1, h: 4 }), { x: 0, y: 0, w: 6, h: 5 });
});
