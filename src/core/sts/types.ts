/**
 * The STS client's public data types: temporary credentials, each action's parameters and results.
 * @module
 */

/** Temporary credentials as STS returns them. `expiration` is ms since the epoch (server clock). */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  /** The ARN is `arn:<partition>:iam::<account>:root`: root-user keys. */
  isRoot: boolean;
  requestId?: string;
}

export interface SessionTokenParams {
  /** 900–129600 (AWS default 43200; root keys are capped at 3600 by AWS). */
  durationSeconds?: number;
  /** MFA device: virtual-device ARN or hardware serial. Both or neither of serialNumber/tokenCode. */
  serialNumber?: string;
  /** Six digits. */
  tokenCode?: string;
}

export interface SessionTokenResult {
  credentials: TemporaryCredentials;
  requestId?: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface AssumeRoleParams {
  roleArn: string;
  /** 2–64 characters of `[\w+=,.@-]`. */
  roleSessionName: string;
  /** 900–43200 (AWS default 3600; ≤ the role's MaxSessionDuration; ≤ 3600 when role chaining). */
  durationSeconds?: number;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  /** 2–64 characters of `[\w+=,.@-]`, not starting with `aws:`. */
  sourceIdentity?: string;
  /** Inline session policy (JSON text, ≤ 2048 characters). */
  policy?: string;
  /** Managed session policy ARNs (≤ 10). */
  policyArns?: string[];
  /** Session tags (≤ 50). */
  tags?: Tag[];
  transitiveTagKeys?: string[];
}

export interface AssumedRoleUser {
  arn: string;
  assumedRoleId: string;
}

export interface AssumeRoleResult {
  credentials: TemporaryCredentials;
  assumedRoleUser: AssumedRoleUser;
  /** Percentage of the allowed size the session policy/tags use (only when some were passed). */
  packedPolicySize?: number;
  sourceIdentity?: string;
  requestId?: string;
}

export interface FederationTokenParams {
  /** 2–32 characters of `[\w+=,.@-]`. */
  name: string;
  /** Session policy JSON. Without one (and without policyArns) the session has no permissions. */
  policy?: string;
  policyArns?: string[];
  /** 900–129600 (AWS default 43200; root max 3600). */
  durationSeconds?: number;
  tags?: Tag[];
}

export interface FederatedUser {
  arn: string;
  federatedUserId: string;
}

export interface FederationTokenResult {
  credentials: TemporaryCredentials;
  federatedUser: FederatedUser;
  packedPolicySize?: number;
  requestId?: string;
}

export interface SamlRoleParams {
  /** The role to assume (20–2048 characters). */
  roleArn: string;
  /** The IAM SAML provider's ARN (`arn:…:iam::<account>:saml-provider/<name>`, 20–2048). */
  principalArn: string;
  /** The IdP's base64 SAML response (4–100000 characters). A bearer secret: never logged. */
  samlAssertion: string;
  /** 900–43200 (AWS default 3600; ≤ the role's MaxSessionDuration; capped by the assertion). */
  durationSeconds?: number;
  policy?: string;
  policyArns?: string[];
}

export interface SamlRoleResult {
  credentials: TemporaryCredentials;
  assumedRoleUser: AssumedRoleUser;
  /** The assertion's NameID. */
  subject?: string;
  /** NameID format, `transient` / `persistent` (prefix stripped by AWS) or the full URI. */
  subjectType?: string;
  /** The assertion's Issuer. */
  issuer?: string;
  /** SubjectConfirmationData Recipient. */
  audience?: string;
  /** BASE64(SHA1(Issuer + account + "/" + providerName)): a stable id for the user. */
  nameQualifier?: string;
  sourceIdentity?: string;
  packedPolicySize?: number;
  requestId?: string;
}

export interface WebIdentityRoleParams {
  roleArn: string;
  /** 2–64 characters of `[\w+=,.@-]`. */
  roleSessionName: string;
  /** OIDC ID token or OAuth 2.0 access token (4–20000 characters). A bearer secret: never logged. */
  webIdentityToken: string;
  /** 900–43200 (AWS default 3600). */
  durationSeconds?: number;
  /** Only for OAuth 2.0 providers (`www.amazon.com`, `graph.facebook.com`); omit for OIDC. 4–2048. */
  providerId?: string;
  policy?: string;
  policyArns?: string[];
}

export interface WebIdentityRoleResult {
  credentials: TemporaryCredentials;
  assumedRoleUser: AssumedRoleUser;
  /** The token's `sub`. */
  subjectFromWebIdentityToken?: string;
  /** The issuer (OIDC provider URL without scheme, or the ProviderId). */
  provider?: string;
  /** The token's `aud` (client id). */
  audience?: string;
  sourceIdentity?: string;
  packedPolicySize?: number;
  requestId?: string;
}
