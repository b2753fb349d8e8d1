/**
 * The shapes a config import reads and reports, shared by the AWS CLI reader (./aws-cli.ts) and the IAM
 * Identity Center part of it (./sso.ts): parsed profiles and settings with their lines, and skips.
 * @module
 */

/** Which text a line number refers to. */
export type ImportFile = 'config' | 'credentials' | 'aesr';

export interface ParsedSetting {
  value: string;
  line: number;
  file: ImportFile;
  /** A nested sub-section (`s3 =` then indented `k = v` lines). */
  nested?: Record<string, ParsedSetting>;
}

export interface ParsedProfile {
  /** The profile name (the identity label it would get). */
  name: string;
  /** Line of its (first) section header. */
  line: number;
  file: ImportFile;
  /** Lower-cased setting name → value; credentials-file values override config-file ones, as in the CLI. */
  settings: Record<string, ParsedSetting>;
  /**
   * The same settings per file, before the override. The CLI takes the access keys (and their session token)
   * from one file: the credentials file's section when it has `aws_access_key_id`, else the config file's.
   */
  byFile?: Partial<Record<ImportFile, Record<string, ParsedSetting>>>;
}

export type SkipCode =
  | 'credential_process'
  | 'login_session'
  | 'sso'
  | 'web_identity'
  | 'credential_source'
  | 'session_token'
  | 'no_credentials'
  | 'invalid'
  | 'source_missing'
  | 'source_skipped'
  | 'cycle'
  | 'conflict'
  | 'duplicate_key'
  | 'duplicate_sso'
  | 'unchanged'
  | 'base_profile';

export interface SkippedProfile {
  label: string;
  code: SkipCode;
  /** For people; never holds a secret. */
  reason: string;
  line: number;
  file: ImportFile;
}
