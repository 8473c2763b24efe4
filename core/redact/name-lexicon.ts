/**
 * Word lists for the name detector, taken from `compromise`'s English lexicon (about 3,100 given
 * names, 900 surnames, and the common words, places and organisations that make a capitalised word
 * *not* a name), plus a few hundred words of our own: titles, name particles and the capitalised
 * words of other languages that head a sentence or a noun. Built once, on first use.
 */
import nlp from 'compromise';

export interface NameLexicon {
  /** Given names (lowercase). */
  first: ReadonlySet<string>;
  /** Surnames (lowercase). */
  last: ReadonlySet<string>;
  /** Dictionary words (`king`, `brown`, `swift`): not a name alone, but a surname after a given name. */
  common: ReadonlySet<string>;
  /** Never part of a name: places, organisations, months, greetings, products, other languages' nouns. */
  stop: ReadonlySet<string>;
}

const NAME_TAGS = new Set(['FemaleName', 'MaleName', 'FirstName', 'Person']);
const STOP_TAGS = new Set([
  'Place',
  'City',
  'Country',
  'Region',
  'Organization',
  'SportsTeam',
  'Month',
  'WeekDay',
  'Date',
  'Currency',
  'Unit',
  'Demonym',
  // Function words are never names, not even after a cue (`Hi! Could you…`).
  'Modal',
  'Copula',
  'Preposition',
  'Conjunction',
  'Determiner',
  'Pronoun',
  'Possessive',
  'Reflexive',
  'QuestionWord',
  'Adverb',
  'Negative',
  'Condition',
  'Expression',
]);
const NOT_A_NAME = new Set([
  'Noun',
  'Singular',
  'Plural',
  'Uncountable',
  'Adjective',
  'Comparative',
  'Superlative',
  'Adverb',
  'Verb',
  'Infinitive',
  'PresentTense',
  'PastTense',
  'Gerund',
  'Participle',
  'PhrasalVerb',
  'Modal',
  'Copula',
  'Preposition',
  'Conjunction',
  'Determiner',
  'Pronoun',
  'Possessive',
  'Reflexive',
  'QuestionWord',
  'Expression',
  'Abbreviation',
  'Actor',
  'Cardinal',
  'Ordinal',
  'TextValue',
  'Fraction',
  'Duration',
  'Multiple',
  'Emoticon',
  'Negative',
  'Condition',
  'Imperative',
]);

/**
 * Capitalised words of other languages (and of software) that start sentences, greet, or name
 * things, and that a capitalised-run rule would otherwise take for a name.
 */
const EXTRA_COMMON = `
hi hello hey dear thanks thank regards cheers best sincerely yours kind warm please note attn attention
copyright license licence author authors nord süd ost west bad alt neu groß klein re fwd fw cc bcc subject from to sent date order invoice ticket customer client user support team admin
assistant system agent bot tool model human ai api http https json yaml sql url uri id uuid pdf csv html
mr mrs ms miss dr prof sir madam herr frau mme mlle monsieur madame señor señora sr sra srta sig dott dhr mevr
street road avenue lane drive court boulevard way place square park station airport hospital university
college school bank hotel restaurant cafe museum church center centre office building tower plaza mall
inc ltd llc gmbh ag sa srl bv corp co company group holdings labs technologies systems solutions services
north south east west new old upper lower saint st san santa los las el la le les der die das den dem des
ein eine einer und oder mit von für auf bei nach aus über unter ich sie wir ihr er es du bitte danke hallo
guten tag morgen abend liebe lieber sehr geehrte geehrter grüße gruß freundlichen kunde kundin bestellung
nummer rechnung lieferung adresse anschrift straße platz herrn firma abteilung datum betreff anfrage
je tu il elle nous vous ils elles bonjour bonsoir merci cher chère cordialement madame monsieur commande
numéro facture livraison rue adresse objet
yo tú él ella nosotros ustedes hola gracias estimado estimada saludos atentamente pedido factura número
calle dirección señor señora
io lui lei noi voi loro ciao grazie gentile caro cara saluti cordiali distinti ordine fattura numero via
indirizzo signor signora
ik jij hij zij wij jullie hallo dank bedankt beste geachte groeten vriendelijke bestelling factuur straat
eu ele ela nós vocês olá obrigado obrigada prezado prezada atenciosamente pedido fatura endereço rua
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december montag dienstag mittwoch donnerstag freitag samstag sonntag januar
februar märz juni juli oktober dezember lundi mardi mercredi jeudi vendredi samedi dimanche janvier février
mars avril mai juin juillet août septembre octobre novembre décembre lunes martes miércoles jueves viernes
sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
google microsoft apple amazon meta openai anthropic github gitlab docker kubernetes linux windows macos
android ios chrome firefox safari slack zoom teams jira confluence notion stripe paypal visa mastercard
postgres postgresql mysql redis kafka react vue angular node deno bun python java rust typescript javascript
azure aws gcp cloud studio code server client proxy gateway cluster pod service worker queue cache index
readme license changelog contributing install usage example examples options returns parameters params
`;

let lexicon: NameLexicon | undefined;

export function nameLexicon(): NameLexicon {
  if (lexicon) return lexicon;
  const first = new Set<string>();
  const last = new Set<string>();
  const common = new Set<string>();
  const stop = new Set<string>(EXTRA_COMMON.split(/\s+/).filter(Boolean));
  const words = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model().one
    .lexicon;
  const places: string[] = [];
  for (const [entry, tag] of Object.entries(words)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    if (entry.includes(' ')) {
      if (tags.some((t) => STOP_TAGS.has(t))) places.push(entry);
      continue;
    }
    if (tags.some((t) => NAME_TAGS.has(t))) first.add(entry);
    else if (tags.includes('LastName')) last.add(entry);
    else if (tags.some((t) => STOP_TAGS.has(t))) stop.add(entry);
    else if (tags.some((t) => NOT_A_NAME.has(t))) common.add(entry);
  }
  // The other words of a multi-word place (`burkina faso`, `palos verdes`) are stop words, unless
  // they are names or dictionary words too (`elizabeth`, `johnson`, `little`).
  for (const place of places) {
    for (const w of place.split(' ')) if (w.length > 2 && !first.has(w) && !last.has(w) && !common.has(w)) stop.add(w);
  }
  lexicon = { first, last, common, stop };
  return lexicon;
}
