import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';

const found = (text: string, kind: string) =>
  detect(text)
    .filter((d) => d.kind === kind)
    .map((d) => d.value);

describe('names', () => {
  it.each([
    ['Hi, my name is Shanie Jerde and I need help', ['Shanie Jerde']],
    ['Dear Mr. Hermiston, your parcel is late', ['Hermiston']],
    ['Please forward this to Defne Kupfer before Monday.', ['Defne Kupfer']],
    ['I spoke with Julius Daniel yesterday', ['Julius Daniel']],
    ['Chloe de Vos confirmed the booking', ['Chloe de Vos']],
    ['Sehr geehrte Frau Buchholz,', ['Buchholz']],
    ['Клиент: Гришина Любовь Юльевна', ['Гришина Любовь Юльевна']],
    ['担当: 足立 祐介さんです', ['足立 祐介']],
  ])('%s', (text, names) => expect(found(text, 'name')).toEqual(names));

  it.each([
    'We deployed Visual Studio Code and Kubernetes on Windows 11.',
    'Flights from Toybury to East Maximillia in Burkina Faso start at 414 EUR.',
    'Ich habe die Bestellung Nummer 5 nicht erhalten.',
    '## Semantic Conventions\n\nSee [Collector Exporter](https://example.com).',
    'The song was covered in Port Marianoport last year.',
  ])('no name in: %s', (text) => expect(found(text, 'name')).toEqual([]));
});

describe('addresses', () => {
  it.each([
    [
      'ship to 7031 Heidi Mill Apt. 728, West Palm Beach, FL 64511. Thanks',
      '7031 Heidi Mill Apt. 728, West Palm Beach, FL 64511',
    ],
    [
      'Hans-Schlehahn-Str. 13b Apt. 113, 35462 Augsburg. Die Lieferung',
      'Hans-Schlehahn-Str. 13b Apt. 113, 35462 Augsburg',
    ],
    ['habite 4956 Rue de Provence 1 étage, 82972 Saint-Denis.', '4956 Rue de Provence 1 étage, 82972 Saint-Denis'],
    [
      'Maritplantsoen 691 III 1 hoog, 8319 GX Schimmertsluis. Tel 0117 820 0411',
      'Maritplantsoen 691 III 1 hoog, 8319 GX Schimmertsluis',
    ],
    ['пл. Советская, 310 кв. 233, 546280 Рославль', 'пл. Советская, 310 кв. 233, 546280 Рославль'],
    ['Send it to PO Box 1234 please', 'PO Box 1234'],
    // After a label, the address ends at its last number and town, before a conjunction or a phone.
    [
      'Ship it to Ferrocarril Anita Laboy 4 2º Izda., 17878 La Coruña please, and text 973 435 653 when it leaves.',
      'Ferrocarril Anita Laboy 4 2º Izda., 17878 La Coruña',
    ],
  ])('%s', (text, address) => expect(found(text, 'address')).toEqual([address]));

  it.each([
    'Windows 11 and Version 2 ship with 5 big dogs walking',
    'Address: see above',
    'Release 2.13.1 of Park Avenue app',
  ])('no address in: %s', (text) => expect(found(text, 'address')).toEqual([]));
});

describe('national phone formats', () => {
  it.each(['(09927) 6537551', '974 33 68 68', '0117 820 0411', '07352 43634749', '(0161) 496 0000'])('%s', (phone) =>
    expect(found(`details: ${phone} today`, 'phone')).toEqual([phone]),
  );
  it.each(['123 456 789 downloads', '1 234 567 users', 'version 2024 05 06'])('no phone in: %s', (text) =>
    expect(found(text, 'phone')).toEqual([]),
  );
});
