// The grading scales a grade field can use: how reviewers name them and which grades exist, so the
// reader, the formatter and the schema checks agree.
import type { GradeScale } from './types';

/** The scale as written in the form and in exports. */
export const GRADE_SCALE_NAMES: Record<GradeScale, string> = {
  'ASTCT-CRS': 'ASTCT CRS',
  'ASTCT-ICANS': 'ASTCT ICANS',
  CTCAE: 'CTCAE',
};

/**
 * The highest grade of each scale. ASTCT consensus grades CRS and ICANS 1–4 (a death is recorded
 * as an outcome, not as grade 5); CTCAE grade 5 is death related to the adverse event.
 */
export const GRADE_SCALE_MAX: Record<GradeScale, number> = {
  'ASTCT-CRS': 4,
  'ASTCT-ICANS': 4,
  CTCAE: 5,
};

/** "ASTCT CRS scale (grades 1–4; 0 means absent)": for messages about grades out of range. */
export function describeScale(scale: GradeScale): string {
  return `${GRADE_SCALE_NAMES[scale]} scale (grades 1–${GRADE_SCALE_MAX[scale]}; 0 means absent)`;
}
