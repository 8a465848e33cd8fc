import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MALFORMED_XML_REASON, parsePubmedXml } from '../../../renderer/src/features/import/parsers/pubmed-xml';

const fixture = (name: string): Uint8Array => readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parsePubmedXml', () => {
  test('reads both articles of a PubMed XML export', () => {
    const result = parsePubmedXml('efetch.xml', fixture('two-articles.xml'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents.map((d) => d.meta)).toMatchObject([
      {
        title: 'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
        pmid: '39086061',
        doi: '10.1002/art.42933',
        authors: ['Rebecca Nicolai', 'Pietro Merli'],
        journal: 'Arthritis & rheumatology (Hoboken, N.J.)',
        publishedDate: '2024-10',
        type: 'case-report',
      },
      {
        title: 'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravis',
        pmid: '40851234',
        doi: '10.1002/acn3.70167',
        authors: ['Nizar Chahin', 'MG-001 Study Group'],
        publishedDate: '2025-11',
        trialRegistration: 'NCT04146051',
        type: 'clinical-trial',
      },
    ]);
    const paragraphs = result.documents[0]!.text.split('\n\n');
    expect(paragraphs.map((p) => p.split(':')[0])).toEqual([
      'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis.',
      'OBJECTIVE',
      'METHODS',
      'RESULTS',
    ]);
    expect(paragraphs[1]).toContain('CD19-targeting chimeric antigen receptor (CAR) T cells');
    expect(paragraphs[3]).toContain('32.69 cells/μL');
  });

  test('keeps superscripts of the XML as superscript characters', () => {
    const xml = `<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>Dose finding</ArticleTitle><Abstract><AbstractText Label="METHODS">Patients received 1 × 10<sup>6</sup> CAR T cells/kg after fludarabine 25 mg/m<sup>2</sup>.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`;
    const result = parsePubmedXml('dose.xml', utf8(xml));
    expect(result.ok && result.documents[0]!.text).toBe(
      'Dose finding\n\nMETHODS: Patients received 1 × 10⁶ CAR T cells/kg after fludarabine 25 mg/m².',
    );
  });

  test('XML that is not PubMed gives a reason naming what it is', () => {
    expect(parsePubmedXml('feed.xml', fixture('not-pubmed.xml'))).toEqual({
      ok: false,
      reason: 'This XML file is not a PubMed export: it starts with <rss>, not <PubmedArticleSet>.',
    });
  });

  test('broken XML gives a reason', () => {
    expect(parsePubmedXml('cut.xml', utf8('<PubmedArticleSet><PubmedArticle><MedlineCitation>'))).toEqual({
      ok: false,
      reason: MALFORMED_XML_REASON,
    });
  });

  test('entities declared in the file neither expand without bound nor read local files', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`;
    const result = parsePubmedXml('laughs.xml', utf8(laughs));
    expect(result.ok ? result.documents[0]!.text.length : 0).toBeLessThan(10_000);

    const external = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>a &x; b</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`;
    const read = parsePubmedXml('external.xml', utf8(external));
    expect(JSON.stringify(read)).not.toContain('root:');
  });
});
