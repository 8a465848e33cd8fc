// `npm run eval:assistant`: runs the suggestion engine on the labelled articles and writes per-field
// precision and recall (held-out, development and all) to bench-results/assistant-eval.json, the
// figures docs/assistant.md reports. Not a pass/fail test: it records what the engine reaches.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { judgeArticle, scoreFields } from '@shared/assistant/evaluate';
import type { ValueLabel } from '@shared/assistant/evaluate';
import { suggestValues } from '@shared/assistant/suggest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { formatValue } from '@shared/fields/format';
import { fieldIndex } from '@shared/fields/schema';
import { FIELD_RULES, PER_PATIENT_FIELDS } from '@shared/assistant/rules';

interface LabelledArticle {
  file: string;
  split: 'dev' | 'held-out';
  labels: ValueLabel[];
}

const root = resolve(import.meta.dirname, '../..');

test('assistant evaluation on the labelled set', () => {
  const set = JSON.parse(readFileSync(resolve(root, 'tests/fixtures/assistant/labels.json'), 'utf8')) as { articles: LabelledArticle[] };
  const runs = set.articles.map((article) => {
    const text = readFileSync(resolve(root, article.file), 'utf8');
    const { suggestions } = suggestValues(text, DEFAULT_SCHEMA);
    const outcome = judgeArticle(suggestions, article.labels);
    return { article, suggestions, outcome };
  });
  const split = (which: 'dev' | 'held-out' | 'all') => scoreFields(runs.filter((r) => which === 'all' || r.article.split === which).map((r) => ({ suggestions: r.suggestions, labels: r.article.labels })));
  const fields = [...fieldIndex(DEFAULT_SCHEMA).keys()];
  const covered = new Set(FIELD_RULES.map((r) => r.field));
  // A Per patient field is read by its study field's rules when the sentence names the patient.
  for (const [study, patient] of PER_PATIENT_FIELDS) if (covered.has(study)) covered.add(patient);
  const result = {
    command: 'npm run eval:assistant',
    schema: `${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}`,
    articles: runs.map((r) => ({ file: r.article.file, split: r.article.split, labelled: r.article.labels.length, suggested: r.suggestions.length, found: r.outcome.found })),
    coverage: { fieldsInSchema: fields.length, fieldsWithRules: fields.filter((f) => covered.has(f)).length, fieldsWithoutRules: fields.filter((f) => !covered.has(f)) },
    heldOut: split('held-out'),
    dev: split('dev'),
    all: split('all'),
    errors: runs.map((r) => ({
      file: r.article.file,
      split: r.article.split,
      wrong: r.outcome.wrong.map((s) => ({ field: s.fieldKey, instance: s.instance, value: formatValue(s.value), quote: s.target.quote.exact, rule: s.rule })),
      missed: r.outcome.missed,
    })),
  };
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  writeFileSync(resolve(root, 'bench-results/assistant-eval.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.warn(`held-out: precision ${result.heldOut.overall.precision}, recall ${result.heldOut.overall.recall}; dev: precision ${result.dev.overall.precision}, recall ${result.dev.overall.recall}`);
  // The run must have read something: an engine that suggests nothing would score no precision at all.
  expect(result.all.overall.truePositives).toBeGreaterThan(0);
});
