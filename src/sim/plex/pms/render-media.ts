/** Media versions set by library edits (../library-edits.ts), as PMS writes Media[] with Part[] in listings. */
import type { LibraryItem, SimMedia } from '../library';

export function renderMedia(item: LibraryItem, media: readonly SimMedia[]): Record<string, unknown>[] {
  return media.map((m) => ({
    id: m.id,
    duration: item.durationMs,
    bitrate: 6000,
    audioChannels: 6,
    audioCodec: m.audioCodec,
    videoCodec: m.videoCodec,
    videoResolution: m.videoResolution,
    container: m.container,
    Part: m.parts.map((part) => ({
      id: part.id,
      key: `/library/parts/${part.id}/${item.addedAt}/file.${m.container}`,
      duration: m.parts.length === 1 ? item.durationMs : undefined,
      file: part.file,
      size: part.size,
      container: m.container,
    })),
  }));
}
