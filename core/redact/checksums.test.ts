import { describe, expect, it } from 'vitest';
import {
  aadhaarValid,
  bsnValid,
  cardBrandValid,
  dniValid,
  ibanValid,
  luhnValid,
  ninoValid,
  ssnValid,
} from './checksums.js';
import * as pii from './corpus-pii.js';
import { createRng } from './corpus-rng.js';

describe('check digits on published examples', () => {
  it.each([
    ['4111111111111111', true],
    ['5555555555554444', true],
    ['378282246310005', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['79927398710', false],
  ])('Luhn %s → %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });

  it.each([
    ['4111111111111111', true],
    ['378282246310005', true],
    ['5105105105105100', true],
    ['2223003122003222', true],
    ['1715000000123', false],
    ['9400123456789012', false],
    ['411111111111111', false],
  ])('card network and length %s → %s', (digits, valid) => {
    expect(cardBrandValid(digits)).toBe(valid);
  });

  it.each([
    ['GB82WEST12345698765432', true],
    ['DE89370400440532013000', true],
    ['FR1420041010050500013M02606', true],
    ['NL91ABNA0417164300', true],
    ['CH9300762011623852957', true],
    ['GB82WEST12345698765433', false],
    ['DE8937040044053201300', false],
    ['XX82WEST12345698765432', false],
  ])('IBAN %s → %s', (iban, valid) => {
    expect(ibanValid(iban)).toBe(valid);
  });

  it.each([
    [['123', '45', '6789'], true],
    [['078', '05', '1120'], true],
    [['000', '45', '6789'], false],
    [['666', '45', '6789'], false],
    [['900', '45', '6789'], false],
    [['123', '00', '6789'], false],
    [['123', '45', '0000'], false],
  ] as const)('SSN %j → %s', ([area, group, serial], valid) => {
    expect(ssnValid(area, group, serial)).toBe(valid);
  });

  it.each([
    ['AB123456C', true],
    ['QQ123456C', true],
    ['GB123456A', false],
    ['DA123456A', false],
    ['AB123456E', false],
  ])('NINO %s → %s', (nino, valid) => {
    expect(ninoValid(nino)).toBe(valid);
  });

  it.each([
    ['12345678Z', true],
    ['X1234567L', true],
    ['12345678A', false],
    ['Y1234567X', true],
  ])('DNI/NIE %s → %s', (id, valid) => {
    expect(dniValid(id)).toBe(valid);
  });

  it.each([
    ['111222333', true],
    ['123456782', true],
    ['111222334', false],
    ['012345678', false],
  ])('BSN %s → %s', (bsn, valid) => {
    expect(bsnValid(bsn)).toBe(valid);
  });

  it.each([
    ['499118665246', true],
    ['499118665247', false],
    ['123456789012', false],
  ])('Aadhaar %s → %s', (id, valid) => {
    expect(aadhaarValid(id)).toBe(valid);
  });
});

describe('the detector validators agree with the corpus generators (written independently)', () => {
  const rng = createRng(99);
  const many = <T>(make: () => T) => Array.from({ length: 500 }, make);

  it('valid values pass', () => {
    for (const d of many(() => pii.cardDigits(rng))) expect(luhnValid(d) && cardBrandValid(d)).toBe(true);
    for (const i of many(() => pii.ibanCompact(rng))) expect(ibanValid(i)).toBe(true);
    for (const n of many(() => pii.nino(rng).replace(/ /g, ''))) expect(ninoValid(n)).toBe(true);
    for (const d of many(() => pii.dni(rng))) expect(dniValid(d)).toBe(true);
    for (const d of many(() => pii.nie(rng))) expect(dniValid(d)).toBe(true);
    for (const b of many(() => pii.bsn(rng))) expect(bsnValid(b)).toBe(true);
    for (const a of many(() => pii.aadhaar(rng).replace(/ /g, ''))) expect(aadhaarValid(a)).toBe(true);
    for (const [a, g, s] of many(() => pii.ssnParts(rng))) expect(ssnValid(a, g, s)).toBe(true);
  });

  it('invalid look-alikes fail', () => {
    for (const c of many(() => pii.luhnInvalidCard(rng).replace(/\D/g, ''))) expect(luhnValid(c)).toBe(false);
    for (const i of many(() => pii.ibanCompact(rng, false))) expect(ibanValid(i)).toBe(false);
    for (const s of many(() => pii.invalidSsn(rng).split('-'))) expect(ssnValid(s[0]!, s[1]!, s[2]!)).toBe(false);
  });
});
