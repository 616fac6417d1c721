#!/usr/bin/env node
// The spifbd executable; daemon/boot/ wires everything (the composition root).
import { main } from './boot/main.js';

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`spifbd: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
