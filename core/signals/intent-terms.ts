import { normalizeText } from './similarity.js';

/**
 * Content words of a request, reduced to what a reviewer would call its subject: stop words
 * (English, French, German, Spanish) and retry / politeness chatter dropped, a light suffix
 * stemmer, and a small table of everyday synonyms mapped to one term (download → export).
 */
const STOP = new Set(
  `a an the and or but if then so of to in on at by for with from into about as is are was were be been being
  am do does did done doing have has had having i me my mine we us our you your yours it its this that these those
  there here what which who whom whose when where why how can could would should will shall may might must not no
  nor yes ok okay please thanks thank hi hello hey just also too very really still again already yet now even
  any all every each some more most other such only own same than once one get got make made let want need
  like know tell give go going see show help way exactly possible anything something everything nothing
  someone anyone why whats im ive dont doesnt didnt cant cannot wont isnt arent wasnt haven hasnt
  le la les un une des du de et ou mais je tu il elle nous vous ils mon ma mes ton ta votre vos est sont pas ne
  comment pourquoi quoi qui que quel quelle où ou dans sur avec pour par ce cette ces encore toujours merci
  der die das ein eine einen und oder aber ich du er sie wir ihr mein meine ist sind nicht wie warum was wo
  mit für auf in im zu noch immer danke bitte auch kann habe hat wieder komme kommt
  el la los las un una y o pero yo tu mi mis es son no cómo como por qué que donde dónde con para en del al
  todavía aún otra vez gracias también puedo`.split(/\s+/),
);

const SUFFIXES = [
  'ations',
  'ation',
  'ments',
  'ment',
  'ings',
  'ing',
  'ies',
  'ied',
  'ers',
  'er',
  'ed',
  'es',
  'ly',
  's',
  'e',
];

/** A light stemmer: strips one common inflectional suffix, keeping at least three letters. */
export function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ies' || suffix === 'ied' ? `${base}y` : base;
    }
  }
  return word;
}

/** Synonyms and near-synonyms a user swaps when rephrasing; each maps to the group's first word. */
const SYNONYM_GROUPS = [
  'export exports exported exporting download downloads downloaded extract save',
  'invoice invoices bill bills receipt receipts facture factures rechnung rechnungen',
  'refund refunds refunded reimburse reimbursed reimbursement money repay',
  'cancel cancelled canceled cancellation terminate terminated',
  'delete deleted remove removed erase close closed',
  'find locate located spot',
  'change changed update updated modify edit replace replaced switch',
  'card method',
  'twice two double duplicate duplicated',
  'annual yearly year',
  'subscription subscriptions plan plans',
  'ship shipping shipped delivery deliver delivered',
  'password passwords passcode pwd passwort passworts',
  'login log sign signin logged',
  'error errors fail fails failed failing problem issue bug broken',
  'order orders package parcel pedido paquete shipment',
  'track tracking rastrear',
  'account profile',
  'invite invited add',
  'notification notifications notify email emails alert alerts',
  'deadline deadlines due date',
  'charge charged charges paid pay payment payments billed',
  'arrive arrived arrives receive received come llegar llegado',
  'return returns send back exchange',
  'discount promo code coupon',
  'team colleague colleagues member members user users',
  'project projects board boards',
  'archive archived hide',
  'import importer imported move',
];
const SYNONYMS = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const [head, ...rest] = group.split(' ').map((w) => stem(w));
  for (const word of [head!, ...rest]) if (!SYNONYMS.has(word)) SYNONYMS.set(word, head!);
}

const canonical = (s: string): string => SYNONYMS.get(s) ?? s;

/** At most this many distinct terms per request: bounded work per pair. */
export const MAX_TERMS = 60;

/**
 * The weighted content terms of a text: stop words out, stems through the synonym table. Weight
 * grows with word length (longer words carry more meaning: "invoice" over "use"), 1 to 2.
 */
export function intentTerms(text: string): Map<string, number> {
  return new Map([...intentWords(text)].map(([term, { weight }]) => [term, weight]));
}

/** intentTerms with, for each term, the first word of the text that produced it (for explanations). */
export function intentWords(text: string): Map<string, { weight: number; word: string }> {
  const terms = new Map<string, { weight: number; word: string }>();
  for (const word of normalizeText(text).split(' ')) {
    if (terms.size >= MAX_TERMS) break;
    if (word.length < 2 || STOP.has(word) || /^\d{1,2}$/.test(word)) continue;
    const term = canonical(stem(word));
    if (STOP.has(term)) continue;
    const weight = 1 + Math.min(1, Math.max(0, word.length - 3) / 6);
    const seen = terms.get(term);
    terms.set(term, { weight: Math.max(seen?.weight ?? 0, weight), word: seen?.word ?? word });
  }
  return terms;
}
