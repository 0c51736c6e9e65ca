import type { Changefreq, ImageInfo, InvalidValue, UrlEntry } from './types.js';

/*
 * The one place url entries and image records are made, so that V8 gives every one of them the same hidden class
 * with the same field representations from the first object on (docs/decisions/0015, "Warm-up").
 *
 * Each field of a V8 hidden class starts with the representation and type of the first value stored in it, and is widened in place when
 * another kind of value comes: a Smi priority (1) then a double (0.5), the frozen empty list then a real array of
 * images, a field written once then assigned again. Each widening throws away the optimised code that relied on the
 * narrower field: the fast path's entry loop was optimised three times in one run for this reason, the first time
 * 30–60 ms into a 200 MB parse, when the general reader assigned an image's `loc` after making the image.
 *
 * So the module settles the final form of both classes at load, before any code using them is optimised: priority
 * any value, the lists and `news` any heap object, every field mutable. Values stored later never widen a field again.
 */

/** Shared, frozen empty lists (every reader uses this one object). */
export const NONE: readonly never[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/*
 * Entries are made by `new` on a plain constructor whose prototype is Object.prototype: the objects are the same
 * as object literals to every caller (same prototype, same keys in the same order), but V8 allocates them from the
 * constructor's own initial map, without the allocation site an object literal carries. Optimised code that
 * allocates from a literal's allocation site depends on V8's pretenuring decision for it, and V8 revisits those
 * decisions when it resizes the young generation: about a second into a 200 MB parse, that threw away the fast
 * path's entry loop, the general reader's and this factory's optimised code at once.
 */
// Named parameters, not a rest tuple: a rest parameter allocates an array per call and keeps TurboFan from inlining.
function UrlEntryObject(
  this: Mutable<UrlEntry>,
  loc: string,
  lastmod: string | null,
  changefreq: Changefreq | null,
  priority: number | null,
  images: readonly ImageInfo[],
  videos: UrlEntry['videos'],
  news: UrlEntry['news'],
  alternates: UrlEntry['alternates'],
  invalid: readonly InvalidValue[],
): void {
  this.type = 'url';
  this.loc = loc;
  this.lastmod = lastmod;
  this.changefreq = changefreq;
  this.priority = priority;
  this.images = images;
  this.videos = videos;
  this.news = news;
  this.alternates = alternates;
  this.invalid = invalid;
}
UrlEntryObject.prototype = Object.prototype;
const NewUrlEntry = UrlEntryObject as unknown as new (...fields: Parameters<typeof UrlEntryObject>) => UrlEntry;

function ImageObject(this: ImageInfo, loc: string, title: string | null, caption: string | null, geoLocation: string | null, license: string | null): void {
  this.loc = loc;
  this.title = title;
  this.caption = caption;
  this.geoLocation = geoLocation;
  this.license = license;
}
ImageObject.prototype = Object.prototype;
const NewImage = ImageObject as unknown as new (...fields: Parameters<typeof ImageObject>) => ImageInfo;

/** A url entry, with its fields in the order of the UrlEntry type (the order JSON output shows them in). */
export function urlEntry(
  loc: string,
  lastmod: string | null,
  changefreq: Changefreq | null,
  priority: number | null,
  images: readonly ImageInfo[],
  videos: UrlEntry['videos'],
  news: UrlEntry['news'],
  alternates: UrlEntry['alternates'],
  invalid: readonly InvalidValue[],
): UrlEntry {
  return new NewUrlEntry(loc, lastmod, changefreq, priority, images, videos, news, alternates, invalid);
}

/** An image record. */
export function imageInfo(loc: string, title: string | null, caption: string | null, geoLocation: string | null, license: string | null): ImageInfo {
  return new NewImage(loc, title, caption, geoLocation, license);
}

/**
 * Widens every field of both shapes to its final form: each field gets a value of every kind it can hold, and is
 * then assigned, so it is mutable. Runs once, at load.
 */
function settleShapes(): void {
  const image = imageInfo('', null, null, null, null);
  image.loc = 'x';
  image.title = 'x';
  image.caption = 'x';
  image.geoLocation = 'x';
  image.license = 'x';
  const news = { publicationName: null, publicationLanguage: null, publicationDate: null, title: null, keywords: null };
  // Priority holds Smis (0, 1), doubles and null: a double then null makes it a tagged field at once, where a Smi
  // first would make it a Smi field, widened to a double field at the first 0.5, then to a tagged one at the first
  // null. A tagged field stores a shared number (PRIORITY_TENTHS in fast-urlset.ts) without boxing a new one.
  const a = urlEntry('', null, null, 0.5, [image], [], news, [], [{ field: 'lastmod', raw: '' }]);
  const b = urlEntry('', '', 'daily', null, NONE, NONE, null, NONE, NONE);
  const mutable = a as Mutable<UrlEntry>;
  mutable.loc = b.loc;
  mutable.lastmod = b.lastmod;
  mutable.changefreq = b.changefreq;
  mutable.priority = b.priority;
  mutable.priority = 1;
  mutable.images = b.images;
  mutable.videos = b.videos;
  mutable.news = b.news;
  mutable.alternates = b.alternates;
  mutable.invalid = b.invalid;
}
settleShapes();
