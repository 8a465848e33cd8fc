// The negation, uncertainty and "not this study" cues the assistant reads around a finding, kept as
// data so they can be reviewed and extended without touching the code that applies them.
//
// Source: the trigger categories and scope rules of NegEx (Chapman WW et al., "A simple algorithm for
// identifying negated findings and diseases in discharge summaries", J Biomed Inform 2001;34:301–310)
// and ConText (Harkema H et al., "ConText: an algorithm for determining negation, experiencer, and
// temporal status from clinical reports", J Biomed Inform 2009;42:839–851): a cue opens a scope
// forward or backward, the scope ends at a termination cue or the clause's end, and pseudo-cues
// ("no further", "not only") open none. The phrases below were written for Margin from those rules
// and the wording of CAR-T articles; no lexicon file was copied. Licence: MIT, with the project.

/** What a cue says about a finding in its scope. */
export type CueCategory = 'negated' | 'uncertain' | 'hypothetical' | 'other-study' | 'pseudo' | 'termination';

/** Forward: the finding follows the cue ("no CRS"); backward: it precedes ("CRS was not observed"). */
export type CueDirection = 'forward' | 'backward' | 'both';

export interface ContextCue {
  /** Lower case, words separated by single spaces; matched on word boundaries, case-insensitively. */
  phrase: string;
  category: CueCategory;
  direction: CueDirection;
}

const cues = (category: CueCategory, direction: CueDirection, phrases: string): ContextCue[] =>
  phrases
    .split('|')
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase !== '')
    .map((phrase) => ({ phrase, category, direction }));

export const CONTEXT_CUES: readonly ContextCue[] = [
  // Pseudo-cues first in meaning: they contain a negation word but negate nothing.
  ...cues('pseudo', 'both', 'no further | not only | no increase | no change | not necessarily | without difficulty | no more than | not more than | did not exceed | no higher than | gram negative | not all'),
  ...cues(
    'negated',
    'forward',
    'no | not | without | neither | nor | none of | no evidence of | no signs of | no sign of | absence of | free of | negative for | ruled out | denied | never | no patient had | no patients had | no patient developed | no patients developed | no participant had | none had | no episodes of | no cases of',
  ),
  ...cues(
    'negated',
    'backward',
    'did not occur | was not observed | were not observed | was not seen | were not seen | was not reported | were not reported | was absent | were absent | did not develop | was ruled out | not observed | not seen | not evident | was not evident | did not occur in any patient',
  ),
  ...cues(
    'uncertain',
    'forward',
    'possible | possibly | probable | probably | suspected | suspicion of | likely | unlikely | may have | might have | questionable | presumed | presumably | cannot exclude | could not exclude | cannot rule out | consistent with | suggestive of | concern for',
  ),
  ...cues('uncertain', 'backward', 'could not be excluded | cannot be excluded | could not be ruled out | cannot be ruled out | was suspected | was possible | is possible'),
  ...cues(
    'hypothetical',
    'forward',
    'can cause | could cause | may cause | can lead to | could lead to | may lead to | risk of | risks of | include | includes | including the risk of | if | in case of | should | would | potential for | monitor for | monitoring for | prophylaxis for | prophylaxis against | to prevent | to avoid',
  ),
  ...cues('hypothetical', 'backward', 'has been described | have been described | has been reported | have been reported | can occur | may occur | could occur'),
  ...cues(
    'other-study',
    'forward',
    'other products | other studies | previous studies | earlier studies | another trial | another study | other trials | in oncology | in lymphoma | in myeloma | in leukemia | in leukaemia | in previous | prior studies | other fda approved | other car t | approved car t',
  ),
  ...cues('other-study', 'backward', 'with other products | in other studies | in previous studies | in earlier studies | in other trials | in oncology | in lymphoma'),
  // A scope ends at these words: "no ICANS, but grade 1 CRS" keeps the CRS affirmed.
  ...cues('termination', 'both', 'but | however | although | though | whereas | while | except | apart from | aside from | which | who | yet | still | instead'),
];
