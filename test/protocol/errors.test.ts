import t from 'tap';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, isErrorCode, SpifbError, type ErrorCode } from '../../protocol/errors.js';

const README = readFileSync(new URL('../../protocol/README.md', import.meta.url), 'utf8');

t.test('toWire / fromWire round trip for every code', async (t) => {
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const e = new SpifbError(code, `about ${code}`);
    t.same(e.toWire(), { code, message: `about ${code}` });
    const back = SpifbError.fromWire(e.toWire());
    t.ok(back instanceof SpifbError);
    t.equal(back.code, code);
    t.equal(back.message, `about ${code}`);
    t.equal(back.name, 'SpifbError');
  }
});

t.test('fromWire: unknown or missing codes become EINTERNAL', async (t) => {
  const e = SpifbError.fromWire({ code: 'ENOPE', message: 'from the future' });
  t.equal(e.code, 'EINTERNAL');
  t.match(e.message, /ENOPE: from the future/);
  t.equal(SpifbError.fromWire({ code: 'toString', message: 'm' }).code, 'EINTERNAL', 'no inherited keys');
  t.equal(SpifbError.fromWire(null).code, 'EINTERNAL');
  t.equal(SpifbError.fromWire(undefined).code, 'EINTERNAL');
  t.equal(SpifbError.fromWire({ code: 'EBUS' }).message, 'error without message');
  t.notOk(isErrorCode(42));
});

t.test('every code is documented in protocol/README.md', async (t) => {
  for (const code of Object.keys(ERROR_CODES)) {
    t.ok(README.includes(`\`${code}\``), `${code} appears in README`);
  }
});

t.test('every code in the README error table exists', async (t) => {
  // Table rows start with "| `CODE` |".
  const rows = [...README.matchAll(/^\|\s*`(E[A-Z_]+)`\s*\|/gm)].map((m) => m[1]);
  t.same(rows.slice().sort(), Object.keys(ERROR_CODES).sort(), 'the table lists exactly the codes');
  // Any E-code mentioned anywhere in backticks must exist too.
  for (const [, code] of README.matchAll(/`(E[A-Z][A-Z_]+)`/g)) {
    t.ok(isErrorCode(code), `${code} mentioned in README exists`);
  }
});
