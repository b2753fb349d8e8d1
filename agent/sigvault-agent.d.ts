/** Types of the Sigvault signing agent client (agent/sigvault-agent.js). See docs/protocol.md "Signing agent". */
export type SigvaultAgentErrorCode = 'NOT_AVAILABLE' | 'NOT_APPROVED' | 'DENIED' | 'HOST_NOT_ALLOWED' | 'RATE_LIMITED' | 'LOCKED' | 'INVALID_INPUT';
export interface SigvaultAgentError extends Error {
  code: SigvaultAgentErrorCode;
}
export interface SignRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** An identity id or label the page was approved for; default: its latest approval. */
  identity?: string;
  /** Signing name and region, for hosts that name none (a custom endpoint). */
  service?: string;
  region?: string;
}
export interface SignedRequest {
  method: string;
  url: string;
  /** The headers to send: Authorization, X-Amz-Date, X-Amz-Security-Token (temporary credentials), X-Amz-Content-SHA256 (S3), and the page's own. */
  headers: Record<string, string>;
}
export interface PresignRequest {
  method: string;
  url: string;
  /** Seconds, 1 to 604800; capped by the credentials' remaining life. */
  expiresIn: number;
  identity?: string;
  service?: string;
  region?: string;
}
export interface SigvaultAgentApi {
  sign(req: SignRequest): Promise<SignedRequest>;
  presign(req: PresignRequest): Promise<{ url: string; expiresAt: number }>;
  /** Resolves true when a Sigvault bridge answers on this page. */
  available(): Promise<boolean>;
}
export declare const SigvaultAgent: SigvaultAgentApi;
export declare const sign: SigvaultAgentApi['sign'];
export declare const presign: SigvaultAgentApi['presign'];
declare global {
  // eslint-disable-next-line no-var
  var SigvaultAgent: SigvaultAgentApi;
}
