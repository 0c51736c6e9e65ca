import type { SocialPlatform } from './types.js';

/** A profile link in canonical form. */
export interface SocialProfile {
  platform: SocialPlatform;
  url: string;
}

interface PlatformRule {
  platform: SocialPlatform;
  /** Host names (lower-case, `www.` removed) the platform serves profiles from. */
  hosts: RegExp;
  /** The canonical origin profiles are rewritten to. */
  origin: string;
  /** The profile path from the link's path segments (already percent-decoded), or null when the link is not a profile. */
  profile: (segments: string[], search: URLSearchParams) => string | null;
}

const HANDLE = /^[\w.-]{1,100}$/;
const SCHEMELESS_HOST = /^(?:www\.|m\.)?(?:linkedin|twitter|x|facebook|instagram|youtube|tiktok|github|pinterest|xing|flickr)\.com\//i;

/** First-segment paths that are the platform's own pages, tools, share dialogs or content, never an account. */
const RESERVED: Readonly<Record<string, ReadonlySet<string>>> = {
  x: new Set(['home', 'share', 'intent', 'i', 'search', 'hashtag', 'login', 'signup', 'explore', 'settings', 'privacy', 'tos', 'notifications', 'messages', 'compose', 'widgets', 'about', 'download', 'account', 'following', 'followers', 'lists', 'jobs', 'en', 'rules', 'logout']),
  facebook: new Set(['sharer', 'sharer.php', 'share', 'share.php', 'dialog', 'plugins', 'policy.php', 'policies', 'privacy', 'help', 'login', 'login.php', 'legal', 'about', 'tr', 'events', 'watch', 'photo.php', 'photo', 'photos', 'permalink.php', 'story.php', 'hashtag', 'l.php', 'ads', 'business', 'terms', 'terms.php', 'settings', 'home.php', 'marketplace', 'gaming', 'search', 'recover', 'r.php', 'reg', 'signup', 'v2.0', 'fbml', '2008', 'docs', 'notes', 'video.php', 'media', 'messages', 'pg', 'full_data_use_policy', 'cookies', 'campaign', 'careers', 'mobile']),
  instagram: new Set(['p', 'reel', 'reels', 'explore', 'accounts', 'about', 'legal', 'stories', 'tv', 'direct', 'developer', 'web', 'embed.js', 'static', 'privacy', 'terms', 'oauth', 'challenge', 'emails', 'press', 'api']),
  github: new Set(['about', 'features', 'pricing', 'login', 'join', 'marketplace', 'sponsors', 'topics', 'site', 'contact', 'security', 'enterprise', 'apps', 'settings', 'explore', 'collections', 'trending', 'notifications', 'new', 'search', 'pulls', 'issues', 'codespaces', 'customer-stories', 'readme', 'team', 'logout', 'signup', 'blog', 'home', 'git-guides', 'mobile']),
  pinterest: new Set(['pin', 'search', '_', 'ideas', 'about', 'explore', 'create', 'business', 'today', 'login', 'settings', 'privacy', 'terms', 'categories', 'topics', 'oauth', 'secure', 'resource']),
  telegram: new Set(['share', 'addstickers', 'addtheme', 'setlanguage', 'iv', 'proxy', 'socks', 'login', 'confirmphone', 'k', 'z', 'a']),
  tiktok: new Set([]),
};

const single = (platform: string, lower: boolean) => (segments: string[]): string | null => {
  const first = segments[0];
  if (segments.length === 0 || first === undefined || !HANDLE.test(first.replace(/^@/, '')) || RESERVED[platform]?.has(first.toLowerCase())) return null;
  return `/${lower ? first.toLowerCase() : first}`;
};

const RULES: readonly PlatformRule[] = [
  {
    platform: 'linkedin',
    hosts: /^(?:[a-z]{2,3}\.)?linkedin\.com$/,
    origin: 'https://www.linkedin.com',
    profile: (s) => {
      const [kind, slug] = s;
      if (slug === undefined || !HANDLE.test(slug)) return null;
      if (kind === 'company' || kind === 'in' || kind === 'school' || kind === 'showcase') return `/${kind}/${slug.toLowerCase()}`;
      // Old public profile URLs carry the member's id in the segments after the name.
      if (kind === 'pub') return `/pub/${s.slice(1).map((x) => x.toLowerCase()).join('/')}`;
      return null;
    },
  },
  {
    platform: 'x',
    hosts: /^(?:mobile\.)?(?:twitter|x)\.com$/,
    origin: 'https://x.com',
    profile: (s) => {
      const first = s[0];
      if (first === undefined || !/^@?\w{1,15}$/.test(first) || RESERVED.x!.has(first.toLowerCase())) return null;
      if (s[1] === 'status' || s[1] === 'lists') return `/${first.replace(/^@/, '').toLowerCase()}`;
      return `/${first.replace(/^@/, '').toLowerCase()}`;
    },
  },
  {
    platform: 'facebook',
    // www, m, mobile, web and locale hosts (de-de.facebook.com) serve pages; developers., business. and the like do not.
    hosts: /^(?:m\.|mobile\.|web\.|touch\.|[a-z]{2}-[a-z]{2}\.)?(?:facebook\.com|fb\.com)$/,
    origin: 'https://www.facebook.com',
    profile: (s, search) => {
      const first = s[0]?.toLowerCase();
      if (first === undefined) return null;
      if (first === 'profile.php') {
        const id = search.get('id');
        return id !== null && /^\d+$/.test(id) ? `/profile.php?id=${id}` : null;
      }
      if (first === 'pages' && s.length >= 2) return `/pages/${s.slice(1, 3).join('/').toLowerCase()}`;
      if ((first === 'groups' || first === 'people') && s[1] !== undefined) return `/${first}/${s.slice(1, first === 'people' ? 3 : 2).join('/').toLowerCase()}`;
      if (RESERVED.facebook!.has(first) || !HANDLE.test(first) || first.endsWith('.php')) return null;
      return `/${first}`;
    },
  },
  { platform: 'instagram', hosts: /^(?:m\.)?instagram\.com$|^instagr\.am$/, origin: 'https://www.instagram.com', profile: single('instagram', true) },
  {
    platform: 'youtube',
    hosts: /^(?:m\.)?youtube\.com$/,
    origin: 'https://www.youtube.com',
    profile: (s) => {
      const [first, second] = s;
      if (first === undefined) return null;
      if (first.startsWith('@') && HANDLE.test(first.slice(1))) return `/${first.toLowerCase()}`;
      if ((first === 'channel' || first === 'c' || first === 'user') && second !== undefined && HANDLE.test(second)) return `/${first}/${second}`;
      return null;
    },
  },
  {
    platform: 'tiktok',
    hosts: /^(?:m\.)?tiktok\.com$/,
    origin: 'https://www.tiktok.com',
    profile: (s) => (s[0]?.startsWith('@') && HANDLE.test(s[0].slice(1)) ? `/${s[0].toLowerCase()}` : null),
  },
  { platform: 'github', hosts: /^github\.com$/, origin: 'https://github.com', profile: (s) => (s.length === 1 ? single('github', true)(s) : null) },
  { platform: 'pinterest', hosts: /^(?:[a-z]{2}\.)?pinterest\.(?:com|[a-z]{2}|co\.uk|com\.au|com\.mx)$/, origin: 'https://www.pinterest.com', profile: single('pinterest', true) },
  {
    platform: 'xing',
    hosts: /^xing\.com$/,
    origin: 'https://www.xing.com',
    profile: (s) => {
      const [kind, slug] = s;
      if (slug === undefined || !HANDLE.test(slug)) return null;
      if (kind === 'profile' || kind === 'companies' || kind === 'pages') return `/${kind}/${slug}`;
      return null;
    },
  },
  {
    platform: 'telegram',
    hosts: /^(?:t|telegram)\.me$/,
    origin: 'https://t.me',
    profile: (s) => {
      const path = s[0] === 's' ? s.slice(1) : s;
      return single('telegram', true)(path);
    },
  },
  {
    platform: 'flickr',
    hosts: /^flickr\.com$/,
    origin: 'https://www.flickr.com',
    profile: (s) => ((s[0] === 'photos' || s[0] === 'people') && s[1] !== undefined && /^[\w@.-]+$/.test(s[1]) ? `/${s[0]}/${s[1]}` : null),
  },
  {
    platform: 'google-plus',
    hosts: /^plus\.google\.com$/,
    origin: 'https://plus.google.com',
    profile: (s) => {
      const path = s[0] === 'u' && s[2] !== undefined ? s.slice(2) : s;
      const first = path[0];
      return first !== undefined && /^(?:\+[\w.-]+|\d{10,30})$/.test(first) ? `/${first}` : null;
    },
  },
];

/**
 * The canonical profile URL behind a link, or null when it is not a profile: share and intent links, widgets and
 * embeds, the platform's own pages (policies, help, login), videos and posts.
 *
 * @example
 *   normalizeSocialUrl('http://de-de.facebook.com/Acme/?ref=bookmarks') //=> { platform: 'facebook', url: 'https://www.facebook.com/acme' }
 *   normalizeSocialUrl('https://twitter.com/intent/tweet?text=hi') //=> null
 */
export function normalizeSocialUrl(href: string, base?: string): SocialProfile | null {
  let url: URL;
  // Protocol-relative links (//www.facebook.com/acme) and scheme-less ones (www.facebook.com/acme, written by hand)
  // name the platform's host, not a path on the page's own site.
  const trimmed = href.trim();
  const absolute = trimmed.startsWith('//') ? `https:${trimmed}` : SCHEMELESS_HOST.test(trimmed) ? `https://${trimmed}` : trimmed;
  try {
    url = new URL(absolute, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\d?\./, '').replace(/\.$/, '');
  const rule = RULES.find((r) => r.hosts.test(host));
  if (rule === undefined) return null;
  const segments: string[] = [];
  for (const raw of url.pathname.split('/')) {
    if (raw.length === 0) continue;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  const path = rule.profile(segments, url.searchParams);
  return path === null ? null : { platform: rule.platform, url: `${rule.origin}${path}` };
}
