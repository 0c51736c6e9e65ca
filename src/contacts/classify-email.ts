import { getDomain } from 'tldts';
import type { EmailType } from './types.js';

/** Role mailboxes in English and the major European languages; a local part's first token is matched against them. */
const ROLE_LOCALS = new Set([
  // English
  'info', 'information', 'sales', 'support', 'help', 'helpdesk', 'hello', 'hi', 'office', 'contact', 'contactus', 'admin', 'administrator',
  'mail', 'email', 'team', 'service', 'services', 'customerservice', 'customercare', 'care', 'enquiries', 'enquiry', 'inquiries', 'inquiry',
  'booking', 'bookings', 'reservations', 'reservation', 'press', 'media', 'pr', 'news', 'newsletter', 'marketing', 'jobs', 'careers',
  'career', 'recruiting', 'recruitment', 'hr', 'billing', 'accounts', 'accounting', 'finance', 'invoice', 'invoices', 'orders', 'order',
  'shop', 'store', 'webmaster', 'web', 'postmaster', 'hostmaster', 'abuse', 'privacy', 'legal', 'compliance', 'security', 'dpo',
  'gdpr', 'partners', 'partner', 'partnerships', 'events', 'general', 'reception', 'frontdesk', 'studio', 'feedback', 'complaints',
  'registration', 'volunteer', 'volunteers', 'membership', 'members', 'operations', 'ops', 'it', 'tech', 'technical', 'hq', 'mailbox',
  'enquire', 'welcome', 'desk', 'management', 'board', 'secretary', 'refunds', 'returns', 'export', 'purchasing', 'procurement',
  'wholesale', 'trade', 'b2b', 'dealers', 'distribution', 'wholesaler',
  // German
  'kontakt', 'anfrage', 'anfragen', 'buero', 'büro', 'verwaltung', 'vertrieb', 'verkauf', 'bestellung', 'bestellungen', 'kundenservice',
  'kundendienst', 'rechnung', 'rechnungen', 'buchhaltung', 'personal', 'bewerbung', 'bewerbungen', 'karriere', 'presse', 'post',
  'poststelle', 'zentrale', 'sekretariat', 'empfang', 'praxis', 'kanzlei', 'redaktion', 'termine', 'termin', 'hallo', 'moin',
  'servus', 'grosshandel', 'händler', 'haendler',
  // French
  'contacto', 'bonjour', 'accueil', 'commercial', 'ventes', 'vente', 'facturation', 'comptabilite', 'recrutement', 'emploi', 'direction',
  'secretariat', 'courrier', 'presse', 'sav', 'boutique', 'reservations',
  // Spanish, Portuguese, Italian
  'informacion', 'ventas', 'soporte', 'ayuda', 'hola', 'oficina', 'administracion', 'reservas', 'empleo', 'prensa', 'facturacion',
  'contato', 'atendimento', 'vendas', 'comercial', 'suporte', 'informacoes', 'contatti', 'info', 'vendite', 'amministrazione',
  'segreteria', 'prenotazioni', 'assistenza', 'ordini', 'ufficio', 'stampa', 'lavoro',
  // Dutch, Scandinavian, Finnish, Polish, Czech
  'verkoop', 'klantenservice', 'administratie', 'boekingen', 'vacatures', 'kantoor', 'post', 'kundeservice', 'kundservice', 'salg',
  'forsaljning', 'kontor', 'myynti', 'asiakaspalvelu', 'toimisto', 'biuro', 'sprzedaz', 'kontakt', 'obchod', 'podpora', 'kancelar',
]);

/** Free mailbox providers: exact domains, and families whose country variants are many (yahoo.*, gmx.*). */
const FREE_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com',
  'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'posteo.de', 'mailbox.org', 'proton.me', 'protonmail.com', 'protonmail.ch',
  'pm.me', 'mail.ru', 'inbox.ru', 'bk.ru', 'list.ru', 'zoho.com', 'zohomail.com', 'qq.com', '163.com', '126.com', 'sina.com',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'tin.it',
  'seznam.cz', 'centrum.cz', 'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'bluewin.ch', 'telenet.be', 'skynet.be', 'ziggo.nl',
  'kpnmail.nl', 'planet.nl', 'home.nl', 'btinternet.com', 'sky.com', 'comcast.net', 'verizon.net', 'att.net', 'earthlink.net',
  'fastmail.com', 'tutanota.com', 'tuta.io', 'hey.com', 'mail.com', 'email.com', 'naver.com', 'daum.net', 'rediffmail.com', 'terra.com.br',
  'uol.com.br', 'bol.com.br', 'telia.com', 'online.no', 'suomi24.fi', 'aim.com', 'rocketmail.com', 'ymail.com',
]);
const FREE_FAMILIES = /^(?:yahoo|hotmail|outlook|live|gmx|yandex|aol|windowslive)\.[a-z.]+$/;

const localTokens = (local: string): string[] => local.split(/[._+-]/).filter(Boolean);

/**
 * Classifies an address relative to the page's site. A role local part wins over the provider: `info@gmail.com` is a
 * SERVICE address that happens to be hosted for free (see `isFreeMail`).
 *
 * @example
 *   classifyEmail('info@acme.de', 'https://www.acme.de/kontakt') //=> 'SERVICE'
 *   classifyEmail('anna.berg@acme.de', 'https://www.acme.de/') //=> 'CORPORATE'
 *   classifyEmail('anna.berg@gmail.com', 'https://www.acme.de/') //=> 'FREE'
 */
export function classifyEmail(address: string, pageUrl: string): EmailType {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const first = localTokens(local)[0] ?? local;
  if (ROLE_LOCALS.has(local) || ROLE_LOCALS.has(first)) return 'SERVICE';
  if (isFreeMail(address)) return 'FREE';
  const site = siteDomain(pageUrl);
  if (site !== null && getDomain(domain) === site) return 'CORPORATE';
  return 'UNKNOWN';
}

/** True for a free mailbox provider's address (gmail, gmx.*, yahoo.*, web.de …). */
export function isFreeMail(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return FREE_DOMAINS.has(domain) || FREE_FAMILIES.test(domain);
}

/** True for Gmail and its googlemail.com alias. */
export function isGmail(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return domain === 'gmail.com' || domain === 'googlemail.com';
}

function siteDomain(pageUrl: string): string | null {
  if (!/^https?:/i.test(pageUrl)) return null;
  return getDomain(pageUrl);
}
