// React keys for the rows of a windowed list that let a row entering the window take over the
// elements of one that left it. Keyed by document, a jump or a filter unmounts every card and builds
// new ones (elements, a <select> with its options, their styles and layout boxes); keyed by a
// recycled slot, React only rewrites the text and attributes that differ. A row that stays in the
// window keeps its slot, so steady scrolling moves nothing, and the row holding the focus never
// hands its elements to another document (the focus would otherwise sit on a different title).
import { useLayoutEffect, useRef } from 'react';

/**
 * Slots for `ids` given the slots of the last committed window: ids already there keep theirs, new
 * ids take the freed ones in order (except `keep`'s), then new numbers. Pure: the same input gives
 * the same keys, so a render React repeats or discards changes nothing.
 */
export function recycleSlots(ids: readonly string[], previous: ReadonlyMap<string, number>, keep: string | null, nextFree: number): { slots: Map<string, number>; nextFree: number } {
  const slots = new Map<string, number>();
  const current = new Set(ids);
  const freed: number[] = [];
  for (const [id, slot] of previous) if (!current.has(id) && id !== keep) freed.push(slot);
  freed.sort((a, b) => a - b);
  let free = 0;
  let next = nextFree;
  for (const id of ids) {
    const slot = previous.get(id);
    if (slot !== undefined && !slots.has(id)) slots.set(id, slot);
  }
  for (const id of ids) {
    if (slots.has(id)) continue;
    slots.set(id, free < freed.length ? freed[free++]! : next++);
  }
  return { slots, nextFree: next };
}

/**
 * The key of each of `ids` (the rows in the window, in order). `focusedId` is read at render: the
 * id of the row that holds the focus, whose slot is then never given to another row.
 */
export function useRecycledKeys(ids: readonly string[], focusedId: () => string | null): string[] {
  const committed = useRef<{ slots: Map<string, number>; nextFree: number }>({ slots: new Map(), nextFree: 0 });
  // Read in render on purpose: the keys are a pure function of the last committed window (written in
  // the layout effect below, never during render), so a repeated or discarded render gives the same keys.
  // eslint-disable-next-line react-hooks/refs
  const { slots, nextFree } = recycleSlots(ids, committed.current.slots, focusedId(), committed.current.nextFree);
  useLayoutEffect(() => {
    committed.current = { slots, nextFree };
  });
  return ids.map((id) => `slot-${slots.get(id)!}`);
}
