// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { pubmedXmlToImport, pubmedXmlToRecords } from '@shared/import/pubmed-xml';
import type { XmlElementLike } from '@shared/import/pubmed-xml';

/** A hand-built element: children are elements, or a string for text content. */
function x(name: string, attributes: Record<string, string>, ...content: (XmlElementLike | string)[]): XmlElementLike {
  const elements = content.filter((c): c is XmlElementLike => typeof c !== 'string');
  return {
    name,
    attribute: (key) => attributes[key] ?? null,
    elements: () => elements,
    text: () => content.map((c) => (typeof c === 'string' ? c : c.text())).join(''),
    nodes: () => content,
  };
}

function article(...parts: XmlElementLike[]): XmlElementLike {
  return x('PubmedArticle', {}, x('MedlineCitation', {}, x('PMID', {}, '123'), x('Article', {}, ...parts)));
}

describe('pubmedXmlToRecords', () => {
  test('refuses XML that is not a PubMed export, naming its root', () => {
    expect(pubmedXmlToRecords(x('rss', {}))).toEqual({
      ok: false,
      reason: 'This XML file is not a PubMed export: it starts with <rss>, not <PubmedArticleSet>.',
    });
  });

  test('refuses a PubMed set without usable articles', () => {
    const result = pubmedXmlToRecords(x('PubmedArticleSet', {}, x('PubmedBookArticle', {})));
    expect(result.ok).toBe(false);
  });

  test('accepts a single PubmedArticle as the root', () => {
    const result = pubmedXmlToRecords(article(x('ArticleTitle', {}, 'Single article.')));
    expect(result).toMatchObject({ ok: true, records: [{ pmid: '123', title: 'Single article.' }] });
  });

  test('reads labelled sections, inline markup as text, authors, dates and identifiers', () => {
    const root = x(
      'PubmedArticleSet',
      {},
      article(
        x('Journal', {}, x('JournalIssue', {}, x('PubDate', {}, x('Year', {}, '2024'), x('Month', {}, '10'), x('Day', {}, '31'))), x('ISOAbbreviation', {}, 'Arthritis Rheumatol')),
        x('ArticleTitle', {}, 'CD19 ', x('i', {}, 'CAR'), ' T cells'),
        x('ELocationID', { EIdType: 'pii' }, 'S0000'),
        x('ELocationID', { EIdType: 'doi' }, ' 10.1002/art.42933 '),
        x('Abstract', {}, x('AbstractText', { Label: 'METHODS' }, 'We  treated\n one child.'), x('AbstractText', { Label: '' }, 'Unlabelled.')),
        x(
          'AuthorList',
          {},
          x('Author', {}, x('LastName', {}, 'Nicolai'), x('Initials', {}, 'R')),
          x('Author', { ValidYN: 'N' }, x('LastName', {}, 'Retracted')),
          x('Author', {}, x('CollectiveName', {}, 'JDM Study Group')),
        ),
        x('PublicationTypeList', {}, x('PublicationType', {}, 'Review')),
      ),
    );
    const result = pubmedXmlToRecords(root);
    expect(result).toEqual({
      ok: true,
      records: [
        {
          pmid: '123',
          title: 'CD19 CAR T cells',
          abstract: [
            { label: 'METHODS', text: 'We treated one child.' },
            { label: null, text: 'Unlabelled.' },
          ],
          authors: ['R Nicolai', 'JDM Study Group'],
          journal: 'Arthritis Rheumatol',
          publishedDate: '2024-10-31',
          doi: '10.1002/art.42933',
          trialRegistration: null,
          publicationTypes: ['Review'],
        },
      ],
    });
  });

  test('superscripts and subscripts in the title and abstract keep their position', () => {
    const root = article(
      x('ArticleTitle', {}, 'CD19 CAR T cells at 1 × 10', x('sup', {}, '6'), '/kg and SpO', x('sub', {}, '2')),
      x('Abstract', {}, x('AbstractText', { Label: 'METHODS' }, 'Fludarabine 25 mg/m', x('sup', {}, '2'), ' on days ', x('i', {}, '−5'), ' to −3; C', x('sub', {}, 'max'), '.')),
    );
    expect(pubmedXmlToRecords(root)).toMatchObject({
      ok: true,
      records: [
        {
          title: 'CD19 CAR T cells at 1 × 10⁶/kg and SpO₂',
          abstract: [{ label: 'METHODS', text: 'Fludarabine 25 mg/m² on days −5 to −3; C_max.' }],
        },
      ],
    });
  });

  test('an impossible day keeps the month', () => {
    const root = article(
      x('ArticleTitle', {}, 'T'),
      x('Journal', {}, x('JournalIssue', {}, x('PubDate', {}, x('Year', {}, '2024'), x('Month', {}, 'Feb'), x('Day', {}, '30')))),
    );
    expect(pubmedXmlToRecords(root)).toMatchObject({ ok: true, records: [{ publishedDate: '2024-02' }] });
  });
});

test('pubmedXmlToImport makes documents with the abstract as labelled paragraphs', () => {
  const root = article(
    x('ArticleTitle', {}, 'Durability of response.'),
    x('Abstract', {}, x('AbstractText', { Label: 'RESULTS' }, 'Five of seven kept the response (NCT04146051).')),
  );
  const result = pubmedXmlToImport('efetch.xml', root);
  expect(result).toMatchObject({
    ok: true,
    documents: [
      {
        text: 'Durability of response.\n\nRESULTS: Five of seven kept the response (NCT04146051).',
        meta: { title: 'Durability of response', pmid: '123', trialRegistration: 'NCT04146051', fileName: 'efetch.xml', type: 'other' },
      },
    ],
  });
});
