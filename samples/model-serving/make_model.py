#!/usr/bin/python3
"""Writes the sample model the jconda server serves by default.

A 4 -> 16 -> 3 MLP with softmax (an iris-shaped tabular classifier), fixed seed, saved as TorchScript, plus a request
and the model's own answer to it, so the server's tests can check that DJL's libtorch computes what PyTorch computed.

Run with Debian's interpreter (apt-get install -y python3-torch): /usr/bin/python3 make_model.py
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class TabularClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 16)
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        return torch.softmax(self.out(torch.relu(self.hidden(x))), dim=-1)


def main():
    torch.manual_seed(42)
    model = TabularClassifier().eval()
    scripted = torch.jit.script(model)
    path = os.path.join(HERE, "model.pt")
    scripted.save(path)

    request = {"input": [[5.1, 3.5, 1.4, 0.2]]}
    with open(os.path.join(HERE, "request.json"), "w") as f:
        json.dump(request, f)
        f.write("\n")

    reloaded = torch.jit.load(path)
    with torch.no_grad():
        result = reloaded(torch.tensor(request["input"], dtype=torch.float32))
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"result": result.tolist()}, f)
        f.write("\n")
    print("wrote", path, "result", result.tolist())


if __name__ == "__main__":
    main()
