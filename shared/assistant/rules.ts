// The patterns the assistant reads each field of the default schema with. A rule finds the words
// that state a value inside one sentence (its quote) and the finding whose negation or uncertainty
// decides whether the sentence states it; the value itself is read from the quote by the typed
// readers of shared/fields, so a suggestion holds exactly what a reviewer's tag of that quote would.
import type { FieldValue } from '../fields/types';

/** Number words a count may be written in; digits are matched beside them. */
const NUMBER_WORD = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
const NUM = `(?:\\d+(?:\\.\\d+)?|${NUMBER_WORD})`;
const PEOPLE = '(?:patients|participants|subjects|children|adults|women|men|individuals)';

/** How a rule treats a negated finding. */
export type OnNegated =
  /** Not a value at all ("no cyclophosphamide"): no suggestion. */
  | 'drop'
  /** The negation is the value and the quote keeps it ("no serious infections", "without lymphodepletion"). */
  | 'keep';

export interface PatternRule {
  kind: 'pattern';
  name: string;
  field: string;
  confidence: number;
  /** A sentence must match this to be read by the rule at all (its subject is present). */
  gate?: RegExp;
  /** Global and case-insensitive; the match is the quote. */
  pattern: RegExp;
  /** The named group whose context decides; the whole match when absent. */
  focus?: string;
  onNegated: OnNegated;
  /** The value when the rule knows it better than the reader would from the quote; null drops the match. */
  value?: (match: RegExpMatchArray) => FieldValue | null;
  /** A match the rule must not take ("CD19+ B cells" is not a CAR target). */
  reject?: (match: RegExpMatchArray, sentence: string) => boolean;
}

/**
 * An adverse event graded in the text: the term, the grade phrase nearest to it in its clause
 * ("grade 2 CRS", "neutropenia (grade 4)", "mild cytokine release syndrome (grade 1)"), read by the
 * graded-event reader. A negated term is an absence (CRS, ICANS) or not a value (cytopenias).
 */
export interface GradedRule {
  kind: 'graded';
  name: string;
  field: string;
  confidence: number;
  term: RegExp;
  /** Whether "no ICANS was observed" is suggested, as absent (or at most a grade, when the text says so). */
  absenceIsValue: boolean;
}

export type FieldRule = PatternRule | GradedRule;

const choice = (option: string) => (): FieldValue => ({ type: 'single-choice', option });
const count = (n: number) => (): FieldValue => ({ type: 'count', count: n });

const CAR_CONTEXT = /\bCAR\b|CAR[- ]?T|chimeric antigen receptor|\bcell therap|\bT[- ]cells?\b|\bproduct\b/i;
const LYMPHODEPLETION_CONTEXT = /lymphodeplet|precondition|conditioning|\bconditioned\b/i;
const LD_DRUG = /\b(?:fludarabine|cyclophosphamide|bendamustine)\b/gi;

// Codes that look like product names but are antigens, genes, registries, scores or grants.
const NOT_A_PRODUCT = /^(?:CD\d|IL-?\d|NCT|ChiCTR|ISRCTN|EudraCT|MDA5|HLA|MG-\d|COVID|SARS|ISSN|SLEDAI|BILAG|PI\d|S20\d\d|BMD|DAS\d|HAQ|EQ-|SF-\d|CTCAE|ASTCT|ICE-?\d|FEV|DLCO)/i;

// Autoimmune diseases a CAR-T study treats, with the subtype words kept in the quote ("juvenile
// dermatomyositis", "diffuse cutaneous systemic sclerosis"); "refractory" and "severe" are not a subtype.
const SUBTYPE = "(?:(?:juvenile|generali[sz]ed|progressive|relapsing|diffuse cutaneous|limited cutaneous|anti-?MDA5\\+?|MDA5\\+|anti-Jo-1|class (?:III|IV|V|III\\/IV)|aquaporin-4 antibody-positive|AQP4\\+)\\s+)*";
const DISEASE_NAMES =
  "systemic lupus erythematosus|lupus nephritis|SLE|dermatomyositis|MDA5\\+\\s?DM(?:-RPILD)?|JDM|polymyositis|idiopathic inflammatory myo(?:pathy|pathies|sitis)|IIM|myositis|antisynthetase syndrome|systemic sclerosis|dcSSc|SSc|scleroderma|myasthenia gravis|multiple sclerosis|neuromyelitis optica(?: spectrum disorder)?|NMOSD|ANCA[- ]associated vasculitis|rheumatoid arthritis|Sj[öo]gren(?:[’']s)? (?:disease|syndrome)|immune thrombocytopenia|autoimmune ha?emolytic an(?:a)?emia|pemphigus vulgaris|stiff[- ]person syndrome|autoimmune encephalitis";
const DISEASE = `${SUBTYPE}(?:${DISEASE_NAMES})`;
// Cheap first look: the lookbehind of the condition patterns is only worth running where a disease is named.
const DISEASE_GATE = new RegExp(`\\b(?:${DISEASE_NAMES})\\b`, 'i');
// Drugs a patient may have failed before CAR-T. Cyclophosphamide is left out: in these articles it is
// almost always the lymphodepletion, and the two are not told apart by a pattern.
const PRIOR_DRUG =
  'rituximab|ocrelizumab|ofatumumab|inebilizumab|natalizumab|belimumab|anifrolumab|obinutuzumab|daratumumab|mycophenolate mofetil|mycophenolate|tacrolimus|voclosporin|azathioprine|methotrexate|intravenous immunoglobulins?|IVIG|ciclosporin|cyclosporine|hydroxychloroquine|eculizumab|ravulizumab|efgartigimod|plasma exchange|plasmapheresis|glucocorticoids|corticosteroids|tofacitinib|baricitinib|JAK inhibitors';
const PRIOR_CONTEXT = /\b(?:failed|refractory|prior|previous(?:ly)?|despite|had received|inadequate response|before (?:leukapheresis|CAR|infusion|enrolment|enrollment))\b/i;
// Efficacy instruments and results: the clause that names one with a result is the value.
const INSTRUMENT =
  "SLEDAI(?:-2K)?|SLE Disease Activity Index(?: 2000)?|BILAG|DORIS(?: remission)?|LLDAS|CRISS|(?:modified )?Rodnan skin scores?|mRSS|EUSTAR(?:\\)?\\s+activity index)?|CDASI|MMT-?8|CMAS|Childhood Myositis Assessment Scale|Physician Global Assessment|EDSS(?: score)?|MG-ADL|MG Activities of Daily Living|QMG|Quantitative MG|MG Composite|MG severity scales?|creatine kinase|forced vital capacity|FVC|DLCO|proteinuria|complete renal response|Total Improvement Score|DAS28|CDAI|HAQ-DI";
const RESULT_WORDS = /\b(?:fell|f[ae]ll(?:en|ing)?|decreas\w*|improv\w*|normali[sz]\w*|remission|respon\w*|stable|reduc\w*|resolv\w*|declin\w*|rose|increas\w*|met|reached|achiev\w*|zero|change|dropped|exhibited|showed|worsen\w*)\b/i;
const PLACE =
  "(?:Charité(?:\\s*[–-]\\s*Universitätsmedizin(?:\\s+Berlin)?)?|(?:[A-Z][\\w’'.-]+\\s+){0,5}(?:Hospital|Medical Center|Medical Centre|Klinikum|Clinic|Cancer Center|Universitätsklinikum)(?:\\s+(?:of\\s+)?[A-Z][\\w’'-]+){0,3})";
const COUNTRY = 'Germany|China|Spain|France|Italy|Japan|the United States|the USA|the UK|the United Kingdom|Austria|Switzerland|Belgium|the Netherlands|Israel|Brazil|Australia|Canada';
const CLAUSE_START = '(?<=^|[,;:]\\s*)';

export const FIELD_RULES: readonly FieldRule[] = [
  // Study: registration, phase, design.
  {
    kind: 'pattern',
    name: 'registration.registry-id',
    field: 'registration_id',
    confidence: 0.98,
    pattern: /\b(?:NCT\d{8}|ChiCTR(?:-[A-Z]{2,4}-)?\d{8,10}|ISRCTN\d{8}|ACTRN\d{14}|DRKS\d{8}|jRCT\d{10}|CTRI\/\d{4}\/\d{2,3}\/\d{6}|EudraCT\s*(?:No\.?\s*)?\d{4}-\d{6}-\d{2})\b/g,
    onNegated: 'keep',
  },
  {
    kind: 'pattern',
    name: 'phase.phase-of-trial',
    field: 'trial_phase',
    confidence: 0.95,
    pattern: /\bphase\s+(?:[1-4]|I{1,3}V?)(?:[ab])?(?:\s*\/\s*(?:[1-4]|I{1,3})[ab]?)?(?=[\s,-]+(?:[\w-]+[\s,]+){0,4}?(?:clinical\s+)?(?:trial|study|part)\b)/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'phase.compassionate-use',
    field: 'trial_phase',
    confidence: 0.9,
    pattern: /\bcompassionate[- ]use\b/gi,
    onNegated: 'drop',
    value: choice('not-a-trial'),
  },
  {
    kind: 'pattern',
    name: 'design.phase-of-trial',
    field: 'study_design',
    confidence: 0.95,
    pattern: /\bphase\s+(?:[1-4]|I{1,3}V?)(?:[ab])?(?:\s*\/\s*(?:[1-4]|I{1,3})[ab]?)?(?=[\s,-]+(?:[\w-]+[\s,]+){0,4}?(?:clinical\s+)?(?:trial|study)\b)/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'design.case-report-one-patient',
    field: 'study_design',
    confidence: 0.9,
    gate: /\b(?:describe|report|present)/i,
    pattern: /\b(?:we|this report|this case|here we)\s+(?:describe|report|present)s?\b[^.;]{0,110}?\b(?:a|an|one)\s+(?:\d+-year-old\s+(?:\w+\s+){0,2}?|(?:pediatric|paediatric|young|adult|single)\s+)?(?:patient|child|woman|man|girl|boy|adolescent|male|female)\b/gi,
    onNegated: 'drop',
    value: choice('case-report'),
  },
  {
    kind: 'pattern',
    name: 'design.case-series-words',
    field: 'study_design',
    confidence: 0.95,
    pattern: /\bcase series\b/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'design.case-series-few-patients',
    field: 'study_design',
    confidence: 0.85,
    pattern: new RegExp(`\\b(?:we\\s+(?:describe|report|present)|reported\\b[^.;]{0,100}?\\bin)\\s+(?:a case series of\\s+)?(?:two|three|four|five|six|seven|eight|nine|[2-9])\\s+${PEOPLE}\\b`, 'gi'),
    onNegated: 'drop',
    value: choice('case-series'),
  },
  // Population: how many patients received the cells.
  {
    kind: 'pattern',
    name: 'patients.verb-n-patients',
    field: 'patients_n',
    confidence: 0.92,
    pattern: new RegExp(`\\b(?:evaluated|enrolled|included|treated|recruited|results for|data (?:for|from|on))\\s+(?:a total of\\s+)?${NUM}\\s+${PEOPLE}\\b`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'patients.we-report-n',
    field: 'patients_n',
    confidence: 0.9,
    pattern: new RegExp(`\\b(?:we\\s+(?:describe|report|present)|reported\\b[^.;]{0,100}?\\bin)\\s+(?:a case series of\\s+)?${NUM}\\s+${PEOPLE}\\b`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'patients.n-patients-received',
    field: 'patients_n',
    confidence: 0.85,
    pattern: new RegExp(`(?<=(?:^|[,)]\\s+|\\b(?:study|trial)\\s+))${NUM}\\s+${PEOPLE}\\b(?=[^.;]{0,90}?\\breceived\\b)`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'patients.all-n-who-received',
    field: 'patients_n',
    confidence: 0.85,
    pattern: new RegExp(`\\ball\\s+${NUM}\\s+${PEOPLE}\\s+who\\s+received\\b`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'patients.single-patient',
    field: 'patients_n',
    confidence: 0.88,
    gate: /\b(?:a|an)\s/i,
    pattern: /\b(?:(?:we|this report|here we)\s+(?:describe|report|present)s?\b[^.;]{0,110}?\b|\bin\s+)(?:a|an)\s+(?:\d+-year-old\s+(?:\w+\s+){0,2}?|(?:pediatric|paediatric|young|single)\s+)?(?:patient|child|woman|man|girl|boy|adolescent)\s+with\b/gi,
    onNegated: 'drop',
    value: count(1),
    reject: (match) => /\b(?:each|every|per)\b/i.test(match[0]),
  },
  // Intervention: product, target, engineering, source, dose, lymphodepletion.
  {
    kind: 'pattern',
    name: 'product.code',
    field: 'product_name',
    confidence: 0.9,
    gate: CAR_CONTEXT,
    pattern: /(?<![\w/-])(?:[A-Z][A-Za-z]{1,9}-\d{2,4}(?:\.\d)?|[A-Z]{2,5}\d{2,4}[A-Z]?|[A-Z]{2,4}-CART\d+(?:\.\d+)?|[A-Z]{2}\d{2}-CAR)(?![\w/-])/g,
    onNegated: 'drop',
    reject: (match, sentence) => NOT_A_PRODUCT.test(match[0]) || /\b(?:grants?|supported by|funded by|funding)\b/i.test(sentence),
  },
  {
    kind: 'pattern',
    name: 'target.dual',
    field: 'target_antigen',
    confidence: 0.9,
    pattern: /\b(?:BCMA[-/ ](?:and[- ])?CD19|CD19[-/ ](?:and[- ])?BCMA|targeting both (?:BCMA and CD19|CD19 and BCMA)|CD19[-/]CD20|CD20[-/]CD19)\b/g,
    onNegated: 'drop',
    value: choice('other'),
  },
  {
    kind: 'pattern',
    name: 'target.antigen-before-car',
    field: 'target_antigen',
    confidence: 0.95,
    pattern: /\b(?:anti-?\s?)?(?:CD19|BCMA|B[- ]cell maturation antigen)(?:[- ](?:targeting|targeted|directed|specific|redirected))?(?=[^.;]{0,30}?(?:\bCAR\b|CAR-?T|\brCAR|chimeric antigen receptor))/gi,
    onNegated: 'drop',
    reject: (match, sentence) => /BCMA[-/ ](?:and[- ])?CD19|CD19[-/ ](?:and[- ])?BCMA|both (?:BCMA|CD19)/i.test(sentence) || /\+/.test(sentence.slice(match.index! + match[0].length, match.index! + match[0].length + 1)),
  },
  {
    kind: 'pattern',
    name: 'target.car-targeting-antigen',
    field: 'target_antigen',
    confidence: 0.92,
    pattern: /(?<=(?:\bCAR\b|CAR-?T|chimeric antigen receptor)[^.;]{0,40}?\btargeting\s+)(?:CD19|BCMA|B[- ]cell maturation antigen)\b/gi,
    onNegated: 'drop',
    reject: (_match, sentence) => /targeting both/i.test(sentence),
  },
  {
    kind: 'pattern',
    name: 'engineering.vector',
    field: 'engineering',
    confidence: 0.95,
    pattern: /\b(?:lentivir(?:al|us|ally)|(?:gamma-?|γ-?)?retrovir(?:al|us|ally))(?:\s+vectors?)?\b/gi,
    onNegated: 'drop',
    reject: (_match, sentence) => !CAR_CONTEXT.test(sentence) && !/\btransduc|\bvector/i.test(sentence),
  },
  {
    kind: 'pattern',
    name: 'engineering.mrna',
    field: 'engineering',
    confidence: 0.93,
    pattern: /\b(?:mRNA[- ](?:engineered|electroporated|CAR|cell therapy)|RNA chimeric antigen receptor|rCAR-?T)\b/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'engineering.no-integrating-vectors',
    field: 'engineering',
    confidence: 0.85,
    pattern: /\bdoes not use integrating vectors\b/gi,
    onNegated: 'keep',
    value: choice('mrna'),
  },
  {
    kind: 'pattern',
    name: 'source.autologous-allogeneic',
    field: 'cell_source',
    confidence: 0.95,
    gate: CAR_CONTEXT,
    pattern: /\b(?:autologous|allogen(?:e)?ic|off-the-shelf|donor-derived)\b/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'dose.power-of-ten-cells',
    field: 'dose',
    confidence: 0.93,
    gate: /\b10\b|10[\^⁰¹²³⁴⁵⁶⁷⁸⁹(]|10\d/,
    pattern: /\b\d+(?:[.,]\d+)?\s*[×xX]\s*10(?:\^\s*\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}|\(\d{1,2}\)|\d{1,2})\s*(?:(?:total\s+)?(?:CAR[- ]?(?:T|positive|\+)?|CAR\+|positive|viable|transduced)[- ]?\s*)?(?:T[- ])?cells?(?:\s*\/\s*kg|\s+per\s+kg(?:\s+(?:of\s+)?body\s+weight)?)?/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'lymphodepletion.drug',
    field: 'lymphodepletion',
    confidence: 0.92,
    gate: LYMPHODEPLETION_CONTEXT,
    pattern: LD_DRUG,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'lymphodepletion.none',
    field: 'lymphodepletion',
    confidence: 0.92,
    pattern: /\bwithout\s+(?:any\s+)?(?:lymphodepleti(?:on|ng)|preconditioning|conditioning)(?:\s+(?:chemotherapy|regimen))?\b/gi,
    onNegated: 'keep',
  },
  // Setting: where the patients were treated (a named centre, the number of centres, a country).
  {
    kind: 'pattern',
    name: 'setting.treated-at-centre',
    field: 'setting',
    confidence: 0.88,
    gate: /Hospital|Medical|Klinikum|Clinic|Charité|Center|Centre|Universitätsklinikum/,
    pattern: new RegExp(`(?<=\\b(?:treated|conducted|enrolled|performed|recruited|[Ii]nvestigators|[Rr]esearchers|clinicians)\\b[^.;]{0,80}?\\b(?:at|from)\\s+(?:the\\s+)?)${PLACE}`, 'g'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'setting.n-centres',
    field: 'setting',
    confidence: 0.88,
    pattern: new RegExp(`\\b${NUM}\\s+(?:centres|centers|sites|hospitals)(?:\\s+in\\s+[A-Z][\\w]+(?:,\\s*[A-Z][\\w]+)?)?`, 'gi'),
    onNegated: 'drop',
    reject: (_match, sentence) => !/\b(?:enrolled|treated|conducted|recruited|at)\b/i.test(sentence),
  },
  {
    kind: 'pattern',
    name: 'setting.treated-in-country',
    field: 'setting',
    confidence: 0.85,
    gate: /\b(?:treated|conducted|enrolled|recruited)\b/i,
    pattern: new RegExp(`(?<=\\b(?:treated|conducted|enrolled|recruited)\\b[^.;]{0,60}?\\bin\\s+)(?:${COUNTRY})\\b`, 'g'),
    onNegated: 'drop',
  },
  // Population: the disease treated, age, sex, prior treatments.
  {
    kind: 'pattern',
    name: 'condition.with-disease',
    field: 'condition',
    confidence: 0.9,
    gate: DISEASE_GATE,
    pattern: new RegExp(`(?<=(?:\\b(?:with|for\\s+the\\s+treatment\\s+of|in)\\s+(?:[\\w+/-]+,?\\s+){0,6}?|\\((?:biopsy-(?:confirmed|proven)\\s+)?))${DISEASE}\\b(?!\\s+(?:Trials|Research|Group|Society|Foundation|Association|Assessment|Activity|Disease Activity))`, 'gi'),
    onNegated: 'drop',
    // "such as rheumatoid arthritis", "diseases like SLE": examples, not the disease treated.
    reject: (match, sentence) => /\b(?:such as|like|including|e\.g\.)\s+(?:[\w-]+\s+){0,3}$/i.test(sentence.slice(0, match.index)),
  },
  {
    kind: 'pattern',
    name: 'condition.disease-with-count',
    field: 'condition',
    confidence: 0.9,
    gate: /\bn\s*=\s*\d/i,
    pattern: new RegExp(`${DISEASE}(?=\\s*\\((?:[A-Za-z]+,\\s*)?n\\s*=\\s*\\d+\\))`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'age.median-or-range',
    field: 'age',
    confidence: 0.92,
    gate: /\bage/i,
    pattern: new RegExp(`\\b(?:(?:median|mean)\\s+age\\s+(?:was\\s+|of\\s+|at\\s+infusion\\s+(?:was\\s+)?)?\\d+(?:\\.\\d+)?\\s*years?(?:\\s*\\((?:range|IQR|interquartile range|SD)?,?\\s*\\d+(?:\\.\\d+)?(?:\\s*(?:–|-|to)\\s*\\d+(?:\\.\\d+)?)?\\s*(?:years)?\\))?|(?:patient\\s+)?ages?\\s+ranged\\s+from\\s+\\d+\\s*(?:–|-|to)\\s*\\d+\\s*years|aged\\s+\\d+\\s*(?:–|-|to)\\s*\\d+\\s*years)`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'age.n-year-old',
    field: 'age',
    confidence: 0.9,
    gate: /-year-old/i,
    pattern: /\b\d{1,2}-year-old\b(?=\s+(?:[A-Z]\w+\s+)?(?:girl|boy|woman|man|male|female|child|patient|adolescent)\b)/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'sex.counts',
    field: 'sex',
    confidence: 0.9,
    gate: /\b(?:women|men|female|male|females|males)\b/i,
    pattern: new RegExp(`\\b${NUM}\\s+(?:(?:${PEOPLE}|of them)\\s+)?were\\s+(?:women|men|female|male)(?:\\s+and\\s+${NUM}\\s+(?:were\\s+)?(?:women|men|female|male))?\\b|\\b${NUM}\\s+(?:women|men|females|males)\\s+and\\s+${NUM}\\s+(?:women|men|females|males)\\b`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'sex.one-patient',
    field: 'sex',
    confidence: 0.9,
    gate: /-year-old/i,
    pattern: /(?<=\b\d{1,2}-year-old\s+(?:[A-Z]\w+\s+)?)(?:girl|boy|woman|man|male|female)\b/gi,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'prior.drug',
    field: 'prior_treatments',
    confidence: 0.85,
    gate: PRIOR_CONTEXT,
    pattern: new RegExp(`\\b(?:${PRIOR_DRUG})\\b`, 'gi'),
    onNegated: 'drop',
    // Drugs given for the CAR-T's side effects, or as part of it, are not prior treatments.
    reject: (match, sentence) => /\b(?:replacement|for CRS|tocilizumab)\b/i.test(sentence.slice(match.index!, match.index! + match[0].length + 20)),
  },
  {
    kind: 'pattern',
    name: 'prior.number-of-lines',
    field: 'prior_treatments',
    confidence: 0.85,
    pattern: new RegExp(`\\b(?:at least\\s+)?${NUM}\\s+(?:prior\\s+)?(?:immunosuppressants|immunosuppressive (?:drugs|agents|treatments)|treatment lines|lines of (?:therapy|treatment)|prior treatments)\\b|\\bmedian number of prior (?:immunosuppressants|treatments|therapies)\\s+was\\s+\\d+`, 'gi'),
    onNegated: 'drop',
  },
  // Intervention: how often the cells were given.
  {
    kind: 'pattern',
    name: 'schedule.infusions',
    field: 'dosing_schedule',
    confidence: 0.9,
    pattern: new RegExp(`\\bsingle\\s+(?:infusion|dose)\\b|\\b${NUM}\\s+(?:weekly|monthly|daily|consecutive)\\s+(?:infusions|doses)\\b|\\bas\\s+an?\\s+outpatient(?:\\s+treatment)?\\b`, 'gi'),
    onNegated: 'drop',
    reject: (_match, sentence) => !CAR_CONTEXT.test(sentence) && !/\b(?:patients?|participants?|received|given)\b/i.test(sentence),
  },
  // Outcomes: efficacy measures, drug-free remission, B cells, CAR-T expansion.
  {
    kind: 'pattern',
    name: 'efficacy.instrument-result',
    field: 'efficacy',
    confidence: 0.85,
    // Gated on the instrument, not the result words (common): the clause pattern scans from every clause start.
    gate: new RegExp(`\\b(?:${INSTRUMENT})(?![\\w-])`, 'i'),
    pattern: new RegExp(`${CLAUSE_START}[^,.;:]*?\\b(?<term>${INSTRUMENT})(?![\\w-])[^,.;]*`, 'gi'),
    focus: 'term',
    onNegated: 'keep',
    reject: (match) => !RESULT_WORDS.test(match[0]),
  },
  {
    kind: 'pattern',
    name: 'drug-free.remission',
    field: 'drug_free_remission',
    confidence: 0.9,
    pattern: /\b(?:drug|immunosuppressant|immunosuppression|immunosuppressive drug|treatment|glucocorticoid)[- ]free(?:\s+clinical(?:\s+and\s+radiologic)?)?\s+(?:remission|improvement|context)\b|\bstopped\s+(?:glucocorticoids\s+and\s+)?all\s+(?:other\s+)?immunosuppress\w+\s+(?:medications|drugs|treatments?)\b/gi,
    onNegated: 'drop',
    value: () => ({ type: 'yes-no', answer: 'yes' }),
  },
  {
    kind: 'pattern',
    name: 'b-cells.depletion-reconstitution',
    field: 'b_cell_depletion',
    confidence: 0.85,
    gate: /\bB[- ]cell/i,
    pattern: new RegExp(`${CLAUSE_START}[^,.;:]*?\\b(?<term>(?:complete|sustained|deep)\\s+B[- ]cell depletion|B[- ]cells?\\s+(?:were\\s+)?(?:depleted|undetectable|absent|reappeared|returned|recovered)|B[- ]cell (?:aplasia|recovery|reconstitution|repopulation)|B[- ]cell compartment (?:reconstitution|restoration)|restoration of the B[- ]cell compartment|reconstitution of B[- ]cells)\\b[^,.;]*`, 'gi'),
    focus: 'term',
    onNegated: 'keep',
    // "B cell depletion with rituximab" is a prior treatment.
    reject: (match) => /\brituximab|\bocrelizumab|\banti-CD20/i.test(match[0]),
  },
  {
    kind: 'pattern',
    name: 'expansion.peak-level',
    field: 'car_t_expansion',
    confidence: 0.9,
    gate: /\b(?:peak\w*|expan\w*|maximum|Cmax)\b/i,
    pattern: /\b\d+(?:\.\d+)?\s*(?:cells\s*\/\s*[μµu]L|copies\s*\/\s*[μµ]g(?:\s+(?:genomic\s+)?DNA)?|%\s+of\s+(?:CD3\+\s+)?T[- ]cells)/gi,
    onNegated: 'drop',
  },
  // Outcomes: response, follow-up.
  {
    kind: 'pattern',
    name: 'responders.n-of-n',
    field: 'responders',
    confidence: 0.9,
    gate: /\b(?:respon\w*|remission|relapse-free|improve\w*|LLDAS|DORIS)/i,
    pattern: new RegExp(`\\b${NUM}\\s+(?:out\\s+)?of\\s+(?:the\\s+)?${NUM}\\s+(?:\\w+\\s+)?${PEOPLE}?\\s*(?:\\(\\d+(?:\\.\\d+)?\\s*%\\)\\s*)?(?=[^.;]{0,80}?\\b(?:respon\\w*|remission|relapse-free|improve\\w*|LLDAS|DORIS))`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'responders.all-n',
    field: 'responders',
    confidence: 0.88,
    gate: /\b(?:respon\w*|remission|improve\w*|LLDAS|DORIS)/i,
    pattern: new RegExp(`\\ball\\s+${NUM}\\s+(?:[A-Z]{2,6}\\s+)?${PEOPLE}(?=[^.;]{0,100}?\\b(?:respon\\w*|remission|improve\\w*|LLDAS|DORIS))`, 'gi'),
    onNegated: 'drop',
    reject: (match, sentence) => !/\b(?:respon\w*|remission|improve\w*|LLDAS|DORIS)\b/i.test(sentence.slice(match.index! + match[0].length)) || /\bsaw\s+decreases\b/i.test(sentence),
  },
  {
    kind: 'pattern',
    name: 'responders.fraction-in-parentheses',
    field: 'responders',
    confidence: 0.9,
    gate: /\b(?:respon\w*|remission)\b/i,
    pattern: /(?<=\()\d+\/\d+(?:\s*[,;]?\s*\d+(?:\.\d+)?\s*%)?(?=\))/g,
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'follow-up.stated',
    field: 'follow_up',
    confidence: 0.93,
    gate: /follow[-‐ ]up/i,
    pattern: new RegExp(
      `\\b(?:(?:median|mean)\\s+)?follow[-‐ ]up\\s+(?:(?:was|of|period|duration|time|continues|lasted|\\(median)\\s+)+(?:at\\s+|a\\s+)?(?:median\\s+(?:of\\s+)?)?${NUM}\\s*(?:months?|weeks?|years?|days?)\\b|\\b(?:over|after|at)\\s+a\\s+(?:median|mean)\\s+follow[-‐ ]up\\s+(?:of\\s+)?${NUM}\\s*(?:months?|weeks?|years?|days?)\\b|\\b\\d+[-‐ ](?:month|week|year)\\s+follow[-‐ ]up\\b`,
      'gi',
    ),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'follow-up.final-visit-median',
    field: 'follow_up',
    confidence: 0.9,
    gate: /follow[-‐ ]up/i,
    pattern: new RegExp(`(?<=follow[-‐ ]up(?:\\s+visit)?\\s*\\()median\\s+${NUM}\\s*(?:months?|weeks?|years?)\\b`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'follow-up.time-after-infusion',
    field: 'follow_up',
    confidence: 0.88,
    gate: /\b(?:after|following|post)\b/i,
    pattern: new RegExp(`\\b${NUM}\\s+(?:months?|weeks?|years?)\\s+(?:after|following|post)\\s+(?:a\\s+single\\s+|the\\s+|CAR[- ]T\\s+)?(?:infusion|treatment|CAR[- ]T)`, 'gi'),
    onNegated: 'drop',
    reject: (_match, sentence) => /\brelapse|\bretreat|\bcompleting\b/i.test(sentence),
  },
  {
    kind: 'pattern',
    name: 'follow-up.over-months-without',
    field: 'follow_up',
    confidence: 0.85,
    gate: /\b(?:remission|improvement|immunosuppressant-free|without immunosuppressants)\b/i,
    pattern: new RegExp(`\\b(?:over|for|during)\\s+${NUM}\\s+months\\b(?=\\s+(?:after|in an|without))`, 'gi'),
    onNegated: 'drop',
  },
  {
    kind: 'pattern',
    name: 'follow-up.per-patient',
    field: 'follow_up',
    confidence: 0.85,
    gate: /follow[-‐ ]up/i,
    pattern: new RegExp(`\\b${NUM}\\s+(?:months?|weeks?|years?)(?=\\s+for\\s+patient\\s+\\d+)`, 'gi'),
    onNegated: 'drop',
  },
  // Safety.
  {
    kind: 'graded',
    name: 'crs.grade-near-term',
    field: 'crs_grade',
    confidence: 0.93,
    term: /\b(?:cytokine[- ]release syndrome|CRS)\b/gi,
    absenceIsValue: true,
  },
  {
    kind: 'graded',
    name: 'icans.grade-near-term',
    field: 'icans_grade',
    confidence: 0.93,
    term: /\b(?:ICANS|immune effector cell[- ]associated neurotoxicity(?: syndrome)?|(?<=\/)cell-associated neurotoxicity syndrome|neurotoxicity)\b/gi,
    absenceIsValue: true,
  },
  {
    kind: 'graded',
    name: 'cytopenia.grade-near-term',
    field: 'cytopenias',
    confidence: 0.92,
    term: /\b(?:neutropenia|an(?:a)?emia|thrombocytopenia|lymphopenia|leukopenia|leucopenia|pancytopenia)\b/gi,
    absenceIsValue: false,
  },
  {
    kind: 'pattern',
    name: 'infection.clause',
    field: 'infections',
    confidence: 0.88,
    // The clause pattern scans from every place in the sentence: only sentences naming an infection are tried.
    gate: /\b(?:infections?|pneumonia|sepsis|reactivation)\b/i,
    pattern: /[^.;]*\b(?<term>infections?|pneumonia|sepsis|(?:CMV|EBV|HBV|viral)\s+reactivation)\b[^.;]*/gi,
    focus: 'term',
    onNegated: 'keep',
  },
  {
    kind: 'pattern',
    name: 'hypogammaglobulinaemia.clause',
    field: 'other_adverse_events',
    confidence: 0.9,
    gate: /hypogammaglobulin/i,
    pattern: /[^.;]*\b(?<term>hypogammaglobulin(?:a)?emia)\b[^.;]*/gi,
    focus: 'term',
    onNegated: 'keep',
  },
  {
    kind: 'pattern',
    name: 'deaths.none',
    field: 'deaths',
    confidence: 0.95,
    gate: /\b(?:died|deaths?)\b/i,
    pattern: /\b(?:no\s+(?:patients?|participants?|subjects?|one)\s+died|no\s+deaths?\s+(?:occurred|were\s+(?:reported|observed))|there\s+were\s+no\s+deaths|none\s+of\s+the\s+(?:patients|participants)\s+died|no\s+(?:treatment-related\s+)?deaths)\b/gi,
    onNegated: 'keep',
    value: count(0),
  },
  {
    kind: 'pattern',
    name: 'deaths.n-died',
    field: 'deaths',
    confidence: 0.9,
    gate: /\bdied\b/i,
    pattern: new RegExp(`\\b${NUM}\\s+(?:patients?|participants?|subjects?)\\s+died\\b`, 'gi'),
    onNegated: 'drop',
  },
];

/**
 * What makes a sentence speak of a field at all, for omission alerts: "the text mentions ICANS; the
 * ICANS field is empty". Broader than the rules: a mention need not state a value.
 */
export const FIELD_MENTIONS: ReadonlyMap<string, RegExp> = new Map([
  ['crs_grade', /\b(?:cytokine[- ]release syndrome|CRS)\b/i],
  ['icans_grade', /\b(?:ICANS|neurotoxicity)\b/i],
  ['cytopenias', /\b(?:neutropenia|an(?:a)?emia|thrombocytopenia|lymphopenia|leukopenia|pancytopenia|cytopenias?)\b/i],
  ['infections', /\binfections?\b/i],
  ['deaths', /\b(?:died|deaths?|fatal(?:ity|ities)?)\b/i],
  ['dose', /\b(?:cells\s*\/\s*kg|cells per kg|dose of)\b/i],
  ['lymphodepletion', /\b(?:lymphodepleti\w*|fludarabine|cyclophosphamide)\b/i],
  ['follow_up', /\bfollow[-‐ ]up\b/i],
  ['registration_id', /\b(?:NCT\d{8}|ChiCTR\d+|EudraCT)\b/i],
  ['target_antigen', /\b(?:CD19|BCMA|CD20)\b/i],
]);

/**
 * Schema v3's Per patient fields: a value the text gives for a named patient of a case series
 * ("Patient 2 had no CRS") goes to the patient's field rather than the study's, with that patient.
 * Each pair has the same value type, so the reading stays as it is.
 */
export const PER_PATIENT_FIELDS: ReadonlyMap<string, string> = new Map([
  ['age', 'patient_age'],
  ['sex', 'patient_sex'],
  ['condition', 'patient_disease'],
  ['prior_treatments', 'patient_prior_treatments'],
  ['dose', 'patient_product_dose'],
  ['lymphodepletion', 'patient_lymphodepletion'],
  ['crs_grade', 'patient_crs'],
  ['icans_grade', 'patient_icans'],
  ['cytopenias', 'patient_cytopenias'],
  ['infections', 'patient_infections'],
  ['efficacy', 'patient_response'],
  ['follow_up', 'patient_follow_up'],
]);

/** The term a graded rule (or a mention) looks for, exported for the tests of the reader's input. */
export const LYMPHODEPLETION_DRUGS = LD_DRUG;
