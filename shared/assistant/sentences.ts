// Sentences and tokens of a document with wink-nlp and its bundled English model (both MIT; the
// model ships inside its npm package, so nothing is fetched at run time). wink reports tokens by
// index; their UTF-16 offsets come from adding up each token's preceding spaces and its text,
// which rebuilds the input exactly (checked in the tests), so every span points into the stored text.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface Span {
  start: number;
  end: number;
}

export interface SentenceSplitter {
  /** Sentence spans of `text`, in order, trimmed of surrounding whitespace. */
  sentences(text: string): Span[];
}

type WinkInstance = ReturnType<typeof winkNLP>;
let shared: WinkInstance | null = null;

// The model is large (3 MB of JSON): load it once per worker or test process, on first use.
function wink(): WinkInstance {
  shared ??= winkNLP(model, ['sbd']);
  return shared;
}

/** Token spans and sentence spans of `text`, by wink's sentence boundary detection. */
export function winkSentences(text: string): Span[] {
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const tokenStart = new Array<number>(values.length);
  const tokenEnd = new Array<number>(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]!;
    at += spaces[i]!.length;
    // wink rebuilds the text exactly in every case tested; should a token ever not sit where the
    // spaces put it, it is looked for just ahead, so offsets stay true to the stored text.
    if (!text.startsWith(value, at)) {
      const found = text.indexOf(value, Math.max(0, at - spaces[i]!.length));
      if (found >= 0) at = found;
    }
    tokenStart[i] = at;
    at += value.length;
    tokenEnd[i] = Math.min(at, text.length);
  }
  const spans: Span[] = [];
  for (const [first, last] of doc.sentences().out(its.span) as unknown as [number, number][]) {
    let start = tokenStart[first] ?? 0;
    let end = tokenEnd[last] ?? start;
    while (start < end && /\s/.test(text[start]!)) start += 1;
    while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
    if (end <= start) continue;
    // wink ends a sentence at a dot inside a code or number ("MB-CART19.1"): a sentence that starts
    // right where the previous one ended, with no space between, continues it.
    const previous = spans[spans.length - 1];
    if (previous && previous.end === start && !/\s/.test(text[start] ?? ' ')) previous.end = end;
    else spans.push({ start, end });
  }
  return spans;
}

export const winkSplitter: SentenceSplitter = { sentences: winkSentences };
