import { malformedEvent as bad } from './errors.js';

/**
 * Case-insensitive, multi-value header view. Built once per request, and only when a
 * handler actually reads headers: most routes never do.
 */
export class HeaderMap {
  private readonly values = new Map<string, string[]>();

  /** @internal */
  add(name: string, value: string): void {
    const key = name.toLowerCase();
    const list = this.values.get(key);
    if (list) list.push(value);
    else this.values.set(key, [value]);
  }

  /** All values of a header joined with `, ` (as HTTP allows), or undefined. */
  get(name: string): string | undefined {
    const list = this.values.get(name.toLowerCase());
    return list === undefined ? undefined : list.length === 1 ? list[0] : list.join(', ');
  }

  /** Every value of a header, in the order received. */
  getAll(name: string): string[] {
    return this.values.get(name.toLowerCase())?.slice() ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [k, v] of this.values) yield [k, v.join(', ')];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Plain object, lower-cased names, values joined: handy for logging. */
  toJSON(): Record<string, string> {
    // fromEntries defines own properties: a header named `__proto__` stays a key.
    return Object.fromEntries(this.entries());
  }

  /** From API Gateway's `multiValueHeaders` (preferred, REST v1) or `headers`. */
  static fromEvent(
    multi: Record<string, string[] | undefined> | null | undefined,
    single: Record<string, string | undefined> | null | undefined,
  ): HeaderMap {
    const map = new HeaderMap();
    // Any type confusion (possible only in a direct invoke) is the caller's error, named, not a TypeError.
    if (multi) {
      if (typeof multi !== 'object' || Array.isArray(multi)) throw bad('multiValueHeaders');
      for (const name of Object.keys(multi)) {
        const list = multi[name] ?? [];
        if (!Array.isArray(list)) throw bad('multiValueHeaders', name);
        for (const v of list) {
          if (typeof v !== 'string') throw bad('multiValueHeaders', name);
          map.add(name, v);
        }
      }
    } else if (single) {
      if (typeof single !== 'object' || Array.isArray(single)) throw bad('headers');
      for (const name of Object.keys(single)) {
        const v = single[name];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'string') throw bad('headers', name);
        map.add(name, v);
      }
    }
    return map;
  }
}
