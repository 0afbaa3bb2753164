/**
 * What the library import reads from PMS: section listings whose entries are validated one by one (an
 * entry that fails its schema is skipped and reported, never fatal to its page), sections with their root
 * locations, and the server's identity. JSON and XML answers parse alike (../transport.ts).
 */
import { z } from 'zod';
import { pmsMediaSchema, pmsMetadataSchema, pmsPartSchema } from '../schemas';

const int = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int());

export const libraryPartSchema = pmsPartSchema;

export const libraryMediaSchema = pmsMediaSchema.extend({
  videoCodec: z.string().optional(),
  audioCodec: z.string().optional(),
  Part: z.array(libraryPartSchema).optional(),
});

/** One listing entry with everything the library tables keep. */
export const libraryEntrySchema = pmsMetadataSchema.extend({
  summary: z.string().optional(),
  studio: z.string().optional(),
  contentRating: z.string().optional(),
  Genre: z.array(z.object({ tag: z.string() })).optional(),
  Media: z.array(libraryMediaSchema).optional(),
});

/** A page of a listing, its entries not yet validated. */
export const libraryPageSchema = z.object({
  MediaContainer: z.object({
    size: int,
    totalSize: int.optional(),
    offset: int.optional(),
    Metadata: z.array(z.unknown()).optional(),
  }),
});

export type LibraryEntry = z.infer<typeof libraryEntrySchema>;
