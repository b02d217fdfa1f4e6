#!/usr/bin/python3
"""Writes model.onnx: the sample model of samples/model-serving (same class, same seed, so the same weights and the
same expected.json), exported to ONNX with a free batch dimension, for the ONNX Runtime engine's test.

Run with Debian's interpreter (apt-get install -y python3-torch), from this folder: /usr/bin/python3 make_onnx.py
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "samples", "model-serving"))
from make_model import TabularClassifier  # noqa: E402


def main():
    torch.manual_seed(42)
    model = TabularClassifier().eval()
    x = torch.tensor([[5.1, 3.5, 1.4, 0.2]])
    path = os.path.join(HERE, "model.onnx")
    torch.onnx.export(model, x, path, input_names=["input"], output_names=["probabilities"],
                      dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=13)
    print("wrote", path, model(x).tolist())


if __name__ == "__main__":
    main()
