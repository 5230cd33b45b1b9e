export const ROOT: string;
export const TARGETS: Record<string, { out: string; sources: string[]; needs?: string[]; run: () => Promise<unknown> }>;
export function stale(name: string): boolean;
export function build(names?: string[], opts?: { onlyStale?: boolean }): Promise<void>;
