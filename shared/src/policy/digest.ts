import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The content digest of a policy document: SHA-256 of its canonical JSON (keys sorted, no
 * whitespace), so re-indenting a file does not change it but changing any value does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function policyDigest(doc: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(doc))))}`;
}
