/** Discover payloads ./schemas.ts does not cover yet: the title search (shape from python-plexapi's searchDiscover). */
import { z } from 'zod';
import { discoverMetadataSchema } from './schemas';

export const discoverSearchSchema = z.object({
  MediaContainer: z.object({
    SearchResults: z
      .array(
        z.object({
          id: z.string(),
          SearchResult: z.array(z.object({ score: z.number().optional(), Metadata: discoverMetadataSchema.optional() })).optional(),
        }),
      )
      .optional(),
  }),
});
