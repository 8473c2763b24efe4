/** Generators of credentials and network addresses for the test corpus, in their real-world shapes. */
import { BASE62, BASE64URL, base64url, HEX, type Rng, randomBase64 } from './corpus-rng.js';

const AWS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An API key with a vendor prefix, in the vendor's length and alphabet. */
export function prefixedKey(rng: Rng): string {
  const makers: (() => string)[] = [
    () => `sk-${rng.chars(BASE62, 48)}`,
    () => `sk-proj-${rng.chars(BASE64URL, rng.int(74, 156))}`,
    () => `sk-svcacct-${rng.chars(BASE64URL, 120)}`,
    () => `sk-ant-api03-${rng.chars(BASE64URL, 93)}AA`,
    () => `ghp_${rng.chars(BASE62, 36)}`,
    () => `gho_${rng.chars(BASE62, 36)}`,
    () => `ghs_${rng.chars(BASE62, 36)}`,
    () => `github_pat_11${rng.chars(BASE62, 20)}_${rng.chars(BASE62, 59)}`,
    () => `xoxb-${rng.digits(11)}-${rng.digits(13)}-${rng.chars(BASE62, 24)}`,
    () => `xoxp-${rng.digits(11)}-${rng.digits(11)}-${rng.digits(13)}-${rng.chars(HEX, 32)}`,
    () => `AKIA${rng.chars(AWS_ALPHABET, 16)}`,
    () => `ASIA${rng.chars(AWS_ALPHABET, 16)}`,
    () => `AIza${rng.chars(BASE64URL, 35)}`,
    () => `glpat-${rng.chars(BASE64URL, 20)}`,
    () => `sk_live_${rng.chars(BASE62, rng.int(24, 99))}`,
    () => `rk_live_${rng.chars(BASE62, 24)}`,
    () => `pk_live_${rng.chars(BASE62, 24)}`,
    () => `sk_test_${rng.chars(BASE62, 24)}`,
    () => `hf_${rng.chars(BASE62, 34)}`,
    () => `whsec_${rng.chars(BASE62, 32)}`,
  ];
  return rng.pick(makers)();
}

export const awsSecret = (rng: Rng) => rng.chars(`${BASE62}/+`, 40);

export function jwt(rng: Rng, email: string): string {
  const header = base64url(JSON.stringify({ alg: rng.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const iat = 1_700_000_000 + rng.int(0, 50_000_000);
  const payload = base64url(
    JSON.stringify({ sub: String(rng.int(1000, 999999)), email, iat, exp: iat + 3600, scope: 'read write' }),
  );
  return `${header}.${payload}.${randomBase64(rng, rng.pick([32, 64, 256]), true)}`;
}

export function privateKey(rng: Rng, newline: string): string {
  const label = rng.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
  const body = Array.from({ length: rng.int(3, 12) }, () => randomBase64(rng, 48)).join(newline);
  return `-----BEGIN ${label}-----${newline}${body}${newline}-----END ${label}-----`;
}

/** An opaque bearer / session token without a vendor prefix. */
export const opaqueToken = (rng: Rng) =>
  rng.pick([
    () => rng.chars(BASE62, rng.int(32, 64)),
    () => randomBase64(rng, 32, true),
    () => randomBase64(rng, 48),
  ])();

/** A high-entropy secret with no recognisable prefix: webhook secrets, API keys of small vendors, HMAC keys. */
export const unprefixedSecret = (rng: Rng) =>
  rng.pick([
    () => rng.chars(BASE62, rng.pick([24, 32, 40, 64])),
    () => randomBase64(rng, 32),
    () => randomBase64(rng, 24),
    () => randomBase64(rng, 32, true),
  ])();

export function password(rng: Rng): string {
  return rng.pick([
    () => `${rng.pick(['Summer', 'Winter', 'Autumn', 'Spring'])}${rng.int(2019, 2026)}!`,
    () => `hunter${rng.int(2, 99)}`,
    () => `Tr0ub4dor&${rng.int(1, 9)}`,
    () => `P@ssw0rd${rng.int(100, 999)}`,
    () => `s3cr3t_${rng.chars(BASE62, 6)}`,
    () => rng.chars(`${BASE62}!#%*`, rng.int(10, 20)),
    () => `${rng.pick(['Blue', 'Red', 'Green'])}Horse${rng.int(10, 99)}#`,
  ])();
}

export function ipv4(rng: Rng): string {
  return rng.pick([
    () =>
      `${rng.pick([23, 34, 52, 81, 91, 104, 142, 151, 176, 185, 203, 212])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    () => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    () => `192.168.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    () => `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  ])();
}

export function ipv6(rng: Rng): string {
  const group = () => rng.chars(HEX, rng.int(1, 4)).replace(/^0+(?=.)/, '');
  const groups = Array.from({ length: 8 }, group);
  groups[0] = rng.pick(['2001', '2a02', '2606', 'fe80', '2400', '2a01', 'fd00']);
  const style = rng.int(0, 3);
  let out: string;
  if (style === 0) out = groups.join(':');
  else if (style === 3) out = `${groups.slice(0, 6).join(':')}::${groups[7]}`;
  else {
    const zeroStart = rng.int(1, 4);
    const zeroLen = rng.int(2, 3);
    const head = groups.slice(0, zeroStart).join(':');
    const tail = groups.slice(zeroStart + zeroLen).join(':');
    out = `${head}::${tail}`;
  }
  return rng.chance(0.2) ? out.toUpperCase() : out;
}
