#!/usr/bin/env python3
"""Compare ToolTune's logits with Hugging Face transformers' on the same model and token ids.

scripts/gpu-check runs it after `go run ./docker/modellogits -model DIR -out go.npy -ids_out
ids.json`: this script loads DIR with transformers' AutoModelForCausalLM in float32 on the GPU
(CPU when there is none; TF32 off, so both sides compute in full float32), runs the ids from
ids.json and compares every logit with go.npy.

It passes when the largest absolute difference, divided by the largest |logit| of the
reference, is at most --rtol, and the top token agrees at every position. It prints one JSON
object and writes it to --out when given. Exit status: 0 pass, 1 mismatch, 2 bad input.

Needs numpy, torch and transformers (docker/Dockerfile's REFERENCE_PACKAGES build argument).
"""
import argparse
import json
import os
import sys
import tempfile


def read_inputs(path):
    with open(path, encoding="utf-8") as f:
        ids = json.load(f).get("input_ids")
    if not ids or not all(isinstance(row, list) and row for row in ids):
        raise ValueError(f"{path}: input_ids must be a non-empty list of non-empty rows")
    return ids


def reference_logits(model_dir, ids, device):
    import torch
    from transformers import AutoModelForCausalLM

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    # Eager attention: the plain formulation, with Mistral's sliding window, that lib/model and
    # its fixture generator follow.
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager")
    model.to(device).eval()
    with torch.no_grad():
        out = model(input_ids=torch.tensor(ids, dtype=torch.long, device=device))
    return out.logits.float().cpu().numpy()


def compare(got, want, rtol):
    """Returns the comparison of two [B, T, V] arrays as a dict; "ok" says whether it passes."""
    import numpy as np

    if got.shape != want.shape:
        return {"ok": False, "error": f"shape {list(got.shape)} vs reference {list(want.shape)}"}
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    scale = float(np.abs(want).max()) or 1.0
    top_agree = float((got.argmax(-1) == want.argmax(-1)).mean())
    result = {
        "shape": list(want.shape),
        "max_abs_diff": float(diff.max()),
        "max_abs_logit": scale,
        "rel_diff": float(diff.max()) / scale,
        "top1_agreement": top_agree,
        "rtol": rtol,
    }
    result["ok"] = result["rel_diff"] <= rtol and top_agree == 1.0
    return result


def write_atomic(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="Hugging Face model directory")
    p.add_argument("--ids", required=True, help='JSON file {"input_ids": [[...]]}')
    p.add_argument("--go-logits", required=True, help=".npy file written by docker/modellogits")
    p.add_argument("--rtol", type=float, default=1e-4, help="allowed max |diff| / max |logit|")
    p.add_argument("--out", help="also write the result JSON here")
    args = p.parse_args(argv)

    import numpy as np
    import torch

    try:
        ids = read_inputs(args.ids)
        got = np.load(args.go_logits)
    except (OSError, ValueError) as e:
        print(f"compare_logits: {e}", file=sys.stderr)
        return 2
    device = "cuda" if torch.cuda.is_available() else "cpu"
    result = compare(got, reference_logits(args.model, ids, device), args.rtol)
    result.update({"model": args.model, "device": device,
                   "torch": torch.__version__, "transformers": __import__("transformers").__version__})
    text = json.dumps(result, indent=2) + "\n"
    if args.out:
        write_atomic(args.out, text)
    sys.stdout.write(text)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
