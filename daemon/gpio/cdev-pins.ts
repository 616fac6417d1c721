import { readdirSync } from 'node:fs';
import { SpifbError } from '../../protocol/errors.js';
import * as libc from '../sys/libc.js';
import {
  CHIPINFO_SIZE, decodeChipInfo, encodeLineInfoQuery, encodeLineRequest, encodeLineValues,
  GPIO_GET_CHIPINFO_IOCTL, GPIO_V2_GET_LINE_IOCTL, GPIO_V2_GET_LINEINFO_IOCTL, GPIO_V2_LINE_SET_VALUES_IOCTL,
  LINE_EVENT_RISING_EDGE, LINE_EVENT_SIZE, LINE_FLAG_ACTIVE_LOW, LINE_FLAG_EDGE_RISING, LINE_FLAG_INPUT,
  LINE_FLAG_OUTPUT, lineEventId, lineInfoName, requestFd,
} from './gpio-uapi.js';
import { parseLineSpec } from './line-spec.js';
import type { BacklightPin, EdgePin, OutputPin, PinConfig, PinRole } from './pin.js';

/** fcntl(2) commands and O_NONBLOCK, include/uapi/asm-generic/fcntl.h. */
const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;

function deviceError(err: unknown, what: string): SpifbError {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'EACCES' || code === 'EPERM') {
    const hint = code === 'EACCES' || code === 'EPERM' ? ' (add the user to the gpio group, or see systemd/ for a udev rule)' : '';
    return new SpifbError('ENO_DEVICE', `${what}: ${(err as Error).message}${hint}`, { cause: err });
  }
  if (code === 'EBUSY') return new SpifbError('EBUS', `${what}: the line is already requested by another consumer (see gpioinfo)`, { cause: err });
  return new SpifbError('EBUS', `${what}: ${(err as Error).message}`, { cause: err });
}

/** Resolve a config line spec to a chip path and offset (looking names up with GPIO_V2_GET_LINEINFO_IOCTL). */
export function findLine(text: string, key: string, listChips: () => string[] = defaultChips): { chip: string; offset: number } {
  const spec = parseLineSpec(text, key);
  if (spec.chip !== undefined && spec.offset !== undefined) return { chip: spec.chip, offset: spec.offset };
  const chips = spec.chip !== undefined ? [spec.chip] : listChips();
  for (const chip of chips) {
    let fd: number;
    try {
      fd = libc.open(chip, libc.O_RDWR);
    } catch (err) {
      if (spec.chip !== undefined) throw deviceError(err, `${key}: ${chip}`);
      continue;
    }
    try {
      const info = new Uint8Array(CHIPINFO_SIZE);
      libc.ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, info, 'GPIO_GET_CHIPINFO_IOCTL');
      const { lines } = decodeChipInfo(info);
      for (let offset = 0; offset < lines; offset++) {
        const q = encodeLineInfoQuery(offset);
        libc.ioctl(fd, GPIO_V2_GET_LINEINFO_IOCTL, q, 'GPIO_V2_GET_LINEINFO_IOCTL');
        if (lineInfoName(q) === spec.name) return { chip, offset };
      }
    } catch (err) {
      throw deviceError(err, `${key}: ${chip}`);
    } finally {
      libc.close(fd);
    }
  }
  throw new SpifbError('ENO_DEVICE', `${key}: no GPIO line named "${spec.name}" on ${chips.join(', ') || 'any /dev/gpiochipN'}`);
}

function defaultChips(): string[] {
  try {
    return readdirSync('/dev').filter((n) => /^gpiochip\d+$/.test(n)).sort().map((n) => `/dev/${n}`);
  } catch {
    return [];
  }
}

/** Request one line; returns the line's own descriptor (the chip's is closed again). */
function requestLine(pin: PinConfig, role: PinRole, key: string, flags: number, initial?: boolean): { fd: number; label: string } {
  const { chip, offset } = findLine(pin.line, key);
  const label = `${role} ${chip}:${offset}`;
  let chipFd: number;
  try {
    chipFd = libc.open(chip, libc.O_RDWR);
  } catch (err) {
    throw deviceError(err, `${key}: ${chip}`);
  }
  try {
    const req = encodeLineRequest({
      offset, consumer: `spifbd-${role}`, flags: flags | (pin.activeLow ? LINE_FLAG_ACTIVE_LOW : 0), initial,
    });
    libc.ioctl(chipFd, GPIO_V2_GET_LINE_IOCTL, req, 'GPIO_V2_GET_LINE_IOCTL');
    return { fd: requestFd(req), label };
  } catch (err) {
    throw deviceError(err, `${key}: ${label}`);
  } finally {
    libc.close(chipFd);
  }
}

class CdevOutput implements OutputPin {
  private fd: number | undefined;
  readonly label: string;
  constructor(pin: PinConfig, role: PinRole, key: string, initial: boolean) {
    const r = requestLine(pin, role, key, LINE_FLAG_OUTPUT, initial);
    this.fd = r.fd;
    this.label = r.label;
  }

  set(active: boolean): void {
    if (this.fd === undefined) throw new SpifbError('EBUS', `${this.label}: pin closed`);
    try {
      libc.ioctl(this.fd, GPIO_V2_LINE_SET_VALUES_IOCTL, encodeLineValues(active), 'GPIO_V2_LINE_SET_VALUES_IOCTL');
    } catch (err) {
      throw deviceError(err, this.label);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    libc.close(fd);
  }
}

export function cdevOutput(pin: PinConfig, role: PinRole, key: string, initial = false): OutputPin {
  return new CdevOutput(pin, role, key, initial);
}

/** A backlight on a plain GPIO line: on/off (the character device has no PWM). */
export function cdevBacklight(pin: PinConfig, key: string): BacklightPin {
  const out = new CdevOutput(pin, 'backlight', key, false);
  return { label: out.label, pwm: false, level: (p) => out.set(p > 0), close: () => out.close() };
}

/** TE as a rising-edge event line; waits poll(2) on a worker thread. */
class CdevEdge implements EdgePin {
  private fd: number | undefined;
  readonly label: string;
  private readonly event = new Uint8Array(LINE_EVENT_SIZE * 16);

  constructor(pin: PinConfig, key: string) {
    const r = requestLine(pin, 'te', key, LINE_FLAG_INPUT | LINE_FLAG_EDGE_RISING);
    this.fd = r.fd;
    this.label = r.label;
    libc.fcntlInt(r.fd, F_SETFL, libc.fcntlInt(r.fd, F_GETFL, 0) | O_NONBLOCK);
  }

  async waitEdge(timeoutMs: number): Promise<boolean> {
    if (this.fd === undefined) throw new SpifbError('EBUS', `${this.label}: pin closed`);
    const fd = this.fd;
    this.drain(fd); // edges before the call are stale: the frame must start on the next one
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      const revents = await libc.pollAsync(fd, libc.POLLIN, left);
      if (this.fd !== fd) return false;
      if (revents & libc.POLLIN) {
        const got = this.drain(fd);
        if (got !== 'none') return got === 'rising'; // 'eof': not an event line; never spin on it
      }
    }
  }

  /** Read every queued event: was one a rising edge? */
  private drain(fd: number): 'rising' | 'none' | 'eof' {
    let rising: 'rising' | 'none' = 'none';
    for (;;) {
      let n: number;
      try {
        n = libc.read(fd, this.event, 'TE line');
      } catch (err) {
        if ((err as { code?: string }).code === 'EAGAIN') return rising;
        throw deviceError(err, this.label);
      }
      for (let at = 0; at + LINE_EVENT_SIZE <= n; at += LINE_EVENT_SIZE) {
        if (lineEventId(this.event, at) === LINE_EVENT_RISING_EDGE) rising = 'rising';
      }
      if (n === 0) return rising === 'rising' ? rising : 'eof';
      if (n < this.event.length) return rising;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    libc.close(fd);
  }
}

export function cdevEdge(pin: PinConfig, key: string): EdgePin {
  return new CdevEdge(pin, key);
}
