#!/usr/bin/env python3
"""Writes reference.safetensors and reference.json for the Go tests, using only the Python
standard library, so that the fixture is independent of the Go writer.

Floats are rounded by Python: struct's 'f' and 'e' formats round to nearest-even for F32 and
F16; BF16 rounds the float32 bits to nearest-even with integer arithmetic. reference.json
holds the input values, the exact values stored (as the reader must decode them), and the
element bits, so the Go tests check both decoding and encoding against this script.

The layout follows the safetensors reference implementation: data ordered by dtype rank
(widest first) then name, "__metadata__" first, compact JSON, header padded with spaces to a
multiple of 8. Run from this directory: python3 gen_reference.py
"""
import json
import math
import struct

# Rank of each dtype in the reference implementation's enumeration; higher is written first.
RANK = ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
INT_FORMATS = {"I64": "q", "I32": "i", "I16": "h", "I8": "b", "U8": "B", "BOOL": "?"}

FLOAT_INPUTS = [1.0, 1 / 3, 0.1, -2.5, 65504.0, 1e-7, -0.0, 1.00390625, 1.01171875, 3.14159265, 1e30, -1e-30]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bf16_bits(x):
    bits = f32_bits(x)
    bits += 0x7FFF + ((bits >> 16) & 1)
    return (bits >> 16) & 0xFFFF


def encode(dtype, values):
    """Returns (data bytes, stored values, element bits as ints)."""
    if dtype == "F32":
        data = b"".join(struct.pack("<f", v) for v in values)
        stored = [struct.unpack("<f", struct.pack("<f", v))[0] for v in values]
        return data, stored, [f32_bits(v) for v in values]
    if dtype == "F64":
        data = b"".join(struct.pack("<d", v) for v in values)
        return data, list(values), [struct.unpack("<Q", struct.pack("<d", v))[0] for v in values]
    if dtype == "F16":
        data = b"".join(struct.pack("<e", v) for v in values)
        stored = [struct.unpack("<e", struct.pack("<e", v))[0] for v in values]
        return data, stored, [struct.unpack("<H", struct.pack("<e", v))[0] for v in values]
    if dtype == "BF16":
        bits = [bf16_bits(v) for v in values]
        stored = [struct.unpack("<f", struct.pack("<I", b << 16))[0] for b in bits]
        return b"".join(struct.pack("<H", b) for b in bits), stored, bits
    fmt = "<" + INT_FORMATS[dtype]
    return b"".join(struct.pack(fmt, v) for v in values), list(values), None


def main():
    f64_inputs = [math.pi, -1e300, 5e-324]
    spec = [
        # name, dtype, shape, values
        ("embed.weight", "F32", [2, 6], FLOAT_INPUTS),
        ("layer.0.half", "F16", [3, 4], FLOAT_INPUTS[:5] + [6.1e-5, -1e-7, 1.00390625, 2049.0, 2051.0, 0.5, -65504.0]),
        ("layer.0.brain", "BF16", [12], FLOAT_INPUTS),
        ("scalar", "F32", [], [42.5]),
        ("empty", "F32", [0, 4], []),
        ("double", "F64", [3], f64_inputs),
        ("ids", "I64", [3], [-(2 ** 63), 0, 2 ** 63 - 1]),
        ("counts", "I32", [2, 2], [-1, 2, -3, 4]),
        ("small", "I8", [4], [-128, -1, 0, 127]),
        ("bytes", "U8", [3], [0, 128, 255]),
        ("mask", "BOOL", [5], [1, 0, 1, 1, 0]),
    ]
    entries = []
    for name, dtype, shape, values in spec:
        data, stored, bits = encode(dtype, values)
        entries.append({"name": name, "dtype": dtype, "shape": shape, "inputs": values,
                        "stored": stored, "bits": bits, "data": data})
    entries.sort(key=lambda e: (-RANK.index(e["dtype"]), e["name"]))

    metadata = {"format": "pt", "note": "<ref> & co"}
    header = {"__metadata__": metadata}
    offset = 0
    for e in entries:
        header[e["name"]] = {"dtype": e["dtype"], "shape": e["shape"],
                             "data_offsets": [offset, offset + len(e["data"])]}
        offset += len(e["data"])
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open("reference.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for e in entries:
            f.write(e["data"])

    for e in entries:
        del e["data"]
    with open("reference.json", "w") as f:
        json.dump({"metadata": metadata, "tensors": entries}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
