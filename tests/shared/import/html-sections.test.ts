// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { mergeSections } from '@shared/import/html-sections';
import type { SectionCandidate } from '@shared/import/html-sections';
import type { TextBlock } from '@shared/import/html-text';

const p = (text: string): TextBlock => ({ kind: 'paragraph', text });
const h = (text: string): TextBlock => ({ kind: 'heading', text });
const section = (blocks: TextBlock[], children: SectionCandidate[] = []): SectionCandidate => ({ blocks, children });

const abstract = [h('Abstract'), p('Five patients with refractory lupus reached drug-free remission after CD19 CAR T cells.')];
const keywords = [h('Keywords'), p('CAR T; lupus')];
const intro = [h('Introduction'), p('Lupus is driven by autoreactive B cells that make autoantibodies against nuclear antigens.')];
const results = [h('Results'), p('All five patients stopped glucocorticoids and immunosuppressants by month six after infusion.')];
const data = [h('Data availability'), p('Data are available from the corresponding author on request.')];
const page = [h('Title'), ...abstract, ...keywords, ...intro, ...results, ...data];
const texts = (blocks: TextBlock[]): string[] => blocks.map((b) => b.text);

describe('mergeSections', () => {
  test.each([
    {
      name: 'a dropped abstract and keywords go before the first article block that follows them on the page',
      article: [...intro, ...results],
      candidates: [section(abstract), section(keywords), section(intro), section(results)],
      expected: [...abstract, ...keywords, ...intro, ...results],
    },
    {
      name: 'a dropped section after the article goes last',
      article: [...intro, ...results],
      candidates: [section(intro), section(results), section(data)],
      expected: [...intro, ...results, ...data],
    },
    {
      name: 'sections the article already has are not repeated',
      article: [...abstract, ...intro],
      candidates: [section(abstract), section(intro)],
      expected: [...abstract, ...intro],
    },
    {
      name: 'a wrapper partly in the article is looked into: only its dropped child comes back',
      article: [...intro, ...results],
      candidates: [section([...abstract, ...intro, ...results], [section(abstract), section(intro), section(results)])],
      expected: [...abstract, ...intro, ...results],
    },
    {
      name: 'a short block counts as present only when an article block is the same, not because its words appear',
      article: [p('CAR T; lupus and CD19 are named in this paragraph of more than forty characters.')],
      candidates: [section([p('CAR T; lupus')])],
      expected: [p('CAR T; lupus'), p('CAR T; lupus and CD19 are named in this paragraph of more than forty characters.')],
    },
    {
      name: 'without dropped sections the article is unchanged',
      article: [...intro],
      candidates: [],
      expected: [...intro],
    },
  ])('$name', ({ article, candidates, expected }) => {
    const source = candidates.some((c) => c.blocks[0]?.text === 'CAR T; lupus') ? [p('CAR T; lupus'), ...article] : page;
    expect(texts(mergeSections(article, source, candidates))).toEqual(texts(expected));
  });

  test('two "Results" headings (abstract and body) are both kept', () => {
    const structured = [h('Abstract'), h('Results'), p('Remission in five of five patients at month six of follow-up.')];
    const body = [h('Results'), p('All five patients stopped glucocorticoids and immunosuppressants by month six.')];
    const merged = mergeSections(body, [...structured, ...body], [section(structured), section(body)]);
    expect(texts(merged)).toEqual(texts([...structured, ...body]));
  });
});
