// Turns the bytes of a reviewer's text file into a string (the host's TextDecoder for well-formed UTF-8,
// by hand for damaged bytes, whose count decides), and refuses files that are not text, so a renamed
// image never becomes a document full of noise.
import type { IncomingDocument } from '../model';
import { importedDocument } from './incoming';
import { detectMetadata } from './metadata';
import type { DecodeResult, ImportResult } from './types';

const REPLACEMENT = 0xfffd;

/**
 * Invalid UTF-8 sequences tolerated per byte. A text's bytes are fixed once stored, so a replacement
 * character would stay forever: a small file must decode cleanly, a large one may carry a handful
 * of damaged bytes (one per 10,000) before we ask for a re-save.
 */
const INVALID_PER_BYTE = 1 / 10_000;
/**
 * Control characters (other than tab, line feed, carriage return, form feed) tolerated per character.
 * This and NUL bytes tell binary data from text; damaged UTF-8 alone does not, since a Greek or
 * Cyrillic file in a legacy encoding is mostly high bytes and deserves the encoding message.
 */
const CONTROL_SHARE = 0.01;

export const EMPTY_FILE_REASON = 'This file is empty.';
export const BLANK_FILE_REASON = 'This file holds only blank space; there is no text to import.';
export const BINARY_FILE_REASON =
  'This file holds binary data, not text (is it an image, a Word file or an archive with the wrong name?).';
export const NOT_UTF8_REASON =
  'This file is not UTF-8 text (it may use an older encoding such as Windows-1252); save it as UTF-8 and import it again.';

export interface Decoded {
  text: string;
  /** Damaged sequences, not counting one cut off by the end of the file. */
  invalid: number;
  /** Bytes read, for the tolerance. */
  size: number;
}

/** Collects UTF-16 code units and builds the string in chunks, so large files do not build it a unit at a time. */
class CodeUnitSink {
  private readonly parts: string[] = [];
  private buffer: number[] = [];

  push(unit: number): void {
    this.buffer.push(unit);
    if (this.buffer.length >= 8192) this.flush();
  }

  pushCodePoint(codePoint: number): void {
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      this.push(0xd800 + (offset >> 10));
      this.push(0xdc00 + (offset & 0x3ff));
    } else {
      this.push(codePoint);
    }
  }

  toString(): string {
    this.flush();
    return this.parts.join('');
  }

  private flush(): void {
    if (this.buffer.length > 0) this.parts.push(String.fromCharCode(...this.buffer));
    this.buffer = [];
  }
}

/** Bounds of the second byte of a sequence, per lead byte (the WHATWG/Unicode table of well-formed UTF-8). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * The host's strict UTF-8 decoder, declared here because shared/ compiles without the DOM library
 * (browsers, workers, Electron and Node all have it). It is some fifty times faster than the loop
 * below on a 50 KB article, which made decoding most of an import's parse time.
 */
interface StrictDecoder {
  decode(input: Uint8Array): string;
}

let strictDecoder: StrictDecoder | null | undefined;

function nativeStrictDecoder(): StrictDecoder | null {
  if (strictDecoder !== undefined) return strictDecoder;
  const Decoder = (globalThis as { TextDecoder?: new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => StrictDecoder }).TextDecoder;
  // ignoreBOM: the caller has already stepped over a leading mark; any other U+FEFF is text.
  strictDecoder = Decoder ? new Decoder('utf-8', { fatal: true, ignoreBOM: true }) : null;
  return strictDecoder;
}

function decodeUtf8(bytes: Uint8Array, start: number): Decoded {
  const native = nativeStrictDecoder();
  if (native !== null) {
    try {
      // Well-formed: the same string as the loop gives, with nothing damaged to count.
      return { text: native.decode(bytes.subarray(start)), invalid: 0, size: bytes.length - start };
    } catch {
      // Damaged bytes: the loop counts them and replaces each as TextDecoder would.
    }
  }
  return decodeUtf8ByHand(bytes, start);
}

/** The decoder for damaged UTF-8 (and hosts without TextDecoder): replacements per WHATWG, and their count. */
export function decodeUtf8ByHand(bytes: Uint8Array, start: number): Decoded {
  const sink = new CodeUnitSink();
  let invalid = 0;
  let i = start;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      sink.push(lead);
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) {
      sink.push(REPLACEMENT);
      invalid += 1;
      i += 1;
      continue;
    }
    let codePoint = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
    let consumed = 1;
    const [low, high] = secondByteRange(lead);
    while (consumed < length) {
      const next = bytes[i + consumed];
      const [min, max] = consumed === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) break;
      codePoint = (codePoint << 6) | (next & 0x3f);
      consumed += 1;
    }
    if (consumed === length) {
      sink.pushCodePoint(codePoint);
    } else {
      // One replacement per maximal ill-formed subpart, as TextDecoder does.
      sink.push(REPLACEMENT);
      if (i + consumed < bytes.length) invalid += 1;
    }
    i += consumed;
  }
  return { text: sink.toString(), invalid, size: bytes.length - start };
}

function decodeUtf16(bytes: Uint8Array, start: number, littleEndian: boolean): Decoded {
  const sink = new CodeUnitSink();
  let invalid = 0;
  const end = bytes.length - ((bytes.length - start) % 2);
  let pendingHigh: number | null = null;
  for (let i = start; i < end; i += 2) {
    const unit = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh !== null) {
      if (isLow) {
        sink.push(pendingHigh);
        sink.push(unit);
        pendingHigh = null;
        continue;
      }
      sink.push(REPLACEMENT);
      invalid += 1;
      pendingHigh = null;
    }
    if (isHigh) pendingHigh = unit;
    else if (isLow) {
      sink.push(REPLACEMENT);
      invalid += 1;
    } else sink.push(unit);
  }
  // A high surrogate or a lone byte at the very end is a file cut short, not a wrong encoding.
  if (pendingHigh !== null || end < bytes.length) sink.push(REPLACEMENT);
  return { text: sink.toString(), invalid, size: bytes.length - start };
}

/** Any character countControls counts (C0 but tab, line feed, carriage return and form feed; DEL; C1), or NUL. */
// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\0-\x08\x0b\x0e-\x1f\x7f-\x9f]/;

function countControls(text: string): { nul: boolean; controls: number } {
  // Nearly every text holds none: one native scan says so several times faster than the loop
  // below, which was the largest part of decoding a 50 KB article (more than the decoder itself).
  if (!CONTROL.test(text)) return { nul: false, controls: 0 };
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0) return { nul: true, controls };
    const isC0 = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c;
    if (isC0 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) controls += 1;
  }
  return { nul: false, controls };
}

/**
 * Decodes UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark. The mark is
 * dropped so offsets start at the text. Binary data, another encoding, and empty files are refused.
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: EMPTY_FILE_REASON };
  let decoded: Decoded;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) decoded = decodeUtf8(bytes, 3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) decoded = decodeUtf16(bytes, 2, true);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoded = decodeUtf16(bytes, 2, false);
  else decoded = decodeUtf8(bytes, 0);

  const { text, invalid, size } = decoded;
  const { nul, controls } = countControls(text);
  if (nul || controls > Math.max(1, text.length * CONTROL_SHARE)) return { ok: false, reason: BINARY_FILE_REASON };
  if (invalid > Math.floor(size * INVALID_PER_BYTE)) return { ok: false, reason: NOT_UTF8_REASON };
  if (text.length === 0) return { ok: false, reason: EMPTY_FILE_REASON };
  if (text.trim().length === 0) return { ok: false, reason: BLANK_FILE_REASON };
  return { ok: true, text };
}

/** CRLF and lone CR become LF, so offsets do not depend on the machine that wrote the file. */
export function normalizeNewlines(text: string): string {
  // Most files hold no CR at all: one native search says so faster than the regular expression
  // scans for it (a tenth of parsing a 50 KB article), and the text comes back as it was.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * A .txt or .md file as a document. Markdown is kept exactly as the reviewer wrote it (only line
 * endings change): it is already readable as text, and stripping markup would eat characters that
 * carry meaning in clinical writing ("p<0.05*", "patient #3", "IL_6") and make quotes differ from
 * the file the reviewer has. The first heading still becomes the title.
 */
export function parsePlainText(name: string, bytes: Uint8Array): ImportResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  return { ok: true, documents: [textDocument(name, normalizeNewlines(decoded.text))], metadataDetected: true };
}

/** A decoded, newline-normalized text as a document, with whatever facts its first lines make obvious. */
export function textDocument(name: string, text: string): IncomingDocument {
  const facts = detectMetadata(text);
  return importedDocument(name, text, {
    title: facts.title,
    authors: facts.authors,
    publishedDate: facts.publishedDate,
    doi: facts.doi,
    pmid: facts.pmid,
    trialRegistration: facts.trialRegistration,
    type: facts.type,
  });
}
