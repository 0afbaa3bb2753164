/**
 * A library whose agent is a custom metadata provider, and the scan PMS runs with it: read the provider's manifest,
 * POST a match for each file (the trimmed fields PMS asks for, as in the fixture match request), then GET the
 * metadata of the matched guid and keep it on the item, so tests see what Plex would show after the scan. A
 * provider error leaves that item unmatched and the scan goes on, as PMS does.
 */
import { request } from 'undici';
import {
  fullMetadataContainerSchema,
  type MatchRequest,
  mediaProviderSchema,
  metadataContainerSchema,
  type ProviderMetadata,
  ratingKeyOfGuid,
} from '../../../providers/plex/metadata-provider';
import type { PlexLibrary } from '../library';

export interface ProviderScanItem {
  ratingKey: string;
  filename: string;
  outcome: 'matched' | 'unmatched' | 'failed';
  /** The provider's status when it failed. */
  status?: number;
  guid?: string;
  metadata?: ProviderMetadata;
}

export interface ProviderScanReport {
  identifier: string;
  items: ProviderScanItem[];
  durationMs: number;
}

/** Makes the provider at `url` (its root) the section's agent. */
export function useProviderAgent(library: PlexLibrary, sectionId: number, identifier: string): void {
  const section = library.section(sectionId);
  if (!section) throw new Error(`no section ${sectionId}`);
  section.agent = identifier;
}

/** The fields PMS asks a match answer to carry (the fixture's `includeFields`, for a movie). */
const matchFields = 'guid,title,thumb,originallyAvailableAt,year,type';

async function getJson(url: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}) {
  const response = await request(url, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', 'x-plex-language': 'en-US', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: response.statusCode < 300 ? (JSON.parse(text) as unknown) : undefined };
}

/** Scans section `sectionId` with the provider at `providerUrl`; `concurrency` items at a time. */
export async function scanWithProvider(
  library: PlexLibrary,
  sectionId: number,
  providerUrl: string,
  concurrency = 4,
): Promise<ProviderScanReport> {
  const started = Date.now();
  const section = library.section(sectionId);
  if (!section) throw new Error(`no section ${sectionId}`);
  const root = new URL(providerUrl);
  const { MediaProvider: provider } = mediaProviderSchema.parse((await getJson(providerUrl)).json);
  const feature = (type: string) => new URL(provider.Feature.find((f) => f.type === type)?.key ?? '', root).toString();
  const matchUrl = feature('match');
  const metadataUrl = feature('metadata');
  const folder = section.locationPath.replace(/\/+$/, '');
  const items = (library.sectionItems.get(sectionId) ?? []).filter((item) => item.file);

  async function scanOne(item: (typeof items)[number]): Promise<ProviderScanItem> {
    const file = item.file as string;
    const filename = file.startsWith(`${folder}/`) ? file.slice(folder.length + 1) : file;
    const base = { ratingKey: item.ratingKey, filename };
    const hints: MatchRequest = { type: 1, title: item.title, filename, includeFields: matchFields, includeElements: 'Metadata' };
    const match = await getJson(matchUrl, { method: 'POST', body: hints });
    if (match.status !== 200) return { ...base, outcome: 'failed', status: match.status };
    const best = metadataContainerSchema.parse(match.json).MediaContainer.Metadata?.[0];
    const key = best && ratingKeyOfGuid(provider.identifier, best.guid);
    if (!best || !key) return { ...base, outcome: 'unmatched' };
    const answer = await getJson(`${metadataUrl}/${key}`);
    if (answer.status !== 200) return { ...base, outcome: 'failed', status: answer.status, guid: best.guid };
    const metadata = fullMetadataContainerSchema.parse(answer.json).MediaContainer.Metadata[0] as ProviderMetadata;
    apply(library, item.ratingKey, metadata);
    return { ...base, outcome: 'matched', guid: best.guid, metadata };
  }

  const results: ProviderScanItem[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      for (let n = next++; n < items.length; n = next++) {
        const item = items[n] as (typeof items)[number];
        results[n] = await scanOne(item).catch(
          (): ProviderScanItem => ({ ratingKey: item.ratingKey, filename: item.file ?? '', outcome: 'failed' }),
        );
      }
    }),
  );
  return { identifier: provider.identifier, items: results, durationMs: Date.now() - started };
}

/** What PMS stores from the provider's metadata: the item's guid and title, its text fields and tags. */
function apply(library: PlexLibrary, ratingKey: string, metadata: ProviderMetadata): void {
  const item = library.items.get(ratingKey);
  if (!item) return;
  item.guid = metadata.guid;
  item.year = metadata.year;
  library.editItem(
    ratingKey,
    { title: metadata.title, originallyAvailableAt: metadata.originallyAvailableAt },
    Math.floor(Date.now() / 1000),
  );
  const edits = library.edits;
  if (metadata.summary) edits.setText(ratingKey, 'summary', metadata.summary);
  if (metadata.studio) edits.setText(ratingKey, 'studio', metadata.studio);
  edits.addTags(
    ratingKey,
    'genre',
    (metadata.Genre ?? []).map((g) => g.tag),
  );
  edits.addTags(
    ratingKey,
    'actor',
    (metadata.Role ?? []).map((r) => r.tag),
  );
}
