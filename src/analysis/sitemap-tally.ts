import type { Changefreq, SitemapEntry } from '../sitemap/index.js';
import type { SharedValues } from './detect-generator.js';
import { sameSite, splitUrl } from './split-url.js';

const MAX_HOSTS = 32;
const MAX_SAMPLE_LOCS = 5;
const MAX_SAMPLE_IMAGES = 3;

/**
 * What the analyzer keeps about one sitemap file while its entries stream past: counts, the lastmod range, a few
 * sample locs for generator detection, the hosts its URLs are on (at most 32, the rest counted together) and whether
 * every entry carried the same lastmod, changefreq and priority. O(1) memory per file.
 */
export class SitemapTally {
  urls = 0;
  sitemaps = 0;
  oldest: string | null = null;
  newest: string | null = null;
  /** Page URLs carrying a lastmod. */
  dated = 0;
  readonly sampleLocs: string[] = [];
  readonly sampleImages: string[] = [];
  readonly #hosts = new Map<string, number>();
  #otherHosts = 0;
  #firstLastmod: string | null = null;
  #uniformLastmod = true;
  #changefreq: Changefreq | null | undefined = undefined;
  #priority: number | null | undefined = undefined;

  add(entry: SitemapEntry): void {
    if (this.sampleLocs.length < MAX_SAMPLE_LOCS) this.sampleLocs.push(entry.loc);
    const lastmod = entry.lastmod;
    if (lastmod !== null) {
      if (this.oldest === null || lastmod < this.oldest) this.oldest = lastmod;
      if (this.newest === null || lastmod > this.newest) this.newest = lastmod;
    }
    if (entry.type === 'sitemap') {
      this.sitemaps++;
      return;
    }
    this.urls++;
    if (lastmod !== null) {
      this.dated++;
      if (this.#firstLastmod === null) this.#firstLastmod = lastmod;
      else if (lastmod !== this.#firstLastmod) this.#uniformLastmod = false;
    }
    this.#changefreq = this.#changefreq === undefined || this.#changefreq === entry.changefreq ? entry.changefreq : null;
    this.#priority = this.#priority === undefined || this.#priority === entry.priority ? entry.priority : null;
    if (this.sampleImages.length < MAX_SAMPLE_IMAGES && entry.images.length > 0) this.sampleImages.push(entry.images[0]!.loc);
  }

  /** Counts the URL's host; the caller splits the URL once for all its uses. */
  addHost(host: string): void {
    const n = this.#hosts.get(host);
    if (n !== undefined) this.#hosts.set(host, n + 1);
    else if (this.#hosts.size < MAX_HOSTS) this.#hosts.set(host, 1);
    else this.#otherHosts++;
  }

  /** Page URLs not on `fileUrl`'s host (www. ignored); URLs on hosts past the 32 kept count as cross-host. */
  crossHostLocs(fileUrl: string): number {
    const own = splitUrl(fileUrl).host;
    let n = this.#otherHosts;
    for (const [host, count] of this.#hosts) if (host !== '' && !sameSite(host, own)) n += count;
    return n;
  }

  get uniformLastmod(): boolean {
    return this.dated > 0 && this.#uniformLastmod;
  }

  sharedValues(): SharedValues | null {
    if (this.urls === 0) return null;
    return { changefreq: this.#changefreq ?? null, priority: this.#priority ?? null, anyLastmod: this.dated > 0 };
  }
}
