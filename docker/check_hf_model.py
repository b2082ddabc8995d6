#!/usr/bin/env python3
"""Check that a model directory ToolTune wrote loads in Hugging Face transformers and agrees.

Used for the shipped tiny model (models/tooltune-tiny) on a machine with transformers:

    go run ./docker/hfcases -model DIR -out cases.json            # texts and ToolTune's ids
    go run ./docker/modellogits -model DIR -ids ... -out go.npy   # ToolTune's logits (any backend)
    python3 docker/check_hf_model.py --model DIR --cases cases.json --go-logits go.npy

It loads DIR with AutoTokenizer and AutoModelForCausalLM (no trust_remote_code: only
transformers' own classes), then checks

  - tokenizer: every text of cases.json encodes to ToolTune's ids (no special tokens added) and
    decodes back to the same text;
  - logits: for each --go-logits file, the logits of the first case's ids (cut to the file's
    length) agree with transformers' within --rtol (docker/compare_logits.py's rule);
  - generation: greedy generation from a chat prompt runs (its text is reported, not judged).

It prints one JSON report (also to --out). Exit status: 0 all checks pass, 1 a check fails,
2 bad input.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_logits  # noqa: E402  (same directory)


def check_tokenizer(tok, texts, want_ids):
    cases = []
    for i, (text, want) in enumerate(zip(texts, want_ids)):
        got = tok(text, add_special_tokens=False)["input_ids"]
        decoded = tok.decode(got, skip_special_tokens=False, clean_up_tokenization_spaces=False)
        case = {"index": i, "tokens": len(want), "ids_equal": got == want, "round_trip": decoded == text}
        if got != want:
            first = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            case["first_difference"] = {"position": first, "transformers": got[first:first + 5], "tooltune": want[first:first + 5]}
        cases.append(case)
    ok = all(c["ids_equal"] and c["round_trip"] for c in cases)
    return {"ok": ok, "class": type(tok).__name__, "cases": cases}


def check_logits(model, ids, go_files, rtol, device):
    import numpy as np
    import torch

    results = []
    for path in go_files:
        got = np.load(path)
        row = ids[: got.shape[1]]
        with torch.no_grad():
            want = model(input_ids=torch.tensor([row], dtype=torch.long, device=device)).logits.float().cpu().numpy()
        r = compare_logits.compare(got, want, rtol)
        r["go_logits"] = os.path.basename(path)
        results.append(r)
    return {"ok": all(r["ok"] for r in results), "files": results}


def sample_generation(tok, model, device, prompt):
    import torch

    ids = tok(prompt, add_special_tokens=False, return_tensors="pt")["input_ids"].to(device)
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=32, do_sample=False)
    return {"prompt": prompt, "answer": tok.decode(out[0, ids.shape[1]:], skip_special_tokens=False)}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="Hugging Face model directory")
    p.add_argument("--cases", required=True, help='JSON {"texts": [...], "ids": [[...]]} from docker/hfcases')
    p.add_argument("--go-logits", action="append", default=[], help=".npy of docker/modellogits for the first case's ids (repeatable)")
    p.add_argument("--rtol", type=float, default=1e-4, help="allowed max |diff| / max |logit|")
    p.add_argument("--prompt", default="<|user|>\nHello! My name is Anna.<|end|>\n<|assistant|>\n")
    p.add_argument("--out", help="also write the report here")
    args = p.parse_args(argv)

    try:
        with open(args.cases, encoding="utf-8") as f:
            cases = json.load(f)
        texts, ids = cases["texts"], cases["ids"]
        if not texts or len(texts) != len(ids):
            raise ValueError("texts and ids must be non-empty lists of the same length")
    except (OSError, ValueError, KeyError) as e:
        print(f"check_hf_model: {args.cases}: {e}", file=sys.stderr)
        return 2

    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32, attn_implementation="eager")
    model.to(device).eval()

    report = {
        "model": args.model, "device": device, "torch": torch.__version__, "transformers": transformers.__version__,
        "model_class": type(model).__name__, "parameters": sum(t.numel() for t in model.parameters()),
        "tokenizer": check_tokenizer(tok, texts, ids),
        "logits": check_logits(model, ids[0], args.go_logits, args.rtol, device),
        "generation": sample_generation(tok, model, device, args.prompt),
    }
    report["ok"] = report["tokenizer"]["ok"] and report["logits"]["ok"]
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        compare_logits.write_atomic(args.out, text)
    sys.stdout.write(text)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
