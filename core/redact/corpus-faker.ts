/**
 * A held-out corpus for the name, address and phone detectors, generated with `@faker-js/faker`
 * in many locales: the detectors were written from postal and naming conventions, and tuned only
 * on the development split (`DEV_SPLIT`), so the other seeds and locales measure them on values
 * and spellings nobody looked at. Values are embedded in chat turns, tool-call arguments (JSON)
 * and retrieved documents; negative snippets hold capitalised words that are not names (products,
 * companies' wares, book titles, places), code, and numbers that are not phones.
 */
import { allFakers, type Faker } from '@faker-js/faker';
import type { PlantedSpan } from './corpus.js';

export const FAKER_LOCALES = ['en', 'en_GB', 'de', 'fr', 'es', 'it', 'nl', 'pt_BR', 'ru', 'ja'] as const;
export type FakerLocale = (typeof FAKER_LOCALES)[number];

/** Where the detectors were tuned: everything else is held out. */
export const DEV_SPLIT = { seeds: [1, 2, 3], locales: ['en', 'de'] as FakerLocale[] };
export const HELD_OUT_SEEDS = [11, 12, 13];

export interface FakerSnippet {
  id: string;
  locale: FakerLocale;
  category: 'chat' | 'tool' | 'document' | 'negative';
  text: string;
  /** Planted `name`, `address` and `phone` values (typed loosely: the corpus kinds are a superset). */
  planted: (Omit<PlantedSpan, 'kind'> & { kind: FakerKind })[];
}
export type FakerKind = 'name' | 'address' | 'phone';

type P = { kind: FakerKind; value: string };
type FPart = string | P;

/** Titles faker puts in front of a full name: kept as text, the rest is the planted name. */
const TITLE =
  /^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|M|Mme|Mlle|Sr|Sra|Srta|Dhr|Mevr|Sig|Sig\.ra|Dott|Dott\.ssa|Pan|Pani|Ing)\.? )+/;

function values(f: Faker, locale: FakerLocale) {
  const name = (): FPart[] => {
    const full = f.person.fullName();
    const title = TITLE.exec(full)?.[0];
    return title ? [title, { kind: 'name', value: full.slice(title.length) }] : [{ kind: 'name', value: full }];
  };
  const first = (): P => ({ kind: 'name', value: f.person.firstName() });
  const street = (): P => ({ kind: 'address', value: f.location.streetAddress(f.datatype.boolean()) });
  const fullAddress = (): P => {
    const s = f.location.streetAddress(f.datatype.boolean());
    const zip = f.location.zipCode();
    const city = f.location.city();
    const value =
      locale === 'en'
        ? `${s}, ${city}, ${f.location.state({ abbreviated: true })} ${zip}`
        : locale === 'en_GB'
          ? `${s}, ${city} ${zip}`
          : locale === 'ja'
            ? `〒${zip} ${city}${s}`
            : `${s}, ${zip} ${city}`;
    return { kind: 'address', value };
  };
  const phone = (): P => {
    const style = f.helpers.arrayElement(['national', 'international', 'human', 'national'] as const);
    // Extensions (`x123`) stay outside the planted value: they are not a phone number by themselves.
    return { kind: 'phone', value: f.phone.number({ style }).replace(/ x\d+$/, '') };
  };
  return { name, first, street, fullAddress, phone };
}

const json = (p: P): P => ({ kind: p.kind, value: JSON.stringify(p.value).slice(1, -1) });

type Template = (v: ReturnType<typeof values>, f: Faker) => FPart[];

const CHAT: Template[] = [
  (v) => ['Hi, my name is ', ...v.name(), ' and I want to change the delivery address to ', v.street(), '.'],
  (v) => ['Can you update my phone number? The new one is ', v.phone(), '. Thanks!'],
  (v) => ['Order for ', ...v.name(), ' was shipped to ', v.fullAddress(), ' yesterday.'],
  (v) => [...v.name(), ' asked whether the refund went through; reach them at ', v.phone(), '.'],
  (v) => ['Sure ', v.first(), ', I have noted ', v.fullAddress(), ' as your billing address.'],
  (v) => ['Please forward this to ', ...v.name(), ' before the meeting on Monday.'],
  (v) => ['I spoke with ', ...v.name(), ' and ', ...v.name(), '; both confirmed the booking.'],
  (v) => ['The courier could not find ', v.street(), ', please call me on ', v.phone()],
  (v, f) => [`Thanks for your help with order ${f.string.numeric(6)}! Best, `, ...v.name()],
  (v) => ['Ship it to ', v.fullAddress(), ' please, and text ', v.phone(), ' when it leaves.'],
];

const TOOL: Template[] = [
  (v) => [
    '{"name":"create_shipment","arguments":{"recipient":"',
    ...v.name().map((p) => (typeof p === 'string' ? p : json(p))),
    '","address":"',
    json(v.fullAddress()),
    '","phone":"',
    json(v.phone()),
    '"}}',
  ],
  (v, f) => [
    `{"tool":"crm.lookup","input":{"customer_id":"${f.string.uuid()}","full_name":"`,
    ...v.name().map((p) => (typeof p === 'string' ? p : json(p))),
    '"}}',
  ],
  (v) => [
    '{"function":"update_contact","args":{"phone_number":"',
    json(v.phone()),
    '","street":"',
    json(v.street()),
    '"}}',
  ],
  (v, f) => [
    `{"query":"orders for `,
    ...v.name().map((p) => (typeof p === 'string' ? p : json(p))),
    `","limit":${f.number.int({ min: 5, max: 50 })},"since":"${f.date.recent().toISOString()}"}`,
  ],
];

const DOCUMENT: Template[] = [
  (v, f) => [
    `INVOICE ${f.string.numeric(8)}\nBill to:\n`,
    ...v.name(),
    '\n',
    v.fullAddress(),
    `\nTotal: ${f.commerce.price()} EUR\nPhone: `,
    v.phone(),
    '\n',
  ],
  (v, f) => [
    'Dear ',
    ...v.name(),
    `,\n\n${f.lorem.sentence()} Your parcel is on its way.\n\nKind regards,\n`,
    ...v.name(),
  ],
  (v, f) => [
    `Customer record (retrieved ${f.date.past().toISOString().slice(0, 10)}):\nName: `,
    ...v.name(),
    '\nAddress: ',
    v.fullAddress(),
    '\nTel: ',
    v.phone(),
  ],
  (v, f) => [
    `Meeting notes. ${f.company.catchPhrase()}. Attendees: `,
    ...v.name(),
    ', ',
    ...v.name(),
    `. Next steps: ${f.hacker.phrase()}`,
  ],
];

/** Text without personal data: every detection in it is a false positive. */
const NEGATIVE: ((f: Faker) => string)[] = [
  (f) =>
    `We compared the ${f.commerce.productName()} with the ${f.commerce.productName()}; the second one ships in ${f.number.int({ min: 2, max: 9 })} days.`,
  (f) =>
    `Flights from ${f.location.city()} to ${f.location.city()} in ${f.location.country()} start at ${f.commerce.price()} EUR.`,
  (f) =>
    `The book "${f.book.title()}" by the ${f.music.genre()} collective is on page ${f.number.int({ min: 10, max: 900 })}.`,
  (f) =>
    `Release ${f.system.semver()} of ${f.hacker.noun()} ${f.hacker.abbreviation()} fixes ${f.number.int({ min: 2, max: 40 })} bugs; build ${f.git.commitSha({ length: 7 })}.`,
  (f) =>
    `function ${f.hacker.verb()}${f.hacker.noun().replace(/\W/g, '')}(input) {\n  return input.map((x) => x * ${f.number.int(99)});\n}`,
  (f) =>
    `Order ${f.string.numeric(10)} of ${f.date.recent().toISOString()} totals ${f.finance.amount()} (IBAN check skipped, ref ${f.string.numeric(12)}).`,
  (f) => `${f.company.catchPhrase()}. ${f.commerce.productDescription()}`,
  (f) =>
    `The ${f.vehicle.vehicle()} and the ${f.vehicle.vehicle()} were parked in ${f.location.state()} near ${f.location.country()}.`,
  (f) =>
    `Account ${f.finance.accountNumber()} moved ${f.finance.amount()} on ${f.date.past().toISOString().slice(0, 10)} at ${f.number.int({ min: 10, max: 23 })}:${f.number.int({ min: 10, max: 59 })}.`,
  (f) =>
    `${f.science.chemicalElement().name} and ${f.science.chemicalElement().name} react at ${f.number.int({ min: 100, max: 999 })} K; see ${f.internet.url()}.`,
  (f) =>
    `Song "${f.music.songName()}" (${f.number.int({ min: 1960, max: 2024 })}) was covered in ${f.location.city()}, ${f.location.country()}.`,
  (f) =>
    `Version ${f.system.semver()} • ${f.number.int({ min: 1_000_000, max: 999_999_999 }).toLocaleString('fr-FR').replace(/\s/g, ' ')} downloads • ${f.number.int({ min: 1, max: 99 })}% faster`,
];

function assembleParts(parts: FPart[]): { text: string; planted: FakerSnippet['planted'] } {
  let text = '';
  const planted: FakerSnippet['planted'] = [];
  for (const part of parts as (string | P)[]) {
    if (typeof part === 'string') text += part;
    else {
      planted.push({ kind: part.kind, start: text.length, end: text.length + part.value.length, value: part.value });
      text += part.value;
    }
  }
  return { text, planted };
}

/** `size` snippets of one locale and seed: chat, tool-call, document and negative in turn. */
export function generateFakerCorpus(locale: FakerLocale, seed: number, size = 60): FakerSnippet[] {
  const f = allFakers[locale];
  f.seed(seed);
  const v = values(f, locale);
  const out: FakerSnippet[] = [];
  const categories = ['chat', 'tool', 'document', 'negative'] as const;
  for (let i = 0; i < size; i++) {
    const category = categories[i % categories.length]!;
    const { text, planted } =
      category === 'negative'
        ? { text: f.helpers.arrayElement(NEGATIVE)(f), planted: [] }
        : assembleParts(f.helpers.arrayElement({ chat: CHAT, tool: TOOL, document: DOCUMENT }[category])(v, f));
    out.push({ id: `${locale}-${seed}-${i}`, locale, category, text, planted });
  }
  return out;
}
