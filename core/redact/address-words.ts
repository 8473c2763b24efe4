/**
 * The vocabulary of postal addresses, as regex sources: street types by where they stand
 * (after the name in English, before it in Romance and Slavic languages, glued to it in Germanic
 * ones), unit designators, PO boxes and postcodes. Written from postal conventions, not from
 * any test corpus.
 */

/** `rue` → `[Rr]ue`: street types are matched case-sensitively except for their first letter. */
function anyCaseFirst(word: string): string {
  const c = word[0]!;
  return c.toUpperCase() === c ? word : `[${c.toUpperCase()}${c}]${word.slice(1)}`;
}

/** English street types (USPS suffixes and their abbreviations, plus British ones), after the name. */
export const EN_TYPES =
  `Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Terrace|Ter|Terr
|Circle|Cir|Square|Sq|Parkway|Pkwy|Highway|Hwy|Freeway|Fwy|Expressway|Expy|Motorway|Trail|Trl|Alley|Aly|Crescent|Cres
|Close|Gardens|Gdns|Grove|Gr|Mews|Row|Rise|Walk|Hill|Hills|Park|Green|Mill|Mills|Port|Ports|Ridge|Crossing|Xing|Loop
|Path|Pike|Run|View|Views|Vista|Heights|Hts|Plaza|Plz|Point|Pt|Landing|Meadow|Meadows|Creek|Brook|Brooks|Glen|Glens
|Hollow|Isle|Junction|Jct|Knoll|Knolls|Manor|Orchard|Pass|Passage|Pines|Ranch|Shore|Shores|Spring|Springs|Station|Sta
|Summit|Valley|Vly|Village|Vlg|Well|Wells|Estate|Estates|Causeway|Cswy|Cove|Dale|Field|Fields|Forest|Fork|Forks|Harbor
|Harbour|Haven|Inlet|Island|Islands|Lake|Lakes|Lodge|Mall|Mount|Mt|Oval|Bend|Bluff|Bluffs|Bypass|Byp|Camp|Canyon|Cape
|Center|Ctr|Centre|Cliff|Cliffs|Common|Commons|Corner|Corners|Course|Crest|Curve|Extension|Ext|Falls|Ferry|Flat|Flats
|Ford|Fords|Forge|Fort|Ft|Gateway|Gtwy|Lights|Locks|Mission|Mountain|Plain|Plains|Prairie|Rapids|Rest|River|Route|Rte
|Shoal|Shoals|Spur|Stream|Track|Trace|Tunnel|Turnpike|Tpke|Union|Viaduct|Ville|Wall|Ways|Bridge|Gate|Drove|Chase|End
|Fold|Yard|Wharf|Quay|Parade|Pde|Esplanade|Embankment|Approach|Vale|Wynd|Broadway|Burg|Burgs|Crossroad|Divide|Key|Keys
|Neck|Club|Rapid|Overpass|Radial|Ramp|Skyway|Stravenue|Throughway|Trafficway|Underpass|Hwy|Lndg`.replace(/\s+/g, '');

/** Street types written before the name: French, Spanish, Italian, Portuguese, Polish. */
export const LEADING_TYPES =
  `rue|avenue|av|boulevard|bd|bld|chemin|ch|impasse|imp|allée|place|pl|quai|route|rte|voie|cours|passage
|square|sentier|faubourg|fbg|calle|c/|avenida|avda|avd|paseo|pº|plaza|pza|camino|carrera|cra|travesía|travesia|ronda|glorieta
|calleja|cuesta|rambla|carretera|ctra|urbanización|urb|callejón|quinta|vía|via|viale|piazza|p\\.zza|corso|largo|vicolo|contrada
|rotonda|borgo|strada|piazzale|lungomare|salita|rua|r|travessa|tv|rodovia|rod|alameda|al|praça|pç|estrada|estr|marginal|vila
|ladeira|beco|ulica|ul|aleja|plac|osiedle|os|skwer|bulw|bulwar|rynek`
    .replace(/\s+/g, '')
    .split('|')
    .map(anyCaseFirst)
    .join('|');

/** Germanic street words glued to the name (`Hauptstraße`, `Kerkstraat`) or standing after it. */
export const GLUED_TYPES =
  `straße|strasse|str\\.|weg|gasse|allee|platz|ring|damm|ufer|steig|pfad|chaussee|markt|hof|höfe|höfen
|park|berg|stieg|graben|kamp|wall|tor|brücke|garten|gärten|feld|siedlung|zeile|laan|straat|plein|gracht|kade|singel|dijk|steeg
|plantsoen|dreef|pad|baan|erf|wal|gatan|gata|vägen|väg|gränd|torget|stigen|backe|allé|vej|gade|veien|gate|gässli|rain|halde`.replace(
    /\s+/g,
    '',
  );

/** German prepositional street names: `Am Markt 3`, `In den Gärten 12`. */
export const DE_PREPOSITIONS =
  'Am|An der|An den|An dem|Im|In der|In den|In dem|Auf der|Auf dem|Auf den|Zum|Zur|Unter den|Hinter der|Hinter dem|Vor dem|Vor der|Bei der|Beim';

/** Unit, floor and door after the street: `Apt. 4B`, `Suite 200`, `3. OG`, `2 hoog`, `1º C`, `кв. 12`. */
export const UNIT = String.raw`(?:,?[ \t]*(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Dept|Whg|Wohnung|Zimmer|Zi|Top|Stiege|Tür|Etage|Appartamento|Appt|App|Interno|Int|Scala|Piano|Puerta|Pta|Piso|Planta|Esc|Escalera|Bloco|Bl|Casa|Sobrado|Lote|Conjunto|Sala|Loja|Andar|Apto|Ap|Lgh|Hus|Bus|bus|m|lok|kv|кв|квартира|корп|стр|офис)\.?[ \t]?#?[ \t]?[A-Za-z0-9]{1,6}|#[ \t]?[A-Za-z0-9]{1,6}|\d{1,3}[ \t]?(?:e|er|ème|º|ª|°)?[ \t]?(?:étage|etage|OG|Stock|hoog|verdieping|piano|andar)(?:[ \t]+(?:achter|voor|links|rechts))?|\d{1,2}[ºª°][ \t]?[A-Z]?|[IVX]{1,4}(?=[ \t]+\d)))`;

/** PO boxes in several languages. */
export const PO_BOX = String.raw`(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]Office[ \t]Box|Postfach|Bo[îi]te[ \t]postale|B\.?P\.?|Apartado(?:[ \t]de[ \t]correos)?|Apdo\.?|Caixa[ \t]Postal|Casella[ \t]postale|Postbus|а/я|абонентский[ \t]ящик)[ \t]*\d{1,6}`;

/** Postcodes of many countries (only taken next to an address, never alone). */
export const POSTCODE = String.raw`(?:\d{5}(?:-\d{4}|-\d{3})?|\d{4}[ \t]?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|\d{2}-\d{3}|\d{3}[ \t]\d{2}|\d{3}-\d{4}|\d{6}|\d{4}|(?:[A-Z]{1,2}-)\d{4,5})`;
