// Loads the tokenizer.json that the Go trainer wrote (../trained) with transformers.js
// (@lenml/tokenizers) and writes the ids it computes for ../trained/texts.json to
// ../trained/expected_ids.json, which the Go tests compare against.
//
// Run from this directory: npm install && node check.mjs
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { TokenizerLoader } from "@lenml/tokenizers";

const here = dirname(fileURLToPath(import.meta.url));
const trained = join(here, "..", "trained");
const readJSON = (name) => JSON.parse(readFileSync(join(trained, name), "utf8"));

const tokenizer = TokenizerLoader.fromPreTrained({
  tokenizerJSON: readJSON("tokenizer.json"),
  tokenizerConfig: readJSON("tokenizer_config.json"),
});
const version = JSON.parse(
  readFileSync(join(here, "node_modules", "@lenml", "tokenizers", "package.json"), "utf8"),
).version;

const cases = readJSON("texts.json").map((text) => {
  const ids = tokenizer.encode(text, { add_special_tokens: false });
  // transformers.js refuses to decode an empty list.
  const decoded = ids.length === 0 ? "" : tokenizer.decode(ids, {
    skip_special_tokens: false,
    clean_up_tokenization_spaces: false,
  });
  return { text, ids, decoded };
});

const out = join(trained, "expected_ids.json");
writeFileSync(out + ".tmp", JSON.stringify({ library: `@lenml/tokenizers@${version}`, cases }, null, 2) + "\n");
renameSync(out + ".tmp", out);
console.log(`wrote ${cases.length} cases to ${out}`);
