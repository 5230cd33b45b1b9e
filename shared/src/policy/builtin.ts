import d2019 from '../../policies/default-2019.05.json' with { type: 'json' };
import d2025 from '../../policies/default-2025.09.json' with { type: 'json' };
import published from '../../policies/published.json' with { type: 'json' };
import { PolicyRegistry } from './registry.js';

/** The policy documents that ship with PolicyCell, each checked against the digest it was published with. */
export const SHIPPED_POLICIES: readonly { file: string; doc: unknown }[] = [
  { file: 'shared/policies/default-2019.05.json', doc: d2019 },
  { file: 'shared/policies/default-2025.09.json', doc: d2025 },
];

export const PUBLISHED_DIGESTS: Readonly<Record<string, string>> = published;

/** A registry holding the shipped policies. Built on first use, so importing the package costs nothing. */
export function shippedRegistry(): PolicyRegistry {
  const r = new PolicyRegistry();
  for (const { file, doc } of SHIPPED_POLICIES) r.add(doc, file, PUBLISHED_DIGESTS);
  return r;
}

/** A policy document an organisation adds to the shipped ones: its content, where it came from, and the digests its folder recorded when versions were published. */
export interface PolicySource {
  document: unknown;
  origin: string;
  published: Readonly<Record<string, string>>;
}

/** The shipped policies and an organisation's own, each checked as it is added (PolicyRegistry.add). */
export function registryWith(sources: readonly PolicySource[]): PolicyRegistry {
  const r = shippedRegistry();
  for (const s of sources) r.add(s.document, s.origin, s.published);
  return r;
}
