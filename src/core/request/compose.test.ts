import { describe, expect, it } from 'vitest';
import { formatJson, formDecode, formEncode, headersFromRows, rowsFromHeaders } from './compose.ts';

describe('headersFromRows', () => {
  it('skips empty rows, trims names, keeps values; refuses a bad name or a repeated one', () => {
    expect(headersFromRows([{ name: ' Content-Type ', value: 'text/plain' }, { name: '', value: 'x' }, { name: 'X-Amz-Target', value: 'DynamoDB_20120810.ListTables' }]))
      .toEqual({ headers: { 'Content-Type': 'text/plain', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' } });
    expect(headersFromRows([{ name: 'Bad Name', value: '' }])).toEqual({ error: expect.stringContaining('not a header name') });
    expect(headersFromRows([{ name: 'a', value: '1' }, { name: 'A', value: '2' }])).toEqual({ error: 'Header A is given twice.' });
    expect(rowsFromHeaders({ a: '1', b: '2' })).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '2' }]);
  });
});

describe('formEncode / formDecode', () => {
  it('percent-encodes keys and values (RFC 3986), skipping rows without a key, and reads them back', () => {
    const rows = [{ name: 'Action', value: 'DescribeInstances' }, { name: 'Filter.1.Value.1', value: "a b&c=d/é!*'()" }, { name: ' ', value: 'dropped' }];
    const body = formEncode(rows);
    expect(body).toBe('Action=DescribeInstances&Filter.1.Value.1=a%20b%26c%3Dd%2F%C3%A9%21%2A%27%28%29');
    expect(formDecode(body)).toEqual(rows.slice(0, 2));
    expect(formDecode('a=1+2&b')).toEqual([{ name: 'a', value: '1 2' }, { name: 'b', value: '' }]);
    expect(formDecode('a=%E0%A4%A')).toBeUndefined();
    expect(formEncode([])).toBe('');
  });
});

describe('formatJson', () => {
  it('indents valid JSON and says why invalid JSON is not', () => {
    expect(formatJson('{"Limit":5}')).toEqual({ ok: true, text: '{\n  "Limit": 5\n}' });
    const bad = formatJson('{"Limit":}');
    expect(bad.ok).toBe(false);
    expect((bad as { error: string }).error).toMatch(/JSON|token|Unexpected/i);
  });
});
