/**
 * PMS listing filters and sorting as clients write them in the query string.
 *
 * PMS puts the operator between field and value (`userRating>>=5`), so a query-string parser sees the
 * operator at the end of the key (`userRating>>` = `5`); python-plexapi URL-encodes the whole key, so `title==x`
 * arrives as key `title=` and value `x`, while a hand-written `title==x` arrives as key `title` and value `=x`:
 * both are read as the operator `==`. Operators per field type, as PMS lists them in its filter `<Meta>` and
 * python-plexapi documents them:
 *   integer/date  `=` is, `!=` is not, `>>=` greater than / after, `<<=` less than / before, and the inclusive
 *                 `>=`/`<=` that clients use for history watermarks (`viewedAt>=`, python-plexapi's history mindate);
 *   string        `=` contains, `!=` does not contain, `==` is, `!==` is not, `<=` begins with, `>=` ends with;
 *   boolean       `=1` is true, `!=1` is false.
 * Dates also take relative values (`-30d`). Several values separated by commas mean "any of"; a field given
 * twice (python-plexapi's `&` operator) must match both.
 *
 * A field may carry a type prefix (`episode.userRating`, `show.title`, `season.index`): it then tests the
 * listed item's relative of that type — its show or season, or any of its episodes — as Plex Web's advanced
 * filters do. Filters group like Plex Web's advanced filters: `push=1` opens a group, `or=1` between two
 * conditions makes either enough (`and=1`, the default, needs both), `pop=1` closes the group.
 *
 * An entry without a value (an unrated item has no userRating, an unplayed one no lastViewedAt) matches no
 * condition on that field, as a NULL column does in SQL: `userRating>>=-1` selects exactly the rated items
 * (python-plexapi/PlexTraktSync rely on that). That `!=` also skips them is an assumption of the same model;
 * no capture shows what PMS does there. `sort=field[:asc|:desc|:nullsLast][,…]`, fields with or without prefix.
 */

export type FieldKind = 'number' | 'date' | 'text' | 'exact' | 'boolean';

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

/** The entries of the given type (`show`, `episode`, …) related to an entry; undefined for an unknown prefix. */
export type Relatives<T> = (prefix: string) => ((entry: T) => readonly T[]) | undefined;

type Operator = 'eq' | 'ne' | 'is' | 'isNot' | 'gt' | 'gte' | 'lt' | 'lte';

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

/** The operator as written between field and value, including its final `=`. */
const operatorByText: Record<string, Operator> = {
  '=': 'eq',
  '!=': 'ne',
  '==': 'is',
  '!==': 'isNot',
  '>>=': 'gt',
  '>=': 'gte',
  '<<=': 'lt',
  '<=': 'lte',
};

/** Query keys that are parameters, not filters. */
function isParameter(key: string): boolean {
  return /^(X-Plex-|include|exclude|check|async)/i.test(key) || ['sort', 'limit', 'type', 'identifier'].includes(key);
}

/** Keys that shape the condition tree; their value is always `1`. */
const groupKeys = new Set(['push', 'pop', 'or', 'and']);

const relativeUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, mon: 2_592_000, y: 31_536_000 };

const relativeDate = /^-(\d+)(s|m|h|d|w|mon|y)$/;

function toNumber(kind: FieldKind, raw: string, nowEpochS: number): number {
  const relative = relativeDate.exec(raw);
  if (kind === 'date' && relative) return nowEpochS - Number(relative[1]) * (relativeUnits[relative[2] as string] ?? 0);
  return Number(raw);
}

const numberTests: Partial<Record<Operator, (a: number, b: number) => boolean>> = {
  eq: (a, b) => a === b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

const textTests: Partial<Record<Operator, (actual: string, wanted: string) => boolean>> = {
  eq: (a, w) => a.includes(w),
  is: (a, w) => a === w,
  lte: (a, w) => a.startsWith(w),
  gte: (a, w) => a.endsWith(w),
};

/** The negated operators, tested as "none of the values matches the positive one". */
const negations: Partial<Record<Operator, Operator>> = { ne: 'eq', isNot: 'is' };

function condition<T>(spec: FieldSpec<T>, op: Operator, values: string[], nowEpochS: number): ((entry: T) => boolean) | string {
  const positive = negations[op] ?? op;
  const negated = positive !== op;
  if (spec.kind === 'text' || spec.kind === 'exact') {
    // Exact fields (guids) know only "is": their `=` is exact too.
    const test = spec.kind === 'exact' ? (positive === 'eq' || positive === 'is' ? textTests.is : undefined) : textTests[positive];
    if (!test) return `operator not valid for text`;
    const wanted = values.map((v) => v.toLowerCase());
    return (entry) => {
      const raw = spec.read(entry);
      if (raw === undefined) return false;
      const actual = String(raw).toLowerCase();
      return wanted.some((w) => test(actual, w)) !== negated;
    };
  }
  const test = numberTests[positive];
  if (!test || (spec.kind === 'boolean' && positive !== 'eq')) return `operator not valid for ${spec.kind}`;
  const numbers = values.map((v) => toNumber(spec.kind, v, nowEpochS));
  if (numbers.some(Number.isNaN)) return `not a ${spec.kind}: ${values.join(',')}`;
  return (entry) => {
    const raw = spec.read(entry);
    if (raw === undefined) return false;
    const actual = Number(raw);
    return numbers.some((n) => test(actual, n)) !== negated;
  };
}

interface FieldRef<T> {
  spec: FieldSpec<T>;
  /** The entries the field is read from: the entry itself or its relatives of the prefix's type. */
  subjects: ((entry: T) => readonly T[]) | undefined;
}

function resolveField<T>(table: FieldTable<T>, relatives: Relatives<T> | undefined, name: string): FieldRef<T> | undefined {
  const match = /^(?:([a-z]+)\.)?([A-Za-z0-9]+)$/.exec(name);
  const spec = match ? table[match[2] as string] : undefined;
  if (!match || !spec) return undefined;
  if (match[1] === undefined) return { spec, subjects: undefined };
  const subjects = relatives?.(match[1]);
  return subjects ? { spec, subjects } : undefined;
}

function comparator<T>(table: FieldTable<T>, relatives: Relatives<T> | undefined, sort: string): ((a: T, b: T) => number) | string {
  const keys: Array<{ read: (entry: T) => number | string | undefined; direction: number; nullsLast: boolean }> = [];
  for (const part of sort.split(',')) {
    const [field = '', direction = 'asc'] = part.split(':');
    const ref = resolveField(table, relatives, field);
    if (!ref || !['asc', 'desc', 'nullsLast'].includes(direction)) return `unknown sort ${part}`;
    const { spec, subjects } = ref;
    // A prefixed sort reads the first relative of that type (the show of an episode, a show's first episode).
    const read = subjects ? (entry: T) => spec.read(subjects(entry)[0] as T) : (entry: T) => spec.read(entry);
    keys.push({ read, direction: direction === 'desc' ? -1 : 1, nullsLast: direction === 'nullsLast' });
  }
  return (a, b) => {
    for (const { read, direction, nullsLast } of keys) {
      const x = read(a);
      const y = read(b);
      if (x === y) continue;
      // Entries without the value sort first ascending (last descending, or with nullsLast), as PMS does with NULLs.
      if (x === undefined) return nullsLast ? 1 : -direction;
      if (y === undefined) return nullsLast ? -1 : direction;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).toLowerCase() < String(y).toLowerCase() ? -1 : 1;
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

/** One `and`-connected run of conditions inside a group; a group matches when any of its runs does. */
type Group<T> = Array<Array<(entry: T) => boolean>>;

const matchesGroup =
  <T>(group: Group<T>) =>
  (entry: T): boolean =>
    group.some((run) => run.every((test) => test(entry)));

/** Reads the query string of a request URL as ordered key/value pairs (order matters for grouped filters). */
export function queryPairs(url: string): Array<[string, string]> {
  const start = url.indexOf('?');
  return start < 0 ? [] : [...new URLSearchParams(url.slice(start + 1))];
}

export function compileQuery<T>(
  pairs: ReadonlyArray<readonly [string, string]>,
  table: FieldTable<T>,
  nowEpochS: number,
  relatives?: Relatives<T>,
): CompiledQuery<T> {
  // The open groups, innermost last; each holds its runs, the last run being the one conditions join.
  const stack: Group<T>[] = [[[]]];
  const keyParts: string[][] = [];
  let filtering = false;
  let cacheable = true;
  let sortText = '';
  for (const [rawKey, rawValue] of pairs) {
    if (rawKey === 'sort') sortText = rawValue;
    if (isParameter(rawKey)) continue;
    const current = stack[stack.length - 1] as Group<T>;
    if (groupKeys.has(rawKey)) {
      keyParts.push([rawKey]);
      if (rawKey === 'push') stack.push([[]]);
      else if (rawKey === 'or') current.push([]);
      else if (rawKey === 'pop') {
        if (stack.length === 1) return { ok: false, error: 'pop=1 without push=1' };
        stack.pop();
        (stack[stack.length - 1] as Group<T>).at(-1)?.push(matchesGroup(current));
      }
      continue;
    }
    const match = /^(.*?)([<>!=]*)$/.exec(rawKey);
    const field = match?.[1] ?? rawKey;
    const suffix = match?.[2] ?? '';
    // `title==x` written by hand arrives as key `title`, value `=x`; encoded by python-plexapi as key `title=`, value `x`.
    const valueCarriesEquals = !suffix.endsWith('=') && rawValue.startsWith('=');
    // A key that already ends in the whole operator (`viewedAt>=` encoded as one key) reads as that operator.
    const op = operatorByText[`${suffix}=${valueCarriesEquals ? '=' : ''}`] ?? operatorByText[suffix];
    const ref = resolveField(table, relatives, field);
    if (!ref || !op) return { ok: false, error: `unknown filter ${rawKey}` };
    const values = (valueCarriesEquals ? rawValue.slice(1) : rawValue).split(',');
    const test = condition(ref.spec, op, values, nowEpochS);
    if (typeof test === 'string') return { ok: false, error: `${rawKey}: ${test}` };
    const { subjects } = ref;
    current.at(-1)?.push(subjects ? (entry) => subjects(entry).some(test) : test);
    filtering = true;
    keyParts.push([field, op, ...values]);
    if (ref.spec.stateful || (ref.spec.kind === 'date' && values.some((v) => relativeDate.test(v)))) cacheable = false;
  }
  if (stack.length !== 1) return { ok: false, error: 'push=1 without pop=1' };
  const sort = sortText !== '' ? comparator(table, relatives, sortText) : undefined;
  if (typeof sort === 'string') return { ok: false, error: sort };
  if (sortText.split(',').some((part) => resolveField(table, relatives, part.split(':')[0] ?? '')?.spec.stateful)) cacheable = false;
  return {
    ok: true,
    filter: filtering ? matchesGroup(stack[0] as Group<T>) : () => true,
    filtering,
    compare: sort,
    cacheKey: cacheable ? JSON.stringify([keyParts, sortText]) : undefined,
  };
}
