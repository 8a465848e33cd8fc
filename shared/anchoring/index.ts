// The anchoring module's public surface: describe a text range as selectors, find it again (one
// annotation, or a whole document's after its text changed), and hit-test anchored ranges.
export { CONTEXT_LENGTH, describe } from './describe';
export { anchor, isOrphan } from './anchor';
export type { Anchor, AnchoredRange, OrphanedAnchor } from './anchor';
export { reanchorAll } from './reanchor-all';
export { diffTexts, mapRange } from './text-diff';
export type { MappedRange, TextDiff } from './text-diff';
export {
  BOUNDARY_SLACK,
  FAR_SEED_LENGTH,
  FUZZY_WINDOW_RADIUS,
  LONG_QUOTE_LENGTH,
  MAX_ERRORS_CAP,
  MAX_ERROR_FRACTION,
  MAX_FAR_SEEDS,
  MAX_FAR_VERIFICATIONS,
  MAX_LONG_QUOTE_VERIFICATIONS,
  MAX_SCORED_CANDIDATES,
  MAX_SEED_OCCURRENCES,
  MIN_ANCHOR_SCORE,
  POSITION_HALF_SCORE_DISTANCE,
  POSITION_WEIGHT,
  PREFIX_WEIGHT,
  QUOTE_SEGMENT_LENGTH,
  QUOTE_WEIGHT,
  SELF_EVIDENT_QUOTE_LENGTH,
  SUFFIX_WEIGHT,
} from './match-quote';
export { reanchorReport } from './reanchor-report';
export type { ReanchorReport } from './reanchor-report';
export { createIntervalIndex } from './interval-index';
export type { IntervalIndex, IntervalItem } from './interval-index';
