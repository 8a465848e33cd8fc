// @vitest-environment node
// Three-way merge of an edit with what was stored meanwhile: the other side's changes always
// survive, the reviewer's own always land unless both changed one field differently.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeEdit } from '@shared/merge-edit';

type Rec = Record<'a' | 'b' | 'c' | 'd', string | number | string[] | null>;
const value = fc.oneof(fc.constantFrom('x', 'y', ''), fc.integer({ min: 0, max: 2 }), fc.constant(null), fc.array(fc.constantFrom('p', 'q'), { maxLength: 2 }));
const rec = fc.record({ a: value, b: value, c: value, d: value });
const keys = ['a', 'b', 'c', 'd'] as const;
const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

describe('mergeEdit', () => {
  it('writes exactly the fields only the reviewer changed, keeps the rest of the stored record, and flags fields both changed differently', () => {
    fc.assert(
      fc.property(rec, rec, rec, (base: Rec, current: Rec, proposed: Rec) => {
        const { changes, conflicts } = mergeEdit<Rec>(base, current, proposed);
        const result = { ...current, ...changes };
        for (const key of keys) {
          const mine = !same(proposed[key], base[key]);
          const theirs = !same(current[key], base[key]);
          if (mine && theirs && !same(proposed[key], current[key])) expect(conflicts).toContain(key);
          else expect(conflicts).not.toContain(key);
          if (mine && !theirs) expect(result[key]).toEqual(proposed[key]);
          // Another window's change is never reverted.
          if (theirs) expect(result[key]).toEqual(current[key]);
          if (!mine && !theirs) expect(result[key]).toEqual(current[key]);
        }
      }),
    );
  });

  it('writes a proposed field the base does not hold without a check', () => {
    expect(mergeEdit<Rec>({ a: 'x' }, { a: 'x', b: 'y', c: null, d: 0 }, { b: 'z' })).toEqual({ changes: { b: 'z' }, conflicts: [] });
  });

  it('reads no field through the prototype chain', () => {
    const proposed = Object.create({ a: 'inherited' }) as Partial<Rec>;
    expect(mergeEdit<Rec>({}, { a: 'x', b: 'y', c: null, d: 0 }, proposed)).toEqual({ changes: {}, conflicts: [] });
  });
});
