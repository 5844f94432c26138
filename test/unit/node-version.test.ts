/** The CLI's Node check: a clear line instead of undici's crash on Node 20. */
import { nodeVersionProblem } from '../../lib/cli/nodeVersion.js';

describe('nodeVersionProblem', () => {
  it.each([
    ['20.20.2', 'found 20.20.2'],
    ['22.18.0', 'found 22.18.0'],
    ['18.0.0', 'found 18.0.0'],
  ])('%s is too old', (version, found) => {
    expect(nodeVersionProblem(version)).toBe(
      `business-scaler needs Node ≥ 22.19, ${found}; use \`npx business-scaler\` (runs the project's own Node 22) or install Node 22`,
    );
  });
  it.each(['22.19.0', '22.23.3', '23.0.0', '24.1.0'])('%s is fine', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });
});
