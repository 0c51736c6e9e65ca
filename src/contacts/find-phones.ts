import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { contextAround } from './context-snippet.js';
import type { PhoneKind } from './types.js';

/** A number read from text, valid for its region, with what labelled it. */
export interface PhoneHit {
  e164: string;
  raw: string;
  kind: PhoneKind;
  lineType: string | null;
  context: string;
  /** The country the number belongs to (from its calling code and prefix), or null when shared (+800 …). */
  country: CountryCode | null;
}

// Words that introduce a phone or fax number, in the languages sitescout meets most. CJK labels are matched with an
// optional space between characters because pages space them out for layout (电 话).
const PHONE_LABEL = /(?:tel(?:efon|ephone|éfono|efono|efone|efoon|e?fonnummer)?|tél(?:éphone)?|phone|ph|fon|fone|mobil(?:e|telefon)?|mob|handy|cell(?:ular)?|natel|call(?: us)?|ruf(?:nummer)?|hotline|whats ?app|festnetz|zentrale|toll[- ]free|puh(?:elin)?|tlf|telf|tfno|tfn|móvil|movil|celular|cellulare|telemóvel|mobiel|gsm|portable|standard|nummer|numéro|número|numero|contact number|电\s?话|手\s?机|電\s?話|座\s?机|联系电话|携帯|電話番号)\.?/giu;
const FAX_LABEL = /(?:fax|telefax|facsimile|faks|télécopie|telecopia|传\s?真|傳\s?真)\.?/giu;
/** Labels of numbers that are not phones: bank, tax, register, licence and messenger ids. */
const OTHER_NUMBER_LABEL =
  /(?:iban|bic|swift|blz|konto|account|ust|vat|tax|steuer|st\.?-?nr|hrb|hra|register|reg|icp|qq|isbn|issn|order|invoice|licen[cs]e|nmls|kvk|siret|siren|abn|acn|ein|plz|zip|postcode)[\s.:\-–#]*$/iu;
/** How far before a number its label may stand (same line, or the line before when the number starts its line). */
const LABEL_WINDOW = 40;

/**
 * Phone numbers written in text. A number counts when libphonenumber finds it valid (full metadata) and it is
 * either written internationally (+49 …, 0049 …), or follows a phone or fax label, or is grouped with separators
 * (0871 23001, 850-487-9687) — which dates, postcodes, IBANs and ids are not. Numbers right after a bank, tax,
 * register or messenger label are dropped. Without a region only international numbers can be read.
 */
export function findPhonesInText(text: string, region: CountryCode | null): PhoneHit[] {
  const hits: PhoneHit[] = [];
  let previousEnd = 0;
  for (const found of findNumbers(maskCodes(text), region)) {
    const { startsAt, endsAt, number } = found;
    const raw = text.slice(startsAt, endsAt);
    const before = text.slice(Math.max(previousEnd, startsAt - LABEL_WINDOW), startsAt);
    previousEnd = endsAt;
    if (!number.isValid() || DATE.test(raw.trim())) continue;
    if (/\p{N}/u.test(text[startsAt - 1] ?? '') || /[\p{L}\p{N}]/u.test(text[endsAt] ?? '')) continue;
    const lastLine = before.slice(before.lastIndexOf('\n', before.length - 2) + 1);
    if (OTHER_NUMBER_LABEL.test(lastLine.trimEnd())) continue;
    const label = lastLabel(lastLine);
    const international = /^(?:\+|00)/.test(raw.replace(/^\(/, ''));
    if (!international && label === null && !isGrouped(raw)) continue;
    hits.push({ ...describe(number, raw, label ?? 'phone'), context: contextAround(text, startsAt, endsAt - startsAt) });
  }
  return hits;
}

/**
 * Runs of digits and separators a number could be written as. libphonenumber's finder slows down superlinearly on
 * long digit-and-space runs, so it only ever sees these runs, each at most ~50 characters: linear time on any page.
 */
const CANDIDATE_RUN = /(?:\+|\(\+?)?\d[\d \t()./\-\u2010-\u2015]{3,48}\d/g;

const MIN_DIGITS = 5;
const MAX_DIGITS = 18;
const MAX_WORDS_PER_RUN = 8;

/** Characters of text either side of a run the finder also sees: it judges a candidate by its neighbours too. */
const RUN_MARGIN = 8;

function* findNumbers(text: string, region: CountryCode | null): Generator<{ startsAt: number; endsAt: number; number: PhoneNumber }> {
  const options = region === null ? undefined : { defaultCountry: region };
  let lastEnd = -1;
  function* search(start: number, end: number): Generator<{ startsAt: number; endsAt: number; number: PhoneNumber }> {
    const from = Math.max(0, start - RUN_MARGIN);
    for (const found of findPhoneNumbersInText(text.slice(from, end + RUN_MARGIN), options)) {
      const startsAt = from + found.startsAt;
      if (startsAt < lastEnd) continue;
      lastEnd = from + found.endsAt;
      yield { startsAt, endsAt: lastEnd, number: found.number };
    }
  }
  for (const run of text.matchAll(CANDIDATE_RUN)) {
    // Without a region only a number written with + or 00 can be read.
    if (region === null && !/^\(?(?:\+|00)/.test(run[0])) continue;
    const digits = countDigits(run[0]);
    if (digits < MIN_DIGITS) continue;
    if (digits <= MAX_DIGITS) {
      yield* search(run.index, run.index + run[0].length);
      continue;
    }
    // More digits than any number has (15 in E.164, plus a trunk or 00 prefix): several numbers side by side
    // ("FL 32399-0376 850-487-9687"), searched as windows of whole words; a run of many short words is a table or a
    // code and is skipped.
    const words = [...run[0].matchAll(/\S+/g)];
    if (words.length > MAX_WORDS_PER_RUN) continue;
    for (let i = 0; i < words.length; i++) {
      let j = i;
      let sum = 0;
      while (j < words.length && sum + countDigits(words[j]![0]) <= MAX_DIGITS) sum += countDigits(words[j++]![0]);
      if (j === i) continue;
      const last = words[j - 1]!;
      yield* search(run.index + words[i]!.index, run.index + last.index + last[0].length);
    }
  }
}

const countDigits = (value: string): number => value.replace(/\D/g, '').length;

/** 29.11.2026, 2026-11-29, 11/29/26: dates, whatever a region's numbering plan would make of their digits. */
const DATE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;

/**
 * Masks the digits of codes that mix Latin letters and digits (VAT ids DE814324878, register numbers 35736B, model
 * names D2) so the finder neither reads them as numbers nor lets them swallow the number after them ("Handy D2
 * 0172/ 2876873"). One character for one, so offsets stay those of the text.
 */
function maskCodes(text: string): string {
  return text.replace(/[A-Za-z\u00c0-\u024f]\d+|\d+(?=[A-Za-z\u00c0-\u024f])/g, (code) => code.replace(/\d/g, 'x'));
}

/** Reads one number given on its own (a tel: link, a JSON-LD telephone, an hCard tel), or null when invalid. */
export function readPhoneValue(value: string, region: CountryCode | null, kind: PhoneKind = 'phone'): Omit<PhoneHit, 'context'> | null {
  let text = value.trim().replace(/^tel:\/*/i, '').replace(/^callto:\/*/i, '');
  try {
    text = decodeURIComponent(text);
  } catch {
    // Not an escape sequence: read the value as written.
  }
  text = text.replace(/[;?].*$/, '');
  const number = parsePhoneNumberFromString(text, region === null ? undefined : { defaultCountry: region });
  if (number === undefined || !number.isValid()) return null;
  return describe(number, value.trim(), kind);
}

function describe(number: PhoneNumber, raw: string, kind: PhoneKind): Omit<PhoneHit, 'context'> {
  return { e164: number.number, raw, kind, lineType: number.getType() ?? null, country: number.country ?? null };
}

/** The kind named by the label nearest before a number, or null when there is none. */
function lastLabel(before: string): PhoneKind | null {
  // Letterhead style, right before the number: "T +49 30 1234567  F +49 30 1234568", "M: 0171 …".
  const letter = /(?:^|[\s|,;/])([TFMP])\s?[.:]?\s*$/.exec(before);
  if (letter !== null) return letter[1] === 'F' ? 'fax' : 'phone';
  let best: { at: number; kind: PhoneKind } | null = null;
  for (const [pattern, kind] of [[PHONE_LABEL, 'phone'], [FAX_LABEL, 'fax']] as const) {
    pattern.lastIndex = 0;
    for (const match of before.matchAll(pattern)) {
      const at = match.index;
      // A label is a word of its own: "Phone", not the "ph" in "graph" or the "fon" in "Telefon" counted twice.
      const previous = before[at - 1];
      if (previous !== undefined && /[\p{L}]/u.test(previous) && !/[\u4e00-\u9fff]/u.test(previous)) continue;
      if (best === null || at >= best.at) best = { at, kind };
    }
  }
  return best?.kind ?? null;
}

/** Two or more digit groups joined by spaces, dots, slashes, hyphens or an area code in brackets. */
function isGrouped(raw: string): boolean {
  const groups = raw.split(/[\s./\-–()]+/).filter((g) => /\d/.test(g));
  return groups.length >= 2 && groups.every((g) => /^\d+$/.test(g));
}
