import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createPool } from '../../store/db';
import { migrate } from '../../store/migrate';
import { createSecretBox, missingKeyProblem, SecretKeyError } from '../../store/secret-box';
import { resealTraktTokens } from '../../store/trakt-tokens';

/** Secrets at rest: `watchsync secrets rotate` after a new `secrets.encryption_key` (README "Secrets at rest"). */
export function registerSecretsCommands(program: Command): void {
  const secrets = program.command('secrets').description('the key that seals Trakt tokens in PostgreSQL');
  secrets
    .command('rotate')
    .description('seal every stored token with secrets.encryption_key (opening old ones with secrets.previous_encryption_keys)')
    .action(async () => {
      const config = loadConfig();
      const box = createSecretBox(config.secrets);
      if (!box) throw new SecretKeyError(missingKeyProblem);
      const db = createPool(config.database.url, 1);
      try {
        await migrate(db);
        const { resealed, current } = await resealTraktTokens(db, box);
        process.stdout.write(
          `Trakt tokens: ${resealed} resealed, ${current} already under key ${box.keyId}. ` +
            'secrets.previous_encryption_keys can now be removed.\n',
        );
      } finally {
        await db.end();
      }
    });
}
