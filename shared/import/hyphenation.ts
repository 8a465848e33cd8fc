// Decides whether a hyphen at the end of a PDF line broke a word ("treat-" + "ment") or belongs to
// a compound that happened to end the line ("disease-" + "related", "CD19-" + "targeting").
//
// The trade-off: without a dictionary no rule is always right. Typesetting hyphenation is far more
// common than a compound breaking at its own hyphen, so the hyphen goes unless something says it is
// part of a compound. What says so, strongest first, is kept as data below:
//   1. the shape of the parts: a capital or digit after the hyphen, or an acronym or number before it
//      ("anti-" + "CD19", "IL-6-" + "receptor"), is a compound; hyphenation never splits those;
//   2. the document itself: a word written elsewhere in the same text with its hyphen keeps it, a
//      word written elsewhere without one loses it; this beats any list;
//   3. closed words that a prefix rule below would wrongly keep ("anti-" + "body" is "antibody");
//   4. prefixes and second parts that make hyphenated compounds in clinical English ("follow-up",
//      "long-term", "disease-related", "self-reported").
// A compound such as "co-" + "operation" is then read as "cooperation", and a word broken before a
// listed second part ("sa-" + "line" is saline, listed; an unlisted one is not) keeps a hyphen it
// should lose; the document evidence in rule 2 corrects most of both, since articles repeat words.

/** Words from the rest of the document, lower-cased, to settle a line-end hyphen. */
export interface HyphenEvidence {
  /** Words written with an inner hyphen ("disease-related"). */
  hyphenated: ReadonlySet<string>;
  /** Words written without one ("treatment"). */
  plain: ReadonlySet<string>;
}

export const NO_EVIDENCE: HyphenEvidence = { hyphenated: new Set(), plain: new Set() };

/**
 * Prefixes that keep their hyphen before a lower-case word in clinical writing ("anti-inflammatory",
 * "non-inferiority", "self-reported"). Prefixes that clinical English mostly closes up ("pre",
 * "post", "multi") are left out: a break after them is far more often typesetting ("pre-cision").
 */
export const HYPHEN_PREFIXES: ReadonlySet<string> = new Set(['anti', 'non', 'self', 'all', 'half', 'quasi', 'well', 'cross']);

/** Second parts that make a compound with a word of three or more letters before them. */
export const COMPOUND_TAILS: ReadonlySet<string> = new Set([
  'up', 'in', 'term', 'related', 'based', 'associated', 'induced', 'mediated', 'dependent', 'independent',
  'free', 'specific', 'derived', 'targeting', 'targeted', 'directed', 'like', 'positive', 'negative', 'treated',
  'naive', 'naïve', 'refractory', 'resistant', 'limiting', 'threatening', 'dose', 'risk', 'label', 'blind', 'arm',
  'world', 'line', 'year', 'month', 'week', 'onset', 'reported', 'controlled', 'matched', 'adjusted', 'weighted',
  'lasting', 'sparing', 'depleting', 'expressing', 'producing', 'binding', 'containing', 'modifying', 'sensitive',
  'wide', 'scale', 'level', 'standing', 'cell', 'cells', 'group',
]);

/** Whole compounds that are always written with their hyphen, whatever the lists above say. */
export const KNOWN_COMPOUNDS: ReadonlySet<string> = new Set([
  'year-old', 'month-old', 'week-old', 'day-old', 'wild-type', 'follow-up', 'well-being', 'half-life', 'run-in',
  'wash-out', 'cut-off', 'drop-out', 'check-in', 'quality-of', 'end-of', 'day-to', 'case-control', 'dose-escalation',
]);

/** Prefixes that never take a hyphen: a break after them is always typesetting. */
export const CLOSED_PREFIXES: ReadonlySet<string> = new Set([
  'un', 'in', 'im', 'il', 'ir', 'dis', 're', 'de', 'con', 'com', 'cor', 'pro', 'sub', 'trans', 'inter', 'intra',
  'hyper', 'hypo', 'immuno', 'auto', 'over', 'under', 'mis', 'bio', 'micro', 'macro', 'neuro', 'cardio', 'lympho',
  'chemo', 'geno', 'pheno', 'proto', 'sero', 'iso', 'ex',
]);

/** Closed words that a prefix or second part above would otherwise keep hyphenated. */
export const CLOSED_WORDS: ReadonlySet<string> = new Set([
  'antibody', 'antibodies', 'antigen', 'antigens', 'antigenic', 'antibiotic', 'antibiotics', 'anticoagulant',
  'anticoagulation', 'anticipated', 'antiviral', 'antifungal', 'antimicrobial', 'nonetheless', 'selfish',
  'crossing', 'crossed', 'crosses', 'crossover', 'wellbeing', 'baseline', 'baselines', 'guideline', 'guidelines',
  'timeline', 'timelines', 'outline', 'decline', 'declined', 'checkpoint', 'checkpoints', 'threshold', 'thresholds',
  'worldwide', 'nationwide', 'correlated', 'correlate', 'correlates', 'unrelated', 'throughout', 'within', 'without',
  'therein', 'herein', 'protein', 'proteins', 'vitamin', 'insulin', 'heparin', 'aspirin', 'toxin', 'toxins',
  'moreover', 'whereof', 'thereof', 'hereto', 'thereto', 'likewise', 'lifelong', 'headline', 'hairline', 'midline',
  'pipeline', 'frontline', 'discipline', 'feline', 'saline', 'alkaline', 'masculine', 'crystalline',
]);

/** What to do with a hyphen at a line end: drop it ("treatment") or keep it with no space ("CD19-targeting"). */
export type HyphenDecision = 'drop' | 'keep';

/**
 * `before` is the broken word up to the hyphen ("treat", "CD19", "IL-6"), `after` the first word of
 * the next line ("ment", "targeting", "receptor"), both without surrounding punctuation.
 */
export function lineEndHyphen(before: string, after: string, evidence: HyphenEvidence = NO_EVIDENCE): HyphenDecision {
  if (before.length === 0 || after.length === 0) return 'keep';
  // 1. Shape: capitals, digits, or an inner hyphen in the first part mark a compound.
  if (/^[\p{Lu}\p{N}]/u.test(after)) return 'keep';
  if (/[\p{N}]/u.test(before) || /\p{Lu}/u.test(before.slice(1)) || /^\p{Lu}$/u.test(before) || before.includes('-')) return 'keep';
  if (!/^\p{L}+$/u.test(before) || !/^\p{L}/u.test(after)) return 'keep';

  const first = before.toLowerCase();
  const second = after.toLowerCase();
  const tail = /^\p{L}+/u.exec(second)?.[0] ?? second;
  const joined = first + tail;
  // 2. The document's own spelling.
  const withHyphen = evidence.hyphenated.has(`${first}-${tail}`);
  const without = evidence.plain.has(joined);
  if (withHyphen && !without) return 'keep';
  if (without && !withHyphen) return 'drop';
  // 3. Known compounds, closed words, and prefixes that never take a hyphen.
  if (KNOWN_COMPOUNDS.has(`${first}-${tail}`)) return 'keep';
  if (CLOSED_WORDS.has(joined) || CLOSED_PREFIXES.has(first)) return 'drop';
  // 4. Compound patterns. A first part of one or two letters is a syllable, not a word ("ad-", "re-").
  if (HYPHEN_PREFIXES.has(first)) return 'keep';
  if (first.length >= 3 && COMPOUND_TAILS.has(tail)) return 'keep';
  return 'drop';
}

/** Collects the document's spellings from its lines; a line's last word, if it ends in a hyphen, says nothing. */
export function collectEvidence(lines: Iterable<string>): HyphenEvidence {
  const hyphenated = new Set<string>();
  const plain = new Set<string>();
  for (const line of lines) {
    const words = line.split(/\s+/);
    words.forEach((raw, index) => {
      if (index === words.length - 1 && /[-\u2010]$/.test(raw)) return;
      const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
      if (word.length === 0) return;
      if (/^\p{L}+(?:[-\u2010]\p{L}+)+$/u.test(word)) {
        const parts = word.split(/[-\u2010]/);
        // "follow-up-visits" tells about both joints.
        for (let i = 0; i + 1 < parts.length; i += 1) hyphenated.add(`${parts[i]}-${parts[i + 1]}`);
      } else if (/^\p{L}+$/u.test(word)) {
        plain.add(word);
      }
    });
  }
  return { hyphenated, plain };
}
