/**
 * PMS listing filters and sorting as clients write them in the query string.
 *
 * PMS puts the operator between field and value (`userRating>>=5`), so a query-string parser sees the
 * operator at the end of the key (`userRating>>` = `5`). Operators, as python-plexapi and Plex Web send them:
 * `=` is (text: contains), `!=` is not, `>>=` greater than, `<<=` less than, and the inclusive `>=`/`<=`
 * that clients use for history watermarks (`viewedAt>=`). Dates also take relative values (`-30d`).
 * Several values separated by commas mean "any of". `sort=field[:asc|:desc][,…]`.
 */

export type FieldKind = 'number' | 'date' | 'text' | 'exact';

export interface FieldSpec<T> {
  kind: FieldKind;
  read(entry: T): number | string | undefined;
  /**
   * The value is per-account watch state, which callers of `PlexLibrary.stateOf` may change without the
   * library noticing: a query using it is never cached.
   */
  stateful?: boolean;
}

export type FieldTable<T> = Record<string, FieldSpec<T>>;

type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

export type CompiledQuery<T> =
  | {
      ok: true;
      filter: (entry: T) => boolean;
      /** Some condition was given (otherwise `filter` accepts everything). */
      filtering: boolean;
      compare: ((a: T, b: T) => number) | undefined;
      /**
       * Identifies the conditions and sort when their answer depends on nothing but the entries (no
       * stateful field, no date relative to now); undefined when it cannot be cached.
       */
      cacheKey: string | undefined;
    }
  | { ok: false; error: string };

const operatorBySuffix: Record<string, Operator> = { '': 'eq', '!': 'ne', '>>': 'gt', '>': 'gte', '<<': 'lt', '<': 'lte' };

/** Query keys that are parameters, not filters. */
function isParameter(key: string): boolean {
  return /^(X-Plex-|include|exclude|check|async)/i.test(key) || ['sort', 'limit', 'type', 'identifier'].includes(key);
}

const relativeUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, mon: 2_592_000, y: 31_536_000 };

const relativeDate = /^-(\d+)(s|m|h|d|w|mon|y)$/;

function toNumber(kind: FieldKind, raw: string, nowEpochS: number): number {
  const relative = relativeDate.exec(raw);
  if (kind === 'date' && relative) return nowEpochS - Number(relative[1]) * (relativeUnits[relative[2] as string] ?? 0);
  return Number(raw);
}

function condition<T>(spec: FieldSpec<T>, op: Operator, values: string[], nowEpochS: number): (entry: T) => boolean {
  if (spec.kind === 'text' || spec.kind === 'exact') {
    const wanted = values.map((v) => v.toLowerCase());
    const matches = (actual: string) => wanted.some((w) => (spec.kind === 'text' ? actual.includes(w) : actual === w));
    return (entry) => {
      const actual = String(spec.read(entry) ?? '').toLowerCase();
      return op === 'ne' ? !matches(actual) : matches(actual);
    };
  }
  const numbers = values.map((v) => toNumber(spec.kind, v, nowEpochS));
  const test: Record<Operator, (a: number, b: number) => boolean> = {
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    gt: (a, b) => a > b,
    gte: (a, b) => a >= b,
    lt: (a, b) => a < b,
    lte: (a, b) => a <= b,
  };
  return (entry) => {
    const raw = spec.read(entry);
    // A date the entry does not have (never viewed, never rated) matches no comparison but "is not".
    if (raw === undefined) return op === 'ne';
    const actual = Number(raw);
    return op === 'ne' ? numbers.every((n) => actual !== n) : numbers.some((n) => test[op](actual, n));
  };
}

function comparator<T>(table: FieldTable<T>, sort: string): ((a: T, b: T) => number) | string {
  const keys: Array<{ spec: FieldSpec<T>; direction: number }> = [];
  for (const part of sort.split(',')) {
    const [field = '', direction = 'asc'] = part.split(':');
    const spec = table[field];
    if (!spec || !['asc', 'desc'].includes(direction)) return `unknown sort ${part}`;
    keys.push({ spec, direction: direction === 'desc' ? -1 : 1 });
  }
  return (a, b) => {
    for (const { spec, direction } of keys) {
      const x = spec.read(a);
      const y = spec.read(b);
      if (x === y) continue;
      // Entries without the value sort first ascending (last descending), as PMS does with NULLs.
      if (x === undefined) return -direction;
      if (y === undefined) return direction;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).toLowerCase() < String(y).toLowerCase() ? -1 : 1;
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

export function compileQuery<T>(query: Record<string, unknown>, table: FieldTable<T>, nowEpochS: number): CompiledQuery<T> {
  const conditions: Array<(entry: T) => boolean> = [];
  const keyParts: string[][] = [];
  let cacheable = true;
  for (const [rawKey, rawValue] of Object.entries(query)) {
    if (isParameter(rawKey)) continue;
    const match = /^(.*?)([<>!]*)=?$/.exec(rawKey);
    const field = match?.[1] ?? rawKey;
    const op = operatorBySuffix[match?.[2] ?? ''];
    const spec = table[field];
    if (!spec || !op) return { ok: false, error: `unknown filter ${rawKey}` };
    // `field!==value` (exact "is not") arrives as key `field!` with value `=value`.
    const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).flatMap((v) => String(v).replace(/^=/, '').split(','));
    conditions.push(condition(spec, op, values, nowEpochS));
    keyParts.push([field, op, ...values]);
    if (spec.stateful || (spec.kind === 'date' && values.some((v) => relativeDate.test(v)))) cacheable = false;
  }
  const sortText = typeof query.sort === 'string' ? query.sort : '';
  const sort = sortText !== '' ? comparator(table, sortText) : undefined;
  if (typeof sort === 'string') return { ok: false, error: sort };
  if (sortText.split(',').some((part) => table[part.split(':')[0] ?? '']?.stateful)) cacheable = false;
  const all = conditions.length === 0;
  return {
    ok: true,
    filter: all ? () => true : (entry) => conditions.every((c) => c(entry)),
    filtering: !all,
    compare: sort,
    cacheKey: cacheable ? JSON.stringify([keyParts, sortText]) : undefined,
  };
}
