// Copies the libraries the CAF self-assessment tool ships (generator/render/assets/vendor/), unchanged,
// with their licences: fflate (zip, for the XLSX download and upload) and Papa Parse (CSV). Both are
// classic scripts that set one global (fflate, Papa) and use no eval, so the Content-Security-Policy stays strict.
// Run after installing or changing their versions:
//   npm install --prefix tests/js && node tests/js/build-caf-vendor.mjs   (versions: package.json devDependencies)
// The copied files are committed; the build and CI never run this.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "..", "generator", "render", "assets", "vendor");
const modules = join(here, "node_modules");
const version = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"))).version;

copyFileSync(join(modules, "fflate", "umd", "index.js"), join(vendor, "fflate.js"));
copyFileSync(join(modules, "fflate", "LICENSE"), join(vendor, "fflate.LICENSE"));
copyFileSync(join(modules, "papaparse", "papaparse.min.js"), join(vendor, "papaparse.js"));
copyFileSync(join(modules, "papaparse", "LICENSE"), join(vendor, "papaparse.LICENSE"));
writeFileSync(join(vendor, "caf-tool.VERSIONS"), `fflate ${version("fflate")}\npapaparse ${version("papaparse")}\n`);
