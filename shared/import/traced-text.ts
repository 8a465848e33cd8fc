// Text that remembers, for each UTF-16 unit, which PDF text item and which unit of that item it was
// read from, so the stored text can later be found again on the page (page view highlights, page
// selections). Made characters (spaces between runs, carets, joints) come from no item.

/** Where one unit of text came from: a text item's index on its page and the unit in its string; -1 for made characters. */
export interface Traced {
  text: string;
  item: number[];
  offset: number[];
}

export function traced(text = '', item = -1, offset = 0): Traced {
  return {
    text,
    item: Array.from({ length: text.length }, () => item),
    offset: Array.from({ length: text.length }, (_, i) => (item < 0 ? -1 : offset + i)),
  };
}

/** Adds `more` at the end of `into` (in place) and returns it. */
export function appendTraced(into: Traced, more: Traced): Traced {
  into.text += more.text;
  for (let i = 0; i < more.item.length; i += 1) {
    into.item.push(more.item[i]!);
    into.offset.push(more.offset[i]!);
  }
  return into;
}

export function sliceTraced(source: Traced, start: number, end = source.text.length): Traced {
  return { text: source.text.slice(start, end), item: source.item.slice(start, end), offset: source.offset.slice(start, end) };
}

export function joinTraced(parts: readonly Traced[], separator: string): Traced {
  const out = traced();
  parts.forEach((part, index) => {
    if (index > 0) appendTraced(out, traced(separator));
    appendTraced(out, part);
  });
  return out;
}

/**
 * `text.replace(/\s+/g, ' ').trim()` with the trace kept: a lone white space keeps its origin, a run
 * of several becomes one made space.
 */
export function collapseSpaces(source: Traced): Traced {
  const out = traced();
  const { text } = source;
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      let j = i;
      while (j < text.length && /\s/.test(text[j]!)) j += 1;
      if (out.text.length > 0 && j < text.length) {
        if (j - i === 1 && text[i] === ' ') appendTraced(out, sliceTraced(source, i, j));
        else appendTraced(out, traced(' '));
      }
      i = j;
      continue;
    }
    appendTraced(out, sliceTraced(source, i, i + 1));
    i += 1;
  }
  return out;
}

/** Removes every white space unit, keeping the trace of the rest. */
export function withoutSpaces(source: Traced): Traced {
  const out = traced();
  for (let i = 0; i < source.text.length; i += 1) if (!/\s/.test(source.text[i]!)) appendTraced(out, sliceTraced(source, i, i + 1));
  return out;
}
