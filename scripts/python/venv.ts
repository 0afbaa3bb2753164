import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(__dirname, '..', '..');

/** The PlexTraktSync release the peer benchmark and the pytrakt contract test run (its pytrakt and plexapi with it). */
export const plextraktsyncRequirement = 'plextraktsync==0.35.21';

/**
 * The Python of a venv (cached outside the repo by scripts/ensure-python-venv.sh) holding `requirements`, or why
 * there is none: the script's last line names what was missing (Python 3, venv, PyPI).
 */
export async function pythonVenv(name: string, ...requirements: string[]): Promise<{ python: string } | { reason: string }> {
  try {
    const { stdout } = await run('bash', [join(repo, 'scripts', 'ensure-python-venv.sh'), name, ...requirements], { timeout: 300_000 });
    return { python: stdout.trim() };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error).trim();
    return { reason: stderr.split('\n').at(-1) ?? stderr };
  }
}
