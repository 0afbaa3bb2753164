/**
 * Plex's naming rules for a custom metadata provider: its identifier is `tv.plex.agents.custom.` and a suffix of
 * ASCII letters, digits and periods; every guid it answers is `{identifier}://{type}/{ratingKey}`, with a ratingKey
 * of ASCII letters, digits, dashes and underscores.
 */

export const customIdentifierPrefix = 'tv.plex.agents.custom.';
export const customIdentifierPattern = /^tv\.plex\.agents\.custom\.[a-zA-Z0-9]+(?:\.[a-zA-Z0-9]+)*$/;
export const providerSuffixPattern = /^[a-zA-Z0-9]+(?:\.[a-zA-Z0-9]+)*$/;
export const ratingKeyPattern = /^[a-zA-Z0-9_-]+$/;
export const guidTypes = ['movie', 'show', 'season', 'episode', 'collection'] as const;
export type GuidType = (typeof guidTypes)[number];

export function providerIdentifierOf(suffix: string): string {
  return `${customIdentifierPrefix}${suffix}`;
}

/** A custom provider's guid for an item. */
export function providerGuid(identifier: string, type: GuidType, ratingKey: string): string {
  return `${identifier}://${type}/${ratingKey}`;
}

/** The ratingKey in a guid of this provider, or undefined when the guid is another scheme's or malformed. */
export function ratingKeyOfGuid(identifier: string, guid: string): string | undefined {
  const prefix = `${identifier}://`;
  if (!guid.startsWith(prefix)) return undefined;
  const [type, key, ...rest] = guid.slice(prefix.length).split('/');
  return rest.length === 0 && guidTypes.includes(type as GuidType) && key && ratingKeyPattern.test(key) ? key : undefined;
}
