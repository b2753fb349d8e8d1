import { describe, expect, it } from 'vitest';
import { addToHistory, HISTORY_BODY_MAX, HISTORY_MAX, historyEntry, historyUrl, parseHistory } from './history.ts';

const base = { at: 1, identityId: 'id1', method: 'GET', url: 'https://ec2.eu-west-1.amazonaws.com/?Action=DescribeInstances', service: 'ec2', region: 'eu-west-1' };

describe('request history', () => {
  it('drops signing headers and SigV4 query parameters', () => {
    const e = historyEntry({
      ...base,
      url: 'https://b.s3.amazonaws.com/k?versionId=3&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=IQoJtoken&X-Amz-Signature=abcd#frag',
      headers: { 'Content-Type': 'text/plain', Authorization: 'AWS4-HMAC-SHA256 Credential=…', 'X-Amz-Security-Token': 'IQoJtoken', 'x-amz-date': '20260101T000000Z' },
    });
    expect(e.url).toBe('https://b.s3.amazonaws.com/k?versionId=3&X-Amz-Algorithm=AWS4-HMAC-SHA256');
    expect(e.headers).toEqual({ 'Content-Type': 'text/plain' });
    expect(JSON.stringify(e)).not.toContain('IQoJtoken');
    expect(historyUrl('https://x/?a=1')).toBe('https://x/?a=1');
    expect(historyUrl('https://x/?X-Amz-Signature=1')).toBe('https://x/');
  });
  it('keeps bodies up to 64 KiB (UTF-8 bytes), omits larger ones', () => {
    expect(historyEntry({ ...base, body: 'a'.repeat(HISTORY_BODY_MAX) }).body).toHaveLength(HISTORY_BODY_MAX);
    const big = historyEntry({ ...base, body: 'a'.repeat(HISTORY_BODY_MAX + 1) });
    expect(big).toMatchObject({ bodyOmitted: true });
    expect(big.body).toBeUndefined();
    // 32 Ki characters of 3 bytes each: under the limit in characters, over it in bytes
    expect(historyEntry({ ...base, body: '€'.repeat(HISTORY_BODY_MAX / 2) })).toMatchObject({ bodyOmitted: true });
  });
  it('keeps the last 50, newest first', () => {
    let list = parseHistory(undefined);
    for (let i = 0; i < HISTORY_MAX + 5; i++) list = addToHistory(list, historyEntry({ ...base, at: i }));
    expect(list).toHaveLength(HISTORY_MAX);
    expect(list[0]!.at).toBe(HISTORY_MAX + 4);
    expect(list.at(-1)!.at).toBe(5);
  });
  it('a stored list read back drops malformed entries and re-sanitizes the rest', () => {
    const stored = [
      { ...base, headers: { Authorization: 'x', Accept: 'application/json' }, status: 200, durationMs: 12 },
      { at: 'x' }, null, 5,
      { ...base, body: 'z'.repeat(HISTORY_BODY_MAX + 1), errorCode: 'NETWORK' },
    ];
    expect(parseHistory(stored)).toEqual([
      { ...base, headers: { Accept: 'application/json' }, status: 200, durationMs: 12 },
      { ...base, headers: {}, bodyOmitted: true, errorCode: 'NETWORK' },
    ]);
    expect(parseHistory({})).toEqual([]);
  });
  it('records a SigV4a request\'s region set, and reads it back', () => {
    const e = historyEntry({ ...base, regionSet: 'us-*,eu-west-1' });
    expect(e).toMatchObject({ signingAlgorithm: 'sigv4a', regionSet: 'us-*,eu-west-1' });
    expect(historyEntry(base)).not.toHaveProperty('signingAlgorithm');
    expect(parseHistory(JSON.parse(JSON.stringify([e])))).toEqual([e]);
    // a region set without the algorithm (or the other way round) is not SigV4a
    expect(parseHistory([{ ...base, regionSet: '*' }, { ...base, signingAlgorithm: 'sigv4a' }]).map((x) => x.signingAlgorithm)).toEqual([undefined, undefined]);
  });
});
