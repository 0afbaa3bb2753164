/**
 * Files on disk that the PMS has not scanned yet. A partial scan (`/library/sections/{id}/refresh?path=`) finds the
 * ones under its path after `delayMs`, as a real scan takes a moment; until then the library does not list them.
 */
import type { LibraryItem, PlexLibrary } from '../library';

export class Scanner {
  private waiting = new Map<string, LibraryItem>();
  /** Partial scans requested, by section and path (tests check a late file triggered one). */
  readonly requests: Array<{ sectionId: number; path: string }> = [];
  delayMs = 50;

  constructor(private readonly library: PlexLibrary) {}

  /** A file that exists but appears in the library only after a scan of its folder. */
  hold(item: LibraryItem): void {
    this.waiting.set(item.ratingKey, item);
  }

  get pending(): LibraryItem[] {
    return [...this.waiting.values()];
  }

  /** Scans `path` (a folder or file; all of the section when absent): what is under it appears after `delayMs`. */
  scan(sectionId: number, path: string | undefined): number {
    this.requests.push({ sectionId, path: path ?? '' });
    const found = this.pending.filter((item) => item.sectionId === sectionId && (path === undefined || isUnder(item.file ?? '', path)));
    for (const item of found) this.waiting.delete(item.ratingKey);
    const land = () => {
      for (const item of found) this.library.addItem(item);
    };
    if (this.delayMs === 0) land();
    else setTimeout(land, this.delayMs).unref();
    return found.length;
  }
}

function isUnder(file: string, path: string): boolean {
  const folder = path.endsWith('/') ? path : `${path}/`;
  return file === path || file.startsWith(folder);
}
