export const STACK_TARGETS: string[];
export const S3RVER_CREDENTIALS: { accessKeyId: string; secretAccessKey: string };
export interface OfflineStack {
  url: string;
  apiKey: string;
  apiKeys: string[];
  bucket: string;
  s3Endpoint: string;
  lambdaEndpoint: string;
  lines: () => string[];
  stop: () => Promise<void>;
}
export function startOfflineStack(opts?: { apiKeys?: string[]; bucket?: string; env?: Record<string, string>; log?: (line: string) => void; timeoutMs?: number }): Promise<OfflineStack>;
