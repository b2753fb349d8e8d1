import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { curlCommand, fetchSnippet, shellQuote, type SnippetRequest } from './snippets.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';

const put: SnippetRequest = {
  method: 'PUT', url: 'https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b.txt', service: 's3', region: 'eu-west-1', sessionToken: true,
  headers: { 'Content-Type': 'text/plain', Authorization: 'AWS4-HMAC-SHA256 Credential=…', 'X-Amz-Security-Token': TOKEN },
  body: "it's $HOME `id` \"q\"",
};

/** What bash makes of the command's words (echo each argument on its own line, variables set to markers). */
function shellWords(cmd: string): string[] {
  const script = `AWS_ACCESS_KEY_ID=AKID AWS_SECRET_ACCESS_KEY=SK AWS_SESSION_TOKEN=TK; curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${cmd}`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('single-quotes, writing a quote as \'\\\'\'', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(shellWords(`curl ${shellQuote("it's $HOME `id`")}`)).toEqual(["it's $HOME `id`"]);
  });
});

describe('curlCommand', () => {
  it('signs with --aws-sigv4 and the keys as shell variables; the shell passes every typed value through verbatim', () => {
    const cmd = curlCommand(put);
    expect(cmd.split(' \\\n')[0]).toBe(`curl --aws-sigv4 'aws:amz:eu-west-1:s3'`);
    expect(cmd).toContain(`--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`);
    expect(cmd).toContain(`-H "x-amz-security-token: $AWS_SESSION_TOKEN"`);
    expect(shellWords(cmd)).toEqual([
      '--aws-sigv4', 'aws:amz:eu-west-1:s3', '--user', 'AKID:SK', '-H', 'x-amz-security-token: TK', '-X', 'PUT',
      '-H', 'Content-Type: text/plain', '-H', 'x-amz-content-sha256: UNSIGNED-PAYLOAD',
      '--data-binary', "it's $HOME `id` \"q\"", 'https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b.txt',
    ]);
  });

  it('holds no secret: signing headers are dropped, no token for long-term keys, GET has no -X', () => {
    const cmd = curlCommand(put);
    expect(cmd).not.toContain(TOKEN);
    expect(cmd).not.toContain(SECRET);
    expect(cmd).not.toMatch(/authorization/i);
    const get = curlCommand({ method: 'GET', url: 'https://dynamodb.us-east-1.amazonaws.com/?a=1&b=2', service: 'dynamodb', region: 'us-east-1', sessionToken: false, headers: {} });
    expect(get).not.toContain('AWS_SESSION_TOKEN');
    expect(get).not.toContain('-X');
    expect(shellWords(get)).toEqual(['--aws-sigv4', 'aws:amz:us-east-1:dynamodb', '--user', 'AKID:SK', 'https://dynamodb.us-east-1.amazonaws.com/?a=1&b=2']);
  });

  it('refuses a service or region that could break the provider string', () => {
    expect(() => curlCommand({ ...put, service: "s3' ; rm -rf / '" })).toThrow();
    expect(() => curlCommand({ ...put, region: 'us-east-1:x' })).toThrow();
  });
});

describe('fetchSnippet', () => {
  it('signs with aws4fetch from process.env; typed values are JSON literals; no secret', () => {
    const js = fetchSnippet(put);
    expect(js).toContain('secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,');
    expect(js).toContain('sessionToken: process.env.AWS_SESSION_TOKEN,');
    expect(js).toContain(`const res = await aws.fetch("https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b.txt", {`);
    expect(js).toContain(`  body: ${JSON.stringify(put.body)},`);
    expect(js).toContain(`  headers: {"Content-Type":"text/plain"},`);
    expect(js).not.toContain(TOKEN);
    expect(js).not.toMatch(/authorization/i);
    // it is a valid module (parsed, not run)
    const check = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: js, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(fetchSnippet({ ...put, sessionToken: false, headers: {}, body: '' })).not.toMatch(/sessionToken|headers:|body:/);
  });
});
