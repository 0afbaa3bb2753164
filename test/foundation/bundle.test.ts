import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

describe('workflow code stays deterministic', () => {
  it('the bundler refuses workflow code that imports a Node module, naming it', async () => {
    const errors: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn() {}, log() {}, error: (message: string) => errors.push(message) } as never;
    await expect(bundleWorkflowCode({ workflowsPath: join(root, 'test', 'fixtures', 'workflow-importing-fs.ts'), logger })).rejects.toThrow(
      /Webpack/,
    );
    expect(errors.join('\n')).toMatch(/ERROR in node:fs/);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'noNodejsModules'],
    ["import { request } from 'undici';", 'noRestrictedImports'],
    ["import { Context } from '@temporalio/activity';", 'noRestrictedImports'],
    ["import { createPool } from '../store/db';", 'noRestrictedImports'],
    ["import { traktClient } from '../providers/trakt/client';", 'noRestrictedImports'],
  ])('the linter rejects `%s` in src/workflows', async (line, rule) => {
    const result = await lintAs('src/workflows/probe.ts', `${line}\nexport const x = 1;\n`);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(rule);
  });

  it('the linter accepts `import type` of activities in src/workflows', async () => {
    const result = await lintAs(
      'src/workflows/probe.ts',
      "import type { Activities } from '../activities';\nexport type A = Activities;\n",
    );
    expect(result.output).not.toMatch(/noRestrictedImports|noNodejsModules/);
  });
});

/** Lints `source` as if it lived at `path`, with the project's biome.json, in a scratch copy of the layout. */
async function lintAs(path: string, source: string): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), source);
  try {
    const { stdout, stderr } = await run(join(root, 'node_modules', '.bin', 'biome'), ['lint', path], { cwd: dir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}
