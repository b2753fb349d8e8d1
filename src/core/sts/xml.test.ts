import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XmlError, childElement, childElements, childText, directText, findPath, parseXml } from './xml.ts';

const EXAMPLES = '/work/shared/aws-examples/sts';

/** The body of a `.http` sample (after the blank line). */
function httpBody(text: string): string {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? text.slice(m.index + m[0].length) : text;
}

describe('parseXml: documents', () => {
  it('reads elements, attributes, text and the namespace', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<A xmlns="urn:x" k="v"><B>one</B><B>two</B><C/></A>');
    expect(root.localName).toBe('A');
    expect(root.namespace).toBe('urn:x');
    expect(root.attributes).toEqual({ xmlns: 'urn:x', k: 'v' });
    expect(childElements(root, 'B').map(directText)).toEqual(['one', 'two']);
    expect(childElement(root, 'C')?.children).toEqual([]);
    expect(childElement(root, 'C')?.namespace).toBe('urn:x');
  });

  it('decodes the five entities and numeric references', () => {
    const root = parseXml('<a>&amp;&lt;&gt;&quot;&apos; &#65;&#x42;&#x43;&#x1F600; 😀</a>');
    expect(directText(root)).toBe(`&<>"' ABC😀 😀`);
  });

  it('keeps CDATA verbatim and merges it with adjacent text', () => {
    const root = parseXml('<a>x<![CDATA[<b>&amp;</b>]]>y</a>');
    expect(root.children).toEqual(['x<b>&amp;</b>y']);
  });

  it('handles comments, processing instructions, BOM, CRLF and whitespace', () => {
    const root = parseXml('\uFEFF<?xml version="1.0"?>\r\n<!-- c -->\r\n<?pi data?>\n<a>\r\n  <b\n x = \'1\' >t</b><!--in--></a>\n<!-- after -->\n');
    expect(childText(root, 'b')).toBe('t');
    expect(childElement(root, 'b')?.attributes['x']).toBe('1');
    expect(directText(root)).toBe('\n  ');
  });

  it('resolves prefixes, default namespace and undeclaration', () => {
    const root = parseXml('<p:a xmlns:p="urn:p" xmlns="urn:d"><b/><p:c/><d xmlns=""/></p:a>');
    expect(root.namespace).toBe('urn:p');
    expect(root.localName).toBe('a');
    expect(childElement(root, 'b')?.namespace).toBe('urn:d');
    expect(childElement(root, 'c')?.namespace).toBe('urn:p');
    expect(childElement(root, 'd')?.namespace).toBe('');
  });

  it('normalises whitespace characters in attribute values', () => {
    expect(parseXml('<a v="x\ty\nz"/>').attributes['v']).toBe('x y z');
  });

  it('findPath walks by local names', () => {
    const root = parseXml('<R><A><B>deep</B></A></R>');
    expect(directText(findPath(root, ['A', 'B'])!)).toBe('deep');
    expect(findPath(root, ['A', 'X'])).toBeUndefined();
  });
});

describe('parseXml: every STS sample in shared/aws-examples', () => {
  const files = [
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.xml') || f.endsWith('.response.http')).map((f) => join(EXAMPLES, f)),
    ...readdirSync(join(EXAMPLES, 'errors')).filter((f) => f.endsWith('.xml') || f.endsWith('.http')).map((f) => join(EXAMPLES, 'errors', f)),
  ];
  const malformed = new Set(['AssumeRoot.response.api-reference.malformed.xml', 'ErrorResponse.SignatureDoesNotMatch.presigned-GetCallerIdentity.xml']);

  it.each(files.map((f) => [f.slice(EXAMPLES.length + 1), f]))('%s', (_name, file) => {
    const raw = readFileSync(file, 'utf8');
    const body = file.endsWith('.http') ? httpBody(raw) : raw;
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (malformed.has(base)) {
      expect(() => parseXml(body)).toThrow(XmlError);
      return;
    }
    const root = parseXml(body);
    expect(root.localName).toMatch(/Response$/);
    expect(root.namespace).toMatch(/^https:\/\/(sts|iam)\.amazonaws\.com\/doc\//);
  });

  it('keeps the raw newlines and decodes &amp; in the SignatureDoesNotMatch message', () => {
    const root = parseXml(readFileSync(join(EXAMPLES, 'errors/ErrorResponse.SignatureDoesNotMatch.presigned-GetCallerIdentity.wellformed.derived.xml'), 'utf8'));
    const msg = directText(findPath(root, ['Error', 'Message'])!);
    expect(msg).toContain('\n\nThe Canonical String for this request should have been\n');
    expect(msg).toContain('Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm');
    expect(childText(root, 'RequestId')).toBe('f1dfd149-5bee-11e6-90ab-4b1e521fd574');
  });

  it('reports the AssumeRoot sample mismatch (</AssumeRoleResult>) with a position', () => {
    const text = readFileSync(join(EXAMPLES, 'AssumeRoot.response.api-reference.malformed.xml'), 'utf8');
    try {
      parseXml(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError);
      const err = e as XmlError;
      expect(err.message).toMatch(/end tag <\/AssumeRoleResult> does not match <AssumeRootResult>/);
      expect(err.line).toBe(16);
    }
  });
});

describe('parseXml: refuses malformed input with a clear error', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /no root element/],
    ['only whitespace', '  \n ', /no root element/],
    ['text before root', 'x<a/>', /text before the root element/],
    ['text after root', '<a/>x', /text after the root element/],
    ['two roots', '<a/><b/>', /only one root element/],
    ['unclosed element', '<a><b></b>', /unclosed element <a>/],
    ['mismatched end tag', '<a><b></a></b>', /does not match <b>/],
    ['stray end tag', '</a>', /expected a name|text before/],
    ['stray <', '<a>1 < 2</a>', /expected a name/],
    ['bare &', '<a>fish & chips</a>', /"&" must start/],
    ['unknown entity', '<a>&nbsp;</a>', /unknown entity "&nbsp;"/],
    ['bad char ref', '<a>&#xZZ;</a>', /malformed character reference/],
    ['forbidden char ref', '<a>&#0;</a>', /character XML forbids/],
    ['control character', '<a>\u0001</a>', /U\+0001 is not allowed/],
    ['unquoted attribute', '<a x=1/>', /must be quoted/],
    ['duplicate attribute', '<a x="1" x="2"/>', /duplicate attribute x/],
    ['< in attribute', '<a x="<"/>', /"<" is not allowed in an attribute value/],
    ['attributes without space', '<a x="1"y="2"/>', /expected a space before the attribute/],
    ['unclosed comment', '<a><!-- x</a>', /unclosed comment/],
    ['-- in comment', '<a><!-- a -- b --></a>', /"--" is not allowed/],
    ['unclosed CDATA', '<a><![CDATA[x</a>', /unclosed CDATA/],
    [']]> in text', '<a>x]]>y</a>', /"]]>" is not allowed in text/],
    ['DOCTYPE', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE declarations are not accepted/],
    ['late XML declaration', '<a/><?xml version="1.0"?>', /only allowed at the very start/],
    ['malformed declaration', '<?xml encoding="UTF-8"?><a/>', /malformed XML declaration/],
    ['unbound prefix', '<p:a/>', /prefix "p" is not declared/],
    ['unclosed start tag', '<a x="1"', /unclosed (start tag|attribute value)/],
    ['unclosed attribute value', '<a x="1/>', /unclosed attribute value/],
    ['name starting with digit', '<1a/>', /expected a name/],
    ['unpaired surrogate in a name', '<a\ud800/>', /unpaired surrogate/],
    ['unpaired surrogate in text', '<a>\udc00</a>', /U\+DC00 is not allowed|unpaired/],
  ];
  it.each(cases)('%s', (_name, input, pattern) => {
    expect(() => parseXml(input)).toThrow(XmlError);
    expect(() => parseXml(input)).toThrow(pattern);
  });

  it('never quotes document text in its messages', () => {
    try {
      parseXml('<a><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('wJalrXUtnFEMI');
      expect((e as Error).message).toMatch(/line 1, column \d+/);
    }
  });

  it('rejects a non-string', () => {
    expect(() => parseXml(undefined as unknown as string)).toThrow(XmlError);
  });
});
