import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';

/** The values `detect` finds in `text`, as `kind:value`. */
const found = (text: string) => detect(text).map((d) => `${d.kind}:${d.value}`);

describe('email', () => {
  it.each([
    ['write to jane.doe@example.com today', 'jane.doe@example.com'],
    ['plus addressing: Jane.Doe+billing@mail.example.co.uk.', 'Jane.Doe+billing@mail.example.co.uk'],
    ['subdomains a_b-c@eu.support.bigbank.de', 'a_b-c@eu.support.bigbank.de'],
    ['From: support <li@x.dev>', 'li@x.dev'],
    ['"email":"ahmed.okafor@company.co.jp"', 'ahmed.okafor@company.co.jp'],
    ['<a href="mailto:sales@acme.io?subject=Hi">', 'sales@acme.io'],
    ['GET /unsubscribe?email=jane.doe%40gmail.com&list=1', 'jane.doe%40gmail.com'],
  ])('%s', (text, value) => {
    expect(found(text)).toEqual([`email:${value}`]);
  });

  it.each([
    ['retina asset icon@2x.png'],
    ['git remote git@github.com:acme/evalloop.git'],
    ['npm i @types/node@20.11.5 and lodash@4.17.21'],
    ['decorators like @Injectable() and mentions @jane_doe'],
    ['postgres://app_user@db.internal:5432/app'],
    ['user@localhost has no domain'],
  ])('not an email: %s', (text) => {
    expect(found(text).filter((f) => f.startsWith('email:'))).toEqual([]);
  });
});

describe('phone', () => {
  it.each([
    '+1 (415) 555-0132',
    '415-555-0132',
    '(415) 555-0132',
    '415.555.0132',
    '+14155550132',
    '1-800-555-0199',
    '+44 20 7946 0958',
    '+44 (0)20 7946 0958',
    '020 7946 0958',
    '07700 900123',
    '06 12 34 56 78',
    '+33 6 12 34 56 78',
    '01.23.45.67.89',
    '+49 30 901820',
    '+49 (0)89 1234567',
    '0151 23456789',
    '06-12345678',
    '+34 612 34 56 78',
    '+91 98765 43210',
    '+81 3-1234-5678',
    '090-1234-5678',
    '0412 345 678',
    '(11) 91234-5678',
    '+55 11 91234-5678',
  ])('%s', (phone) => {
    expect(found(`call me at ${phone}, thanks`)).toEqual([`phone:${phone}`]);
  });

  it('takes a bare number only after a phone word', () => {
    expect(found('call me on 4155550132 after 5pm')).toEqual(['phone:4155550132']);
    expect(found('order 4155550132 shipped')).toEqual([]);
  });

  it('stops before trailing text and numbers', () => {
    expect(found('+1 (415) 555-0132 24/7')).toEqual(['phone:+1 (415) 555-0132']);
  });

  it('finds two numbers separated by a space', () => {
    expect(found('+1 (415) 555-0132 415-555-0199')).toEqual(['phone:+1 (415) 555-0132', 'phone:415-555-0199']);
  });

  it.each([
    ['ISO date', 'due 2024-05-06 at 12:30:45'],
    ['European date and time', 'on 05.06.2024 14:30'],
    ['price', 'total $1,234.56 or 1.299,00 €'],
    ['order number', 'order ORD-2024-004512 and #1002345'],
    ['unix seconds', 'created 1715000000'],
    ['unix millis', 'created 1715000000123'],
    ['version', 'Chrome/124.0.6367.91 on 10.0.19041.1'],
    ['ISBN-13', 'see 978-3-16-148410-0'],
    ['ISBN-10', 'see 0-306-40615-2'],
    ['invalid NANP area code', 'ref 123-456-7890'],
    ['seven digits', 'ext 555-0132'],
    ['decimal with sign', 'growth (+3.1415926535)'],
    ['OID', 'arc 1.3.6.1.4.1.33246'],
    ['tracking number', 'UPS 9400 0402 2153 0433 4205 90'],
    ['hex dump', '<Buffer 01 00 00 00 50 32>'],
    ['sort code', 'sort code 20-00-00'],
  ])('not a phone: %s', (_name, text) => {
    expect(found(text).filter((f) => f.startsWith('phone:'))).toEqual([]);
  });
});

describe('payment card', () => {
  it.each([
    ['Visa', '4111 1111 1111 1111'],
    ['Visa compact', '4111111111111111'],
    ['Visa 19', '4892 4657 0843 9423 064'],
    ['Mastercard dashed', '5555-5555-5555-4444'],
    ['Mastercard 2-series', '2223 0031 2200 3222'],
    ['Amex 4-6-5', '3782 822463 10005'],
    ['Diners 4-6-4', '3056 930902 5904'],
    ['Discover', '6011 1111 1111 1117'],
    ['JCB', '3530111333300000'],
  ])('%s', (_name, card) => {
    expect(found(`card ${card} exp 12/26`)).toEqual([`card:${card}`]);
  });

  it.each([
    ['Luhn-invalid', '4111 1111 1111 1112'],
    ['Luhn-invalid compact', '5555555555554445'],
    ['no card network starts with 1 (ms timestamp)', '1715000000123'],
    ['19 digits that fail even if the first 16 pass', '4105 9788 1776 5343 479'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['longer digit run', '41111111111111110000000'],
  ])('not a card: %s', (_name, text) => {
    expect(found(text).filter((f) => f.startsWith('card:'))).toEqual([]);
  });
});

describe('IBAN', () => {
  it.each([
    'GB82 WEST 1234 5698 7654 32',
    'GB82WEST12345698765432',
    'DE89 3704 0044 0532 0130 00',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91ABNA0417164300',
    'BE68 5390 0754 7034',
    'CH93 0076 2011 6238 5295 7',
  ])('%s', (iban) => {
    expect(found(`IBAN: ${iban}.`)).toEqual([`iban:${iban}`]);
  });

  it.each([
    ['wrong check digits', 'GB83 WEST 1234 5698 7654 32'],
    ['wrong length for the country', 'DE89 3704 0044 0532 0130 0'],
    ['unknown country', 'QX82WEST12345698765432'],
    ['spaces not in groups of four', 'GB82 WE ST12 3456 9876 5432'],
  ])('not an IBAN: %s', (_name, text) => {
    expect(found(text).filter((f) => f.startsWith('iban:'))).toEqual([]);
  });
});

describe('SSN and national ids', () => {
  it.each([
    ['SSN', 'SSN 123-45-6789', 'ssn:123-45-6789'],
    ['SSN with spaces', 'ssn 078 05 1120', 'ssn:078 05 1120'],
    ['bare SSN after "social security number"', 'my social security number is 123456789', 'ssn:123456789'],
    ['UK NINO spaced', 'NI number QQ 12 34 56 C', 'national_id:QQ 12 34 56 C'],
    ['UK NINO compact', 'NINO AB123456C', 'national_id:AB123456C'],
    ['Spanish DNI', 'DNI 12345678Z', 'national_id:12345678Z'],
    ['Spanish NIE', 'NIE X1234567L', 'national_id:X1234567L'],
    ['Dutch BSN after "BSN"', 'mijn BSN is 111222333', 'national_id:111222333'],
    ['Aadhaar grouped', 'ID 2096 5442 5722', 'national_id:2096 5442 5722'],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  it.each([
    ['SSN area 000', '000-12-3456'],
    ['SSN area 666', '666-12-3456'],
    ['SSN area 9xx', '912-12-3456'],
    ['SSN group 00', '123-00-4567'],
    ['SSN serial 0000', '123-45-0000'],
    ['nine bare digits without context', 'user_id 123456789'],
    ['NINO with a forbidden prefix', 'GB 12 34 56 C'],
    ['DNI with the wrong letter', '12345678A'],
    ['BSN failing the 11-proof', 'BSN 111222334'],
    ['BSN-valid digits without context', 'ticket 111222333'],
    ['Aadhaar failing Verhoeff', '2096 5442 5723'],
  ])('not an id: %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('IP address', () => {
  it.each([
    ['IPv4', 'client_ip=203.0.113.7 ok', '203.0.113.7'],
    ['IPv4 with port', 'upstream 10.0.0.12:8080', '10.0.0.12'],
    ['IPv4 at sentence end', 'from 192.168.1.20.', '192.168.1.20'],
    ['ssh target', 'ssh deploy@172.16.4.9', '172.16.4.9'],
    ['IPv6 full', 'peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['IPv6 compressed', 'peer 2001:db8::8a2e:370:7334', '2001:db8::8a2e:370:7334'],
    ['IPv6 link-local with zone', 'via fe80::1ff:fe23:4567:890a%eth0', 'fe80::1ff:fe23:4567:890a'],
    ['IPv6 in a URL', 'http://[2001:db8::1]:8080/healthz', '2001:db8::1'],
    ['IPv4-mapped IPv6', 'addr ::ffff:192.0.2.128', '::ffff:192.0.2.128'],
  ])('%s', (_name, text, value) => {
    expect(found(text)).toEqual([`ip:${value}`]);
  });

  it.each([
    ['three-part version', 'release 1.2.3'],
    ['v-prefixed four-part version', 'tag v2.0.1.4'],
    ['four-part version after "version"', 'version 1.2.3.4'],
    ['octet over 255', 'addr 256.1.1.1'],
    ['OID', 'arc 1.3.6.1.4.1'],
    ['loopback and unspecified', 'listen 127.0.0.1 and 0.0.0.0 and ::1'],
    ['C++ scope', 'std::vector<int> and Foo::bar'],
    ['time', 'at 12:30:45'],
    ['MAC address', 'mac 00:1a:2b:3c:4d:5e'],
    ['UUID', 'id 6f1c9a3e-2b7d-4c1e-9f3a-1b2c3d4e5f60'],
  ])('not an IP: %s', (_name, text) => {
    expect(found(text).filter((f) => f.startsWith('ip:'))).toEqual([]);
  });
});
