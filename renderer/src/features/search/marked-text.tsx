// A snippet or title from the index with its matches drawn as <mark>: the text is split into
// segments and rendered as React text, so nothing from a document ever reaches the page as HTML.
import { markedSegments } from '@shared/search/marked';

export function MarkedText({ marked }: { marked: string }) {
  return (
    <>
      {markedSegments(marked).map((segment, i) => (segment.marked ? <mark key={i}>{segment.text}</mark> : segment.text))}
    </>
  );
}
