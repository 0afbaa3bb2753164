/**
 * Text from Stash made safe for Plex: control characters out (Plex's XML answers cannot carry most of them and a
 * stray one breaks clients), whitespace tidied, lengths capped on a character boundary, tag lists de-duplicated.
 */

/** Longest values Plex keeps comfortably (its database and clients truncate or reject beyond these). */
export const maxLengths = { title: 255, summary: 10_000, tag: 100, studio: 255 } as const;

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators; the first keeps tab and newline.
const controlsButNewlines = /[^\P{Cc}\t\n]|[\p{Zl}\p{Zp}]/gu;
const allControls = /[\p{Cc}\p{Zl}\p{Zp}]/gu;

/** Cuts at `max` characters (code points, so a surrogate pair is never split). */
function cap(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/** A one-line value (title, studio, tag): controls become spaces, runs of whitespace one space. */
export function singleLine(value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = cap(value.replace(allControls, ' ').replace(/\s+/g, ' ').trim(), max);
  return text === '' ? undefined : text;
}

/** A multi-line value (summary): CRLF to LF, controls out, at most one blank line in a row. */
export function multiLine(value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value
    .replace(/\r\n?/g, '\n')
    .replace(controlsButNewlines, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const capped = cap(text, max);
  return capped === '' ? undefined : capped;
}

/** Tag names cleaned, without duplicates (case-insensitive, as Plex compares tags), at most `max` of them. */
export function tagList(names: readonly string[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    // Plex's removal syntax (`genre[].tag.tag-=A,B`) separates names with commas: a comma inside a name cannot be removed later.
    const clean = singleLine(name.replace(/,/g, ' '), maxLengths.tag);
    if (clean === undefined || seen.has(clean.toLowerCase())) continue;
    seen.add(clean.toLowerCase());
    out.push(clean);
    if (out.length >= max) break;
  }
  return out;
}

/** Stash's fuzzy date (YYYY, YYYY-MM or YYYY-MM-DD) as Plex's originallyAvailableAt; undefined when not a date. */
export function plexDate(value: string | null | undefined): string | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, year, month = '01', day = '01'] = match;
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  // 2024-02-30 parses as March: not the date Stash meant.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return undefined;
  return `${year}-${month}-${day}`;
}
