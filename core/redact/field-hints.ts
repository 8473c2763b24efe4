/**
 * Field names that say what a JSON value is: the value of `full_name`, `recipient`, `address`,
 * `addressLine1`, `postal_code`, `nombre`, `Anschrift`, `住所`, `phone_number`, `tel`... is redacted
 * whole when it has the shape of a name, an address or a phone number, even where the text detectors alone would not be sure (a name no
 * lexicon knows, a street format they do not cover). Plain `name` is not one of them: in tool
 * calls and configs it names tools, models and products far more often than people.
 */
import type { Detection } from './types.js';

export type FieldKind = 'name' | 'address' | 'phone';

const NAME_KEY =
  /^(?:full_?name|first_?name|last_?name|given_?name|family_?name|middle_?name|sur_?name|customer_?name|contact_?name|recipient(?:_?name)?|passenger(?:_?name)?|patient(?:_?name)?|guest_?name|employee_?name|holder_?name|card_?holder(?:_?name)?|account_?holder(?:_?name)?|billing_?name|shipping_?name|person(?:_?name)?|nombre|apellidos?|nom|prénom|prenom|nome|cognome|naam|voornaam|achternaam|vorname|nachname|имя|фамилия|отчество|фио|氏名|名前|姓名|이름)$/u;
const ADDRESS_KEY =
  /^(?:address|addr|street|street_?address|street_?line_?\d?|address_?line_?\d?|address_?\d|line_?[12]|(?:shipping|billing|home|postal|mailing|delivery|residential|work|customer)_?address|zip|zip_?code|post_?code|postal_?code|plz|cep|code_?postal|c[oó]digo_?postal|adresse|anschrift|stra(?:ß|ss)e|direcci[oó]n|domicilio|calle|indirizzo|adres|endere[cç]o|rua|адрес|住所|地址|주소)$/u;

const PHONE_KEY =
  /^(?:phone|phone_?number|phone_?no|tel|telephone|telephone_?number|mobile|mobile_?number|mobile_?phone|cell|cell_?phone|fax|msisdn|contact_?number|tel[eé]fono|telefone|telefon|handy|t[eé]l[eé]phone|portable|celular|m[oó]vil|cellulare|телефон|тел|電話|電話番号|手机|전화|전화번호)$/u;

/** `addressLine1` → `address_line1`; `Shipping-Address` → `shipping_address`. */
const normalizeKey = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function fieldKind(key: string): FieldKind | null {
  if (key.length > 40) return null;
  const k = normalizeKey(key);
  if (NAME_KEY.test(k)) return 'name';
  if (ADDRESS_KEY.test(k)) return 'address';
  if (PHONE_KEY.test(k)) return 'phone';
  return null;
}

const NAME_SHAPE =
  /^(?:[\p{L}\p{M}'’.-]+(?: [\p{L}\p{M}'’.-]+){0,5}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,10})$/u;
/** A street line, a full address or a CJK address: letters and a digit, over more than one word. */
const isAddressShaped = (v: string) =>
  /\p{N}/u.test(v) && /\p{L}/u.test(v) && (/\s/.test(v) || /[\p{Script=Han}\p{Script=Hangul}]/u.test(v));
/** A postcode alone, under a postcode key: `10115`, `62704-1234`, `1234 AB`, `SW1A 1AA`, `K1A 0B1`. */
const POSTCODE_SHAPE = /^(?:\d[\d -]{2,9}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)$/;
const CAPITAL = /[\p{Lu}\p{Script=Han}\p{Script=Hangul}\p{Script=Katakana}\p{Script=Cyrillic}]/u;

/**
 * The detections for a value of a field of `kind`: the whole (trimmed) value as one detection
 * when it has the kind's shape and only names and addresses were found inside it; otherwise
 * `found` unchanged (an email, phone or secret inside keeps its own placeholder).
 */
export function applyFieldKind(kind: FieldKind, text: string, found: Detection[]): Detection[] {
  const start = text.length - text.trimStart().length;
  const value = text.trim();
  const end = start + value.length;
  if (value.length < 2 || value.length > 200) return found;
  if (found.some((d) => d.kind !== 'name' && d.kind !== 'address' && d.kind !== kind)) return found;
  if (found.some((d) => d.kind === kind && d.start <= start && d.end >= end)) return found;
  const digits = value.replace(/\D/g, '').length;
  const shaped =
    kind === 'phone'
      ? /^\+?[\d\s().\-/]+$/.test(value) && digits >= 6 && digits <= 15
      : kind === 'name'
        ? NAME_SHAPE.test(value) && CAPITAL.test(value)
        : isAddressShaped(value) || POSTCODE_SHAPE.test(value);
  if (!shaped) return found;
  return [{ kind, start, end, value }];
}
