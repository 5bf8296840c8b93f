#!/usr/bin/env node
// The installed `flagon` command. It exists before the package is built, so a workspace install
// links it; the command itself is the built dist/bin.js.
import '../dist/bin.js';
