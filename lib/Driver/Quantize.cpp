//===- Quantize.cpp - calibrated int8 quantization of ONNX models ---------===//
//
// Part of modelc. See Quantize.h. The steps:
//   1. choose the nodes to quantize: Conv (2-D, one group) and MatMul
//      whose weights are float initializers, less those --quant-exclude
//      names; their activation inputs and their outputs (after a Relu or Clip
//      that alone reads them) are the tensors to quantize;
//   2. calibrate: a copy of the model that also outputs those tensors runs
//      (modelc-run) on each calibration input; each tensor's range comes
//      from the values seen (--calibration-method: minmax, percentile or
//      entropy), widened to include 0;
//   3. rewrite: every use of a quantized tensor reads
//      DequantizeLinear(QuantizeLinear(t)) (u8, asymmetric, one scale per
//      tensor), each weight becomes s8 symmetric per output channel behind
//      a DequantizeLinear, each bias int32 at x_scale * w_scale;
//   4. guard: the QDQ model runs on the evaluation inputs beside the float
//      one; while its outputs miss the accuracy budget, the noise sources
//      (an activation's or a layer's weights' quantization, ranked by their
//      own SQNR on the float model's values) return their layers to float,
//      one, one, two, four... at a time;
//   5. report: per layer its precision and why, its scales, the fraction of
//      values its ranges clip and its SQNR, as a table on stderr and as
//      JSON (--quant-report).
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::calibration;

/// V in the shortest form ("20", "0.999", "1e-05").
static std::string compact(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

std::string CalibrationMethod::str() const {
  switch (kind) {
  case MinMax:
    return "minmax";
  case Percentile:
    return "percentile:" + compact(percentile);
  case Entropy:
    return "entropy";
  }
  return "";
}

FailureOr<CalibrationMethod>
mlir::modelc::parseCalibrationMethod(llvm::StringRef spec) {
  CalibrationMethod method;
  auto [name, value] = spec.split(':');
  if (name == "minmax" && value.empty() && !spec.contains(':')) {
    method.kind = CalibrationMethod::MinMax;
    return method;
  }
  if (name == "entropy" && !spec.contains(':')) {
    method.kind = CalibrationMethod::Entropy;
    return method;
  }
  if (name == "percentile") {
    method.kind = CalibrationMethod::Percentile;
    if (!spec.contains(':'))
      return method;
    double p;
    if (!value.getAsDouble(p) && p > 50 && p <= 100) {
      method.percentile = p;
      return method;
    }
    (void)error("--calibration-method=" + spec +
                ": the percentile must be a number in (50, 100]");
    return failure();
  }
  (void)error("--calibration-method=" + spec +
              " is not one of minmax, percentile[:P], entropy");
  return failure();
}

std::string AccuracyBudget::str() const {
  if (off)
    return "off";
  std::vector<std::string> parts;
  if (sqnr)
    parts.push_back("sqnr:" + compact(*sqnr));
  if (cosine)
    parts.push_back("cosine:" + compact(*cosine));
  if (top1)
    parts.push_back("top1:" + compact(*top1));
  return llvm::join(parts, ",");
}

FailureOr<AccuracyBudget>
mlir::modelc::parseAccuracyBudget(llvm::StringRef spec) {
  AccuracyBudget budget;
  if (spec == "off") {
    budget.off = true;
    return budget;
  }
  llvm::SmallVector<llvm::StringRef> parts;
  spec.split(parts, ',');
  for (llvm::StringRef part : parts) {
    auto [name, value] = part.split(':');
    double v;
    bool number = !value.getAsDouble(v) && std::isfinite(v);
    if (name == "sqnr" && number) {
      budget.sqnr = v;
    } else if (name == "cosine" && number && v >= -1 && v <= 1) {
      budget.cosine = v;
    } else if (name == "top1" && number && v >= 0 && v <= 100) {
      budget.top1 = v;
    } else {
      (void)error("--accuracy-budget=" + spec + ": '" + part +
                  "' is not sqnr:DB, cosine:C (-1..1) or top1:POINTS "
                  "(0..100); 'off' turns the guard off");
      return failure();
    }
  }
  return budget;
}

//===----------------------------------------------------------------------===//
// Choosing the nodes
//===----------------------------------------------------------------------===//

namespace {

/// A node chosen for int8 and the tensors around it.
struct QuantizedNode {
  /// The node's position in the graph.
  int index;
  /// The activation input (0) and the weight (1), the bias (Conv's 2).
  std::string input, weight, bias;
  /// The tensor the requantization writes: the node's output, or that of
  /// the Relu or Clip that alone reads it.
  std::string output;
  /// The axis of the weight's output channels: 0 for Conv, 1 for MatMul.
  int64_t axis;
};

/// A node that could compute in int8 and does not, and why.
struct FloatNode {
  int index;
  std::string reason;
};

} // namespace

static const onnx::TensorProto *findInitializer(const onnx::GraphProto &graph,
                                                llvm::StringRef name) {
  for (const onnx::TensorProto &t : graph.initializer())
    if (t.name() == name)
      return &t;
  return nullptr;
}

static int64_t intAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                            int64_t fallback) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return a.i();
  return fallback;
}

static float floatAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                            float fallback) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return a.f();
  return fallback;
}

static std::string nodeName(const onnx::NodeProto &node) {
  return node.name().empty() ? node.output(0) : node.name();
}

/// The names of GRAPH's outputs.
static llvm::StringSet<> outputNames(const onnx::GraphProto &graph) {
  llvm::StringSet<> names;
  for (const onnx::ValueInfoProto &out : graph.output())
    names.insert(out.name());
  return names;
}

/// The node names and operator types --quant-exclude keeps in float.
static llvm::StringSet<> excludedNames(const QuantizeOptions &options) {
  llvm::StringSet<> excluded;
  for (const std::string &e : options.exclude)
    excluded.insert(e);
  return excluded;
}

/// Rewrites each Gemm of GRAPH that the int8 MatMul can compute (A not
/// transposed, alpha and beta 1, B a 2-D float initializer, C absent or a
/// float initializer), and that OPTIONS does not exclude, as MatMul (of B,
/// transposed at compile time where transB says so, under the Gemm's name)
/// then Add of C (where there is one) into the Gemm's output. Returns the
/// names of the Gemms rewritten.
static llvm::StringSet<> gemmsAsMatMul(onnx::GraphProto &graph,
                                       const QuantizeOptions &options,
                                       llvm::StringRef dir) {
  llvm::StringSet<> rewritten;
  llvm::StringSet<> excluded = excludedNames(options);
  if (excluded.contains("Gemm"))
    return rewritten;
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto &node : graph.node()) {
    const onnx::TensorProto *b =
        node.op_type() == "Gemm" && node.input_size() >= 2
            ? findInitializer(graph, node.input(1))
            : nullptr;
    const onnx::TensorProto *c = node.input_size() > 2 && !node.input(2).empty()
                                     ? findInitializer(graph, node.input(2))
                                     : nullptr;
    bool hasC = node.input_size() > 2 && !node.input(2).empty();
    if (!b || b->data_type() != onnx::TensorProto::FLOAT ||
        b->dims_size() != 2 || excluded.contains(node.name()) ||
        intAttribute(node, "transA", 0) != 0 ||
        floatAttribute(node, "alpha", 1) != 1 ||
        (hasC && (!c || c->data_type() != onnx::TensorProto::FLOAT ||
                  floatAttribute(node, "beta", 1) != 1))) {
      *nodes.Add() = node;
      continue;
    }
    std::string weight = node.input(1);
    if (intAttribute(node, "transB", 0)) {
      llvm::Expected<HostTensor> value = decodeTensor(*b, dir);
      if (!value) {
        llvm::consumeError(value.takeError());
        *nodes.Add() = node;
        continue;
      }
      int64_t n = value->shape[0], k = value->shape[1];
      const float *data = reinterpret_cast<const float *>(value->bytes.data());
      std::vector<float> t(n * k);
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < k; ++j)
          t[j * n + i] = data[i * k + j];
      weight = weight + "_transposed";
      onnx::TensorProto *init = graph.add_initializer();
      init->set_name(weight);
      init->set_data_type(onnx::TensorProto::FLOAT);
      init->add_dims(k);
      init->add_dims(n);
      init->set_raw_data(t.data(), 4 * t.size());
    }
    std::string name = nodeName(node), output = node.output(0);
    onnx::NodeProto *matmul = nodes.Add();
    matmul->set_op_type("MatMul");
    matmul->set_name(name);
    matmul->add_input(node.input(0));
    matmul->add_input(weight);
    matmul->add_output(hasC ? output + "_matmul" : output);
    if (hasC) {
      onnx::NodeProto *add = nodes.Add();
      add->set_op_type("Add");
      add->set_name(name + "_bias");
      add->add_input(output + "_matmul");
      add->add_input(node.input(2));
      add->add_output(output);
    }
    rewritten.insert(name);
  }
  graph.mutable_node()->Swap(&nodes);
  return rewritten;
}

/// The nodes of GRAPH that int8 computes, with OPTIONS' exclusions; the
/// Conv, ConvTranspose, Gemm and MatMul nodes it leaves in float go to
/// SKIPPED with the reason.
static std::vector<QuantizedNode> chooseNodes(const onnx::GraphProto &graph,
                                              const QuantizeOptions &options,
                                              std::vector<FloatNode> &skipped) {
  llvm::StringSet<> excluded = excludedNames(options);
  std::map<std::string, std::vector<const onnx::NodeProto *>> consumers;
  llvm::StringSet<> constants;
  for (const onnx::TensorProto &t : graph.initializer())
    constants.insert(t.name());
  for (const onnx::NodeProto &node : graph.node()) {
    for (const std::string &in : node.input())
      consumers[in].push_back(&node);
    if (node.op_type() == "Constant" && node.output_size() == 1)
      constants.insert(node.output(0));
  }
  std::vector<QuantizedNode> chosen;
  for (int index = 0; index < graph.node_size(); ++index) {
    const onnx::NodeProto &node = graph.node(index);
    const std::string &op = node.op_type();
    bool conv = op == "Conv";
    if (!conv && op != "MatMul" && op != "Gemm" && op != "ConvTranspose")
      continue;
    auto skip = [&](const llvm::Twine &reason) {
      skipped.push_back({index, reason.str()});
    };
    if (excluded.contains(node.name()) || excluded.contains(op)) {
      skip("excluded by --quant-exclude");
      continue;
    }
    if (op == "Gemm") {
      skip("a Gemm with transA, alpha or beta other than 1, or weights that "
           "are not a float initializer: no int8 kernel");
      continue;
    }
    if (op == "ConvTranspose") {
      skip("no int8 kernel for ConvTranspose yet");
      continue;
    }
    if (node.input_size() < 2 || node.output_size() != 1)
      continue;
    // The activation is a computed tensor (not a constant), the weight a
    // float initializer.
    if (findInitializer(graph, node.input(0))) {
      skip("its input is a constant");
      continue;
    }
    const onnx::TensorProto *w = findInitializer(graph, node.input(1));
    if (!w || w->data_type() != onnx::TensorProto::FLOAT) {
      skip(conv ? "its weights are not a float initializer"
                : "both operands are computed: no int8 kernel for a "
                  "product of two activations yet");
      continue;
    }
    // 2-D convolutions, and 1-D ones (which run as 2-D ones of height 1:
    // modelc-conv1d-as-2d).
    if (conv ? w->dims_size() != 4 && w->dims_size() != 3
             : w->dims_size() != 2) {
      skip(conv ? "not a 1-D or 2-D convolution: no int8 kernel yet"
                : "its weights are not a matrix");
      continue;
    }
    int64_t group = conv ? intAttribute(node, "group", 1) : 1;
    if (group != 1 && group == w->dims(0) && w->dims(1) == 1) {
      skip("depthwise: its int8 kernel (i32 multiplies) is slower than "
           "float's FMAs yet");
      continue;
    }
    if (group != 1) {
      skip("grouped convolution: no int8 kernel yet");
      continue;
    }
    QuantizedNode q{index, node.input(0),  node.input(1),
                    "",    node.output(0), conv ? 0 : 1};
    if (conv && node.input_size() > 2 && !node.input(2).empty()) {
      const onnx::TensorProto *b = findInitializer(graph, node.input(2));
      if (!b || b->data_type() != onnx::TensorProto::FLOAT) {
        skip("its bias is not a float initializer");
        continue;
      }
      q.bias = node.input(2);
    }
    // The only reader of a MatMul's result, an Add of a constant per
    // column (the bias, as exporters write it), is part of it: the int8
    // kernel adds it in int32.
    auto only = [&](const std::string &t) -> const onnx::NodeProto * {
      auto it = consumers.find(t);
      return it != consumers.end() && it->second.size() == 1
                 ? it->second.front()
                 : nullptr;
    };
    bool biasAdded = false;
    if (const onnx::NodeProto *next = only(q.output);
        !conv && next && next->op_type() == "Add" &&
        !excluded.contains(next->name())) {
      const std::string &other =
          next->input(0) == q.output ? next->input(1) : next->input(0);
      const onnx::TensorProto *c = findInitializer(graph, other);
      int64_t columns = w->dims(1), count = 1;
      bool perColumn = c && c->data_type() == onnx::TensorProto::FLOAT;
      for (int d = 0; perColumn && d < c->dims_size(); ++d) {
        count *= c->dims(d);
        if (d + 1 < c->dims_size() ? c->dims(d) != 1
                                   : c->dims(d) != 1 && c->dims(d) != columns)
          perColumn = false;
      }
      if (perColumn && next->input(0) != next->input(1) &&
          (count == 1 || count == columns)) {
        q.output = next->output(0);
        biasAdded = true;
      }
    }
    // A Relu or Clip (of constant bounds) that alone reads the result is
    // the requantization's clamp (after a bias Add, a Relu only).
    if (const onnx::NodeProto *next = only(q.output)) {
      bool clip = next->op_type() == "Clip" && !biasAdded &&
                  llvm::all_of(llvm::drop_begin(next->input()),
                               [&](const std::string &in) {
                                 return in.empty() || constants.contains(in);
                               });
      if ((next->op_type() == "Relu" || clip) &&
          !excluded.contains(next->name()))
        q.output = next->output(0);
    }
    chosen.push_back(q);
  }
  return chosen;
}

/// u8 asymmetric parameters of the range [LO, HI] widened to include 0.
static std::pair<float, uint8_t> activationParams(double lo, double hi) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  float scale = float((hi - lo) / 255);
  if (!(scale > 0) || !std::isfinite(scale))
    scale = 1;
  double zp = std::nearbyint(-lo / scale);
  return {scale, uint8_t(std::clamp(zp, 0.0, 255.0))};
}

/// What quantizing an activation does to its float values.
struct ActivationStats {
  float scale = 1;
  uint8_t zeroPoint = 0;
  double lo = 0, hi = 0;
  /// Measured on the evaluation data (with `measured`).
  bool measured = false;
  double clipped = 0;
  Noise local;
  /// Per channel (the axis the consumer's weights are per channel on).
  std::vector<Noise> channels;
};

//===----------------------------------------------------------------------===//
// The QDQ model
//===----------------------------------------------------------------------===//

namespace {

/// A node's weights in s8, symmetric per output channel.
struct WeightQuant {
  std::vector<int64_t> shape;
  std::vector<float> scales;
  std::vector<int8_t> values;
  Noise noise;
  std::vector<Noise> channels;
};

} // namespace

/// The kernel of a layer whose weights alone are int8.
static constexpr llvm::StringLiteral kWeightOnlyKernel =
    "float FMAs on s8 weights converted in the kernel";

/// The largest magnitude of an int8 weight: 127, or 64 where OPTIONS
/// reduce the range so that no pair of weights can saturate vpmaddubsw's
/// int16 sums (64 + 64 <= 128, 255 x 128 < 2^15).
static float weightRange(const QuantizeOptions &options) {
  return options.reduceRange ? 64.0f : 127.0f;
}

/// Quantizes Q's float weights symmetrically per output channel into
/// [-QMAX, QMAX] (127, or 64 with --quant-reduce-range).
static FailureOr<WeightQuant> quantizeWeights(const onnx::GraphProto &graph,
                                              const QuantizedNode &q,
                                              llvm::StringRef dir, float qmax) {
  const onnx::TensorProto *w = findInitializer(graph, q.weight);
  llvm::Expected<HostTensor> value = decodeTensor(*w, dir);
  if (!value) {
    (void)error("weight '" + q.weight +
                "': " + llvm::toString(value.takeError()));
    return failure();
  }
  const float *data = reinterpret_cast<const float *>(value->bytes.data());
  WeightQuant result;
  result.shape = value->shape;
  int64_t channels = result.shape[q.axis];
  int64_t inner = 1;
  for (size_t d = q.axis + 1; d < result.shape.size(); ++d)
    inner *= result.shape[d];
  int64_t n = value->numElements();
  result.scales.assign(channels, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t c = (i / inner) % channels;
    result.scales[c] = std::max(result.scales[c], std::fabs(data[i]) / qmax);
  }
  for (float &s : result.scales)
    if (!(s > 0))
      s = 1;
  result.values.resize(n);
  result.channels.resize(channels);
  for (int64_t i = 0; i < n; ++i) {
    int64_t c = (i / inner) % channels;
    float v =
        std::clamp(std::nearbyint(data[i] / result.scales[c]), -qmax, qmax);
    result.values[i] = int8_t(v);
    result.noise.add(data[i], v * result.scales[c]);
    result.channels[c].add(data[i], v * result.scales[c]);
  }
  return result;
}

static onnx::TensorProto *addInitializer(onnx::GraphProto &graph,
                                         const std::string &name, int32_t dtype,
                                         llvm::ArrayRef<int64_t> dims,
                                         const void *data, size_t bytes) {
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(name);
  t->set_data_type(dtype);
  for (int64_t d : dims)
    t->add_dims(d);
  t->set_raw_data(data, bytes);
  return t;
}

static onnx::NodeProto makeNode(const std::string &op,
                                std::vector<std::string> inputs,
                                const std::string &output,
                                std::optional<int64_t> axis = std::nullopt) {
  onnx::NodeProto node;
  node.set_op_type(op);
  node.set_name(output);
  for (const std::string &in : inputs)
    node.add_input(in);
  node.add_output(output);
  if (axis) {
    onnx::AttributeProto *a = node.add_attribute();
    a->set_name("axis");
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(*axis);
  }
  return node;
}

/// The activations of NODES, in the order the nodes come.
/// The data inputs of NODE if it only moves values (or takes the largest,
/// which a common scale preserves): int8 computes it on the quantized
/// tensors where its inputs and its output share their parameters.
static std::vector<std::string> movedInputs(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  if (node.output_size() != 1)
    return {};
  if (op == "Concat")
    return {node.input().begin(), node.input().end()};
  if (op == "MaxPool" || op == "Reshape" || op == "Flatten" ||
      op == "Transpose" || op == "Squeeze" || op == "Unsqueeze" ||
      op == "Identity")
    return {node.input(0)};
  return {};
}

/// The activations of NODES in GRAPH, in the order the nodes come, and the
/// inputs of data movement (Concat, MaxPool, Reshape...) whose output is
/// one of them and which alone reads them, so that no float round trip
/// sits between two int8 layers.
static std::vector<std::string>
activations(const onnx::GraphProto &graph,
            llvm::ArrayRef<const QuantizedNode *> nodes) {
  std::vector<std::string> tensors;
  llvm::StringSet<> seen;
  for (const QuantizedNode *q : nodes)
    for (const std::string &t : {q->input, q->output})
      if (seen.insert(t).second)
        tensors.push_back(t);
  // Backwards through the (topologically sorted) nodes: chains of data
  // movement in one sweep. Only inputs that the data movement alone reads:
  // quantizing one that a float op reads too (a residual stream) would add
  // its noise there.
  std::map<std::string, int> readers;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      ++readers[in];
  for (const onnx::ValueInfoProto &out : graph.output())
    ++readers[out.name()];
  for (const onnx::NodeProto &node : llvm::reverse(graph.node())) {
    if (!seen.contains(node.output(0)))
      continue;
    for (const std::string &in : movedInputs(node))
      if (!in.empty() && readers[in] == 1 && !findInitializer(graph, in) &&
          seen.insert(in).second)
        tensors.push_back(in);
  }
  return tensors;
}

/// The groups of TENSORS that must share their quantization parameters:
/// the inputs and the output of data movement in GRAPH among them.
static std::vector<std::vector<std::string>>
sharedParameters(const onnx::GraphProto &graph,
                 llvm::ArrayRef<std::string> tensors) {
  std::map<std::string, std::string> parent;
  for (const std::string &t : tensors)
    parent[t] = t;
  std::function<std::string(const std::string &)> find =
      [&](const std::string &t) -> std::string {
    std::string &p = parent[t];
    if (p != t)
      p = find(p);
    return p;
  };
  for (const onnx::NodeProto &node : graph.node()) {
    if (!parent.count(node.output(0)))
      continue;
    for (const std::string &in : movedInputs(node))
      if (parent.count(in))
        parent[find(in)] = find(node.output(0));
  }
  std::map<std::string, std::vector<std::string>> groups;
  for (const std::string &t : tensors)
    groups[find(t)].push_back(t);
  std::vector<std::vector<std::string>> result;
  for (auto &[root, members] : groups)
    if (members.size() > 1)
      result.push_back(std::move(members));
  return result;
}

/// The name of quantized tensor T dequantized in the QDQ model: T itself
/// where it is one of the graph's OUTPUTS, T_dq otherwise.
static std::string dequantizedName(const std::string &t,
                                   const llvm::StringSet<> &outputs) {
  return outputs.contains(t) ? t : t + "_dq";
}

/// The QDQ model of the float MODEL with NODES in int8 (their weights in
/// WEIGHTS, their activations' parameters in STATS), or with only their
/// weights in int8 (WEIGHTSONLY: a DequantizeLinear of each, the
/// activations and biases float).
static FailureOr<onnx::ModelProto>
buildQDQ(const onnx::ModelProto &model,
         llvm::ArrayRef<const QuantizedNode *> nodes,
         const std::map<std::string, WeightQuant> &weights,
         const std::map<std::string, ActivationStats> &stats,
         llvm::StringRef dir, bool weightsOnly) {
  onnx::ModelProto result = model;
  onnx::GraphProto &graph = *result.mutable_graph();
  std::vector<std::string> tensors =
      weightsOnly ? std::vector<std::string>() : activations(graph, nodes);
  llvm::StringSet<> outputs = outputNames(graph);
  // Each quantized tensor t: q = QuantizeLinear(t), d = DequantizeLinear(q),
  // and every other use of t reads d. A graph output t is d itself (its
  // producer writing t_float), so that the layer that writes it is int8
  // to the end. ADDED pairs each new node with the tensor it follows (none:
  // first).
  std::vector<std::pair<onnx::NodeProto, std::string>> added;
  std::map<std::string, std::string> dequantized;
  for (const std::string &t : tensors) {
    const ActivationStats &p = stats.at(t);
    std::string scale = t + "_scale", zp = t + "_zero_point";
    std::string source = t, dq = dequantizedName(t, outputs);
    if (outputs.contains(t)) {
      source = t + "_float";
      for (onnx::NodeProto &node : *graph.mutable_node())
        for (std::string &out : *node.mutable_output())
          if (out == t)
            out = source;
    }
    addInitializer(graph, scale, onnx::TensorProto::FLOAT, {}, &p.scale, 4);
    addInitializer(graph, zp, onnx::TensorProto::UINT8, {}, &p.zeroPoint, 1);
    added.push_back(
        {makeNode("QuantizeLinear", {source, scale, zp}, t + "_q"), source});
    added.push_back(
        {makeNode("DequantizeLinear", {t + "_q", scale, zp}, dq), source});
    dequantized[t] = dq;
  }
  for (onnx::NodeProto &node : *graph.mutable_node())
    for (std::string &in : *node.mutable_input())
      if (auto it = dequantized.find(in); it != dequantized.end())
        in = it->second;

  // Weights: s8 symmetric per output channel; biases int32.
  for (const QuantizedNode *q : nodes) {
    onnx::NodeProto &node = *graph.mutable_node(q->index);
    const WeightQuant &w = weights.at(q->weight);
    int64_t channels = w.scales.size();
    std::string base = nodeName(node);
    std::string wq = base + "_weight_q", ws = base + "_weight_scale",
                wz = base + "_weight_zero_point", wd = base + "_weight_dq";
    std::vector<int8_t> zeros(channels, 0);
    addInitializer(graph, wq, onnx::TensorProto::INT8, w.shape, w.values.data(),
                   w.values.size());
    addInitializer(graph, ws, onnx::TensorProto::FLOAT, {channels},
                   w.scales.data(), 4 * channels);
    addInitializer(graph, wz, onnx::TensorProto::INT8, {channels}, zeros.data(),
                   channels);
    added.push_back(
        {makeNode("DequantizeLinear", {wq, ws, wz}, wd, q->axis), ""});
    node.set_input(1, wd);
    if (q->bias.empty())
      continue;
    const onnx::TensorProto *b = findInitializer(graph, q->bias);
    llvm::Expected<HostTensor> bias = decodeTensor(*b, dir);
    if (!bias || bias->numElements() != channels) {
      if (!bias)
        llvm::consumeError(bias.takeError());
      (void)error("bias '" + q->bias + "' of node '" + base +
                  "' does not have one value per output channel");
      return failure();
    }
    const float *bdata = reinterpret_cast<const float *>(bias->bytes.data());
    float xScale = stats.at(q->input).scale;
    std::vector<int32_t> bq(channels);
    std::vector<float> bs(channels);
    for (int64_t c = 0; c < channels; ++c) {
      bs[c] = xScale * w.scales[c];
      double v = std::nearbyint(bdata[c] / bs[c]);
      bq[c] = int32_t(std::clamp(v, double(INT32_MIN), double(INT32_MAX)));
    }
    std::vector<int32_t> bz(channels, 0);
    std::string bqn = base + "_bias_q", bsn = base + "_bias_scale",
                bzn = base + "_bias_zero_point", bd = base + "_bias_dq";
    addInitializer(graph, bqn, onnx::TensorProto::INT32, {channels}, bq.data(),
                   4 * channels);
    addInitializer(graph, bsn, onnx::TensorProto::FLOAT, {channels}, bs.data(),
                   4 * channels);
    addInitializer(graph, bzn, onnx::TensorProto::INT32, {channels}, bz.data(),
                   4 * channels);
    added.push_back({makeNode("DequantizeLinear", {bqn, bsn, bzn}, bd, 0), ""});
    node.set_input(2, bd);
  }
  // The Q/DQ nodes go right after their tensor's producer; a graph
  // input's, and the weights', first.
  std::map<std::string, std::vector<onnx::NodeProto>> after;
  std::vector<onnx::NodeProto> first;
  llvm::StringSet<> produced;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &out : node.output())
      produced.insert(out);
  for (auto &[node, source] : added) {
    if (produced.contains(source))
      after[source].push_back(node);
    else
      first.push_back(node);
  }
  google::protobuf::RepeatedPtrField<onnx::NodeProto> ordered;
  for (onnx::NodeProto &node : first)
    *ordered.Add() = node;
  for (const onnx::NodeProto &node : graph.node()) {
    *ordered.Add() = node;
    for (const std::string &out : node.output())
      for (onnx::NodeProto &extra : after[out])
        *ordered.Add() = extra;
  }
  graph.mutable_node()->Swap(&ordered);
  // Each weight that only its node read is gone.
  llvm::StringSet<> used;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      used.insert(in);
  for (const onnx::ValueInfoProto &out : graph.output())
    used.insert(out.name());
  auto *inits = graph.mutable_initializer();
  inits->erase(std::remove_if(inits->begin(), inits->end(),
                              [&](const onnx::TensorProto &t) {
                                return !used.contains(t.name());
                              }),
               inits->end());
  return result;
}

//===----------------------------------------------------------------------===//
// The accuracy guard
//===----------------------------------------------------------------------===//

namespace {

/// How one float output of the QDQ model compares with the float model's.
struct OutputEvaluation {
  std::string name;
  double sqnr = kInfinity;
  double cosine = 1;
  /// Classifier-shaped outputs: % of rows whose top-1 class agrees with the
  /// float model's; with labels, float's and int8's top-1 accuracy.
  std::optional<double> agreement, floatAccuracy, int8Accuracy;
  /// The rows those percentages count.
  int64_t rows = 0;
};

struct Evaluation {
  std::vector<OutputEvaluation> outputs;
  /// SQNR of each quantized activation against its float value.
  std::map<std::string, double> tensorSqnr;
  double sqnr() const {
    double v = kInfinity;
    for (const OutputEvaluation &o : outputs)
      v = std::min(v, o.sqnr);
    return v;
  }
  double cosine() const {
    double v = 1;
    for (const OutputEvaluation &o : outputs)
      v = std::min(v, o.cosine);
    return v;
  }
  /// The most top-1 points an output of at least MIN_ROWS rows loses
  /// (against labels where given).
  std::optional<double> top1Loss(int64_t minRows = 1) const {
    std::optional<double> loss;
    for (const OutputEvaluation &o : outputs) {
      if (o.rows < minRows)
        continue;
      std::optional<double> l;
      if (o.floatAccuracy && o.int8Accuracy)
        l = *o.floatAccuracy - *o.int8Accuracy;
      else if (o.agreement)
        l = 100 - *o.agreement;
      if (l)
        loss = std::max(loss.value_or(-kInfinity), *l);
    }
    return loss;
  }
};

/// The expected outputs (labels) of the evaluation folders, where they
/// have them: LABELS[sample][output].
using Labels = std::vector<std::vector<std::optional<HostTensor>>>;

} // namespace

/// The top-1 class of each row of a classifier-shaped tensor ([N, C] or
/// [C], C >= 2), or nothing.
static std::optional<std::vector<int64_t>> top1(const HostTensor &t) {
  if (t.dtype != onnx::TensorProto::FLOAT || t.shape.empty() ||
      t.shape.size() > 2 || t.shape.back() < 2)
    return std::nullopt;
  int64_t classes = t.shape.back(), rows = t.numElements() / classes;
  const float *data = reinterpret_cast<const float *>(t.bytes.data());
  std::vector<int64_t> result(rows);
  for (int64_t r = 0; r < rows; ++r)
    result[r] = std::max_element(data + r * classes, data + (r + 1) * classes) -
                (data + r * classes);
  return result;
}

/// The class labels of an expected output for ROWS rows: its top-1 where
/// it holds scores, its values where it holds one integer per row.
static std::optional<std::vector<int64_t>> labelsOf(const HostTensor &t,
                                                    int64_t rows) {
  if (t.dtype == onnx::TensorProto::FLOAT) {
    std::optional<std::vector<int64_t>> r = top1(t);
    if (r && int64_t(r->size()) == rows)
      return r;
    return std::nullopt;
  }
  if (t.numElements() != rows)
    return std::nullopt;
  std::vector<int64_t> result(rows);
  for (int64_t r = 0; r < rows; ++r) {
    switch (t.dtype) {
    case onnx::TensorProto::INT64:
      result[r] = reinterpret_cast<const int64_t *>(t.bytes.data())[r];
      break;
    case onnx::TensorProto::INT32:
      result[r] = reinterpret_cast<const int32_t *>(t.bytes.data())[r];
      break;
    default:
      return std::nullopt;
    }
  }
  return result;
}

static FailureOr<Labels> readLabels(llvm::ArrayRef<std::string> folders,
                                    int64_t outputs) {
  Labels labels(folders.size());
  for (size_t s = 0; s < folders.size(); ++s) {
    for (int64_t k = 0; k < outputs; ++k) {
      llvm::SmallString<256> path(folders[s]);
      llvm::sys::path::append(path, "output_" + std::to_string(k) + ".pb");
      if (!llvm::sys::fs::exists(path)) {
        labels[s].emplace_back();
        continue;
      }
      llvm::Expected<HostTensor> value = readTensorFile(path);
      if (!value) {
        (void)error("expected output '" + path +
                    "': " + llvm::toString(value.takeError()));
        return failure();
      }
      labels[s].push_back(std::move(*value));
    }
  }
  return labels;
}

/// Compares the outputs and quantized activations (TENSORS, as t_dq) of the
/// QDQ model's run with the float model's.
static FailureOr<Evaluation> evaluate(const onnx::ModelProto &floatModel,
                                      const ModelRun &floatRun,
                                      const ModelRun &qdqRun,
                                      llvm::ArrayRef<std::string> tensors,
                                      const Labels &labels) {
  Evaluation result;
  const onnx::GraphProto &graph = floatModel.graph();
  llvm::StringSet<> outputs = outputNames(graph);
  for (int64_t k = 0; k < graph.output_size(); ++k) {
    const std::string &name = graph.output(k).name();
    OutputEvaluation out{name};
    Noise noise;
    int64_t rows = 0, agree = 0, floatRight = 0, int8Right = 0, labelled = 0;
    bool isFloat = true, classifier = true;
    for (size_t s = 0; s < floatRun.samples(); ++s) {
      llvm::Expected<HostTensor> ref = floatRun.tensor(s, name);
      llvm::Expected<HostTensor> got = qdqRun.tensor(s, name);
      if (!ref || !got) {
        (void)error("output '" + name + "': " +
                    llvm::toString(ref ? got.takeError() : ref.takeError()));
        if (ref)
          (void)ref.takeError();
        return failure();
      }
      if (ref->dtype != onnx::TensorProto::FLOAT ||
          got->dtype != onnx::TensorProto::FLOAT ||
          ref->numElements() != got->numElements()) {
        isFloat = false;
        break;
      }
      const float *a = reinterpret_cast<const float *>(ref->bytes.data());
      const float *b = reinterpret_cast<const float *>(got->bytes.data());
      double dot = 0, na = 0, nb = 0;
      for (int64_t i = 0; i < ref->numElements(); ++i) {
        noise.add(a[i], b[i]);
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
      }
      double cosine = na == 0 && nb == 0 ? 1
                      : na == 0 || nb == 0
                          ? 0
                          : dot / std::sqrt(na) / std::sqrt(nb);
      out.cosine = std::min(out.cosine, cosine);
      std::optional<std::vector<int64_t>> ta = top1(*ref), tb = top1(*got);
      if (!ta || !tb) {
        classifier = false;
        continue;
      }
      rows += ta->size();
      for (size_t r = 0; r < ta->size(); ++r)
        agree += (*ta)[r] == (*tb)[r];
      if (s < labels.size() && k < int64_t(labels[s].size()) && labels[s][k]) {
        if (std::optional<std::vector<int64_t>> l =
                labelsOf(*labels[s][k], ta->size())) {
          labelled += l->size();
          for (size_t r = 0; r < l->size(); ++r) {
            floatRight += (*ta)[r] == (*l)[r];
            int8Right += (*tb)[r] == (*l)[r];
          }
        }
      }
    }
    if (!isFloat)
      continue;
    out.sqnr = noise.sqnr();
    if (classifier && rows > 0) {
      out.agreement = 100.0 * agree / rows;
      out.rows = rows;
    }
    if (classifier && labelled > 0 && labelled == rows) {
      out.floatAccuracy = 100.0 * floatRight / labelled;
      out.int8Accuracy = 100.0 * int8Right / labelled;
    }
    result.outputs.push_back(out);
  }
  for (const std::string &t : tensors) {
    Noise noise;
    for (size_t s = 0; s < floatRun.samples(); ++s) {
      FailureOr<std::vector<float>> ref = floatRun.floats(s, t);
      FailureOr<std::vector<float>> got =
          qdqRun.floats(s, dequantizedName(t, outputs));
      if (failed(ref) || failed(got))
        return failure();
      if (ref->size() != got->size())
        break;
      for (size_t i = 0; i < ref->size(); ++i)
        noise.add((*ref)[i], (*got)[i]);
    }
    result.tensorSqnr[t] = noise.sqnr();
  }
  return result;
}

/// Whether E holds BUDGET; WHY says how it misses.
static bool holds(const Evaluation &e, const AccuracyBudget &budget,
                  std::string &why) {
  std::vector<std::string> misses;
  if (budget.sqnr && !(e.sqnr() >= *budget.sqnr))
    misses.push_back(llvm::formatv("output SQNR {0:f1} dB < {1} dB", e.sqnr(),
                                   compact(*budget.sqnr))
                         .str());
  if (budget.cosine && !(e.cosine() >= *budget.cosine))
    misses.push_back(llvm::formatv("output cosine {0:f4} < {1}", e.cosine(),
                                   compact(*budget.cosine))
                         .str());
  // Top-1 is judged on outputs with enough rows that one changed class is
  // within the budget: on fewer, chance decides.
  if (budget.top1) {
    int64_t minRows = std::ceil(100 / std::max(*budget.top1, 1e-9) - 1e-9);
    std::optional<double> loss = e.top1Loss(minRows);
    if (loss && *loss > *budget.top1)
      misses.push_back(llvm::formatv("top-1 loses {0:f2} points > {1}", *loss,
                                     compact(*budget.top1))
                           .str());
  }
  why = llvm::join(misses, ", ");
  return misses.empty();
}

static std::string describe(const Evaluation &e) {
  std::string s = llvm::formatv("output SQNR {0:f1} dB, cosine {1:f4}",
                                e.sqnr(), e.cosine());
  for (const OutputEvaluation &o : e.outputs) {
    if (o.floatAccuracy)
      s += llvm::formatv(", '{0}' top-1 accuracy {1:f2} % (float {2:f2} %) "
                         "of {3} rows",
                         o.name, *o.int8Accuracy, *o.floatAccuracy, o.rows);
    else if (o.agreement)
      s += llvm::formatv(", '{0}' top-1 agreement {1:f2} % of {2} rows", o.name,
                         *o.agreement, o.rows);
  }
  return s;
}

static std::string formatDb(double v) {
  if (std::isinf(v))
    return v > 0 ? "exact" : "-inf";
  return llvm::formatv("{0:f1}", v).str();
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

namespace {

/// A quantization the guard can undo: an activation's or a layer's
/// weights', and the layers that undoing it returns to float.
struct Source {
  double sqnr;
  std::string what;
  std::vector<size_t> nodes;
};

/// What became of a chosen node.
struct LayerState {
  bool int8 = true;
  std::string reason = "quantized";
};

} // namespace

/// Measures what quantizing each of TENSORS does to its values in RUN; the
/// channels of those in LAST_AXIS are on their last axis, of the others on
/// axis 1 (NCHW).
static LogicalResult measure(const ModelRun &run,
                             const std::vector<std::string> &tensors,
                             const llvm::StringSet<> &lastAxis,
                             std::map<std::string, ActivationStats> &stats) {
  std::map<std::string, int64_t> clipped, count;
  for (size_t s = 0; s < run.samples(); ++s) {
    for (const std::string &t : tensors) {
      llvm::Expected<HostTensor> value = run.tensor(s, t);
      if (!value)
        return error("tensor '" + t +
                     "': " + llvm::toString(value.takeError()));
      if (value->dtype != onnx::TensorProto::FLOAT)
        continue;
      const float *data = reinterpret_cast<const float *>(value->bytes.data());
      int64_t n = value->numElements(), rank = value->shape.size();
      int64_t axis =
          lastAxis.contains(t) ? rank - 1 : std::min<int64_t>(1, rank - 1);
      int64_t channels = rank ? value->shape[axis] : 1, inner = 1;
      for (int64_t d = axis + 1; d < rank; ++d)
        inner *= value->shape[d];
      ActivationStats &st = stats[t];
      st.measured = true;
      if (int64_t(st.channels.size()) != channels)
        st.channels.assign(std::max<int64_t>(channels, 1), Noise());
      for (int64_t i = 0; i < n; ++i) {
        float v = data[i];
        double q = std::nearbyint(v / st.scale) + st.zeroPoint;
        clipped[t] += q < 0 || q > 255;
        double d = (std::clamp(q, 0.0, 255.0) - st.zeroPoint) * st.scale;
        st.local.add(v, d);
        st.channels[channels > 0 ? (i / inner) % channels : 0].add(v, d);
      }
      count[t] += n;
    }
  }
  for (auto &[t, n] : count)
    stats[t].clipped = n ? double(clipped[t]) / n : 0;
  return success();
}

static llvm::json::Value jsonNumber(double v) {
  if (std::isfinite(v))
    return v;
  return nullptr;
}

static llvm::json::Object activationJson(const std::string &tensor,
                                         const ActivationStats &st) {
  llvm::json::Object o{{"tensor", tensor},
                       {"scale", double(st.scale)},
                       {"zero_point", int64_t(st.zeroPoint)},
                       {"range", llvm::json::Array{st.lo, st.hi}}};
  if (st.measured) {
    o["clipped"] = st.clipped;
    o["sqnr_db"] = jsonNumber(st.local.sqnr());
    o["channel_sqnr_db"] = jsonNumber(channelSqnr(st.channels));
  }
  return o;
}

namespace {

/// One --quantize=int8 compilation: the float model and the layers that
/// could be int8, their parameters, the data the guard judges on, and what
/// the guard decided.
struct Quantizer {
  Quantizer(const QuantizeOptions &options, llvm::StringRef input)
      : options(options), input(input) {}

  /// Reads the model, chooses its layers, calibrates them (or reads the
  /// table) and runs the float model on the evaluation inputs.
  LogicalResult prepare();
  /// Builds the QDQ model, returning layers to float while it misses the
  /// budget.
  LogicalResult guard();
  /// Prints the per-layer table and writes the JSON report.
  LogicalResult report();

  const QuantizeOptions &options;
  llvm::StringRef input;
  std::string dir;
  onnx::ModelProto model;
  /// The Gemms rewritten as MatMul + Add.
  llvm::StringSet<> gemms;
  std::vector<QuantizedNode> nodes;
  std::vector<FloatNode> skipped;
  /// The activations of NODES.
  std::vector<std::string> tensors;
  std::string method;
  std::vector<std::string> calibrationFolders, evalFolders;
  std::unique_ptr<ModelRun> calibrationRun, evalRun;
  /// The float model's run on the evaluation inputs (null without any).
  const ModelRun *floatRun = nullptr;
  Labels labels;
  std::map<std::string, ActivationStats> stats;
  std::map<std::string, WeightQuant> weights;
  // What the guard decided.
  std::vector<LayerState> state;
  std::optional<Evaluation> evaluation;
  std::string verdict;
  llvm::json::Array steps;
  onnx::ModelProto qdq;
};

} // namespace

LogicalResult Quantizer::prepare() {
  if (failed(readModel(input, model)))
    return failure();
  dir = llvm::sys::path::parent_path(input).str();
  gemms = gemmsAsMatMul(*model.mutable_graph(), options, dir);
  const onnx::GraphProto &graph = model.graph();
  nodes = chooseNodes(graph, options, skipped);
  if (options.weightsOnly) {
    // Weight-only quantization serves products of few rows, bound by the
    // weights' memory traffic: MatMul and Gemm.
    std::vector<QuantizedNode> products;
    for (QuantizedNode &q : nodes) {
      if (graph.node(q.index).op_type() == "Conv")
        skipped.push_back({q.index, "--quantize=int8-weights quantizes the "
                                    "weights of MatMul and Gemm only"});
      else
        products.push_back(std::move(q));
    }
    nodes = std::move(products);
    if (nodes.empty())
      return error("--quantize=int8-weights found no MatMul or Gemm with "
                   "float weights to quantize in '" +
                   input + "'");
  } else if (nodes.empty()) {
    return error("--quantize=int8 found no Conv (2-D, one group), MatMul "
                 "or Gemm with float weights to quantize in '" +
                 input + "'");
  }
  std::vector<const QuantizedNode *> all;
  for (const QuantizedNode &q : nodes)
    all.push_back(&q);
  if (!options.weightsOnly)
    tensors = activations(graph, all);

  // The ranges: calibrated, or from the table. Weight-only quantization
  // needs none; calibration inputs are then only what the guard judges on.
  CalibrationTable table;
  method = options.weightsOnly ? "none (weights only)" : options.method.str();
  if (options.weightsOnly) {
    if (!options.calibrationDirs.empty()) {
      FailureOr<std::vector<std::string>> folders =
          inputFolders(options.calibrationDirs, "--calibration-dir");
      if (failed(folders))
        return failure();
      calibrationFolders = std::move(*folders);
      FailureOr<std::unique_ptr<ModelRun>> run =
          ModelRun::run(model, tensors, calibrationFolders, options,
                        "the float model's run on the calibration inputs");
      if (failed(run))
        return failure();
      calibrationRun = std::move(*run);
    }
  } else if (!options.calibrationDirs.empty()) {
    FailureOr<std::vector<std::string>> folders =
        inputFolders(options.calibrationDirs, "--calibration-dir");
    if (failed(folders))
      return failure();
    calibrationFolders = std::move(*folders);
    FailureOr<std::unique_ptr<ModelRun>> run = ModelRun::run(
        model, tensors, calibrationFolders, options, "the calibration run");
    if (failed(run))
      return failure();
    calibrationRun = std::move(*run);
    FailureOr<CalibrationTable> measured =
        calibrate(*calibrationRun, tensors, options.method);
    if (failed(measured))
      return failure();
    table = std::move(*measured);
    if (!options.calibrationTable.empty() &&
        failed(writeTable(table, options.method, options.calibrationTable)))
      return failure();
  } else if (!options.calibrationTable.empty()) {
    FailureOr<CalibrationTable> read =
        readTable(options.calibrationTable, method);
    if (failed(read))
      return failure();
    table = std::move(*read);
  } else {
    return error("--quantize=int8 needs calibration data: "
                 "--calibration-dir DIR (inputs as input_K.pb files) or "
                 "--calibration-table FILE");
  }
  // Data movement keeps one scale: each group of tensors it links takes
  // the union of their ranges.
  for (const std::vector<std::string> &group :
       sharedParameters(graph, tensors)) {
    double lo = kInfinity, hi = -kInfinity;
    for (const std::string &t : group)
      if (auto it = table.find(t); it != table.end()) {
        lo = std::min(lo, it->second.first);
        hi = std::max(hi, it->second.second);
      }
    if (lo <= hi)
      for (const std::string &t : group)
        table[t] = {lo, hi};
  }
  for (const std::string &t : tensors) {
    auto it = table.find(t);
    if (it == table.end())
      return error("the calibration has no range for tensor '" + t + "'");
    ActivationStats &st = stats[t];
    std::tie(st.scale, st.zeroPoint) =
        activationParams(it->second.first, it->second.second);
    st.lo = it->second.first;
    st.hi = it->second.second;
  }
  for (const QuantizedNode &q : nodes) {
    if (weights.count(q.weight))
      continue;
    FailureOr<WeightQuant> w =
        quantizeWeights(graph, q, dir, weightRange(options));
    if (failed(w))
      return failure();
    weights[q.weight] = std::move(*w);
  }

  // The data the guard and the report judge on: the evaluation folders, or
  // the calibration's.
  evalFolders = calibrationFolders;
  floatRun = calibrationRun.get();
  if (!options.evalDirs.empty()) {
    FailureOr<std::vector<std::string>> folders =
        inputFolders(options.evalDirs, "--eval-dir");
    if (failed(folders))
      return failure();
    evalFolders = std::move(*folders);
    FailureOr<std::unique_ptr<ModelRun>> run =
        ModelRun::run(model, tensors, evalFolders, options,
                      "the float model's run on the evaluation inputs");
    if (failed(run))
      return failure();
    evalRun = std::move(*run);
    floatRun = evalRun.get();
  }
  if (floatRun) {
    llvm::StringSet<> lastAxis;
    for (const QuantizedNode &q : nodes)
      if (q.axis == 1)
        for (const std::string &t : {q.input, q.output})
          lastAxis.insert(t);
    if (failed(measure(*floatRun, tensors, lastAxis, stats)))
      return failure();
    FailureOr<Labels> read = readLabels(evalFolders, graph.output_size());
    if (failed(read))
      return failure();
    labels = std::move(*read);
  }
  return success();
}

LogicalResult Quantizer::guard() {
  const onnx::GraphProto &graph = model.graph();
  // The noise sources, the worst (lowest SQNR) first.
  std::vector<Source> sources;
  if (floatRun) {
    for (const std::string &t : tensors) {
      Source s{channelSqnr(stats[t].channels), "activation '" + t + "'", {}};
      for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].input == t || nodes[i].output == t)
          s.nodes.push_back(i);
      sources.push_back(s);
    }
  }
  for (size_t i = 0; i < nodes.size(); ++i)
    sources.push_back(
        {channelSqnr(weights[nodes[i].weight].channels),
         "the weights of '" + nodeName(graph.node(nodes[i].index)) + "'",
         {i}});
  std::stable_sort(
      sources.begin(), sources.end(),
      [](const Source &a, const Source &b) { return a.sqnr < b.sqnr; });

  // The guard: evaluate, and while over budget return the next sources'
  // layers, one, one, two, four... sources at a time.
  bool judged = !options.budget.off && floatRun;
  state.assign(nodes.size(), LayerState());
  size_t next = 0, batch = 1;
  llvm::StringSet<> outputs = outputNames(graph);
  for (int step = 0;; ++step) {
    std::vector<const QuantizedNode *> active;
    for (size_t i = 0; i < nodes.size(); ++i)
      if (state[i].int8)
        active.push_back(&nodes[i]);
    if (active.empty()) {
      qdq = model;
      evaluation.reset();
      verdict = "the budget holds only with every layer in float";
      llvm::errs() << "warning: --quantize=int8: the accuracy budget "
                   << options.budget.str()
                   << " holds only with every layer in float: nothing is "
                      "quantized\n";
      break;
    }
    FailureOr<onnx::ModelProto> built =
        buildQDQ(model, active, weights, stats, dir, options.weightsOnly);
    if (failed(built))
      return failure();
    qdq = std::move(*built);
    if (!judged)
      break;
    std::vector<std::string> activeTensors = options.weightsOnly
                                                 ? std::vector<std::string>()
                                                 : activations(graph, active);
    std::vector<std::string> extra;
    for (const std::string &t : activeTensors)
      extra.push_back(dequantizedName(t, outputs));
    FailureOr<std::unique_ptr<ModelRun>> run =
        ModelRun::run(qdq, extra, evalFolders, options,
                      "the accuracy guard's run of the int8 model");
    if (failed(run))
      return failure();
    FailureOr<Evaluation> e =
        evaluate(model, *floatRun, **run, activeTensors, labels);
    if (failed(e))
      return failure();
    evaluation = std::move(*e);
    std::string why;
    bool ok = holds(*evaluation, options.budget, why);
    llvm::json::Object stepJson{{"int8_layers", int64_t(active.size())},
                                {"sqnr_db", jsonNumber(evaluation->sqnr())},
                                {"cosine", evaluation->cosine()},
                                {"holds", ok}};
    if (std::optional<double> loss = evaluation->top1Loss())
      stepJson["top1_loss"] = *loss;
    if (!ok)
      stepJson["misses"] = why;
    llvm::errs() << "modelc: accuracy guard, " << active.size()
                 << (active.size() == 1 ? " layer" : " layers")
                 << " in int8: " << describe(*evaluation) << ": "
                 << (ok ? "within" : "over") << " the budget "
                 << options.budget.str() << (ok ? "" : " (" + why + ")")
                 << "\n";
    if (ok) {
      verdict = "holds";
      steps.push_back(std::move(stepJson));
      break;
    }
    // Return the next BATCH sources that still have int8 layers.
    llvm::json::Array returned;
    for (size_t taken = 0; taken < batch && next < sources.size(); ++next) {
      const Source &src = sources[next];
      std::vector<std::string> names;
      for (size_t i : src.nodes) {
        if (!state[i].int8)
          continue;
        state[i].int8 = false;
        state[i].reason =
            llvm::formatv("returned to float by the accuracy guard: {0} "
                          "keeps {1} dB SQNR per channel in int8",
                          src.what, formatDb(src.sqnr));
        names.push_back(nodeName(graph.node(nodes[i].index)));
        returned.push_back(names.back());
      }
      if (names.empty())
        continue;
      ++taken;
      llvm::errs() << "modelc: accuracy guard returns to float: "
                   << llvm::join(names, ", ") << " (" << src.what << " keeps "
                   << formatDb(src.sqnr) << " dB SQNR per channel in int8)\n";
    }
    stepJson["returned"] = std::move(returned);
    steps.push_back(std::move(stepJson));
    if (step > 0)
      batch *= 2;
  }
  if (options.budget.off)
    verdict = "off";
  else if (!floatRun)
    verdict = "not judged: no inputs (give --calibration-dir or --eval-dir)";
  return success();
}

LogicalResult Quantizer::report() {
  const onnx::GraphProto &graph = model.graph();
  // The report: every Conv, ConvTranspose, Gemm and MatMul in graph order.
  struct Row {
    int index;
    const QuantizedNode *q;
    const LayerState *state;
    std::string reason;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < nodes.size(); ++i) {
    std::string reason = state[i].reason;
    if (state[i].int8 && gemms.contains(nodeName(graph.node(nodes[i].index))))
      reason += " (a Gemm: MatMul, then its bias Add)";
    rows.push_back({nodes[i].index, &nodes[i], &state[i], reason});
  }
  for (const FloatNode &f : skipped)
    rows.push_back({f.index, nullptr, nullptr, f.reason});
  llvm::sort(rows,
             [](const Row &a, const Row &b) { return a.index < b.index; });
  int64_t int8Layers =
      llvm::count_if(state, [](const LayerState &s) { return s.int8; });
  size_t samples = floatRun ? floatRun->samples() : 0;
  llvm::raw_ostream &os = llvm::errs();
  // Weight-only layers run the float kernel on s8 weights it converts.
  std::string kernel = options.weightsOnly
                           ? std::string(kWeightOnlyKernel)
                           : (options.kernel.empty() ? "-" : options.kernel);
  if (options.weightsOnly)
    os << "modelc: quantized the weights of " << int8Layers << " of "
       << rows.size() << " layers to int8 (weights only; kernel " << kernel
       << "; weights in +-" << int64_t(weightRange(options)) << ")\n";
  else
    os << "modelc: quantized " << int8Layers << " of " << rows.size()
       << " layers to int8 (calibration " << method << "; kernel " << kernel
       << "; weights in +-" << int64_t(weightRange(options))
       << (options.reduceRange ? ", reduced for vpmaddubsw" : "") << ")\n";
  os << llvm::formatv("  {0,-32} {1,-8} {2,-12} {3,10} {4,10} {5,8} {6,8}  "
                      "{7}\n",
                      "layer", "op", "precision", "in scale", "out scale",
                      "clipped", "SQNR dB", "why");
  llvm::json::Array layers;
  for (const Row &r : rows) {
    const onnx::NodeProto &node = graph.node(r.index);
    bool int8 = r.state && r.state->int8;
    std::string op = gemms.contains(nodeName(node)) ? "Gemm" : node.op_type();
    const char *precision = !int8                 ? "float"
                            : options.weightsOnly ? "int8-weights"
                                                  : "int8";
    llvm::json::Object layer{{"name", nodeName(node)},
                             {"op", op},
                             {"precision", precision},
                             {"reason", r.reason}};
    std::string inScale = "-", outScale = "-", clipped = "-", sqnr = "-";
    if (r.q) {
      const ActivationStats &in = stats[r.q->input];
      const ActivationStats &out = stats[r.q->output];
      const WeightQuant &w = weights[r.q->weight];
      if (!options.weightsOnly) {
        layer["input"] = activationJson(r.q->input, in);
        layer["output"] = activationJson(r.q->output, out);
      }
      layer["weights"] = llvm::json::Object{
          {"scale_min", double(*llvm::min_element(w.scales))},
          {"scale_max", double(*llvm::max_element(w.scales))},
          {"sqnr_db", jsonNumber(w.noise.sqnr())},
          {"channel_sqnr_db", jsonNumber(channelSqnr(w.channels))}};
      if (!options.weightsOnly) {
        inScale = llvm::formatv("{0:e2}", in.scale);
        outScale = llvm::formatv("{0:e2}", out.scale);
      }
      if (in.measured)
        clipped =
            llvm::formatv("{0:f2}%", 100 * std::max(in.clipped, out.clipped));
      if (int8) {
        layer["kernel"] = kernel;
        if (evaluation)
          if (auto it = evaluation->tensorSqnr.find(r.q->output);
              it != evaluation->tensorSqnr.end()) {
            layer["sqnr_db"] = jsonNumber(it->second);
            sqnr = formatDb(it->second);
          }
      }
    }
    os << llvm::formatv("  {0,-32} {1,-8} {2,-12} {3,10} {4,10} {5,8} {6,8}  "
                        "{7}\n",
                        nodeName(node), op, precision, inScale, outScale,
                        clipped, sqnr, int8 ? "" : r.reason);
    layers.push_back(std::move(layer));
  }
  if (!options.budget.off && floatRun && evaluation)
    os << "modelc: accuracy guard (" << options.budget.str() << ") on "
       << samples << " input" << (samples == 1 ? "" : "s") << ": " << verdict
       << "\n";
  else if (!options.budget.off && !floatRun)
    os << "modelc: accuracy guard: " << verdict << "\n";

  if (options.reportPath.empty())
    return success();
  llvm::json::Object guardJson{{"budget", options.budget.str()},
                               {"inputs", int64_t(samples)},
                               {"result", verdict},
                               {"steps", std::move(steps)}};
  llvm::json::Array outputs;
  if (evaluation) {
    for (const OutputEvaluation &o : evaluation->outputs) {
      llvm::json::Object out{{"name", o.name},
                             {"sqnr_db", jsonNumber(o.sqnr)},
                             {"cosine", o.cosine}};
      if (o.agreement) {
        out["top1_agreement"] = *o.agreement;
        out["rows"] = o.rows;
      }
      if (o.floatAccuracy) {
        out["float_accuracy"] = *o.floatAccuracy;
        out["int8_accuracy"] = *o.int8Accuracy;
      }
      outputs.push_back(std::move(out));
    }
  }
  llvm::json::Object root{
      {"format", "modelc-quant-report-1"},
      {"model", input.str()},
      {"calibration",
       llvm::json::Object{{"method", method},
                          {"inputs", int64_t(calibrationFolders.size())}}},
      {"kernel", kernel},
      {"weights_only", options.weightsOnly},
      {"weight_range", int64_t(weightRange(options))},
      {"int8_layers", int8Layers},
      {"layers", std::move(layers)},
      {"guard", std::move(guardJson)},
      {"outputs", std::move(outputs)}};
  std::error_code ec;
  llvm::raw_fd_ostream file(options.reportPath, ec);
  if (ec)
    return error("cannot write the quantization report '" + options.reportPath +
                 "': " + ec.message());
  file << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}

LogicalResult mlir::modelc::writeQuantizedModel(const QuantizeOptions &options,
                                                llvm::StringRef input,
                                                llvm::StringRef output) {
  Quantizer quantizer(options, input);
  if (failed(quantizer.prepare()) || failed(quantizer.guard()) ||
      failed(writeModel(quantizer.qdq, output)))
    return failure();
  return quantizer.report();
}
