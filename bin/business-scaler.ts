#!/usr/bin/env node
import { main } from '../lib/cli/main.js';

// Exit explicitly: keep-alive connection pools would otherwise hold the process open.
process.exit(await main(process.argv.slice(2)));
