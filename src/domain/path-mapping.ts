/**
 * Path mapping (DESIGN.md §6): translates the file paths a Plex Media Server reports into the paths
 * this machine sees (`plexToLocal`, used by the library import), and back (`localToPlex`, used by
 * the Stash push and the Plex metadata provider, which start from a local file).
 *
 * Stable API (other branches build on it):
 * - `PathRule`: one rule as configured. A prefix rule maps the Plex prefix `from` to the local
 *   prefix `to`; a regex rule (`regex: true`) matches the WHOLE path with `from` and builds the
 *   result from `to` (`$1`, `$<name>`), and maps back only with its own `reverse` pair.
 * - `compilePathRules(rules)`: validates once (throws `PathRuleError` naming the rule) and
 *   returns `PathRules` for the hot path; `pathRuleProblems(rule)` lists what is wrong without throwing.
 * - `plexToLocal(rules, path, scope)` / `localToPlex(rules, path, scope)`: a `PathMapping`, the
 *   mapped path with the rule that applied (`rule`, `ruleIndex`, `label`), or the unchanged path
 *   with `mapped: false` and the reason.
 *
 * How a rule is chosen, most specific first:
 * 1. Scope: rules for the item's library (by section key or title) beat rules for its server,
 *    which beat rules for every server.
 * 2. Within a scope, regex rules (in their configured order) come before prefix rules: they exist
 *    for the exceptions a prefix cannot express.
 * 3. Among prefix rules, the longest prefix wins, compared on whole path segments: `/media/tv`
 *    matches `/media/tv` and `/media/tv/x`, never `/media/tv2/x`. Ties go to the earlier rule.
 *
 * Paths are absolute POSIX (`/data/x`), Windows drive (`D:\x`, `D:/x`) or UNC (`\\nas\share\x`).
 * A Windows path splits on `\` and `/`; a POSIX path only on `/` (a backslash is a legal POSIX file
 * name character). Results use the separators of their own side: `\` for Windows and UNC, `/` for
 * POSIX. Matching is case-insensitive when the path being matched is a Windows path (Windows file
 * systems are), case-sensitive otherwise; `ignoreCase` on a rule overrides that (e.g. a macOS PMS).
 * A file whose name cannot exist on the result's side (a POSIX name with `\`, `:`, `*`, … mapped to
 * Windows) is left unmapped rather than mapped to a different file.
 */

/** One mapping rule, as configured. */
export interface PathRule {
  /** Plex-side prefix (`/data/media`, `D:\Media`, `\\nas\media`); with `regex`, a regular expression matched against the whole Plex path. */
  from: string;
  /** Local-side prefix (`/mnt/media`, `D:\Media`, `\\nas\media`); with `regex`, the result, with `$1`/`$<name>` for captured groups. */
  to: string;
  /** `from` is a regular expression and `to` its replacement. */
  regex?: boolean;
  /** A regex rule's way back (local → Plex): `from` matched against the whole local path, `to` the Plex path. Without it the rule maps one way. */
  reverse?: { from: string; to: string };
  /** Only for this server (the config's server id); every server when absent. */
  server?: string;
  /** Only for this library section of the server (its key or its title); every section when absent. */
  library?: string;
  /** Compare case-insensitively (true) or exactly (false); by default, case-insensitive exactly when the path matched is a Windows path. */
  ignoreCase?: boolean;
  /** How the rule is shown (`library map`, the `mapping` column); `from → to` when absent. */
  name?: string;
}

/** Where a path comes from: the server (config id) and, optionally, the library section. */
export interface PathScope {
  server?: string;
  libraryKey?: string;
  libraryTitle?: string;
}

export type UnmappedReason =
  /** No rule applies to the path in its scope. */
  | 'no-rule'
  /** A rule matched, but a name in the path cannot exist on the other side (e.g. `a\b.mkv` mapped to Windows). */
  | 'unrepresentable'
  /** A regex rule matched but its result is not an absolute path. */
  | 'invalid-result';

/** The outcome of mapping one path: the new path and the rule that made it, or the unchanged path and why. */
export type PathMapping =
  | { mapped: true; path: string; rule: PathRule; ruleIndex: number; label: string }
  | { mapped: false; path: string; reason: UnmappedReason };

/** A rule set validated and prepared once by `compilePathRules`. */
export interface PathRules {
  readonly compiled: readonly CompiledRule[];
}

/** A rule that cannot work; `ruleIndex` is its position in the list given to `compilePathRules`. */
export class PathRuleError extends Error {
  constructor(
    readonly ruleIndex: number,
    readonly problems: readonly string[],
  ) {
    super(`path mapping rule ${ruleIndex}: ${problems.join('; ')}`);
    this.name = 'PathRuleError';
  }
}

type Direction = 'toLocal' | 'toPlex';

interface ParsedPath {
  windows: boolean;
  /** `/` (POSIX), `X:` (drive, as written) or `\\` (UNC; the server and share are the first two segments). */
  root: string;
  segments: string[];
}

interface PrefixSide {
  kind: 'prefix';
  match: ParsedPath;
  produce: ParsedPath;
}

interface RegexSide {
  kind: 'regex';
  /** The expression anchored to whole paths (so a rule never rewrites the middle of one), exact and case-insensitive. */
  exact: RegExp;
  ignoringCase: RegExp;
  replacement: string;
}

interface CompiledRule {
  rule: PathRule;
  index: number;
  label: string;
  /** 2: library rule, 1: server rule, 0: every server. */
  scopeRank: number;
  sides: Partial<Record<Direction, PrefixSide | RegexSide>>;
}

const uncRoot = '\\\\';
/** Characters no Windows file name may contain, separators included. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Windows forbids control characters in names too.
const notInWindowsName = /[<>:"|?*\\/\u0000-\u001f]/;

/** What is wrong with a rule, in words naming its fields; empty when it is usable. */
export function pathRuleProblems(rule: PathRule): string[] {
  const problems: string[] = [];
  if (typeof rule.from !== 'string' || rule.from.trim() === '') problems.push('from: must be a non-empty string');
  if (typeof rule.to !== 'string' || rule.to.trim() === '') problems.push('to: must be a non-empty string');
  if (problems.length > 0) return problems;
  if (rule.regex) {
    const fromProblem = regexProblem(rule.from);
    if (fromProblem) problems.push(`from: ${fromProblem}`);
    if (rule.reverse) {
      const reverseProblem = regexProblem(rule.reverse.from);
      if (reverseProblem) problems.push(`reverse.from: ${reverseProblem}`);
      if (typeof rule.reverse.to !== 'string' || rule.reverse.to.trim() === '') problems.push('reverse.to: must be a non-empty string');
    }
    return problems;
  }
  if (rule.reverse) problems.push('reverse: only a regex rule needs one (a prefix rule maps back by itself)');
  for (const field of ['from', 'to'] as const) {
    const parsed = parsePath(rule[field]);
    if (!parsed) problems.push(`${field}: must be an absolute path (/…, X:\\… or \\\\server\\share…), got ${JSON.stringify(rule[field])}`);
    else if (parsed.root === uncRoot && parsed.segments.length < 2) problems.push(`${field}: a UNC path needs a server and a share`);
  }
  return problems;
}

/** Validates and prepares rules once; throws `PathRuleError` for the first rule that cannot work. */
export function compilePathRules(rules: readonly PathRule[]): PathRules {
  const compiled = rules.map((rule, index) => {
    const problems = pathRuleProblems(rule);
    if (problems.length > 0) throw new PathRuleError(index, problems);
    return compileRule(rule, index);
  });
  return { compiled };
}

/** Maps a path as the Plex server reports it to the path this machine sees. */
export function plexToLocal(rules: PathRules | readonly PathRule[], plexPath: string, scope: PathScope = {}): PathMapping {
  return mapPath(asCompiled(rules), plexPath, scope, 'toLocal');
}

/** Maps a path as this machine sees it to the path the Plex server knows the file by. */
export function localToPlex(rules: PathRules | readonly PathRule[], localPath: string, scope: PathScope = {}): PathMapping {
  return mapPath(asCompiled(rules), localPath, scope, 'toPlex');
}

/** How a rule is shown to users and stored with each file it mapped. */
export function describePathRule(rule: PathRule): string {
  if (rule.name) return rule.name;
  return rule.regex ? `regex ${rule.from} → ${rule.to}` : `${rule.from} → ${rule.to}`;
}

function asCompiled(rules: PathRules | readonly PathRule[]): PathRules {
  return 'compiled' in rules ? rules : compilePathRules(rules as readonly PathRule[]);
}

function compileRule(rule: PathRule, index: number): CompiledRule {
  const scopeRank = rule.library !== undefined ? 2 : rule.server !== undefined ? 1 : 0;
  const base = { rule, index, label: describePathRule(rule), scopeRank };
  if (rule.regex) {
    const sides: CompiledRule['sides'] = { toLocal: regexSide(rule.from, rule.to) };
    if (rule.reverse) sides.toPlex = regexSide(rule.reverse.from, rule.reverse.to);
    return { ...base, sides };
  }
  const from = parsePath(rule.from)!;
  const to = parsePath(rule.to)!;
  return {
    ...base,
    sides: { toLocal: { kind: 'prefix', match: from, produce: to }, toPlex: { kind: 'prefix', match: to, produce: from } },
  };
}

function mapPath(rules: PathRules, path: string, scope: PathScope, direction: Direction): PathMapping {
  const parsed = parsePath(path);
  let best: { rule: CompiledRule; side: PrefixSide | RegexSide; length: number; ignoreCase: boolean } | undefined;
  for (const rule of rules.compiled) {
    const side = rule.sides[direction];
    if (!side || !inScope(rule.rule, scope)) continue;
    const ignoreCase = rule.rule.ignoreCase ?? parsed?.windows ?? false;
    const length = side.kind === 'regex' ? regexLength(side, path, ignoreCase) : prefixLength(side.match, parsed, ignoreCase);
    if (length < 0) continue;
    if (!best || rule.scopeRank > best.rule.scopeRank || (rule.scopeRank === best.rule.scopeRank && length > best.length)) {
      best = { rule, side, length, ignoreCase };
    }
  }
  if (!best) return { mapped: false, path, reason: 'no-rule' };
  const result = best.side.kind === 'regex' ? applyRegex(best.side, path, parsed, best.ignoreCase) : applyPrefix(best.side, parsed!);
  if (typeof result !== 'string') return { mapped: false, path, reason: result.reason };
  return { mapped: true, path: result, rule: best.rule.rule, ruleIndex: best.rule.index, label: best.rule.label };
}

function inScope(rule: PathRule, scope: PathScope): boolean {
  if (rule.server !== undefined && rule.server !== scope.server) return false;
  if (rule.library !== undefined && rule.library !== scope.libraryKey && rule.library !== scope.libraryTitle) return false;
  return true;
}

/** How many segments of `path` the prefix covers (0 for a bare root), or -1 when it is not a prefix on segment boundaries. */
function prefixLength(prefix: ParsedPath, path: ParsedPath | undefined, ignoreCase: boolean): number {
  if (!path || prefix.windows !== path.windows || prefix.segments.length > path.segments.length) return -1;
  const same = ignoreCase ? sameIgnoringCase : (a: string, b: string) => a === b;
  // A drive letter is case-insensitive even when names are compared exactly.
  if (!sameIgnoringCase(prefix.root, path.root)) return -1;
  for (let i = 0; i < prefix.segments.length; i++) {
    if (!same(prefix.segments[i]!, path.segments[i]!)) return -1;
  }
  return prefix.segments.length;
}

function applyPrefix(side: PrefixSide, path: ParsedPath): string | { reason: UnmappedReason } {
  const rest = path.segments.slice(side.match.segments.length);
  if (side.produce.windows && !path.windows && rest.some((segment) => notInWindowsName.test(segment))) return { reason: 'unrepresentable' };
  return renderPath({ ...side.produce, segments: [...side.produce.segments, ...rest] });
}

function regexSide(source: string, replacement: string): RegexSide {
  const whole = `^(?:${source})$`;
  return { kind: 'regex', exact: new RegExp(whole), ignoringCase: new RegExp(whole, 'i'), replacement };
}

/** A matching regex rule ranks above every prefix of its scope; -1 when it does not match. */
function regexLength(side: RegexSide, path: string, ignoreCase: boolean): number {
  return (ignoreCase ? side.ignoringCase : side.exact).test(path) ? Number.POSITIVE_INFINITY : -1;
}

function applyRegex(
  side: RegexSide,
  path: string,
  source: ParsedPath | undefined,
  ignoreCase: boolean,
): string | { reason: UnmappedReason } {
  let produced = path.replace(ignoreCase ? side.ignoringCase : side.exact, side.replacement);
  // Backslashes captured from a Windows path are separators there, so they are separators in a POSIX result too.
  if (source?.windows && produced.startsWith('/')) produced = produced.replaceAll('\\', '/');
  const parsed = parsePath(produced);
  return parsed ? renderPath(parsed) : { reason: 'invalid-result' };
}

function regexProblem(source: unknown): string | undefined {
  if (typeof source !== 'string' || source === '') return 'must be a non-empty regular expression';
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message})`;
  }
}

function parsePath(path: string): ParsedPath | undefined {
  const drive = /^([A-Za-z]:)(?:[\\/]|$)/.exec(path);
  if (drive) return { windows: true, root: drive[1]!, segments: splitSegments(path.slice(2), /[\\/]/) };
  if (path.startsWith(uncRoot)) return { windows: true, root: uncRoot, segments: splitSegments(path.slice(2), /[\\/]/) };
  if (path.startsWith('/')) return { windows: false, root: '/', segments: splitSegments(path, /\//) };
  return undefined;
}

/** Segments without the empty ones that doubled or trailing separators leave. */
function splitSegments(rest: string, separator: RegExp): string[] {
  return rest.split(separator).filter((segment) => segment !== '');
}

function renderPath(path: ParsedPath): string {
  if (!path.windows) return `/${path.segments.join('/')}`;
  if (path.root === uncRoot) return `${uncRoot}${path.segments.join('\\')}`;
  return `${path.root}\\${path.segments.join('\\')}`;
}

/** Windows compares names case-insensitively; lower-casing (not upper-casing) keeps `ß` and `SS` apart, as NTFS does. */
function sameIgnoringCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
