/** The Node version the CLI needs (undici 8 needs 22.19), checked before anything loads undici. */
export const MIN_NODE = [22, 19] as const;

/** A one-line message when `version` (e.g. `20.20.2`) is too old, else undefined. */
export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [needMajor, needMinor] = MIN_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `business-scaler needs Node ≥ ${needMajor}.${needMinor}, found ${version}; use \`npx business-scaler\` (runs the project's own Node 22) or install Node 22`;
}
