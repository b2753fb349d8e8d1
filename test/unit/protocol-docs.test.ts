/** docs/protocol.md must document every request type and every error code the protocol defines. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { REQUEST_TYPES } from '../../src/shared/protocol.ts';

const doc = readFileSync('docs/protocol.md', 'utf8');

describe('docs/protocol.md', () => {
  it.each(REQUEST_TYPES.map((t) => [t]))('documents %s', (type) => {
    expect(doc).toContain(`### \`${type}\``);
  });
  it('documents every error code', () => {
    const src = readFileSync('src/core/errors.ts', 'utf8');
    const codes = [...src.matchAll(/\| '([A-Z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(5);
    for (const c of codes) expect(doc, `error code ${c}`).toContain(`\`${c}\``);
  });
});
