/**
 * Hard negatives for the test corpus: strings that look like personal data or secrets to a naive
 * detector but are not (dates, prices, versions, ids, hashes, checksum-invalid numbers ...).
 */
import { ibanCompact, invalidSsn, luhnInvalidCard } from './corpus-pii.js';
import { BASE62, HEX, type Rng, randomBase64 } from './corpus-rng.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const isoDate = (rng: Rng) => `${rng.int(2019, 2026)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
export const euDate = (rng: Rng) => {
  const sep = rng.pick(['.', '/', '-']);
  return `${pad(rng.int(1, 28))}${sep}${pad(rng.int(1, 12))}${sep}${rng.int(2019, 2026)}`;
};
export const time = (rng: Rng) => `${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`;
export const isoTimestamp = (rng: Rng) => `${isoDate(rng)}T${time(rng)}.${rng.digits(3)}Z`;
export const unixSeconds = (rng: Rng) => String(rng.int(1_600_000_000, 1_790_000_000));
export const unixMillis = (rng: Rng) => `${unixSeconds(rng)}${rng.digits(3)}`;
export const uuid = (rng: Rng) =>
  `${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-4${rng.chars(HEX, 3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.chars(HEX, 3)}-${rng.chars(HEX, 12)}`;
export const traceId = (rng: Rng) => rng.chars(HEX, 32);
export const spanId = (rng: Rng) => rng.chars(HEX, 16);
export const gitSha = (rng: Rng) => rng.chars(HEX, 40);
export const shortSha = (rng: Rng) => rng.chars(HEX, 7);
export const sha256 = (rng: Rng) => rng.chars(HEX, 64);

export function price(rng: Rng): string {
  const major = rng.int(1, 25000);
  const cents = pad(rng.int(0, 99));
  return rng.pick([
    `$${major.toLocaleString('en-US')}.${cents}`,
    `€${major},${cents}`,
    `${major.toLocaleString('de-DE')},${cents} €`,
    `USD ${major.toLocaleString('en-US')}`,
    `£${major}.${cents}`,
    `¥${(major * 100).toLocaleString('en-US')}`,
  ]);
}

export function orderNumber(rng: Rng): string {
  return rng.pick([
    () => `#${rng.int(100000, 9999999)}`,
    () => `ORD-${rng.int(2019, 2026)}-${rng.digits(6)}`,
    () => `INV-${rng.int(2019, 2026)}-${rng.digits(5)}`,
    () => `A-${rng.digits(5)}-${rng.digits(2)}`,
    () => `${rng.int(1, 9)}${rng.digits(9)}`,
    () => `PO ${rng.digits(4)}-${rng.digits(4)}`,
    () => `1Z${rng.chars('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 16)}`,
    () => `9400 ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(4)} ${rng.digits(2)}`,
  ])();
}

export function version(rng: Rng): string {
  const n = () => rng.int(0, 20);
  return rng.pick([
    () => `${n()}.${n()}.${n()}`,
    () => `v${n()}.${n()}.${n()}.${n()}`,
    () => `${rng.int(1, 12)}.${n()}.${rng.int(1000, 22000)}.${rng.int(1, 999)}`,
    () => `Chrome/${rng.int(100, 130)}.0.${rng.int(4000, 6999)}.${rng.int(1, 200)}`,
    () => `node v${rng.int(16, 22)}.${n()}.${n()}`,
    () => `Python ${rng.pick(['3.10', '3.11', '3.12'])}.${n()}`,
    () => `version ${n()}.${n()}.${n()}.${n()}`,
    () => `@types/node@${rng.int(16, 22)}.${n()}.${n()}`,
    () => `1.3.6.1.4.1.${rng.int(1000, 60000)}`,
  ])();
}

export const isbn = (rng: Rng) =>
  rng.pick(['978-3-16-148410-0', '0-306-40615-2', 'ISBN 9780306406157', '978-1-4028-9462-6', 'ISBN-10 0-19-852663-6']);

/** Identifiers that LLM APIs put in every trace: high entropy, but not secrets. */
export function llmId(rng: Rng): string {
  return rng.pick([
    () => `chatcmpl-${rng.chars(BASE62, 29)}`,
    () => `call_${rng.chars(BASE62, 24)}`,
    () => `msg_01${rng.chars(BASE62, 22)}`,
    () => `toolu_01${rng.chars(BASE62, 22)}`,
    () => `resp_${rng.chars(HEX, 48)}`,
    () =>
      `run-${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 12)}`,
    () => `req_${rng.chars(BASE62, 24)}`,
    () => `file-${rng.chars(BASE62, 22)}`,
    () => `cus_${rng.chars(BASE62, 14)}`,
    () => `pi_${rng.chars(BASE62, 24)}`,
    () => `01${rng.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`,
  ])();
}

export const model = (rng: Rng) =>
  rng.pick([
    'gpt-4o-2024-08-06',
    'claude-3-5-sonnet-20241022',
    'gpt-4.1-mini',
    'o3-2025-04-16',
    'llama-3.1-70b-instruct',
  ]);

export function miscNumber(rng: Rng): string {
  return rng.pick([
    () => `${rng.int(1, 99)}.${rng.int(0, 9)}%`,
    () => `${rng.int(1, 999).toLocaleString('en-US')},${rng.digits(3)},${rng.digits(3)} bytes`,
    () => `${rng.int(10, 89)}.${rng.digits(4)}, -${rng.int(10, 170)}.${rng.digits(4)}`,
    () => `0x7ff${rng.chars(HEX, 9)}`,
    () => `#${rng.chars(HEX, 6)}`,
    () =>
      `${rng.chars(HEX, 2)}:${rng.chars(HEX, 2)}:${rng.chars(HEX, 2)}:${rng.chars(HEX, 2)}:${rng.chars(HEX, 2)}:${rng.chars(HEX, 2)}`,
    () => `${rng.int(10000, 99999)}`,
    () => `SW1A ${rng.int(1, 9)}AA`,
    () => `${rng.int(10, 99)}-${rng.int(10, 99)}-${rng.int(10, 99)}`,
    () => `${rng.int(100, 199)}-${rng.int(100, 999)}-${rng.digits(4)}`,
    () => `555-${rng.digits(4)}`,
    () => `3.14159${rng.digits(5)}`,
    () => `${rng.int(1, 9)}h ${rng.int(1, 59)}m`,
    () => `port ${rng.int(1024, 65535)}`,
    () => `${rng.int(1, 9)}.${rng.int(0, 9)}.${rng.int(0, 9)}`,
    () => `${rng.int(1, 31)}/${rng.int(1, 12)}/${rng.int(2019, 2026)} ${rng.int(10, 23)}:${pad(rng.int(0, 59))}`,
  ])();
}

/** Checksum-invalid look-alikes of real personal data. */
export function invalidLookalike(rng: Rng): string {
  return rng.pick([
    () => luhnInvalidCard(rng),
    () => ibanCompact(rng, false),
    () => invalidSsn(rng),
    () => `${rng.int(256, 999)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}`,
  ])();
}

/** Code- and text-like tokens that fool entropy heuristics or email/IP regexes. */
export function lookalikeToken(rng: Rng): string {
  return rng.pick([
    () => 'getUserAccountDetailsById',
    () => 'Donaudampfschifffahrtsgesellschaft',
    () => `/Users/${rng.pick(['jsmith', 'mrossi'])}/Projects/evalloop/src/core/RedactionEngine2024.ts`,
    () => `https://example.com/api/v2/users/${rng.int(1000, 9999)}/orders?page=${rng.int(1, 9)}&sort=desc`,
    () => `icon@2x.png`,
    () => `git@github.com:acme/evalloop.git`,
    () => '@Injectable()',
    () => `@${rng.pick(['jane_doe', 'devops-team', 'here'])}`,
    () => 'std::vector<int>',
    () => `sha512-${randomBase64(rng, 64)}`,
    () => `data:image/png;base64,${randomBase64(rng, rng.int(60, 300))}`,
    () => 'TEST_DATABASE_URL_PRIMARY_REPLICA',
    () => 'useCallbackRefWithDependencies2',
    () => `scikit-learn==1.${rng.int(0, 5)}.${rng.int(0, 9)}`,
    () => 'ThisIsATotallyNormalSentenceWrittenInPascalCase',
    () => `${rng.pick(['en-US', 'de-DE', 'fr-FR'])},${rng.pick(['en', 'de'])};q=0.9`,
  ])();
}
