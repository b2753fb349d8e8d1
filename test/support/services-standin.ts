/**
 * A local stand-in for a few AWS service APIs, for the request console's tests: a Node `http` server on
 * 127.0.0.1 that verifies **every** SigV4 signature — `Authorization` header or presigned query — with
 * `@smithy/signature-v4` (an implementation independent of Sigvault's), against the keys the STS
 * stand-in issued (long-term user keys and temporary credentials, whose session token must match and
 * must not have expired), and answers like AWS:
 * - S3 (path-style, signing name `s3`): ListBuckets `GET /`, ListObjectsV2 `GET /<bucket>?list-type=2`,
 *   GetObject `GET /<bucket>/<key>` (NoSuchKey 404), PutObject `PUT /<bucket>/<key>` (the body's SHA-256
 *   checked against `x-amz-content-sha256` unless UNSIGNED-PAYLOAD: XAmzContentSHA256Mismatch);
 *   presigned URLs (expired → AccessDenied "Request has expired").
 * - DynamoDB (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.ListTables`).
 * - EC2 (query protocol, `Action=DescribeInstances`, by GET or form POST).
 * - Lambda Invoke (`POST /2015-03-31/functions/<name>/invocations`; ResourceNotFoundException 404).
 * - API Gateway (`execute-api`): any path, a JSON echo naming the caller.
 * SigV4a (`AWS4-ECDSA-P256-SHA256`, header or presigned) is verified too, independently of Sigvault's
 * signer and of @noble/curves: the canonical request and string to sign by @smithy/signature-v4's own
 * builders (`SignatureV4Base`), the key derived and the ECDSA P-256 signature checked with Node's crypto
 * (sigv4a-node.ts); the region set (`X-Amz-Region-Set`) must be signed. Its scope has no region.
 * The service is the credential scope's. A wrong signature gets each service's own
 * `SignatureDoesNotMatch` shape, quoting the canonical request AWS computed (S3: `<CanonicalRequest>`;
 * JSON services: "The Canonical String for this request should have been …" in `message`; EC2:
 * AuthFailure, which quotes nothing). STS GetCallerIdentity is the STS stand-in's (sts-standin.ts).
 * @module
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { ALGORITHM_IDENTIFIER_V4A, SignatureV4, SignatureV4Base, getCanonicalHeaders } from '@smithy/signature-v4';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sigV4aPublicKey, verifySigV4a } from './sigv4a-node.ts';
import type { Standin } from './sts-standin.ts';

/** What the stand-in knows of an access key. */
export interface KnownKey {
  secretAccessKey: string;
  sessionToken?: string;
  expiresAt?: number;
  arn: string;
  account: string;
}

export interface ServiceCall {
  at: number;
  service: string;
  action: string;
  accessKeyId?: string;
  /** `header` (Authorization) or `query` (presigned). */
  auth?: 'header' | 'query';
  /** The algorithm of a signature that verified. */
  algorithm?: 'sigv4' | 'sigv4a';
  /** SigV4a: the region set signed. */
  regionSet?: string;
  status: number;
  errorCode?: string;
  /** The raw headers received (tests check what was and was not sent). */
  headers: Record<string, string | string[] | undefined>;
  path: string;
}

export interface ServicesStandin {
  url: string;
  port: number;
  calls: ServiceCall[];
  /** S3 objects by `bucket/key` (key decoded). */
  objects: Map<string, { body: Buffer; contentType: string }>;
  buckets: Set<string>;
  tables: string[];
  functions: Set<string>;
  stop(): Promise<void>;
}

export interface ServicesStandinOptions {
  /** The key behind an access key id; undefined = unknown. */
  keys: (accessKeyId: string) => KnownKey | undefined;
  /** The stand-in's clock (ms). Default Date.now. */
  clock?: () => number;
  /** Largest |X-Amz-Date − clock| accepted (default 5 minutes). */
  maxSkewMs?: number;
}

/** The keys the STS stand-in issued: its users' long-term keys and its temporary credentials. */
export function keysOf(sts: Standin): (accessKeyId: string) => KnownKey | undefined {
  return (id) => {
    const u = sts.state.users.get(id);
    if (u) return { secretAccessKey: u.secretAccessKey, arn: u.arn, account: u.account };
    const t = sts.state.temps.get(id);
    if (t && !t.revoked) return { secretAccessKey: t.secretAccessKey, sessionToken: t.sessionToken, expiresAt: t.expiresAt, arn: t.arn, account: t.account };
    return undefined;
  };
}

class Fault extends Error {
  constructor(readonly code: string, readonly status: number, message: string, readonly extra: { canonicalRequest?: string; stringToSign?: string; accessKeyId?: string } = {}) {
    super(message);
  }
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SIG_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

function amzDateToMs(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Query string → decoded pairs (in order). */
function queryPairs(query: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of query === '' ? [] : query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push([decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1))]);
  }
  return out;
}

function queryObject(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const o: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = o[k];
    o[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return o;
}

type HttpRequest = Parameters<typeof getCanonicalHeaders>[0];

/**
 * SigV4a's canonical request and string to sign, built by smithy's SigV4 code (the same canonical form:
 * SigV4a changes the algorithm line and the scope, not the canonical request).
 */
class SigV4aStrings extends SignatureV4Base {
  constructor(s3: boolean) {
    super({ service: 's3', region: '*', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, sha256: Sha256, uriEscapePath: !s3, applyChecksum: false });
  }
  async of(request: HttpRequest, signed: string[], payloadHash: string, amzDate: string, scope: string): Promise<{ canonicalRequest: string; stringToSign: string; signedList: string }> {
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(signed));
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await this.createStringToSign(amzDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER_V4A);
    return { canonicalRequest, stringToSign, signedList: this.getCanonicalHeaderList(canonicalHeaders) };
  }
}

/** The canonical request AWS would quote back (for the error body only; the verdict is smithy's). */
function canonicalFor(method: string, path: string, pairs: Array<[string, string]>, headers: Record<string, string>, signed: string[], payloadHash: string): string {
  const q = pairs.map(([k, v]) => [strictEncode(k), strictEncode(v)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  return [method, path, q, ...signed.map((h) => `${h}:${(headers[h] ?? '').trim().replace(/\s+/g, ' ')}`), '', signed.join(';'), payloadHash].join('\n');
}

export async function startServicesStandin(opts: ServicesStandinOptions): Promise<ServicesStandin> {
  const clock = opts.clock ?? Date.now;
  const maxSkew = opts.maxSkewMs ?? 5 * 60_000;
  const calls: ServiceCall[] = [];
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const buckets = new Set<string>(['sigvault-demo']);
  const tables = ['Music', 'Orders', 'Sessions'];
  const functions = new Set<string>(['echo']);

  interface Auth { accessKeyId: string; key: KnownKey; service: string; region: string; mode: 'header' | 'query'; algorithm: 'sigv4' | 'sigv4a'; regionSet?: string }

  async function authenticate(req: IncomingMessage, path: string, query: string, body: Buffer): Promise<Auth> {
    const method = req.method ?? 'GET';
    const pairs = queryPairs(query);
    const q = new Map(pairs);
    const presigned = q.has('X-Amz-Algorithm');
    let credential: string, signedList: string, signature: string, xAmzDate: string | undefined;
    let v4a: boolean;
    let regionSet: string | undefined;
    if (presigned) {
      const alg = q.get('X-Amz-Algorithm');
      if (alg !== 'AWS4-HMAC-SHA256' && alg !== ALGORITHM_IDENTIFIER_V4A) throw new Fault('AuthorizationQueryParametersError', 400, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256" and "AWS4-ECDSA-P256-SHA256"');
      v4a = alg === ALGORITHM_IDENTIFIER_V4A;
      credential = q.get('X-Amz-Credential') ?? '';
      signedList = q.get('X-Amz-SignedHeaders') ?? '';
      signature = q.get('X-Amz-Signature') ?? '';
      xAmzDate = q.get('X-Amz-Date');
      regionSet = q.get('X-Amz-Region-Set');
      if (v4a && !regionSet) throw new Fault('AuthorizationQueryParametersError', 400, 'Query-string authentication version 4a requires the X-Amz-Region-Set parameter.');
    } else {
      const auth = req.headers.authorization;
      if (typeof auth !== 'string' || auth === '') throw new Fault('MissingAuthenticationToken', 403, 'Missing Authentication Token');
      const m = /^(AWS4-HMAC-SHA256|AWS4-ECDSA-P256-SHA256) +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]+)$/.exec(auth.trim());
      if (!m || (m[1] === 'AWS4-HMAC-SHA256' && m[4]!.length !== 64)) throw new Fault('IncompleteSignature', 400, 'Authorization header requires \'Credential\', \'SignedHeaders\' and \'Signature\' parameters.');
      [, , credential, signedList, signature] = m as unknown as [string, string, string, string, string];
      v4a = m[1] === ALGORITHM_IDENTIFIER_V4A;
      const d = req.headers['x-amz-date'];
      xAmzDate = typeof d === 'string' ? d : undefined;
      const rs = req.headers['x-amz-region-set'];
      regionSet = typeof rs === 'string' ? rs : undefined;
      if (v4a && (regionSet === undefined || !signedList.split(';').includes('x-amz-region-set'))) {
        throw new Fault('SignatureDoesNotMatch', 403, `${SIG_MISMATCH} SigV4a needs a signed X-Amz-Region-Set header.`);
      }
    }
    // SigV4: key/date/region/service/aws4_request; SigV4a: key/date/service/aws4_request
    const scope = credential.split('/');
    if (scope.length !== (v4a ? 4 : 5) || scope.at(-1) !== 'aws4_request') throw new Fault('IncompleteSignature', 400, 'Credential should be scoped with a valid terminator: \'aws4_request\'');
    const [accessKeyId, scopeDate] = scope as [string, string];
    const region = v4a ? regionSet! : scope[2]!;
    const service = scope.at(-2)!;
    const key = opts.keys(accessKeyId);
    if (!key) throw new Fault(service === 's3' ? 'InvalidAccessKeyId' : 'UnrecognizedClientException', 403, service === 's3' ? 'The AWS Access Key Id you provided does not exist in our records.' : 'The security token included in the request is invalid.', { accessKeyId });
    const token = presigned ? q.get('X-Amz-Security-Token') : req.headers['x-amz-security-token'];
    if (key.sessionToken !== undefined ? token !== key.sessionToken : token !== undefined) {
      throw new Fault('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.');
    }
    if (key.expiresAt !== undefined && key.expiresAt <= clock()) throw new Fault('ExpiredToken', 400, 'The provided token has expired.');
    const signedAt = xAmzDate ? amzDateToMs(xAmzDate) : undefined;
    if (signedAt === undefined || scopeDate !== xAmzDate!.slice(0, 8)) throw new Fault('AuthorizationHeaderMalformed', 400, 'The X-Amz-Date is missing or does not match the credential scope date.');
    const now = clock();
    if (presigned) {
      const expires = Number(q.get('X-Amz-Expires'));
      if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) throw new Fault('AuthorizationQueryParametersError', 400, 'X-Amz-Expires must be between 1 and 604800 seconds');
      if (now > signedAt + expires * 1000) throw new Fault('AccessDenied', 403, 'Request has expired');
      if (signedAt > now + maxSkew) throw new Fault('AccessDenied', 403, 'Request is not yet valid');
    } else if (Math.abs(signedAt - now) > maxSkew) {
      throw new Fault(service === 's3' ? 'RequestTimeTooSkewed' : 'InvalidSignatureException', 403, 'Signature expired: the difference between the request time and the server\'s time is too large.');
    }
    const signed = signedList.split(';');
    if (!signed.includes('host')) throw new Fault('SignatureDoesNotMatch', 403, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    const headers: Record<string, string> = {};
    for (const h of signed) {
      const v = req.headers[h];
      if (v === undefined) throw new Fault('SignatureDoesNotMatch', 403, `${SIG_MISMATCH} Signed header ${h} is missing.`);
      headers[h] = Array.isArray(v) ? v.join(',') : v;
    }
    const s3 = service === 's3';
    if (v4a) {
      const host = headers['host'] ?? '';
      const colon = host.lastIndexOf(':');
      const request: HttpRequest = { method, protocol: 'http:', hostname: colon > 0 ? host.slice(0, colon) : host, ...(colon > 0 ? { port: Number(host.slice(colon + 1)) } : {}), path, query: queryObject(pairs.filter(([k]) => k !== 'X-Amz-Signature')), headers };
      const declared = headers['x-amz-content-sha256'];
      const payloadHash = presigned && s3 ? 'UNSIGNED-PAYLOAD' : declared ?? createHash('sha256').update(body).digest('hex');
      const strings = await new SigV4aStrings(s3).of(request, signed, payloadHash, xAmzDate!, `${scopeDate}/${service}/aws4_request`);
      let verified = false;
      try {
        verified = strings.signedList === signedList && verifySigV4a(sigV4aPublicKey(accessKeyId, key.secretAccessKey), strings.stringToSign, signature);
      } catch {
        verified = false; // not DER, not hex: not a signature
      }
      if (!verified) throw new Fault('SignatureDoesNotMatch', 403, SIG_MISMATCH, { canonicalRequest: strings.canonicalRequest, stringToSign: strings.stringToSign, accessKeyId });
      if (s3 && !presigned) {
        if (declared === undefined) throw new Fault('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
        if (declared !== 'UNSIGNED-PAYLOAD' && declared !== createHash('sha256').update(body).digest('hex')) {
          throw new Fault('XAmzContentSHA256Mismatch', 400, 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
        }
      }
      return { accessKeyId, key, service, region, mode: presigned ? 'query' : 'header', algorithm: 'sigv4a', regionSet: regionSet! };
    }
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey: key.secretAccessKey, ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}) },
      region, service, sha256: Sha256, uriEscapePath: !s3, applyChecksum: false,
    });
    const host = headers['host'] ?? '';
    const colon = host.lastIndexOf(':');
    const base = { method, protocol: 'http:', hostname: colon > 0 ? host.slice(0, colon) : host, ...(colon > 0 ? { port: Number(host.slice(colon + 1)) } : {}), path };
    let expected: string | undefined;
    let expectedList: string | undefined;
    let payloadHash: string;
    if (presigned) {
      const rest = pairs.filter(([k]) => !/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)$/.test(k));
      payloadHash = s3 ? 'UNSIGNED-PAYLOAD' : createHash('sha256').update(body).digest('hex');
      const out = await signer.presign(
        { ...base, query: queryObject(rest), headers: s3 ? { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : headers, ...(s3 ? {} : { body }) },
        { signingDate: new Date(signedAt), expiresIn: Number(q.get('X-Amz-Expires')), signableHeaders: new Set(signed), unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256', ...signed.filter((h) => h.startsWith('x-amz-'))]) },
      );
      expected = String(out.query?.['X-Amz-Signature']);
      expectedList = String(out.query?.['X-Amz-SignedHeaders']);
    } else {
      const declared = headers['x-amz-content-sha256'];
      payloadHash = declared ?? createHash('sha256').update(body).digest('hex');
      const out = await signer.sign({ ...base, query: queryObject(pairs), headers, body }, { signingDate: new Date(signedAt), signableHeaders: new Set(signed) });
      expected = /Signature=([0-9a-f]{64})/.exec(String(out.headers['authorization']))?.[1];
      expectedList = /SignedHeaders=([^,]+),/.exec(String(out.headers['authorization']))?.[1];
    }
    if (expected !== signature || expectedList !== signedList) {
      const canonicalRequest = canonicalFor(method, path, presigned ? pairs.filter(([k]) => k !== 'X-Amz-Signature') : pairs, headers, signed, payloadHash);
      const stringToSign = `AWS4-HMAC-SHA256\n${xAmzDate}\n${scopeDate}/${region}/${service}/aws4_request\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
      throw new Fault('SignatureDoesNotMatch', 403, SIG_MISMATCH, { canonicalRequest, stringToSign, accessKeyId });
    }
    if (s3 && !presigned) {
      const declared = headers['x-amz-content-sha256'];
      if (declared === undefined) throw new Fault('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
      if (declared !== 'UNSIGNED-PAYLOAD' && declared !== createHash('sha256').update(body).digest('hex')) {
        throw new Fault('XAmzContentSHA256Mismatch', 400, 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
      }
    }
    return { accessKeyId, key, service, region, mode: presigned ? 'query' : 'header', algorithm: 'sigv4' };
  }

  // ---- answers ----

  const requestId = () => randomUUID();
  function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { Date: new Date(clock()).toUTCString(), 'Content-Length': String(b.length), ...headers });
    res.end(b);
  }

  function sendFault(res: ServerResponse, service: string, f: Fault): void {
    const id = requestId();
    if (service === 's3') {
      let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${f.code}</Code><Message>${xmlEscape(f.message)}</Message>`;
      if (f.extra.accessKeyId) xml += `<AWSAccessKeyId>${f.extra.accessKeyId}</AWSAccessKeyId>`;
      if (f.extra.stringToSign) xml += `<StringToSign>${xmlEscape(f.extra.stringToSign)}</StringToSign>`;
      if (f.extra.canonicalRequest) {
        xml += `<CanonicalRequest>${xmlEscape(f.extra.canonicalRequest)}</CanonicalRequest>`;
        xml += `<CanonicalRequestBytes>${[...Buffer.from(f.extra.canonicalRequest)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}</CanonicalRequestBytes>`;
      }
      xml += `<RequestId>${id.slice(0, 16).toUpperCase()}</RequestId><HostId>${Buffer.from(id).toString('base64')}</HostId></Error>`;
      return send(res, f.status, { 'Content-Type': 'application/xml', 'x-amz-request-id': id.slice(0, 16).toUpperCase() }, xml);
    }
    if (service === 'ec2') {
      const code = f.code === 'SignatureDoesNotMatch' || f.code === 'UnrecognizedClientException' ? 'AuthFailure' : f.code;
      const msg = code === 'AuthFailure' ? 'AWS was not able to validate the provided access credentials' : f.message;
      return send(res, f.status === 403 ? 401 : f.status, { 'Content-Type': 'text/xml;charset=UTF-8' },
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(msg)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`);
    }
    const detail = f.extra.canonicalRequest
      ? `${f.message}\n\nThe Canonical String for this request should have been\n'${f.extra.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${f.extra.stringToSign}'\n`
      : f.message;
    // the JSON services name some errors differently from S3 and the query services
    const type = f.code === 'SignatureDoesNotMatch' ? 'InvalidSignatureException' : f.code === 'ExpiredToken' ? 'ExpiredTokenException' : f.code;
    if (service === 'dynamodb') {
      return send(res, f.status === 403 ? 400 : f.status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': id },
        JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message: detail }));
    }
    // Lambda, API Gateway and others: a JSON message and the type in x-amzn-ErrorType
    return send(res, f.status, { 'Content-Type': 'application/json', 'x-amzn-RequestId': id, 'x-amzn-ErrorType': type }, JSON.stringify({ message: detail }));
  }

  async function serveS3(req: IncomingMessage, res: ServerResponse, a: Auth, path: string, query: string, body: Buffer): Promise<string> {
    const m = /^\/([^/]+)?(?:\/(.*))?$/.exec(path)!;
    const bucket = m[1] ? decodeURIComponent(m[1]) : undefined;
    const key = m[2] !== undefined && m[2] !== '' ? decodeURIComponent(m[2]) : undefined;
    const id = requestId().slice(0, 16).toUpperCase();
    const owner = `<Owner><ID>${createHash('sha256').update(a.key.account).digest('hex')}</ID><DisplayName>sigvault-test</DisplayName></Owner>`;
    if (!bucket) {
      if (req.method !== 'GET') throw new Fault('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
      const list = [...buckets].map((b) => `<Bucket><Name>${b}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`).join('');
      send(res, 200, { 'Content-Type': 'application/xml', 'x-amz-request-id': id },
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${owner}<Buckets>${list}</Buckets></ListAllMyBucketsResult>`);
      return 'ListBuckets';
    }
    if (!buckets.has(bucket)) throw new Fault('NoSuchBucket', 404, 'The specified bucket does not exist');
    if (key === undefined) {
      const params = new Map(queryPairs(query));
      if (req.method !== 'GET' || params.get('list-type') !== '2') throw new Fault('NotImplemented', 501, 'A header or query you provided implies functionality that is not implemented.');
      const prefix = params.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(`${bucket}/${prefix}`)).map((k) => k.slice(bucket.length + 1)).sort();
      const contents = keys.map((k) => `<Contents><Key>${xmlEscape(k)}</Key><Size>${objects.get(`${bucket}/${k}`)!.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`).join('');
      send(res, 200, { 'Content-Type': 'application/xml', 'x-amz-request-id': id },
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`);
      return 'ListObjectsV2';
    }
    if (req.method === 'PUT') {
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      objects.set(`${bucket}/${key}`, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
      send(res, 200, { ETag: etag, 'x-amz-request-id': id }, '');
      return 'PutObject';
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const o = objects.get(`${bucket}/${key}`);
      if (!o) {
        const f = new Fault('NoSuchKey', 404, 'The specified key does not exist.');
        res.statusCode = 404;
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${xmlEscape(key)}</Key><RequestId>${id}</RequestId><HostId>${Buffer.from(id).toString('base64')}</HostId></Error>`;
        send(res, f.status, { 'Content-Type': 'application/xml', 'x-amz-request-id': id }, xml);
        return 'GetObject';
      }
      send(res, 200, { 'Content-Type': o.contentType, ETag: `"${createHash('md5').update(o.body).digest('hex')}"`, 'Last-Modified': new Date(clock()).toUTCString(), 'x-amz-request-id': id }, req.method === 'HEAD' ? '' : o.body);
      return req.method === 'HEAD' ? 'HeadObject' : 'GetObject';
    }
    throw new Fault('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
  }

  function serveDynamo(req: IncomingMessage, res: ServerResponse, body: Buffer): string {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.replace(/^DynamoDB_20120810\./, '');
    if (req.method !== 'POST' || !target.startsWith('DynamoDB_20120810.') || action !== 'ListTables') {
      throw new Fault('UnknownOperationException', 400, '');
    }
    let input: { Limit?: number } = {};
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      throw new Fault('SerializationException', 400, 'Start of structure or map found where not expected.');
    }
    const names = input.Limit ? tables.slice(0, input.Limit) : tables;
    send(res, 200, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId() }, JSON.stringify({ TableNames: names }));
    return 'ListTables';
  }

  function serveEc2(req: IncomingMessage, res: ServerResponse, query: string, body: Buffer): string {
    const params = new Map(queryPairs(req.method === 'POST' ? body.toString('utf8').replace(/\+/g, '%20') : query));
    const action = params.get('Action') ?? '';
    if (action !== 'DescribeInstances') throw new Fault('InvalidAction', 400, `The action ${action} is not valid for this web service.`);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\n  <requestId>${requestId()}</requestId>\n  <reservationSet>\n    <item>\n      <reservationId>r-1234567890abcdef0</reservationId>\n      <ownerId>123456789012</ownerId>\n      <instancesSet>\n        <item>\n          <instanceId>i-1234567890abcdef0</instanceId>\n          <imageId>ami-0abcdef1234567890</imageId>\n          <instanceState><code>16</code><name>running</name></instanceState>\n          <instanceType>t3.micro</instanceType>\n        </item>\n      </instancesSet>\n    </item>\n  </reservationSet>\n</DescribeInstancesResponse>`;
    send(res, 200, { 'Content-Type': 'text/xml;charset=UTF-8' }, xml);
    return 'DescribeInstances';
  }

  function serveLambda(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): string {
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    if (!m || req.method !== 'POST') throw new Fault('UnknownOperationException', 404, 'Unknown operation');
    const name = decodeURIComponent(m[1]!);
    if (!functions.has(name)) throw new Fault('ResourceNotFoundException', 404, `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}`);
    let event: unknown = null;
    try {
      event = body.length ? JSON.parse(body.toString('utf8')) : null;
    } catch {
      throw new Fault('InvalidRequestContentException', 400, 'Could not parse request body into json');
    }
    send(res, 200, { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId() }, JSON.stringify({ statusCode: 200, echo: event }));
    return 'Invoke';
  }

  function serveApi(req: IncomingMessage, res: ServerResponse, a: Auth, path: string, body: Buffer): string {
    send(res, 200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId(), 'x-amz-apigw-id': 'Abc123=' },
      JSON.stringify({ message: 'hello from the API', method: req.method, path, caller: a.key.arn, body: body.toString('utf8') }));
    return 'Invoke';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const qi = raw.indexOf('?');
    const path = qi < 0 ? raw : raw.slice(0, qi);
    const query = qi < 0 ? '' : raw.slice(qi + 1);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    // the scope's service: SigV4 key/date/region/service/aws4_request, SigV4a key/date/service/aws4_request
    const scopeService = /Credential=[^/]+\/\d{8}\/(?:[^/]+\/)?([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''))?.[1]
      ?? /X-Amz-Credential=[^&]*?%2F\d{8}%2F(?:[^%&]+%2F)?([^%&]+)%2Faws4_request/i.exec(query)?.[1] ?? 's3';
    const call: ServiceCall = { at: clock(), service: scopeService, action: '?', status: 200, headers: { ...req.headers }, path };
    calls.push(call);
    let a: Auth;
    try {
      a = await authenticate(req, path, query, body);
      call.accessKeyId = a.accessKeyId;
      call.auth = a.mode;
      call.algorithm = a.algorithm;
      if (a.regionSet !== undefined) call.regionSet = a.regionSet;
      switch (a.service) {
        case 's3': call.action = await serveS3(req, res, a, path, query, body); break;
        case 'dynamodb': call.action = serveDynamo(req, res, body); break;
        case 'ec2': call.action = serveEc2(req, res, query, body); break;
        case 'lambda': call.action = serveLambda(req, res, path, body); break;
        case 'execute-api': call.action = serveApi(req, res, a, path, body); break;
        default: throw new Fault('UnknownService', 400, `This stand-in does not serve ${a.service}.`);
      }
      call.status = res.statusCode;
    } catch (e) {
      if (!(e instanceof Fault)) throw e;
      call.status = e.status;
      call.errorCode = e.code;
      sendFault(res, scopeService, e);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port, calls, objects, buckets, tables, functions,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
