#!/usr/bin/python3
"""Trains the small Fashion-MNIST CNN bundled with modelc and exports it to ONNX.

Reads the idx(.gz) files of Debian's `dataset-fashion-mnist` package directly
(no torchvision, no download), trains a seeded CNN on CPU, measures its
accuracy on the full 10,000-image test set with PyTorch, and writes

  fashion_cnn.onnx   ONNX opset 13, input `image` float32[1,1,28,28],
                     output `logits` float32[1,10]
  fashion_cnn.json   test accuracy, preprocessing, class names, dataset
                     files, epochs, seed, versions (read by run_demo.sh)

next to this script (or into --out-dir).

Preprocessing (the demo program does exactly the same):
  x = (pixel / 255 - MEAN) / STD   with MEAN = 0.2860, STD = 0.3530
(the mean / standard deviation of the Fashion-MNIST training pixels, rounded).

Run with Debian's Python, which has torch and onnx:
  /usr/bin/python3 examples/fashion_mnist/train.py
"""

import argparse
import gzip
import hashlib
import json
import os
import platform
import sys
import time

import numpy as np
import torch
from torch import nn

DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist"
FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
CLASS_NAMES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]
SCALE = 1.0 / 255.0
MEAN = 0.2860
STD = 0.3530


def read_idx(path):
    """Reads an idx file (optionally gzip-compressed) into a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError("%s: not an idx file" % path)
    if data[2] != 0x08:
        raise ValueError("%s: element type 0x%02x, expected 0x08 (uint8)"
                         % (path, data[2]))
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big")
            for i in range(ndim)]
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(data) != offset + count:
        raise ValueError("%s: %d bytes, expected %d"
                         % (path, len(data), offset + count))
    return np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(dims)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def preprocess(images_u8):
    """uint8 [N,28,28] -> float32 [N,1,28,28], same arithmetic as demo.c."""
    x = torch.from_numpy(images_u8.astype(np.float32))
    x = (x * np.float32(SCALE) - np.float32(MEAN)) / np.float32(STD)
    return x.unsqueeze(1).contiguous()


class FashionCNN(nn.Module):
    def __init__(self, c1=16, c2=32, hidden=64):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(c2 * 7 * 7, hidden),
            nn.ReLU(),
            nn.Linear(hidden, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            pred = model(x[i:i + batch]).argmax(dim=1)
            correct += int((pred == y[i:i + batch]).sum())
    return correct


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default=DEFAULT_DATA_DIR,
                    help="folder with the Fashion-MNIST idx(.gz) files "
                         "(default: %(default)s)")
    ap.add_argument("--out-dir", default=here,
                    help="where to write fashion_cnn.onnx/.json "
                         "(default: this script's folder)")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(args.seed)

    paths = {k: os.path.join(args.data_dir, v) for k, v in FILES.items()}
    for p in paths.values():
        if not os.path.isfile(p):
            sys.exit("train.py: missing %s (apt-get install "
                     "dataset-fashion-mnist, or pass --data-dir)" % p)
    train_x = preprocess(read_idx(paths["train_images"]))
    train_y = torch.from_numpy(read_idx(paths["train_labels"]).astype(np.int64))
    test_x = preprocess(read_idx(paths["test_images"]))
    test_y = torch.from_numpy(read_idx(paths["test_labels"]).astype(np.int64))
    assert train_x.shape == (60000, 1, 28, 28) and test_x.shape == (10000, 1, 28, 28)
    print("train %s, test %s; pixel mean %.4f std %.4f (fixed: %.4f / %.4f)"
          % (tuple(train_x.shape), tuple(test_x.shape),
             float((train_x * STD + MEAN).mean()),
             float((train_x * STD + MEAN).std()), MEAN, STD))

    model = FashionCNN()
    n_params = sum(p.numel() for p in model.parameters())
    print("parameters: %d" % n_params)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(
        opt, T_max=args.epochs * ((len(train_x) + args.batch_size - 1)
                                  // args.batch_size))
    loss_fn = nn.CrossEntropyLoss()

    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.from_numpy(rng.permutation(len(train_x)))
        total = 0.0
        for i in range(0, len(train_x), args.batch_size):
            idx = perm[i:i + args.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(train_x[idx]), train_y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(idx)
        acc = evaluate(model, test_x, test_y) / len(test_x)
        print("epoch %d/%d: train loss %.4f, test accuracy %.2f%% (%.0f s)"
              % (epoch, args.epochs, total / len(train_x), 100 * acc,
                 time.time() - t0), flush=True)
    train_seconds = time.time() - t0

    model.eval()
    correct = evaluate(model, test_x, test_y)
    accuracy = correct / len(test_x)
    print("PyTorch test accuracy: %.2f%% (%d/%d)"
          % (100 * accuracy, correct, len(test_x)))

    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, "fashion_cnn.onnx")
    json_path = os.path.join(args.out_dir, "fashion_cnn.json")
    torch.onnx.export(
        model, torch.zeros(1, 1, 28, 28), onnx_path,
        input_names=["image"], output_names=["logits"],
        opset_version=13, do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL)

    import onnx  # after export: only needed for the checks below
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m, full_check=True)
    op_types = [n.op_type for n in m.graph.node]
    print("ONNX nodes (%d): %s" % (len(op_types), " ".join(op_types)))
    print("ONNX op types: %s" % ", ".join(sorted(set(op_types))))
    print("ONNX file: %s (%d bytes)" % (onnx_path, os.path.getsize(onnx_path)))

    # First five test predictions, for comparison with the demo's output.
    with torch.no_grad():
        first5 = model(test_x[:5]).argmax(dim=1).tolist()

    meta = {
        "model": "fashion_cnn.onnx",
        "description": "Small CNN for Fashion-MNIST (conv-relu-maxpool x2, "
                       "linear-relu-linear), bundled as modelc's example model",
        "architecture": str(model),
        "num_parameters": n_params,
        "onnx": {
            "opset": 13,
            "inputs": [{"name": "image", "dtype": "float32",
                        "shape": [1, 1, 28, 28]}],
            "outputs": [{"name": "logits", "dtype": "float32",
                         "shape": [1, 10]}],
            "op_types": sorted(set(op_types)),
            "nodes": op_types,
        },
        "preprocessing": {
            "formula": "x = (pixel * scale - mean) / std, pixel in 0..255, "
                       "row-major 28x28, computed in float32",
            "scale": SCALE,
            "mean": MEAN,
            "std": STD,
        },
        "class_names": CLASS_NAMES,
        "test_accuracy": accuracy,
        "test_correct": correct,
        "test_total": len(test_x),
        "test_first5_predictions": first5,
        "dataset": {
            "debian_package": "dataset-fashion-mnist",
            "files": {k: {"path": p, "sha256": sha256(p)}
                      for k, p in paths.items()},
        },
        "training": {
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "optimizer": "Adam",
            "lr": args.lr,
            "lr_schedule": "cosine annealing to 0, stepped per batch",
            "seed": args.seed,
            "threads": args.threads,
            "seconds": round(train_seconds, 1),
        },
        "versions": {
            "torch": torch.__version__,
            "onnx": onnx.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
    }
    with open(json_path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print("wrote %s and %s" % (onnx_path, json_path))


if __name__ == "__main__":
    main()
