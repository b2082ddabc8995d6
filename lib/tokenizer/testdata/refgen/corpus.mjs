// corpus.mjs writes the tokenizer test corpus: a JSON array of strings.
//
// Usage: node corpus.mjs OUT.json
//
// The corpus is deterministic: hand-written fragments per category, plus
// combinations of them picked by a seeded PRNG, so rerunning it gives the
// same file. Two characters are left out on purpose: U+0085 and U+FEFF,
// because JavaScript's \s disagrees with Unicode White_Space (and with the
// Rust tokenizers library) on them, so transformers.js is no reference there.
import { writeFileSync, renameSync } from "node:fs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node corpus.mjs OUT.json");
  process.exit(2);
}

// mulberry32: a tiny seeded PRNG, so the corpus never changes between runs.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chat = [
  "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n",
  "<|im_start|>user\nWhat's the weather in Paris?<|im_end|>\n<|im_start|>assistant\n",
  "<|im_start|>assistant\n<think>\n\n</think>\n\nSure.<|im_end|>",
  "<|user|>\nBook a table for two at 7pm.\n<|assistant|>\nI'll help you with that.",
  "<|assistant|>\nI'll help you with that.\n\n<tool_call>\nname: get_weather\nparameters: {\"city\": \"Paris\"}\n</tool_call>",
  "<tool_call>\n{\"name\": \"search_flights\", \"arguments\": {\"from\": \"SFO\", \"to\": \"NRT\"}}\n</tool_call>",
  "<tool_response>\n{\"temperature\": 21.5, \"unit\": \"celsius\"}\n</tool_response>",
  "<|im_start|>tool\n<tool_response>\n{\"ok\": true}\n</tool_response><|im_end|>",
  "<s>[INST] What is 2+2? [/INST] 4</s>",
  "<s> hello</s>",
  "</s><s>",
  "<|endoftext|>",
  "<|im_end|><|im_end|><|im_start|>",
  "text<|im_start|>text",
  "  <|im_start|>  spaced  <|im_end|>  ",
  "<|im_start|",
  "<|im_start|>|>",
  "<|fim_prefix|>def f(x):<|fim_suffix|>    return x<|fim_middle|>",
  "<|vision_start|><|image_pad|><|vision_end|>Describe the image.",
  "<unk>",
  "<0x41>",
  "<|system|>\nYou can call tools.\n<|user|>\nConvert 100 USD to EUR\n<|assistant|>",
];

const toolJSON = [
  '{"name": "get_weather", "parameters": {"location": "San Francisco, CA", "unit": "fahrenheit"}}',
  '{"name":"calculate","parameters":{"expression":"(3+4)*12/7"}}',
  '[{"type": "function", "function": {"name": "send_email", "description": "Send an email.", "parameters": {"type": "object", "properties": {"to": {"type": "string"}, "subject": {"type": "string"}}, "required": ["to"]}}}]',
  '{\n  "name": "create_event",\n  "parameters": {\n    "title": "Standup",\n    "start": "2024-03-15T09:30:00Z",\n    "attendees": ["ana@example.com", "bo@example.org"]\n  }\n}',
  '{"tool_calls": [{"id": "call_abc123", "function": {"name": "lookup", "arguments": "{\\"q\\": \\"\\u00e9t\\u00e9\\"}"}}]}',
  '{"a":1,"b":[true,false,null],"c":{"d":-0.5e-3}}',
  '{"emoji": "🌧️", "city": "東京", "note": "naïve café"}',
  "{}",
  "[]",
  '{"":""}',
];

const code = [
  "func main() {\n\tfmt.Println(\"hello, world\")\n}\n",
  "package tokenizer\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n",
  "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
  "class Foo:\n    def __init__(self, x: int) -> None:\n        self.x = x  # comment\n",
  "const add = (a, b) => a + b;\nconsole.log(`sum: ${add(1, 2)}`);\n",
  "fn main() {\n    let v: Vec<u32> = (0..10).map(|x| x * x).collect();\n    println!(\"{:?}\", v);\n}\n",
  "SELECT id, name FROM users WHERE age >= 21 ORDER BY name DESC LIMIT 10;",
  "#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do wc -l \"$f\"; done\n",
  "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }\n",
  "if (x != nullptr && *x == 0x7f) { return -1; }",
  "<html><body><div class=\"a b\">Hi &amp; bye</div></body></html>",
  "a := map[string][]int{\"x\": {1, 2, 3}}",
  "x = [i**2 for i in range(10) if i % 2 == 0]",
  "git commit -m 'fix: handle CRLF'\r\n",
  "SELECT * FROM t;\r\nSELECT 1;\r\n",
  "public static void main(String[] args) throws IOException {}",
  "$ go test -run TestEncode ./lib/tokenizer/... -count=1",
  "// TODO(someone): don't panic\n/* block\n   comment */",
  "λx.λy.x y",
  "matrix[i][j] += a[i][k] * b[k][j];",
];

const emoji = [
  "😀",
  "👍🏽",
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "👩🏾‍💻 codes all night ☕",
  "I ❤️ Go 🐹!",
  "🇫🇷🇯🇵🇧🇷",
  "🤖🤖🤖🤖🤖",
  "1️⃣ 2️⃣ #️⃣",
  "🧑‍🚀 to the 🌕",
];

const scripts = [
  "東京は日本の首都です。",
  "我喜欢编程，尤其是用Go语言。",
  "안녕하세요, 세계!",
  "ひらがなとカタカナ、漢字",
  "مرحبا بالعالم",
  "السلام عليكم ورحمة الله",
  "שלום עולם",
  "Привет, мир! Ёжик.",
  "Γειά σου Κόσμε",
  "नमस्ते दुनिया",
  "สวัสดีชาวโลก",
  "Tiếng Việt có dấu: Đường phố Hà Nội",
  "ﾊﾝｶｸ and ＦＵＬＬＷＩＤＴＨ",
  "数学：∑ x² ≤ ∞, ∀x∈ℝ",
  "日本語 mixed with English and 123 numbers",
];

const latin = [
  "Crème brûlée à la française",
  "naïve café résumé",
  "Ångström, Øresund, Æsir",
  "Straße und Füße",
  "São Paulo, Açores, Coração",
  "Łódź, Kraków, Gdańsk",
  "İstanbul ığdır şeker",
  "e\u0301te\u0301 (decomposed accents)",
  "A\u030angstro\u0308m decomposed",
  "ﬁ ligature ﬀ",
  "El niño pidió jalapeños",
  "Ça va? Très bien!",
];

const whitespace = [
  "",
  " ",
  "  ",
  "   ",
  "\t",
  "\n",
  "\r\n",
  "\n\n\n",
  " \n ",
  "\t\tindented with tabs",
  "col1\tcol2\tcol3\n1\t2\t3",
  "line one\r\nline two\r\n",
  "  leading spaces",
  "trailing spaces   ",
  "multiple    spaces    between",
  "   both   ",
  "mixed \t \n whitespace",
  "a\u00a0b non-breaking",
  "a\u3000b ideographic space",
  "a\u2003b em space",
  "word\n",
  "\nword",
  " \t\r\n",
  "end with newline\n",
];

const digits = [
  "1234567890",
  "3.14159265358979323846264338327950288",
  "00000000000000000000",
  "12345678901234567890123456789012345678901234567890",
  "Order #1234 costs $56.78 (12% off)",
  "2024-03-15T09:30:00+02:00",
  "+1 (555) 123-4567",
  "v1.2.3-rc.4",
  "0x1F600 0b1010 0o777",
  "١٢٣ ٤٥٦ ۷۸۹",
  "１２３",
  "1,000,000.00",
];

const repeats = [
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "!!!!!!!!!!!!!!!!",
  "..........",
  "----------------------------------------",
  "==========",
  "hahahahahahahahaha",
  "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
  "ababababababababab",
  "😂😂😂😂😂😂😂😂",
  "漢漢漢漢漢漢漢漢",
  "\n\n\n\n\n\n\n\n\n\n",
  "                                ",
  "\t\t\t\t\t\t",
  "********",
];

const prose = [
  "Hello world",
  "Hello, world!",
  "The quick brown fox jumps over the lazy dog.",
  "I'm sure it's fine; they'll've done it, won't they? We'd go.",
  "DON'T SHOUT. I'M LISTENING. IT'S LOUD.",
  "Dr. Smith's patients' records (2019–2023) were \"misplaced\"…",
  "It costs 5€ or £4 or ¥600 — roughly.",
  "email me at first.last+tag@example.co.uk or visit https://example.com/a?b=c&d=e#f",
  "C:\\Users\\name\\Documents\\file.txt",
  "~/go/pkg/mod/github.com/dlclark/regexp2@v1.12.0",
  "Use `go vet` and `gofmt -l`.",
  "ALL CAPS AND lower and MiXeD",
  "a",
  "A",
  "z",
  "0",
  "9",
  ".",
  "'",
  "\"",
  "?",
  "_",
  "é",
  "中",
  "ا",
  "▁",
  "▁▁leading metaspace chars",
  "'s",
  "'S 'T 'RE 'VE 'M 'LL 'D",
  "~",
  "\\",
  "\u0001\u0002 control chars \u007f",
  "tab\there",
];

const fixed = [
  ...chat,
  ...toolJSON,
  ...code,
  ...emoji,
  ...scripts,
  ...latin,
  ...whitespace,
  ...digits,
  ...repeats,
  ...prose,
];

// Single characters: every printable ASCII character on its own.
const singles = [];
for (let c = 0x20; c < 0x7f; c++) singles.push(String.fromCharCode(c));

// Combinations: 2 to 4 fragments from different categories, joined by a
// separator picked from a small set, so boundaries vary too.
const categories = [chat, toolJSON, code, emoji, scripts, latin, whitespace, digits, repeats, prose];
const separators = ["", " ", "\n", "  ", "\t", "\r\n", ": ", " | "];
const rand = prng(20241125);
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const combos = [];
while (combos.length < 240) {
  const n = 2 + Math.floor(rand() * 3);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(pick(pick(categories)));
  const text = parts.join(pick(separators));
  combos.push(text);
}

// One long text, to exercise long words and the BPE heap.
const long = [fixed.join("\n"), pick(repeats).repeat(50)];

const corpus = [...fixed, ...singles, ...combos, ...long];
// Write to a temporary name in the same directory, then rename.
const tmp = `${out}.tmp-${process.pid}`;
writeFileSync(tmp, JSON.stringify(corpus, null, 0) + "\n");
renameSync(tmp, out);
console.log(`wrote ${corpus.length} texts to ${out}`);
