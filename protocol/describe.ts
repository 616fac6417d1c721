/**
 * What error messages and log lines may say about a value a client sent: its
 * type and at most a few dozen characters. Never JSON.stringify, String() or
 * inspect client data: an array's String() joins every element, recursively,
 * and a client controls how many there are.
 */

const MAX_CHARS = 40;

export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_CHARS
        ? `${JSON.stringify(value.slice(0, MAX_CHARS))}… (${value.length} chars)`
        : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return clipText(`${value}n`, MAX_CHARS);
    case 'undefined':
      return 'nothing';
    case 'object':
      if (value === null) return 'nil';
      if (value instanceof Uint8Array) return `bin of ${value.length} bytes`;
      if (Array.isArray(value)) return `array of ${value.length} items`;
      // Counting or listing a map's keys would enumerate all of them.
      if (Object.getPrototypeOf(value) === Object.prototype) return 'map';
      // Not from plain msgpack: name the kind without calling into it.
      return Object.prototype.toString.call(value).slice(8, -1).slice(0, MAX_CHARS);
    default:
      return typeof value;
  }
}

/** Text from elsewhere (an error message, a library's output), cut to `max` characters. */
export function clipText(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

