import { describe, expect, it } from 'vitest';
import { classifyEmail, isFreeMail, isGmail, rejectEmail } from '../../src/contacts/index.js';

const SITE = 'https://www.acme.co.uk/contact';

describe('classifyEmail', () => {
  it('marks role mailboxes SERVICE, in English and other European languages, also with a suffix (info.berlin@)', () => {
    const locals = ['info', 'sales', 'support', 'hello', 'office', 'contact', 'kontakt', 'admin', 'mail', 'team', 'service', 'enquiries', 'booking', 'press', 'jobs', 'billing', 'info.berlin', 'vertrieb', 'contatti', 'ventas', 'verkoop', 'biuro', 'hallo', 'wholesale'];
    expect(locals.map((l) => classifyEmail(`${l}@acme.co.uk`, SITE))).toEqual(locals.map(() => 'SERVICE'));
  });

  it('marks a person-like address on the site\'s own registrable domain CORPORATE, subdomains included', () => {
    expect([classifyEmail('anna.berg@acme.co.uk', SITE), classifyEmail('anna.berg@mail.acme.co.uk', SITE), classifyEmail('anna.berg@other.co.uk', SITE)]).toEqual(['CORPORATE', 'CORPORATE', 'UNKNOWN']);
  });

  it('marks free mailbox providers FREE (gmail, yahoo.*, gmx.*, web.de, outlook, icloud, proton …)', () => {
    const domains = ['gmail.com', 'googlemail.com', 'yahoo.co.uk', 'yahoo.fr', 'outlook.com', 'hotmail.de', 'icloud.com', 'aol.com', 'gmx.de', 'gmx.net', 'web.de', 't-online.de', 'proton.me', 'mail.ru', 'yandex.ru', 'qq.com', 'orange.fr', 'libero.it'];
    expect(domains.map((d) => classifyEmail(`anna.berg@${d}`, SITE))).toEqual(domains.map(() => 'FREE'));
    expect([isFreeMail('x@gmx.at'), isFreeMail('x@acme.de'), isGmail('x@googlemail.com'), isGmail('x@gmx.de')]).toEqual([true, false, true, false]);
  });

  it('gives UNKNOWN for a person at another domain, and never CORPORATE for a file: URL', () => {
    expect([classifyEmail('anna@partner.de', SITE), classifyEmail('anna@acme.de', 'file:///tmp/acme.de.html')]).toEqual(['UNKNOWN', 'UNKNOWN']);
  });
});

describe('rejectEmail', () => {
  it('names why a decoy is not a contact', () => {
    expect(
      ['logo@2x.png', 'a@b.mp4', 'you@example.com', 'name@domain.com', 'email@email.com', 'user@acme.de', 'john.doe@acme.de', 'test@test.de', 'a@sentry.io', 'x@o1.ingest.sentry.io', '0123456789abcdef0123456789abcdef@acme.de', 'x@sentry-next.wixpress.com', 'a@acme.invalidtld', 'a..b@acme.de', 'noreply@acme.de', 'info@acme.de'].map(rejectEmail),
    ).toEqual(['file-name', 'file-name', 'placeholder', 'placeholder', 'placeholder', 'placeholder', 'placeholder', 'placeholder', 'tracking', 'tracking', 'tracking', 'tracking', 'unknown-tld', 'syntax', 'no-reply', null]);
  });
});
