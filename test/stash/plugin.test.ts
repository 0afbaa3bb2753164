import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../support/fixtures';

const script = join(__dirname, '..', '..', 'integrations', 'stash', 'watchsync.py');

function runPlugin(stdin: unknown): Promise<{ output?: string; error?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out)));
    child.stdin.end(JSON.stringify(stdin));
  });
}

describe('the Stash plugin (integrations/stash)', () => {
  it('forwards the Scene.Update.Post hook context with the secret, and never Stash’s session cookie', async () => {
    const received: Array<{ headers: Record<string, unknown>; body: unknown }> = [];
    const bridge = Fastify();
    bridge.post('/hooks/stash', async (req, reply) => {
      received.push({ headers: req.headers, body: req.body });
      return reply.code(received.length === 1 ? 202 : 401).send({ status: received.length === 1 ? 'accepted' : 'wrong secret' });
    });
    await bridge.listen({ host: '127.0.0.1', port: 0 });
    const address = bridge.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const pluginDir = mkdtempSync(join(tmpdir(), 'stash-plugin-'));
    writeFileSync(join(pluginDir, 'watchsync.json'), JSON.stringify({ bridge_url: `http://127.0.0.1:${address.port}`, secret: 's3cret' }));
    try {
      const input = JSON.parse(readFileSync(join(fixturesDir, 'stash', 'plugin-hook-input.scene-update.shape.json'), 'utf8'));
      input.server_connection.PluginDir = pluginDir;
      expect(await runPlugin(input)).toEqual({ output: expect.stringContaining('accepted') });
      expect(received[0]?.headers['x-watchsync-secret']).toBe('s3cret');
      expect(received[0]?.body).toEqual({ hookContext: { id: 123, type: 'Scene.Update.Post', inputFields: ['id', 'title', 'tag_ids'] } });
      expect(JSON.stringify(received[0])).not.toContain('<opaque>');

      const task = await runPlugin({ server_connection: { PluginDir: pluginDir }, args: { mode: 'reconcile' } });
      expect(received[1]?.body).toEqual({ task: 'reconcile' });
      expect(task.error).toMatch(/answered 401/);
    } finally {
      await bridge.close();
    }
  });

  it('reports a missing configuration as the plugin error', async () => {
    const pluginDir = mkdtempSync(join(tmpdir(), 'stash-plugin-'));
    expect(await runPlugin({ server_connection: { PluginDir: pluginDir }, args: { mode: 'sync-all' } })).toEqual({
      error: expect.stringMatching(/bridge_url and secret/),
    });
  });
});
