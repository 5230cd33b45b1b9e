// Builds dist/ once before the tests that run the real bundles (the CLI, the server, the Lambda handler).
export default async function setup(): Promise<void> {
  const { build } = (await import('../../scripts/build.mjs')) as { build: (names?: string[], o?: { onlyStale?: boolean }) => Promise<void> };
  await build(undefined, { onlyStale: true });
}
