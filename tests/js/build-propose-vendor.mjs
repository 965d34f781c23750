// Builds the validator the "Propose" form ships (generator/render/assets/vendor/json-schema.js):
// @cfworker/json-schema as one classic script, because it interprets schemas without eval
// (the Content-Security-Policy forbids it, so Ajv's compiled validators cannot run).
// Run after changing its version in package.json:  node tests/js/build-propose-vendor.mjs
// The built file is committed; the build and CI never run this.
import { build } from "esbuild";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "..", "generator", "render", "assets", "vendor");
const version = (name) => JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"))).version;

await build({
  stdin: { contents: 'export { Validator } from "@cfworker/json-schema";', resolveDir: here },
  bundle: true, format: "iife", globalName: "portalJsonSchema", target: "es2019", minify: true,
  legalComments: "none", outfile: join(vendor, "json-schema.js"),
  banner: { js: `/*! @cfworker/json-schema ${version("@cfworker/json-schema")} (MIT, see json-schema.LICENSE) */` },
});
copyFileSync(join(here, "node_modules", "js-yaml", "dist", "browser", "js-yaml.umd.min.js"), join(vendor, "js-yaml.js"));
copyFileSync(join(here, "node_modules", "js-yaml", "LICENSE"), join(vendor, "js-yaml.LICENSE"));
writeFileSync(join(vendor, "VERSIONS"), `@cfworker/json-schema ${version("@cfworker/json-schema")}\njs-yaml ${version("js-yaml")}\n`);
