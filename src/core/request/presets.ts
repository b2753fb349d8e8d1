/**
 * The request console's presets: common AWS calls as plain data, ready to load into the form. URLs hold
 * `{region}` (and S3 presets `{bucket}` / `{key}`, API Gateway `{api}`), filled by {@link applyPreset};
 * service and region are inferred from the host, so no preset names them itself. Pure.
 * @module
 */

export interface RequestPreset {
  id: string;
  /** A short name for a list (not translated: AWS's own operation names). */
  label: string;
  method: 'GET' | 'POST' | 'PUT';
  /** With `{region}`, and `{bucket}`, `{key}`, `{api}` where the call needs them. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const PRESETS: readonly RequestPreset[] = [
  {
    id: 'sts-get-caller-identity', label: 'STS GetCallerIdentity', method: 'POST', url: 'https://sts.{region}.amazonaws.com/',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15',
  },
  { id: 's3-list-buckets', label: 'S3 ListBuckets', method: 'GET', url: 'https://s3.{region}.amazonaws.com/', headers: {}, body: '' },
  { id: 's3-list-objects-v2', label: 'S3 ListObjectsV2', method: 'GET', url: 'https://{bucket}.s3.{region}.amazonaws.com/?list-type=2&max-keys=100', headers: {}, body: '' },
  { id: 's3-get-object', label: 'S3 GetObject', method: 'GET', url: 'https://{bucket}.s3.{region}.amazonaws.com/{key}', headers: {}, body: '' },
  {
    id: 's3-put-object', label: 'S3 PutObject', method: 'PUT', url: 'https://{bucket}.s3.{region}.amazonaws.com/{key}',
    headers: { 'Content-Type': 'text/plain' }, body: 'Hello from Sigvault',
  },
  {
    id: 'lambda-invoke', label: 'Lambda Invoke', method: 'POST', url: 'https://lambda.{region}.amazonaws.com/2015-03-31/functions/{function}/invocations',
    headers: { 'Content-Type': 'application/json' }, body: '{\n  "hello": "world"\n}',
  },
  {
    id: 'dynamodb-list-tables', label: 'DynamoDB ListTables', method: 'POST', url: 'https://dynamodb.{region}.amazonaws.com/',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, body: '{}',
  },
  { id: 'ec2-describe-instances', label: 'EC2 DescribeInstances', method: 'GET', url: 'https://ec2.{region}.amazonaws.com/?Action=DescribeInstances&Version=2016-11-15', headers: {}, body: '' },
  { id: 'execute-api', label: 'API Gateway (IAM auth)', method: 'GET', url: 'https://{api}.execute-api.{region}.amazonaws.com/prod/', headers: {}, body: '' },
];

/** The placeholder values a preset's URL takes; `region` is required, the others default to examples. */
export interface PresetValues {
  region: string;
  bucket?: string;
  key?: string;
  function?: string;
  api?: string;
}

/** A preset's URL with its placeholders filled (`bucket` → `amzn-s3-demo-bucket`, `key` → `example.txt`, `function` → `my-function`, `api` → `a1b2c3d4e5` unless given). */
export function presetUrl(preset: RequestPreset, values: PresetValues): string {
  const v: Record<string, string> = {
    bucket: 'amzn-s3-demo-bucket', key: 'example.txt', function: 'my-function', api: 'a1b2c3d4e5',
    ...Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined && x !== '')),
  };
  return preset.url.replace(/\{(region|bucket|key|function|api)\}/g, (_m, name: string) => v[name]!);
}

/** The request a preset makes: its method, URL (placeholders filled), a copy of its headers, its body. */
export function applyPreset(id: string, values: PresetValues): { method: string; url: string; headers: Record<string, string>; body: string } | undefined {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) return undefined;
  return { method: p.method, url: presetUrl(p, values), headers: { ...p.headers }, body: p.body };
}
