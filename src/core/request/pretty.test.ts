import { describe, expect, it } from 'vitest';
import { bodyKind, prettyBody, prettyJson, prettyXml } from './pretty.ts';

describe('bodyKind', () => {
  it('follows the content type, then the first character', () => {
    expect(bodyKind('application/x-amz-json-1.0', 'x')).toBe('json');
    expect(bodyKind('application/json; charset=utf-8', '')).toBe('json');
    expect(bodyKind('application/problem+json', '')).toBe('json');
    expect(bodyKind('text/xml;charset=UTF-8', '')).toBe('xml');
    expect(bodyKind('application/xml', '')).toBe('xml');
    expect(bodyKind(undefined, '  {"a":1}')).toBe('json');
    expect(bodyKind('binary/octet-stream', '<a/>')).toBe('xml');
    expect(bodyKind('text/plain', 'hello')).toBe('text');
  });
});

describe('prettyJson', () => {
  it('indents JSON by two spaces; undefined for what is not JSON', () => {
    expect(prettyJson('{"TableNames":["Music","Orders"]}')).toBe('{\n  "TableNames": [\n    "Music",\n    "Orders"\n  ]\n}');
    expect(prettyJson('{"a":')).toBeUndefined();
    expect(prettyJson('')).toBeUndefined();
  });
});

describe('prettyXml', () => {
  it('puts one element per line, text-only elements on theirs, the declaration first', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>abc</ID></Owner><Buckets><Bucket><Name>b1</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>';
    expect(prettyXml(xml)).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      '  <Owner>',
      '    <ID>abc</ID>',
      '  </Owner>',
      '  <Buckets>',
      '    <Bucket>',
      '      <Name>b1</Name>',
      '      <CreationDate>2026-01-01T00:00:00.000Z</CreationDate>',
      '    </Bucket>',
      '  </Buckets>',
      '</ListAllMyBucketsResult>',
    ].join('\n'));
  });

  it('re-indents already indented XML, keeps self-closing tags, comments and CDATA, and leaves entities alone', () => {
    expect(prettyXml('<a>\n    <b/>\n  <!-- note -->\n<c><![CDATA[x<y]]></c><d>&lt;tag&gt; &amp;</d></a>')).toBe(
      '<a>\n  <b/>\n  <!-- note -->\n  <c>\n    <![CDATA[x<y]]>\n  </c>\n  <d>&lt;tag&gt; &amp;</d>\n</a>');
    expect(prettyXml('<e></e>')).toBe('<e>\n</e>');
  });

  it('gives undefined for tags that do not nest (cut short, mismatched) or no tags', () => {
    expect(prettyXml('<a><b></a>')).toBeUndefined();
    expect(prettyXml('<a><b>text</b>')).toBeUndefined();
    expect(prettyXml('<a>')).toBeUndefined();
    expect(prettyXml('')).toBeUndefined();
  });
});

describe('prettyBody', () => {
  it('says what it did: pretty when the body parses as its kind, unchanged otherwise', () => {
    expect(prettyBody('application/json', '{"a":1}')).toEqual({ kind: 'json', text: '{\n  "a": 1\n}', pretty: true });
    expect(prettyBody('application/json', 'not json')).toEqual({ kind: 'json', text: 'not json', pretty: false });
    expect(prettyBody('application/xml', '<a><b>1</b></a>')).toEqual({ kind: 'xml', text: '<a>\n  <b>1</b>\n</a>', pretty: true });
    expect(prettyBody('text/plain', 'hi')).toEqual({ kind: 'text', text: 'hi', pretty: false });
  });
});
