#!/usr/bin/python3
"""Writes the larger benchmark model: a 784 -> 2048 -> 2048 -> 10 MLP (MNIST-shaped), seeded random weights.

Its TorchScript file is about 23 MB, so it is generated when a benchmark needs it rather than committed.
Writes OUT/model.pt, OUT/request.json (one seeded 784-value row) and OUT/expected.json (PyTorch's answer).

Run with Debian's interpreter (apt-get install -y python3-torch): /usr/bin/python3 make_mlp.py OUT
"""
import json
import os
import sys

import torch
from torch import nn


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(784, 2048)
        self.l2 = nn.Linear(2048, 2048)
        self.l3 = nn.Linear(2048, 10)

    def forward(self, x):
        return self.l3(torch.relu(self.l2(torch.relu(self.l1(x)))))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(784)
    scripted = torch.jit.script(Mlp().eval())
    path = os.path.join(out, "model.pt")
    scripted.save(path)
    row = [round(v, 4) for v in torch.rand(784).tolist()]
    request = {"input": [row]}
    with open(os.path.join(out, "request.json"), "w") as f:
        json.dump(request, f)
        f.write("\n")
    with torch.no_grad():
        result = torch.jit.load(path)(torch.tensor(request["input"], dtype=torch.float32))
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"result": result.tolist()}, f)
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
