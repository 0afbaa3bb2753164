/** The metadata provider as the config describes it: off unless `plex_provider.enabled`. */
import type { Pool } from 'pg';
import { type Config, ConfigError } from '../../config';
import { pathRules } from '../../config/path-rules';
import { providerIdentifier } from '../../config/provider-section';
import { compilePathRules, PathRuleError, type PathRules } from '../../domain/path-mapping';
import type { Logger } from '../../log';
import { createStashClient } from '../../providers/stash';
import { clearMatchedFiles, recordUnmatchedFile } from '../../store/stash-gaps';
import type { GapRecorder, MetadataProviderOptions } from './routes';
import { createStashReads } from './stash-reads';

export { manifest, providerFeatureKeys, registerMetadataProvider } from './routes';

/** The API version of Plex's Custom Metadata Providers this provider answers (and the manifest's `version`). */
export const providerApiVersion = '1.2.0';

export function gapRecorder(db: Pool): GapRecorder {
  return {
    unmatched: (file) => recordUnmatchedFile(db, file),
    matched: (paths) => clearMatchedFiles(db, paths),
  };
}

/** Options for `registerMetadataProvider`, or undefined when the provider is off. `db` records gaps (none without it). */
export function metadataProviderOptions(config: Config, log: Logger, db?: Pool): MetadataProviderOptions | undefined {
  const section = config.plex_provider;
  if (!section.enabled) return undefined;
  const stash = createStashClient({ url: config.stash.url, apiKey: config.stash.api_key, timeoutMs: section.stash_timeout_ms });
  return {
    identifier: providerIdentifier(config),
    title: section.title,
    version: providerApiVersion,
    prefix: section.prefix,
    publicUrl: section.public_url,
    libraryRoots: section.library_roots,
    pathRules: stashPathRules(config),
    reads: createStashReads({ client: stash, ttlMs: section.cache_ttl_ms }),
    stash,
    stashUrl: config.stash.url,
    gaps: db ? gapRecorder(db) : undefined,
    log: log.child({ component: 'metadata-provider' }),
  };
}

/** `stash.path_mappings` prepared once; a rule that cannot work is a config error naming its key. */
function stashPathRules(config: Config): PathRules {
  try {
    return compilePathRules(pathRules(config.stash.path_mappings));
  } catch (error) {
    if (error instanceof PathRuleError)
      throw new ConfigError('stash.path_mappings', [{ key: `stash.path_mappings.${error.ruleIndex}`, message: error.problems.join('; ') }]);
    throw error;
  }
}
