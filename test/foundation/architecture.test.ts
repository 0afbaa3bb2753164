import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN.md §2: which layer may import which. The linter can't tell `import type` apart; this test can. */
const src = join(__dirname, '..', '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every import/export-from statement of a file: whether it is type-only, and its module. */
function importsOf(path: string): { typeOnly: boolean; module: string; statement: string }[] {
  const text = readFileSync(path, 'utf8');
  const pattern = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"]([^'"]+)['"]/gms;
  return [...text.matchAll(pattern)].map((m) => ({ typeOnly: Boolean(m[2]), module: m[4] ?? '', statement: m[0].trim() }));
}

function layerOf(file: string, module: string): string {
  if (!module.startsWith('.')) return module;
  return relative(src, join(file, '..', module)).split(/[\\/]/)[0] ?? '';
}

describe('layering', () => {
  it.each(filesUnder(join(src, 'workflows')).map((f) => [relative(src, f), f]))('%s imports activities only as types', (_name, file) => {
    const offending = importsOf(file).filter((i) => layerOf(file, i.module) === 'activities' && !i.typeOnly);
    expect(offending.map((i) => i.statement)).toEqual([]);
  });

  it.each(filesUnder(join(src, 'domain')).map((f) => [relative(src, f), f]))('%s imports only zod and src/domain', (_name, file) => {
    const offending = importsOf(file).filter((i) => !(i.module === 'zod' || layerOf(file, i.module) === 'domain'));
    expect(offending.map((i) => i.statement)).toEqual([]);
  });

  it.each(filesUnder(join(src, 'providers')).map((f) => [relative(src, f), f]))('%s never imports Temporal or workflows', (_name, file) => {
    const offending = importsOf(file).filter(
      (i) => i.module.startsWith('@temporalio/') || ['workflows', 'activities'].includes(layerOf(file, i.module)),
    );
    expect(offending.map((i) => i.statement)).toEqual([]);
  });
});

describe('boundaries', () => {
  const outsideStore = filesUnder(src).filter((f) => layerOf(f, '.') !== 'store');

  it.each(outsideStore.map((f) => [relative(src, f), f]))('%s runs no SQL (src/store holds all of it)', (_name, file) => {
    const queries = readFileSync(file, 'utf8').match(/\b(db|pool)\s*\.\s*query\s*[<(]/g) ?? [];
    const pgAtRuntime = importsOf(file).filter((i) => i.module === 'pg' && !i.typeOnly);
    expect([...queries, ...pgAtRuntime.map((i) => i.statement)]).toEqual([]);
  });

  it.each(filesUnder(join(src, 'config')).map((f) => [relative(src, f), f]))('%s imports no provider', (_name, file) => {
    expect(
      importsOf(file)
        .filter((i) => layerOf(file, i.module) === 'providers')
        .map((i) => i.statement),
    ).toEqual([]);
  });

  it.each(filesUnder(join(src, 'providers')).map((f) => [relative(src, f), f]))('%s imports no config', (_name, file) => {
    expect(
      importsOf(file)
        .filter((i) => layerOf(file, i.module) === 'config')
        .map((i) => i.statement),
    ).toEqual([]);
  });
});

describe('the pair-sync contract is named in one place (src/workflows/pair-sync-api.ts)', () => {
  const root = join(src, '..');
  // Tests are left out: they assert what a user sees, IDs included.
  const callers = [join(src, 'client'), join(src, 'bridge'), join(src, 'activities'), join(root, 'bench'), join(root, 'scripts')].flatMap(
    filesUnder,
  );
  // What a caller would otherwise spell as a string: the workflow type, the query/update/signal names, the ID.
  const spelled = [/['"]pairSync['"]/, /\(\s*['"](progress|approve|activityFailing)['"]/, /`pair-sync\/\$\{/];

  it.each(callers.map((f) => [relative(root, f), f]))('%s uses pair-sync-api.ts instead of spelling its names', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(spelled.filter((pattern) => pattern.test(text)).map(String)).toEqual([]);
  });

  it('the CLI reaches the workflow through the contract module', () => {
    const commands = filesUnder(join(src, 'client'));
    const users = commands.filter((f) => importsOf(f).some((i) => /workflows\/pair-sync-api$/.test(i.module)));
    expect(users.map((f) => relative(src, f))).toEqual(
      expect.arrayContaining(['client/commands/sync.ts', 'client/commands/schedule.ts', 'client/pair-runs.ts', 'client/progress.ts']),
    );
  });
});
