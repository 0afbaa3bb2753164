/** The media files of movie sections, with the item each belongs to: what a comparison with another library needs. */
import { type PlexContext, pmsHost } from './context';
import { listSection } from './listing';
import { pmsSectionsSchema } from './schemas';

export interface SectionFile {
  sectionId: number;
  ratingKey: string;
  title: string;
  /** The path as the PMS sees it. */
  file: string;
}

export interface SectionFilesOptions {
  /** These sections; when empty, every movie section whose agent is `agent`. */
  sectionIds?: readonly number[];
  agent?: string;
}

/** Every file of the chosen movie sections, each listing read to the end (a partial listing throws). */
export async function sectionFiles(ctx: PlexContext, options: SectionFilesOptions): Promise<SectionFile[]> {
  const { data } = await ctx.transport.get(pmsHost(ctx), { path: '/library/sections' }, pmsSectionsSchema);
  const ids = new Set(options.sectionIds ?? []);
  const sections = (data.MediaContainer.Directory ?? []).filter(
    (s) => s.type === 'movie' && (ids.size > 0 ? ids.has(Number(s.key)) : options.agent !== undefined && s.agent === options.agent),
  );
  const files: SectionFile[] = [];
  for (const section of sections) {
    const sectionId = Number(section.key);
    for (const item of await listSection(ctx, sectionId, 'movie')) {
      for (const part of (item.Media ?? []).flatMap((m) => m.Part ?? [])) {
        if (part.file) files.push({ sectionId, ratingKey: item.ratingKey, title: item.title, file: part.file });
      }
    }
  }
  return files;
}
