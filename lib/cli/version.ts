/**
 * `business-scaler --version`: the package's version (test/unit/cli-version.test.ts keeps it equal
 * to package.json's) and the Node.js running it, so an image shows which runtime it carries.
 */
export const VERSION = '0.1.0';

export function formatVersion(node: string = process.versions.node): string {
  return `business-scaler ${VERSION} (node ${node})`;
}
