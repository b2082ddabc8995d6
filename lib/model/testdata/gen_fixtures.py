#!/usr/bin/python3
"""Reference fixtures for lib/model: tiny random Llama-family models and their logits.

A plain-PyTorch re-implementation of the forward pass of Hugging Face's LlamaForCausalLM,
MistralForCausalLM and Qwen2ForCausalLM (eager attention, float32): RMSNorm computed in float32,
rotary embeddings in the rotate_half layout, llama3 / linear scaling of the inverse frequencies,
grouped-query attention through repeat_kv, q/k/v biases for Qwen2, optional Llama
attention/MLP biases, Mistral's sliding window, tied or untied lm_head. The causal mask is built
from token indices, as Hugging Face does (the Go decoder builds it from positions: an
independent formulation).

For every fixture it writes lib/model/testdata/fixtures/NAME/:
  config.json         a Hugging Face config
  model.safetensors   the weights (F32, or BF16 where torch_dtype says so), written by hand
  inputs.json         input_ids, attention_mask, position_ids and, for padded batches, the
                      greedy continuation computed by full recomputation ("greedy")
  expected.safetensors  logits [batch, seq, vocab] float32

Run from the repository root:  /usr/bin/python3 lib/model/testdata/gen_fixtures.py
Needs only python3-torch and python3-numpy (Debian packages). Deterministic.
"""
import json
import math
import os
import struct

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

FIXTURES = {
    # Plain Llama, untied head, full multi-head attention.
    "llama_untied": dict(
        config=dict(model_type="llama", architectures=["LlamaForCausalLM"], hidden_size=32,
                    intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                    num_key_value_heads=4, vocab_size=96, max_position_embeddings=128,
                    rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
                    hidden_act="silu", bos_token_id=1, eos_token_id=2, torch_dtype="float32"),
        lengths=[12, 12], seed=1),
    # SmolLM-like: grouped-query attention, tied embeddings, a left-padded batch.
    "llama_gqa_tied": dict(
        config=dict(model_type="llama", architectures=["LlamaForCausalLM"], hidden_size=48,
                    intermediate_size=96, num_hidden_layers=2, num_attention_heads=6,
                    num_key_value_heads=2, vocab_size=128, max_position_embeddings=256,
                    rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True,
                    hidden_act="silu", bos_token_id=1, eos_token_id=[2, 3], torch_dtype="float32"),
        lengths=[5, 11, 8], seed=2, greedy=8),
    # Qwen2: q/k/v biases implied by model_type, large rope_theta, BF16 weights on disk.
    "qwen2_bias": dict(
        config=dict(model_type="qwen2", architectures=["Qwen2ForCausalLM"], hidden_size=32,
                    intermediate_size=80, num_hidden_layers=2, num_attention_heads=4,
                    num_key_value_heads=2, vocab_size=112, max_position_embeddings=512,
                    rms_norm_eps=1e-6, rope_theta=1000000.0, tie_word_embeddings=True,
                    hidden_act="silu", use_sliding_window=False, sliding_window=4096,
                    bos_token_id=None, eos_token_id=5, torch_dtype="bfloat16"),
        lengths=[10, 10], seed=3),
    # Llama 3 rope scaling (all three frequency bands used), explicit head_dim, single KV head,
    # Llama attention and MLP biases.
    "llama3_rope": dict(
        config=dict(model_type="llama", architectures=["LlamaForCausalLM"], hidden_size=32,
                    intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                    num_key_value_heads=1, head_dim=16, vocab_size=64, max_position_embeddings=256,
                    rms_norm_eps=1e-5, rope_theta=500000.0, attention_bias=True, mlp_bias=True,
                    rope_scaling=dict(rope_type="llama3", factor=4.0, low_freq_factor=1.0,
                                      high_freq_factor=4.0, original_max_position_embeddings=64),
                    tie_word_embeddings=False, hidden_act="silu", eos_token_id=2,
                    torch_dtype="float32"),
        lengths=[24, 24], seed=4, position_offset=40),
    # Mistral: sliding window shorter than the sequence, head_dim != hidden/heads.
    "mistral_window": dict(
        config=dict(model_type="mistral", architectures=["MistralForCausalLM"], hidden_size=48,
                    intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
                    num_key_value_heads=2, head_dim=16, vocab_size=80, max_position_embeddings=512,
                    rms_norm_eps=1e-5, rope_theta=10000.0, sliding_window=5,
                    tie_word_embeddings=False, hidden_act="silu", bos_token_id=1, eos_token_id=2,
                    torch_dtype="float32"),
        lengths=[14, 9], seed=5),
}


def head_dim(c):
    return c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]


def tensor_shapes(c):
    d, f, hd = c["hidden_size"], c["intermediate_size"], head_dim(c)
    q, kv = c["num_attention_heads"] * hd, c["num_key_value_heads"] * hd
    qkv_bias = c["model_type"] == "qwen2" or c.get("attention_bias", False)
    o_bias = c["model_type"] == "llama" and c.get("attention_bias", False)
    mlp_bias = c.get("mlp_bias", False)
    shapes = {"model.embed_tokens.weight": (c["vocab_size"], d)}

    def linear(name, out, inp, bias):
        shapes[name + ".weight"] = (out, inp)
        if bias:
            shapes[name + ".bias"] = (out,)

    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        shapes[p + "input_layernorm.weight"] = (d,)
        linear(p + "self_attn.q_proj", q, d, qkv_bias)
        linear(p + "self_attn.k_proj", kv, d, qkv_bias)
        linear(p + "self_attn.v_proj", kv, d, qkv_bias)
        linear(p + "self_attn.o_proj", d, q, o_bias)
        shapes[p + "post_attention_layernorm.weight"] = (d,)
        linear(p + "mlp.gate_proj", f, d, mlp_bias)
        linear(p + "mlp.up_proj", f, d, mlp_bias)
        linear(p + "mlp.down_proj", d, f, mlp_bias)
    shapes["model.norm.weight"] = (d,)
    if not c["tie_word_embeddings"]:
        shapes["lm_head.weight"] = (c["vocab_size"], d)
    return shapes


def random_weights(c, gen):
    w = {}
    for name, shape in tensor_shapes(c).items():
        if name.endswith("norm.weight"):
            t = 1.0 + 0.1 * torch.randn(shape, generator=gen)
        elif name.endswith(".bias"):
            t = 0.1 * torch.randn(shape, generator=gen)
        else:
            t = 0.15 * torch.randn(shape, generator=gen)
        w[name] = t.float()
    return w


def to_bf16_bits(t):
    """Round-to-nearest-even float32 -> bfloat16 bit patterns (uint16)."""
    bits = t.numpy().astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def from_bf16_bits(bits, shape):
    return torch.from_numpy((bits.astype(np.uint32) << 16).view(np.float32).reshape(shape).copy())


def write_safetensors(path, tensors):
    """tensors: name -> (dtype string, shape, raw little-endian bytes)."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def f32_bytes(t):
    return t.detach().numpy().astype("<f4").tobytes()


# ----------------------------------------------------------------------------- reference model
def inv_frequencies(c):
    hd = head_dim(c)
    inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
    rs = c.get("rope_scaling")
    if not rs:
        return inv
    kind = rs.get("rope_type", rs.get("type"))
    if kind == "linear":
        return inv / rs["factor"]
    assert kind == "llama3", kind
    factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
    old = rs["original_max_position_embeddings"]
    low_wavelen, high_wavelen = old / low, old / high
    wavelen = 2 * math.pi / inv
    scaled = torch.where(wavelen > low_wavelen, inv / factor, inv)
    smooth = (old / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
    return torch.where(medium, smoothed, scaled)


def rms_norm(x, w, eps):
    xf = x.float()
    return w * (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def repeat_kv(x, n_rep):
    b, kvh, t, hd = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None].expand(b, kvh, n_rep, t, hd).reshape(b, kvh * n_rep, t, hd)


def linear(w, x, name):
    y = x @ w[name + ".weight"].T
    if name + ".bias" in w:
        y = y + w[name + ".bias"]
    return y


def forward(c, w, ids, attention_mask, position_ids):
    b, t = ids.shape
    h, kvh, hd = c["num_attention_heads"], c["num_key_value_heads"], head_dim(c)
    eps = c["rms_norm_eps"]
    x = w["model.embed_tokens.weight"][ids]
    freqs = position_ids[:, :, None].float() * inv_frequencies(c)[None, None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]  # [B, 1, T, hd]

    qi = torch.arange(t)[:, None]
    ki = torch.arange(t)[None, :]
    allowed = (ki <= qi)[None] & attention_mask.bool()[:, None, :]
    window = c.get("sliding_window") if c["model_type"] == "mistral" else None
    if window:
        allowed = allowed & ((qi - ki) < window)[None]
    bias = torch.zeros(b, 1, t, t)
    bias[~allowed[:, None]] = torch.finfo(torch.float32).min

    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        hs = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = linear(w, hs, p + "self_attn.q_proj").view(b, t, h, hd).transpose(1, 2)
        k = linear(w, hs, p + "self_attn.k_proj").view(b, t, kvh, hd).transpose(1, 2)
        v = linear(w, hs, p + "self_attn.v_proj").view(b, t, kvh, hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k, v = repeat_kv(k, h // kvh), repeat_kv(v, h // kvh)
        scores = (q @ k.transpose(2, 3)) * hd ** -0.5 + bias
        probs = torch.softmax(scores.float(), dim=-1)
        attn = (probs @ v).transpose(1, 2).reshape(b, t, h * hd)
        x = x + linear(w, attn, p + "self_attn.o_proj")
        hs = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = linear(w, hs, p + "mlp.gate_proj")
        x = x + linear(w, torch.nn.functional.silu(gate) * linear(w, hs, p + "mlp.up_proj"), p + "mlp.down_proj")
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if c["tie_word_embeddings"] else w["lm_head.weight"]
    return x @ head.T


def left_padded(prompts):
    t = max(len(p) for p in prompts)
    ids = torch.zeros(len(prompts), t, dtype=torch.int64)
    mask = torch.zeros(len(prompts), t, dtype=torch.int64)
    for r, p in enumerate(prompts):
        ids[r, t - len(p):] = torch.tensor(p)
        mask[r, t - len(p):] = 1
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    return ids, mask, pos


def greedy(c, w, prompts, n):
    """Greedy continuation by full recomputation over the left-padded batch."""
    seqs = [list(p) for p in prompts]
    for _ in range(n):
        ids, mask, pos = left_padded(seqs)
        logits = forward(c, w, ids, mask, pos)
        for r in range(len(seqs)):
            seqs[r].append(int(logits[r, -1].argmax()))
    return [s[len(p):] for s, p in zip(seqs, prompts)]


def make(name, spec):
    c = {k: v for k, v in spec["config"].items() if v is not None}
    gen = torch.Generator().manual_seed(spec["seed"])
    w = random_weights(c, gen)
    stored = {}
    for n, t in w.items():
        if c["torch_dtype"] == "bfloat16":
            bits = to_bf16_bits(t)
            w[n] = from_bf16_bits(bits, t.shape)  # the reference uses exactly what is on disk
            stored[n] = ("BF16", t.shape, bits.astype("<u2").tobytes())
        else:
            stored[n] = ("F32", t.shape, f32_bytes(t))

    prompts = [torch.randint(0, c["vocab_size"], (n,), generator=gen).tolist() for n in spec["lengths"]]
    ids, mask, pos = left_padded(prompts)
    pos = pos + spec.get("position_offset", 0) * mask  # exercises positions past the original context
    logits = forward(c, w, ids, mask, pos)

    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(spec["config"], f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(d, "model.safetensors"), stored)
    inputs = dict(input_ids=ids.tolist(), attention_mask=mask.tolist(), position_ids=pos.tolist())
    if spec.get("greedy"):
        inputs["prompts"] = prompts
        inputs["greedy"] = greedy(c, w, prompts, spec["greedy"])
    with open(os.path.join(d, "inputs.json"), "w") as f:
        json.dump(inputs, f)
        f.write("\n")
    write_safetensors(os.path.join(d, "expected.safetensors"),
                      {"logits": ("F32", tuple(logits.shape), f32_bytes(logits))})
    print(f"{name}: logits {tuple(logits.shape)}, |logits| max {logits.abs().max():.3f}")


if __name__ == "__main__":
    torch.set_num_threads(1)  # a fixed reduction order: byte-identical output on every run
    torch.manual_seed(0)
    for fixture_name, fixture in FIXTURES.items():
        make(fixture_name, fixture)
