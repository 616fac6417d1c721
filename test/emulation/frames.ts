import { connect } from '../../client/connect.js';
import { testImage } from '../helpers/test-image.js';

/**
 * The frames every bus under test receives: a full frame, then two partial
 * updates (a fill and a small blit), each waited for on the wire.
 */
export async function pushFrames(socket: string): Promise<void> {
  const display = await connect({ socket });
  try {
    const { width, height } = display;
    await display.blit({ x: 0, y: 0, w: width, h: height }, 'rgb888', testImage(width, height));
    await display.waitFrame(await display.present());
    await display.fill(0x3366cc, { x: 10, y: 20, w: 50, h: 30 });
    await display.waitFrame(await display.present());
    const patch = testImage(41, 17).map((v) => 255 - v);
    await display.blit({ x: width - 45, y: height - 20, w: 41, h: 17 }, 'rgb888', patch);
    await display.waitFrame(await display.present());
  } finally {
    display.close();
  }
}
