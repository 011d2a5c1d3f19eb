#!/usr/bin/python3
"""Trains the spam filter's model on the SpamAssassin public corpus.

    /usr/bin/python3 examples/spam_filter/train.py CORPUS_DATA_DIR [--out DIR]

CORPUS_DATA_DIR is the corpus's data/ folder (fetch_corpus.sh DEST puts it in
DEST/data). Writes spam_filter.onnx and spam_filter.json (the preprocessing
constants and the accuracy, precision and recall PyTorch measured on the test
set) into --out (default: this folder).

Split: a message whose file name's MD5 ends in 0, 1 or 2 is in the test set
(1,120 messages, 360 spam); the other 4,926 train. Spam is every message of
spam-1 and spam-2; ham of easy-ham-1, easy-ham-2 and hard-ham-1.

The model reads the raw bytes of a message, so that a C program needs no
tokenizer: message_window() below (and its C twin in spam_filter.c) drops
carriage returns and a leading mbox "From " line, splits the message at the
first blank line, and keeps the first HEADER_BYTES bytes of the headers and
the first BODY_BYTES bytes of the body, zero-padded, as one uint8 row. The
network: a byte embedding, three convolutions with max pooling, a global max
pool and a logistic output (the probability that the message is spam).

Seeded and single-threaded for reproducibility (about ten minutes on two
cores).
"""

import argparse
import json
import os
import random
import sys

import numpy as np
import torch
import torch.nn as nn

HEADER_BYTES = 1024
BODY_BYTES = 2048
WINDOW = HEADER_BYTES + BODY_BYTES
GROUPS = {"easy-ham-1": 0, "easy-ham-2": 0, "hard-ham-1": 0, "spam-1": 1,
          "spam-2": 1}
TEST_DIGITS = "012"
JUNK_THRESHOLD = 0.90
FLAG_THRESHOLD = 0.50
SEED = 20261207


def message_window(raw: bytes) -> np.ndarray:
    """The model's input row for one message (see the module docstring)."""
    data = raw.replace(b"\r", b"")
    if data.startswith(b"From "):
        newline = data.find(b"\n")
        data = b"" if newline < 0 else data[newline + 1:]
    split = data.find(b"\n\n")
    if split < 0:
        header, body = data, b""
    else:
        header, body = data[:split], data[split + 2:]
    row = np.zeros(WINDOW, dtype=np.uint8)
    header = header[:HEADER_BYTES]
    body = body[:BODY_BYTES]
    row[:len(header)] = np.frombuffer(header, dtype=np.uint8)
    row[HEADER_BYTES:HEADER_BYTES + len(body)] = np.frombuffer(body,
                                                               dtype=np.uint8)
    return row


def is_test(name: str) -> bool:
    """Whether a corpus file name (NNNNN.MD5.txt) is in the test set."""
    md5 = name.split(".")[1]
    return md5[-1] in TEST_DIGITS


def load(data_dir):
    """(train rows, train labels, test rows, test labels)."""
    sets = {True: ([], []), False: ([], [])}
    for group, label in sorted(GROUPS.items()):
        folder = os.path.join(data_dir, group)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                row = message_window(f.read())
            rows, labels = sets[is_test(name)]
            rows.append(row)
            labels.append(label)
    out = []
    for test in (False, True):
        rows, labels = sets[test]
        out += [np.stack(rows), np.array(labels, dtype=np.float32)]
    return out


class SpamNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(256, 32)
        self.features = nn.Sequential(
            nn.Conv1d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(64, 96, 5, padding=2), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(96, 128, 3, padding=1), nn.ReLU())
        self.classify = nn.Linear(128, 1)

    def logits(self, message):
        x = self.embed(message.long()).transpose(1, 2)
        x = self.features(x)
        x = torch.amax(x, dim=2)
        return self.classify(x).squeeze(1)

    def forward(self, message):
        return torch.sigmoid(self.logits(message))


def measure(probabilities, labels):
    """Accuracy (p >= 0.5 is spam) and precision/recall of `junk` (p >= 0.9)."""
    predicted = probabilities >= FLAG_THRESHOLD
    accuracy = float(np.mean(predicted == (labels > 0.5)))
    junk = probabilities >= JUNK_THRESHOLD
    spam = labels > 0.5
    true_junk = int(np.sum(junk & spam))
    precision = true_junk / max(int(np.sum(junk)), 1)
    recall = true_junk / max(int(np.sum(spam)), 1)
    return accuracy, precision, recall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--out", default=os.path.dirname(
        os.path.abspath(__file__)))
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    x_train, y_train, x_test, y_test = load(args.data_dir)
    print(f"train: {len(y_train)} messages ({int(y_train.sum())} spam); "
          f"test: {len(y_test)} ({int(y_test.sum())} spam)")

    model = SpamNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train)
    batch = 32
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(yt))
        total = 0.0
        for start in range(0, len(order), batch):
            index = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model.logits(xt[index]), yt[index])
            loss.backward()
            optimizer.step()
            total += float(loss) * len(index)
        model.eval()
        with torch.no_grad():
            p = model(torch.from_numpy(x_test)).numpy()
        accuracy, precision, recall = measure(p, y_test)
        print(f"epoch {epoch + 1}: loss {total / len(yt):.4f}, test accuracy "
              f"{100 * accuracy:.2f}%, junk precision {100 * precision:.2f}% "
              f"recall {100 * recall:.2f}%", flush=True)

    model.eval()
    onnx_path = os.path.join(args.out, "spam_filter.onnx")
    torch.onnx.export(
        model, torch.from_numpy(x_test[:1]), onnx_path,
        input_names=["message"], output_names=["spam_probability"],
        dynamic_axes={"message": {0: "batch"}, "spam_probability": {0: "batch"}},
        opset_version=13, do_constant_folding=True)
    meta = {
        "header_bytes": HEADER_BYTES,
        "body_bytes": BODY_BYTES,
        "junk_threshold": JUNK_THRESHOLD,
        "flag_threshold": FLAG_THRESHOLD,
        "test_messages": int(len(y_test)),
        "test_spam": int(y_test.sum()),
        "test_accuracy": round(100 * accuracy, 4),
        "junk_precision": round(100 * precision, 4),
        "junk_recall": round(100 * recall, 4),
        "epochs": args.epochs,
        "seed": SEED,
        "torch": torch.__version__,
    }
    with open(os.path.join(args.out, "spam_filter.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes) and "
          f"spam_filter.json: test accuracy {meta['test_accuracy']}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
