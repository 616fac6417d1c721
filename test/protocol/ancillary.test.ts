import t from 'tap';
import { ancillaryLayout, cmsgLen, cmsgSpace, decodeScmRights, encodeScmRights } from '../../protocol/ancillary.js';

// Written from the headers for both widths (abi.test.ts checks the target's own width against its C compiler):
// armhf: msghdr 28 bytes (iov at 8, control at 16, flags at 24), cmsghdr 12; arm64/x86-64: 56 (16, 32, 48), 16.
t.test('struct layouts at 4- and 8-byte pointers', async (t) => {
  t.match(ancillaryLayout(4), { msghdr: { size: 28, namelen: 4, iov: 8, iovlen: 12, control: 16, controllen: 20, flags: 24 }, cmsghdr: { size: 12, level: 4, type: 8 }, iovec: { size: 8 } });
  t.match(ancillaryLayout(8), { msghdr: { size: 56, namelen: 8, iov: 16, iovlen: 24, control: 32, controllen: 40, flags: 48 }, cmsghdr: { size: 16, level: 8, type: 12 }, iovec: { size: 16 } });
  t.same([cmsgLen(8, 4), cmsgSpace(8, 4), cmsgSpace(4, 4)], [20, 20, 16]);
  t.same([cmsgLen(8, 8), cmsgSpace(8, 8), cmsgSpace(4, 8)], [24, 24, 24]);
  t.throws(() => ancillaryLayout(2));
});

t.test('SCM_RIGHTS round trip; a bad cmsg_len ends the walk', async (t) => {
  for (const ptr of [4, 8]) {
    const c = encodeScmRights([7, 9], ptr);
    t.equal(c.length, cmsgSpace(8, ptr));
    t.same(decodeScmRights(c, c.length, ptr), [7, 9]);
    t.same(decodeScmRights(c, 0, ptr), [], 'nothing when the kernel wrote no control data');
    const bad = c.slice();
    bad[0] = 0xff;
    t.same(decodeScmRights(bad, bad.length, ptr), [], 'cmsg_len past the buffer');
  }
});
