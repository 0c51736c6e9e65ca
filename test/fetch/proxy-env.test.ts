import { describe, expect, it } from 'vitest';
import { proxyFor, readProxyEnv } from '../../src/fetch/proxy-env.js';

const at = (href: string, env: Record<string, string>): string | null => proxyFor(new URL(href), readProxyEnv(env));

describe('proxy environment', () => {
  it('uses no proxy when none is configured', () => {
    expect(at('http://a.example/', {})).toBeNull();
  });

  it('picks HTTP_PROXY for http and HTTPS_PROXY for https, falling back to HTTP_PROXY', () => {
    const both = { HTTP_PROXY: 'http://p1:3128', HTTPS_PROXY: 'http://p2:3128' };
    expect([at('http://a.example/', both), at('https://a.example/', both), at('https://a.example/', { HTTP_PROXY: 'http://p1:3128' })]).toEqual([
      'http://p1:3128/',
      'http://p2:3128/',
      'http://p1:3128/',
    ]);
  });

  it('lets lower-case variables win over upper-case ones', () => {
    expect(at('http://a.example/', { HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:1' })).toBe('http://lower:1/');
  });

  it('bypasses the proxy for NO_PROXY names, their subdomains, ports and *', () => {
    const env = { HTTP_PROXY: 'http://p:3128', NO_PROXY: 'internal.example, .corp.example,127.0.0.1:8080 [::1]' };
    expect([
      at('http://internal.example/', env),
      at('http://www.internal.example/', env),
      at('http://notinternal.example/', env),
      at('http://a.corp.example/', env),
      at('http://127.0.0.1:8080/', env),
      at('http://127.0.0.1:9090/', env),
      at('http://[::1]:8000/', env),
      at('http://a.example/', { ...env, NO_PROXY: '*' }),
    ]).toEqual([null, null, 'http://p:3128/', null, null, 'http://p:3128/', null, null]);
  });

  it('rejects a proxy URL it cannot use at start-up', () => {
    expect(() => readProxyEnv({ HTTPS_PROXY: 'socks5://p:1080' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_CONFIG_INVALID', message: 'HTTPS_PROXY is not an http(s) proxy URL: "socks5://p:1080"' }),
    );
  });
});
