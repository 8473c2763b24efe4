/** The vocabulary corpus templates are written in: planted values with their kind, and negatives. */
import * as neg from './corpus-negatives.js';
import * as pii from './corpus-pii.js';
import { type Rng, randomBase64 } from './corpus-rng.js';
import * as sec from './corpus-secrets.js';

export type PlantedKind =
  | 'email'
  | 'phone'
  | 'card'
  | 'iban'
  | 'ssn'
  | 'national_id'
  | 'ip'
  | 'secret'
  | 'high_entropy';

/** A value planted in a snippet; only `value` is expected to be redacted. */
export interface Plant {
  kind: PlantedKind;
  value: string;
}

export type Part = string | Plant;

/** Interleaves literal text and planted values: tagged-template helper for templates. */
export const t = (strings: TemplateStringsArray, ...values: Part[]): Part[] => {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s !== '') parts.push(s);
    if (i < values.length) parts.push(values[i] as Part);
  });
  return parts;
};

const plant = (kind: PlantedKind, value: string): Plant => ({ kind, value });

export function createGen(rng: Rng) {
  return {
    rng,
    plant,
    name: () => `${cap(pii.firstName(rng))} ${cap(pii.lastName(rng))}`,
    first: () => cap(pii.firstName(rng)),
    email: () => plant('email', pii.email(rng)),
    /** An email inside a URL query string, `@` percent-encoded. */
    urlEmail: () => plant('email', pii.email(rng).replace('@', '%40').replace('+', '%2B')),
    phone: () => plant('phone', pii.phone(rng)),
    barePhone: () => plant('phone', pii.barePhone(rng)),
    card: () => plant('card', pii.card(rng)),
    iban: () => plant('iban', pii.iban(rng)),
    ssn: () => plant('ssn', pii.ssn(rng)),
    bareSsn: () => plant('ssn', pii.ssnParts(rng).join('')),
    nino: () => plant('national_id', pii.nino(rng)),
    dni: () => plant('national_id', rng.chance(0.7) ? pii.dni(rng) : pii.nie(rng)),
    bsn: () => plant('national_id', pii.bsn(rng)),
    aadhaar: () => plant('national_id', pii.aadhaar(rng)),
    ipv4: () => plant('ip', sec.ipv4(rng)),
    ipv6: () => plant('ip', sec.ipv6(rng)),
    ip: () => plant('ip', rng.chance(0.7) ? sec.ipv4(rng) : sec.ipv6(rng)),
    key: () => plant('secret', sec.prefixedKey(rng)),
    awsSecret: () => plant('secret', sec.awsSecret(rng)),
    jwt: () => plant('secret', sec.jwt(rng, pii.email(rng))),
    privateKey: (newline = '\n') => plant('secret', sec.privateKey(rng, newline)),
    bearer: () => plant('secret', rng.chance(0.3) ? sec.jwt(rng, pii.email(rng)) : sec.opaqueToken(rng)),
    password: () => plant('secret', sec.password(rng)),
    highEntropy: () => plant('high_entropy', sec.unprefixedSecret(rng)),
    neg: {
      date: () => rng.pick([neg.isoDate, neg.euDate, neg.isoDate])(rng),
      isoDate: () => neg.isoDate(rng),
      time: () => neg.time(rng),
      ts: () => neg.isoTimestamp(rng),
      unix: () => (rng.chance(0.5) ? neg.unixSeconds(rng) : neg.unixMillis(rng)),
      price: () => neg.price(rng),
      order: () => neg.orderNumber(rng),
      version: () => neg.version(rng),
      uuid: () => neg.uuid(rng),
      traceId: () => neg.traceId(rng),
      spanId: () => neg.spanId(rng),
      sha: () => (rng.chance(0.5) ? neg.gitSha(rng) : neg.shortSha(rng)),
      sha256: () => neg.sha256(rng),
      isbn: () => neg.isbn(rng),
      llmId: () => neg.llmId(rng),
      model: () => neg.model(rng),
      misc: () => neg.miscNumber(rng),
      invalid: () => neg.invalidLookalike(rng),
      token: () => neg.lookalikeToken(rng),
      image: () => `data:image/jpeg;base64,${randomBase64(rng, rng.int(2000, 6000))}`,
      int: (min: number, max: number) => String(rng.int(min, max)),
    },
  };
}

export type Gen = ReturnType<typeof createGen>;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
