/**
 * The fallback-GUID memo: what the metadata service said about an item without external ids, kept
 * across runs (the lead's PostgreSQL table in production, a Map in tests) so known orphans cost
 * nothing the next time.
 */
import type { ExternalIds, MediaType } from '../../domain/items';

export interface GuidMemo {
  /** `undefined`: never looked up; `null`: looked up and not found (a known orphan). */
  get(key: string): Promise<ExternalIds | null | undefined>;
  put(key: string, ids: ExternalIds | null): Promise<void>;
}

export interface GuidMemoSubject {
  type: MediaType;
  guid?: string;
  parentGuid?: string;
  grandparentGuid?: string;
}

/** `type|guid|parentGuid|grandparentGuid`: the same Plex item on any server has the same key. */
export function guidMemoKey(subject: GuidMemoSubject): string {
  return [subject.type, subject.guid ?? '', subject.parentGuid ?? '', subject.grandparentGuid ?? ''].join('|');
}

export function memoryGuidMemo(): GuidMemo & { entries: Map<string, ExternalIds | null> } {
  const entries = new Map<string, ExternalIds | null>();
  return {
    entries,
    get: async (key) => entries.get(key),
    put: async (key, ids) => {
      entries.set(key, ids);
    },
  };
}
