import t from 'tap';
import { defaultSocketPath, SYSTEM_SOCKET, SYSTEM_SOCKET_DIR } from '../../protocol/socket-path.js';

t.test('the default socket path rule', async (t) => {
  t.equal(SYSTEM_SOCKET_DIR, '/run/spifb');
  t.equal(SYSTEM_SOCKET, '/run/spifb/fb0.sock');
  const env = { SPIFB_SOCKET: '/x/s.sock', XDG_RUNTIME_DIR: '/run/user/1000' };
  t.equal(defaultSocketPath(env, true, '/tmp'), '/x/s.sock', '$SPIFB_SOCKET wins over everything');
  t.equal(defaultSocketPath(env, false, '/tmp'), '/x/s.sock');
  t.equal(defaultSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, true, '/tmp'), '/run/spifb/fb0.sock',
    'then the system socket when /run/spifb is usable');
  t.equal(defaultSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, false, '/tmp'), '/run/user/1000/spifb-fb0.sock',
    'then $XDG_RUNTIME_DIR');
  t.equal(defaultSocketPath({}, false, '/var/tmp'), '/var/tmp/spifb-fb0.sock', 'then the temporary directory');
  t.equal(defaultSocketPath({ SPIFB_SOCKET: '', XDG_RUNTIME_DIR: '' }, false, '/tmp'), '/tmp/spifb-fb0.sock',
    'empty variables count as unset');
});
