// The search box's language, parsed into SQLite FTS5's query syntax plus the filters that are not
// text (year, type, status). Reviewers type words, "phrases", prefixes*, AND/OR/NOT (or -word) and
// field:value; every word is re-tokenised the way the index's unicode61 tokenizer does, and every
// token is quoted, so nothing a reviewer types can reach FTS5 as syntax of its own.
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, REVIEW_STATUS_LABELS, REVIEW_STATUSES } from '../model';
import type { DocumentType, ReviewStatusValue } from '../model';
import { searchTokens } from './tokens';

/** Fields searched as text: each is a column of the index. */
export const TEXT_FIELDS = ['title', 'author', 'journal', 'text'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** The index column each text field names (authors are stored as one column of names). */
export const FIELD_COLUMNS: Readonly<Record<TextField, string>> = { title: 'title', author: 'authors', journal: 'journal', text: 'body' };

export interface YearRange {
  from: number;
  to: number;
}

export interface SearchFilters {
  years: YearRange | null;
  types: DocumentType[];
  excludedTypes: DocumentType[];
  statuses: ReviewStatusValue[];
  excludedStatuses: ReviewStatusValue[];
}

export interface ParsedQuery {
  /** The FTS5 MATCH expression, or null when only filters were given. */
  match: string | null;
  filters: SearchFilters;
  /** The words and phrases looked for (not those left out), for painting them in the reader. */
  terms: string[];
  /** The text fields named (title:, author:…); annotations have none of them, so such a search finds no notes. */
  fields: TextField[];
}

export type QueryParse = { ok: true; query: ParsedQuery } | { ok: false; message: string };

type Token =
  | { kind: 'word'; field: string | null; text: string; quoted: boolean; prefix: boolean; negated: boolean }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' }
  | { kind: 'open' }
  | { kind: 'close' };

type Node =
  | { kind: 'term'; field: TextField | null; column: string | null; tokens: string[]; prefix: boolean }
  | { kind: 'filter'; field: 'year' | 'type' | 'status'; value: string }
  | { kind: 'and'; children: Node[] }
  | { kind: 'or'; children: Node[] }
  | { kind: 'not'; child: Node };

class QueryError extends Error {}

const FIELD_NAMES = new Map<string, string>([
  ['title', 'title'],
  ['author', 'author'],
  ['authors', 'author'],
  ['journal', 'journal'],
  ['text', 'text'],
  ['body', 'text'],
  ['year', 'year'],
  ['type', 'type'],
  ['status', 'status'],
]);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/u.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '(') {
      tokens.push({ kind: 'open' });
      i += 1;
      continue;
    }
    if (ch === ')') {
      tokens.push({ kind: 'close' });
      i += 1;
      continue;
    }
    let negated = false;
    if (ch === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1]!)) {
      negated = true;
      i += 1;
    }
    // An optional field name before a colon.
    let field: string | null = null;
    const fieldMatch = /^([A-Za-z]+):/u.exec(input.slice(i));
    if (fieldMatch && FIELD_NAMES.has(fieldMatch[1]!.toLowerCase())) {
      field = FIELD_NAMES.get(fieldMatch[1]!.toLowerCase())!;
      i += fieldMatch[0].length;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      if (end === -1) throw new QueryError('A quotation mark is not closed: end the phrase with another ".');
      const text = input.slice(i + 1, end);
      i = end + 1;
      const prefix = input[i] === '*';
      if (prefix) i += 1;
      tokens.push({ kind: 'word', field, text, quoted: true, prefix, negated });
      continue;
    }
    let end = i;
    while (end < input.length && !/[\s()"]/u.test(input[end]!)) end += 1;
    const raw = input.slice(i, end);
    i = end;
    if (raw === '' && field === null && !negated) {
      // A lone character we cannot use (a stray quote is handled above); skip it.
      i += 1;
      continue;
    }
    if (field === null && !negated && (raw === 'AND' || raw === 'OR' || raw === 'NOT')) {
      tokens.push({ kind: 'op', op: raw });
      continue;
    }
    if (raw === '' && field !== null) throw new QueryError(`Say what to look for after “${field}:”.`);
    const prefix = raw.endsWith('*');
    tokens.push({ kind: 'word', field, text: prefix ? raw.replace(/\*+$/u, '') : raw, quoted: false, prefix, negated });
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node | null {
    if (this.tokens.length === 0) return null;
    const node = this.orExpr();
    if (this.at < this.tokens.length) throw new QueryError('A closing bracket has no opening one.');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private orExpr(): Node {
    const children = [this.andExpr()];
    while (this.peek()?.kind === 'op' && (this.peek() as { op: string }).op === 'OR') {
      this.at += 1;
      if (this.atEnd()) throw new QueryError('OR needs something to look for on both sides.');
      children.push(this.andExpr());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private atEnd(): boolean {
    const next = this.peek();
    return next === undefined || next.kind === 'close' || (next.kind === 'op' && next.op === 'OR');
  }

  private andExpr(): Node {
    const children: Node[] = [];
    while (!this.atEnd()) {
      const next = this.peek()!;
      if (next.kind === 'op' && next.op === 'AND') {
        this.at += 1;
        if (children.length === 0 || this.atEnd()) throw new QueryError('AND needs something to look for on both sides.');
        continue;
      }
      if (next.kind === 'op' && next.op === 'NOT') {
        this.at += 1;
        if (this.atEnd()) throw new QueryError('NOT needs something after it to leave out.');
        children.push({ kind: 'not', child: this.unary() });
        continue;
      }
      children.push(this.unary());
    }
    if (children.length === 0) {
      const next = this.peek();
      if (next?.kind === 'op' && next.op === 'OR') throw new QueryError('OR needs something to look for on both sides.');
      throw new QueryError('Brackets with nothing inside: put words between them.');
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private unary(): Node {
    const next = this.peek()!;
    this.at += 1;
    if (next.kind === 'open') {
      const inner = this.orExpr();
      if (this.peek()?.kind !== 'close') throw new QueryError('A bracket is not closed: add a “)”.');
      this.at += 1;
      return inner;
    }
    if (next.kind === 'close') throw new QueryError('A closing bracket has no opening one.');
    if (next.kind === 'op') throw new QueryError(`${next.op} needs something to look for before and after it.`);
    const node = termNode(next);
    return next.negated ? { kind: 'not', child: node } : node;
  }
}

function termNode(token: Extract<Token, { kind: 'word' }>): Node {
  if (token.field === 'year' || token.field === 'type' || token.field === 'status') return { kind: 'filter', field: token.field, value: token.text.trim() };
  const tokens = searchTokens(token.text);
  if (tokens.length === 0) throw new QueryError(`“${token.text}” has no letters or digits to look for.`);
  const field = token.field as TextField | null;
  return { kind: 'term', field, column: field === null ? null : FIELD_COLUMNS[field], tokens, prefix: token.prefix };
}

/** One FTS5 string: every token in double quotes (a quote inside is doubled), so it is never syntax. */
function ftsString(tokens: readonly string[]): string {
  return `"${tokens.join(' ').replaceAll('"', '""')}"`;
}

function compile(node: Node): string {
  switch (node.kind) {
    case 'term': {
      const phrase = ftsString(node.tokens) + (node.prefix ? ' *' : '');
      return node.column === null ? phrase : `${node.column} : ${phrase}`;
    }
    case 'or':
      return `(${node.children.map(compile).join(' OR ')})`;
    case 'and': {
      const positives = node.children.filter((child) => child.kind !== 'not');
      const negatives = node.children.filter((child): child is Extract<Node, { kind: 'not' }> => child.kind === 'not');
      if (positives.length === 0) throw new QueryError('Give at least one word to look for, not only words to leave out.');
      let expression = positives.length === 1 ? compile(positives[0]!) : `(${positives.map(compile).join(' AND ')})`;
      for (const negative of negatives) expression = `(${expression} NOT ${compile(negative.child)})`;
      return expression;
    }
    case 'not':
      throw new QueryError('Give at least one word to look for, not only words to leave out.');
    case 'filter':
      throw new QueryError(`Put ${node.field}: beside the words, not inside OR or brackets.`);
  }
}

function containsFilter(node: Node): boolean {
  if (node.kind === 'filter') return true;
  if (node.kind === 'not') return containsFilter(node.child);
  if (node.kind === 'term') return false;
  return node.children.some(containsFilter);
}

function fieldsOf(node: Node, out: Set<TextField>): Set<TextField> {
  if (node.kind === 'term' && node.field !== null) out.add(node.field);
  else if (node.kind === 'not') fieldsOf(node.child, out);
  else if (node.kind === 'and' || node.kind === 'or') node.children.forEach((child) => fieldsOf(child, out));
  return out;
}

function termsOf(node: Node, out: string[]): string[] {
  if (node.kind === 'term') out.push(node.tokens.join(' '));
  else if (node.kind === 'and' || node.kind === 'or') node.children.forEach((child) => termsOf(child, out));
  return out;
}

function pickOne<T extends string>(value: string, ids: readonly T[], labels: Readonly<Record<T, string>>, what: string): T {
  const wanted = value.toLowerCase().replace(/[\s_]+/gu, '-');
  const found = ids.find((id) => id === wanted || labels[id].toLowerCase().replace(/\s+/gu, '-') === wanted);
  if (found !== undefined) return found;
  throw new QueryError(`There is no ${what} “${value}”: use one of ${ids.map((id) => labels[id].toLowerCase()).join(', ')}.`);
}

function yearRange(value: string): YearRange {
  const single = /^(\d{4})$/u.exec(value);
  if (single) return { from: Number(single[1]), to: Number(single[1]) };
  const range = /^(\d{4})?(?:\.\.|-)(\d{4})?$/u.exec(value);
  if (range && (range[1] !== undefined || range[2] !== undefined)) {
    const from = range[1] === undefined ? 0 : Number(range[1]);
    const to = range[2] === undefined ? 9999 : Number(range[2]);
    if (from > to) throw new QueryError(`The years ${value} run backwards: put the earlier year first.`);
    return { from, to };
  }
  throw new QueryError(`“year:${value}” is not a year: write year:2021, year:2019..2022, year:2019.. or year:..2022.`);
}

function applyFilter(filters: SearchFilters, node: Extract<Node, { kind: 'filter' }>, negated: boolean): void {
  if (node.value === '') throw new QueryError(`Say what to look for after “${node.field}:”.`);
  if (node.field === 'year') {
    if (negated) throw new QueryError('Years cannot be left out with NOT: give the years to keep, e.g. year:..2019.');
    const range = yearRange(node.value);
    const current = filters.years;
    filters.years = current === null ? range : { from: Math.max(current.from, range.from), to: Math.min(current.to, range.to) };
  } else if (node.field === 'type') {
    (negated ? filters.excludedTypes : filters.types).push(pickOne(node.value, DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS, 'type'));
  } else {
    (negated ? filters.excludedStatuses : filters.statuses).push(pickOne(node.value, REVIEW_STATUSES, REVIEW_STATUS_LABELS, 'status'));
  }
}

/** Parses what a reviewer typed; a mistake comes back as a sentence saying how to fix it. */
export function parseSearchQuery(input: string): QueryParse {
  try {
    const root = new Parser(lex(input)).parse();
    const filters: SearchFilters = { years: null, types: [], excludedTypes: [], statuses: [], excludedStatuses: [] };
    if (root === null) return { ok: false, message: 'Type something to look for.' };
    // Filters apply to the whole search: they are taken from the top level, beside the words.
    const conjuncts = root.kind === 'and' ? root.children : [root];
    const rest: Node[] = [];
    for (const child of conjuncts) {
      if (child.kind === 'filter') applyFilter(filters, child, false);
      else if (child.kind === 'not' && child.child.kind === 'filter') applyFilter(filters, child.child, true);
      else if (containsFilter(child)) throw new QueryError('Put year:, type: and status: beside the words, not inside OR, NOT or brackets.');
      else rest.push(child);
    }
    if (rest.length > 0 && rest.every((child) => child.kind === 'not')) throw new QueryError('Give at least one word to look for, not only words to leave out.');
    const text: Node | null = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and', children: rest };
    return { ok: true, query: { match: text === null ? null : compile(text), filters, terms: text === null ? [] : [...new Set(termsOf(text, []))], fields: text === null ? [] : [...fieldsOf(text, new Set())] } };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, message: error.message };
    throw error;
  }
}
