export { redacted, redactSecrets, redactUrl, secretKeys } from '../secrets';
export { envOverrides } from './env';
export { ConfigError, configPath, loadConfig, parseConfig } from './load';
export { plexHosts } from './plex-hosts';
export type { Config, ConfigInput, PairConfig } from './schema';
