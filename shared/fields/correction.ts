// A reviewer's correction of a value, as stored: what they entered, exactly, with who and when, and
// the machine's first reading kept beside it so "corrected from …" can always be shown.
import type { FieldTag, ReviewerId } from '../model';
import type { FieldValue } from './types';

/**
 * The tag after a correction. The machine reading is kept only the first time: correcting a
 * correction keeps what the machine read, not the reviewer's earlier entry.
 */
export function correctedTag(tag: FieldTag, entered: FieldValue, by: ReviewerId | null, at: string): FieldTag {
  return {
    ...tag,
    value: entered,
    status: 'manual',
    reason: null,
    machineReading: tag.machineReading ?? { value: tag.value, reason: tag.reason },
    review: { state: 'corrected', by, at },
  };
}
