const MAX_SECTION_CHARS = 64;

/** The first path segment, lower-cased and clipped: `/blog/x` → `/blog`; the home page → `/`. */
export function sectionOf(path: string): string {
  const end = path.indexOf('/', 1);
  const first = (end === -1 ? path : path.slice(0, end)).toLowerCase();
  return first.length > MAX_SECTION_CHARS ? `${first.slice(0, MAX_SECTION_CHARS)}…` : first || '/';
}
