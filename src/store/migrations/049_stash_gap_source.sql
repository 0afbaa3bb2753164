-- Where a gap comparison read Plex's files from (DESIGN.md §7): {"kind":"library-import", serverId, sections,
-- listedAt} or {"kind":"plex-listing", reason}. Null for comparisons recorded before the source was.
alter table stash_gap_comparisons add column plex_source jsonb;
