import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Config } from '../../config.ts';
import { ApiError } from '../../lib/api-error.ts';

/**
 * Where webhooks may be sent. In production an endpoint must be https and must
 * not reach loopback, private, link-local or metadata addresses (SSRF: a
 * customer must not make the platform call its own network). The address is
 * checked at registration and again by the lookup of every delivery, so a DNS
 * name that later resolves inward (rebinding) is refused when it matters.
 */
export interface UrlPolicy { requireHttps: boolean; allowPrivate: boolean }

export function urlPolicyFor(config: Pick<Config, 'environment' | 'webhookAllowPrivate'>): UrlPolicy {
  // The sandbox is for local development: http://localhost receivers must work.
  if (config.environment === 'sandbox') return { requireHttps: false, allowPrivate: true };
  return { requireHttps: true, allowPrivate: config.webhookAllowPrivate };
}

const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) forbidden.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) forbidden.addSubnet(network, prefix, 'ipv6');

/** Whether an address is one webhooks must not reach without CARDEPASS_WEBHOOK_ALLOW_PRIVATE. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address they embed.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (embedded) return forbidden.check(embedded, 'ipv4');
  const mappedHex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const n = (parseInt(mappedHex[1]!, 16) << 16 >>> 0) + parseInt(mappedHex[2]!, 16);
    return forbidden.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
  }
  return forbidden.check(lower, 'ipv6');
}

const refused = (en: string, zh: string) => new ApiError('WEBHOOK_URL_REFUSED', { field: 'url', reason: { en, zh } });

/** The URL's form: absolute http(s), no credentials, https in production. Returns the parsed URL. */
export function checkUrlForm(text: string, policy: UrlPolicy): URL {
  let url: URL;
  try { url = new URL(text); } catch { throw refused('it is not an absolute URL', '不是绝对 URL'); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused('only http and https URLs are allowed', '仅允许 http 和 https URL');
  if (policy.requireHttps && url.protocol !== 'https:') throw refused('production endpoints must use https', '生产环境的端点必须使用 https');
  if (url.username || url.password) throw refused('credentials in the URL are not allowed', 'URL 中不允许包含凭据');
  if (url.hash) throw refused('a fragment (#…) is not sent to the receiver', 'URL 片段（#…）不会发送给接收方');
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Registration: the URL's form, and (unless private targets are allowed) every address its host resolves to. */
export async function checkUrl(text: string, policy: UrlPolicy, resolve: typeof dnsLookup = dnsLookup): Promise<URL> {
  const url = checkUrlForm(text, policy);
  if (policy.allowPrivate) return url;
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : await new Promise<string[]>((done, fail) => {
    resolve(host, { all: true }, (error, found) => (error ? fail(error) : done(found.map((a) => a.address))));
  }).catch(() => { throw refused(`its host ${host} does not resolve`, `主机 ${host} 无法解析`); });
  if (addresses.length === 0 || addresses.some(isForbiddenAddress)) {
    throw refused('it resolves to a loopback, private, link-local or metadata address', '解析到回环、私有、链路本地或元数据地址');
  }
  return url;
}

/**
 * The lookup every delivery connects through: the address actually connected
 * to is the one checked, so no DNS answer can slip in between check and use.
 */
export function guardedLookup(policy: UrlPolicy): LookupFunction | undefined {
  if (policy.allowPrivate) return undefined;
  return ((hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => !isForbiddenAddress(a.address));
      if (allowed.length === 0) {
        const refusal = Object.assign(new Error(`${hostname} resolves to a forbidden address`), { code: 'EADDRFORBIDDEN' });
        return callback(refusal, '', 0);
      }
      if ((options as { all?: boolean }).all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  }) as LookupFunction;
}

/** A delivery to an IP literal is not looked up: check it directly. */
export function isForbiddenLiteral(url: URL, policy: UrlPolicy): boolean {
  const host = hostOf(url);
  return !policy.allowPrivate && isIP(host) !== 0 && isForbiddenAddress(host);
}
