#!/usr/bin/env python3
"""Writes a model file as PyTorch's save_file(model.state_dict()) would: the tensors renamed to a bare
nn.Sequential's keys (layers.0.weight -> 0.weight, ...) and no simdnn metadata. Standard library only.
Usage: python3 examples/bare-state-dict.py iris.safetensors torch.safetensors"""
import json, struct, sys

source, target = sys.argv[1], sys.argv[2]
with open(source, "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(n))
    data = f.read()
header.pop("__metadata__", None)
renamed = {k.removeprefix("layers."): v for k, v in header.items()}
blob = json.dumps(renamed).encode()
blob += b" " * (-len(blob) % 8)
with open(target, "wb") as f:
    f.write(struct.pack("<Q", len(blob)) + blob + data)
