/** `node dist/bench/topProfile.js <file.cpuprofile> [count]`: the top self-time functions. */
import { readFileSync } from 'node:fs';
import { topSelf } from './profile.js';

const [file, count] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: topProfile <file.cpuprofile> [count]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof topSelf>[0];
for (const [name, ms] of topSelf(profile, Number(count ?? 25))) {
  process.stdout.write(`${ms.toFixed(0).padStart(7)} ms  ${name}\n`);
}
