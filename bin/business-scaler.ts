#!/usr/bin/env node
import '../lib/cli/lifetime.js'; // notes the parent process before anything slow
import { nodeVersionProblem } from '../lib/cli/nodeVersion.js';

// Checked before the CLI (and undici, which crashes on Node 20) is loaded.
const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
const { main } = await import('../lib/cli/main.js');
// Exit explicitly: keep-alive connection pools would otherwise hold the process open.
process.exit(await main(process.argv.slice(2)));
