/**
 * The Linux GPIO character device, uAPI v2 (include/uapi/linux/gpio.h):
 * ioctl numbers and the byte layouts of the structs spifbd passes. All
 * structs use __aligned_u64 and explicit padding, so the layout is the same
 * on 32- and 64-bit ABIs; integers are in the CPU's byte order, which is
 * little-endian on every board spifbd targets (arm, arm64, x86, riscv).
 */

/** _IOC from include/uapi/asm-generic/ioctl.h: dir(2) | size(14) | type(8) | nr(8). */
export function ioc(dir: number, type: number, nr: number, size: number): number {
  return ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
}
const IOC_WRITE = 1;
const IOC_READ = 2;
export const ior = (type: number, nr: number, size: number): number => ioc(IOC_READ, type, nr, size);
export const iowr = (type: number, nr: number, size: number): number => ioc(IOC_READ | IOC_WRITE, type, nr, size);

/** GPIO_MAX_NAME_SIZE. */
const NAME_SIZE = 32;
/** sizeof(struct gpiochip_info): name[32], label[32], __u32 lines. */
export const CHIPINFO_SIZE = 68;
/** sizeof(struct gpio_v2_line_info). */
export const LINE_INFO_SIZE = 256;
/** sizeof(struct gpio_v2_line_request). */
export const LINE_REQUEST_SIZE = 592;
/** sizeof(struct gpio_v2_line_values): __aligned_u64 bits, mask. */
export const LINE_VALUES_SIZE = 16;
/** sizeof(struct gpio_v2_line_event). */
export const LINE_EVENT_SIZE = 48;

/** The ioctls, each `_IOR/_IOWR(0xB4, nr, struct)` as in include/uapi/linux/gpio.h. */
export const GPIO_GET_CHIPINFO_IOCTL = ior(0xb4, 0x01, CHIPINFO_SIZE);
export const GPIO_V2_GET_LINEINFO_IOCTL = iowr(0xb4, 0x05, LINE_INFO_SIZE);
export const GPIO_V2_GET_LINE_IOCTL = iowr(0xb4, 0x07, LINE_REQUEST_SIZE);
export const GPIO_V2_LINE_SET_VALUES_IOCTL = iowr(0xb4, 0x0f, LINE_VALUES_SIZE);

/** enum gpio_v2_line_flag (_BITULL(n)); all fit in the low 32 bits. */
export const LINE_FLAG_ACTIVE_LOW = 1 << 1;
export const LINE_FLAG_INPUT = 1 << 2;
export const LINE_FLAG_OUTPUT = 1 << 3;
export const LINE_FLAG_EDGE_RISING = 1 << 4;
/** enum gpio_v2_line_attr_id. */
const LINE_ATTR_ID_OUTPUT_VALUES = 2;
/** enum gpio_v2_line_event_id. */
export const LINE_EVENT_RISING_EDGE = 1;

/** Offsets inside struct gpio_v2_line_request (offsets[64] u32, consumer[32], config, …). */
const REQ_CONSUMER = 256;
const REQ_CONFIG = 288; // struct gpio_v2_line_config: flags u64, num_attrs u32, padding[5], attrs[10] × 24
const REQ_NUM_LINES = 560;
const REQ_FD = 588;

function putName(buf: Uint8Array, at: number, name: string): void {
  const bytes = new TextEncoder().encode(name).subarray(0, NAME_SIZE - 1);
  buf.set(bytes, at);
}

function getName(buf: Uint8Array, at: number): string {
  const end = buf.indexOf(0, at);
  return new TextDecoder().decode(buf.subarray(at, end < 0 || end > at + NAME_SIZE ? at + NAME_SIZE : end));
}

export interface LineRequest {
  offset: number;
  consumer: string;
  /** LINE_FLAG_* bits. */
  flags: number;
  /** For outputs: the logical value set atomically with the request. */
  initial?: boolean;
}

/** A one-line struct gpio_v2_line_request. */
export function encodeLineRequest(req: LineRequest): Uint8Array {
  const buf = new Uint8Array(LINE_REQUEST_SIZE);
  const v = new DataView(buf.buffer);
  v.setUint32(0, req.offset, true);
  putName(buf, REQ_CONSUMER, req.consumer);
  v.setUint32(REQ_CONFIG, req.flags, true); // config.flags (low half of the u64)
  if (req.initial !== undefined) {
    // attrs[0] = { attr: { id: OUTPUT_VALUES, values: bit 0 }, mask: bit 0 }: the line's first value.
    const attr = REQ_CONFIG + 32;
    v.setUint32(REQ_CONFIG + 8, 1, true); // num_attrs
    v.setUint32(attr, LINE_ATTR_ID_OUTPUT_VALUES, true);
    v.setUint32(attr + 8, req.initial ? 1 : 0, true);
    v.setUint32(attr + 16, 1, true);
  }
  v.setUint32(REQ_NUM_LINES, 1, true);
  return buf;
}

/** The line's file descriptor the kernel wrote into the request. */
export function requestFd(buf: Uint8Array): number {
  return new DataView(buf.buffer, buf.byteOffset).getInt32(REQ_FD, true);
}

/** struct gpio_v2_line_values for a one-line request. */
export function encodeLineValues(active: boolean): Uint8Array {
  const buf = new Uint8Array(LINE_VALUES_SIZE);
  const v = new DataView(buf.buffer);
  v.setUint32(0, active ? 1 : 0, true); // bits
  v.setUint32(8, 1, true); // mask
  return buf;
}

export function decodeChipInfo(buf: Uint8Array): { name: string; label: string; lines: number } {
  return { name: getName(buf, 0), label: getName(buf, NAME_SIZE), lines: new DataView(buf.buffer, buf.byteOffset).getUint32(64, true) };
}

/** struct gpio_v2_line_info with `offset` filled in, for GPIO_V2_GET_LINEINFO_IOCTL. */
export function encodeLineInfoQuery(offset: number): Uint8Array {
  const buf = new Uint8Array(LINE_INFO_SIZE);
  new DataView(buf.buffer).setUint32(64, offset, true);
  return buf;
}

export function lineInfoName(buf: Uint8Array): string {
  return getName(buf, 0);
}

/** The event id of a struct gpio_v2_line_event at `at`. */
export function lineEventId(buf: Uint8Array, at = 0): number {
  return new DataView(buf.buffer, buf.byteOffset).getUint32(at + 8, true);
}
