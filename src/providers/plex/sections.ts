/** The library sections an index reads: movie and show sections, optionally only the configured ones. */
import { type PlexContext, pmsHost } from './context';
import { pmsSectionsSchema } from './schemas';

export interface VideoSection {
  id: number;
  type: 'movie' | 'show';
}

export async function videoSections(ctx: PlexContext, sectionIds?: readonly number[]): Promise<VideoSection[]> {
  const { data } = await ctx.transport.get(pmsHost(ctx), { path: '/library/sections' }, pmsSectionsSchema);
  const wanted = sectionIds && sectionIds.length > 0 ? new Set(sectionIds) : undefined;
  return (data.MediaContainer.Directory ?? []).flatMap((section) => {
    const id = Number(section.key);
    if (section.type !== 'movie' && section.type !== 'show') return [];
    return !wanted || wanted.has(id) ? [{ id, type: section.type }] : [];
  });
}
