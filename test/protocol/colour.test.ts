import t from 'tap';
import { isColour, parseColour } from '../../protocol/colour.js';

t.test('parseColour accepts the usual spellings', async (t) => {
  t.equal(parseColour('#ff8800'), 0xff8800);
  t.equal(parseColour('FF8800'), 0xff8800);
  t.equal(parseColour('#f80'), 0xff8800, '#rgb doubles each digit');
  t.equal(parseColour('0xff8800'), 0xff8800);
  t.equal(parseColour('0XFF8800'), 0xff8800);
  t.equal(parseColour('  #000000 '), 0, 'surrounding blanks are ignored');
  t.equal(parseColour('#fff'), 0xffffff);
});

t.test('parseColour rejects the rest with EBAD_COLOR', async (t) => {
  for (const text of ['', '#', '0x', '#ff88', '#ff88000', '#ff8800ff', 'red', '#gg0000', '##ff8800', '0x#ff8800', '#ff 8800', '-ff8800']) {
    t.throws(() => parseColour(text), { code: 'EBAD_COLOR' }, JSON.stringify(text));
  }
});

t.test('isColour: integers 0x000000..0xffffff', async (t) => {
  t.ok(isColour(0));
  t.ok(isColour(0xffffff));
  t.ok(isColour(0xff8800));
  for (const v of [-1, 0x1000000, 1.5, NaN, '0xff8800', null, undefined, 255n]) t.notOk(isColour(v), String(v));
});
