#!/usr/bin/env bash
# run_demo.sh BUILD_DIR [DATA_DIR]
#
# Compiles examples/fashion_mnist/fashion_cnn.onnx with modelc into a static
# library, builds demo.c against it, and classifies the 10,000 Fashion-MNIST
# test images, comparing the accuracy with the one PyTorch measured at training
# time (test_accuracy in fashion_cnn.json). Exits non-zero if any step fails or
# the accuracies differ by more than 0.5 percentage points.
#
#   BUILD_DIR  a built modelc tree: BUILD_DIR/bin/modelc must exist.
#              Outputs go to BUILD_DIR/demo/.
#   DATA_DIR   folder with the Fashion-MNIST test files, gzip-compressed or
#              not (default: $FASHION_MNIST_DIR, else
#              /usr/share/datasets/fashion-mnist from Debian's
#              dataset-fashion-mnist package).
#
# Then an int8 build (modelc --quantize=int8, calibrated on 200 training
# images) classifies them again and must be within the same 0.5 points.
#
# Environment: CC (default cc), CFLAGS (default -O2), DEMO_ARGS (extra
# arguments for the demo, e.g. "--threads 2 --show 10"), INT8=0 (skip the
# int8 build).
set -euo pipefail

say() { printf 'run_demo: %s\n' "$*"; }
die() { printf 'run_demo: error: %s\n' "$*" >&2; exit 1; }

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,22s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$script_dir/../.." && pwd)"
[[ -d "$1" ]] || die "build directory '$1' does not exist"
build_dir="$(cd "$1" && pwd)"
data_dir="${2:-${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}}"

modelc="$build_dir/bin/modelc"
model="$script_dir/fashion_cnn.onnx"
meta="$script_dir/fashion_cnn.json"
runtime_include="$repo_dir/runtime/include"
out_dir="$build_dir/demo"
cc="${CC:-cc}"
cflags="${CFLAGS:--O2}"

[[ -x "$modelc" ]] || die "$modelc not found or not executable (build modelc first)"
[[ -f "$model" ]] || die "model $model not found"
[[ -f "$meta" ]] || die "model metadata $meta not found"
[[ -d "$runtime_include" ]] || die "runtime headers $runtime_include not found"
command -v "$cc" >/dev/null || die "C compiler '$cc' not found (set CC)"
mkdir -p "$out_dir"

# --- Reference accuracy and preprocessing from fashion_cnn.json -------------
# Plain shell parsing of the flat keys written by train.py (no jq/python needed).
json_number() {  # json_number KEY: first "KEY": <number> in $meta
  local v
  v="$(sed -n 's/^[[:space:]]*"'"$1"'":[[:space:]]*\([-+0-9.eE]*\).*$/\1/p' "$meta" | head -n 1)"
  [[ -n "$v" ]] || die "no numeric \"$1\" in $meta"
  printf '%s\n' "$v"
}
reference="$(json_number test_accuracy)"
scale="$(json_number scale)"
mean="$(json_number mean)"
std="$(json_number std)"
say "PyTorch test accuracy at training time: $reference (from $(basename "$meta"))"
say "preprocessing: x = (pixel * $scale - $mean) / $std"

# --- Compile the model ------------------------------------------------------
say "compiling $(basename "$model") with $modelc"
rm -f "$out_dir/libfashion_cnn.a" "$out_dir/fashion_cnn.h" "$out_dir/demo"
"$modelc" "$model" --emit=lib -o "$out_dir/fashion_cnn" \
  || die "modelc failed to compile $model"
[[ -f "$out_dir/libfashion_cnn.a" ]] || die "modelc did not write $out_dir/libfashion_cnn.a"
[[ -f "$out_dir/fashion_cnn.h" ]] || die "modelc did not write $out_dir/fashion_cnn.h"

# --- Build the demo ---------------------------------------------------------
say "building $out_dir/demo"
# shellcheck disable=SC2086  # CFLAGS is a list of flags
"$cc" $cflags -std=c99 -I "$out_dir" -I "$runtime_include" \
  "$script_dir/demo.c" "$out_dir/libfashion_cnn.a" -lm -lpthread \
  -o "$out_dir/demo" || die "failed to build demo.c"

# --- Prepare the dataset (uncompressed idx files in the build dir) ----------
prepare() {  # prepare NAME: writes $out_dir/NAME from DATA_DIR/NAME[.gz]
  local name="$1"
  if [[ -f "$data_dir/$name" ]]; then
    cp "$data_dir/$name" "$out_dir/$name"
  elif [[ -f "$data_dir/$name.gz" ]]; then
    gzip -dc "$data_dir/$name.gz" > "$out_dir/$name.tmp" \
      || die "cannot decompress $data_dir/$name.gz"
    mv "$out_dir/$name.tmp" "$out_dir/$name"
  else
    die "neither $data_dir/$name nor $data_dir/$name.gz exists (apt-get install dataset-fashion-mnist, or pass DATA_DIR)"
  fi
}
images=t10k-images-idx3-ubyte
labels=t10k-labels-idx1-ubyte
say "preparing test set from $data_dir"
prepare "$images"
prepare "$labels"

# --- Run --------------------------------------------------------------------
say "running the demo"
# shellcheck disable=SC2086  # DEMO_ARGS is a list of arguments
if "$out_dir/demo" --images "$out_dir/$images" --labels "$out_dir/$labels" \
     --reference-accuracy "$reference" --scale "$scale" --mean "$mean" \
     --std "$std" ${DEMO_ARGS:-} | tee "$out_dir/float.log"; then
  :
else
  die "demo failed"
fi

# --- int8: calibrate on training images, quantize, run again ----------------
# INT8=0 skips it. The int8 build must be within the same 0.5 points of
# PyTorch's float accuracy.
if [[ "${INT8:-1}" != 0 ]]; then
  train=train-images-idx3-ubyte
  prepare "$train"
  rm -rf "$out_dir/calibration" "$out_dir/int8"
  say "writing 200 training images as calibration inputs"
  "$out_dir/demo" --images "$out_dir/$train" --scale "$scale" --mean "$mean" \
    --std "$std" --write-calibration "$out_dir/calibration" \
    --calibration-count 200 || die "cannot write the calibration inputs"
  say "compiling the int8 build (modelc --quantize=int8)"
  "$modelc" "$model" --emit=lib --quantize=int8 \
    --calibration-dir "$out_dir/calibration" \
    --calibration-table "$out_dir/fashion_cnn.calib.json" \
    --name fashion_cnn -o "$out_dir/int8/fashion_cnn" \
    || die "modelc failed to quantize $model"
  # shellcheck disable=SC2086  # CFLAGS is a list of flags
  "$cc" $cflags -std=c99 -I "$out_dir/int8" -I "$runtime_include" \
    "$script_dir/demo.c" "$out_dir/int8/libfashion_cnn.a" -lm -lpthread \
    -o "$out_dir/demo_int8" || die "failed to build demo.c against the int8 build"
  say "running the int8 build"
  # shellcheck disable=SC2086  # DEMO_ARGS is a list of arguments
  if "$out_dir/demo_int8" --images "$out_dir/$images" \
       --labels "$out_dir/$labels" --reference-accuracy "$reference" \
       --scale "$scale" --mean "$mean" --std "$std" ${DEMO_ARGS:-} \
       | tee "$out_dir/int8.log"; then
    :
  else
    die "the int8 demo failed"
  fi
  say "float: $(grep -o 'modelc accuracy: [0-9.]*%' "$out_dir/float.log")," \
      "int8: $(grep -o 'modelc accuracy: [0-9.]*%' "$out_dir/int8.log")"
fi
say "PASS"
