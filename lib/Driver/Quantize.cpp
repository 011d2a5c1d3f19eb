//===- Quantize.cpp - calibrated int8 quantization of ONNX models ---------===//
//
// Part of modelc. See Quantize.h. The steps:
//   1. choose the nodes to quantize: Conv (2-D, one group) and MatMul whose
//      weights are float initializers, less those --quant-exclude names;
//      their activation inputs and their outputs (after a Relu or Clip
//      that alone reads them) are the tensors to quantize;
//   2. calibrate: a copy of the model that also outputs those tensors runs
//      (modelc-run) on each calibration input; each tensor's range is the
//      smallest and largest value seen, widened to include 0 (minmax);
//   3. rewrite: every use of a quantized tensor reads
//      DequantizeLinear(QuantizeLinear(t)) (u8, asymmetric, one scale per
//      tensor), each weight becomes s8 symmetric per output channel behind
//      a DequantizeLinear, each bias int32 at x_scale * w_scale.
//
//===----------------------------------------------------------------------===//

#include "modelc/Driver/Quantize.h"
#include "modelc/Importer/ONNXTensor.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

using namespace mlir;
using namespace mlir::modelc;

static LogicalResult error(const llvm::Twine &message) {
  llvm::errs() << "error: " << message << "\n";
  return failure();
}

namespace {

/// A node chosen for int8 and the tensors around it.
struct QuantizedNode {
  onnx::NodeProto *node;
  /// The activation input (0) and the weight (1), the bias (Conv's 2).
  std::string input, weight, bias;
  /// The tensor the requantization writes: the node's output, or that of
  /// the Relu or Clip that alone reads it.
  std::string output;
  /// The axis of the weight's output channels: 0 for Conv, 1 for MatMul.
  int64_t axis;
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

/// The nodes of GRAPH that int8 computes, with OPTIONS' exclusions.
static std::vector<QuantizedNode> chooseNodes(onnx::GraphProto &graph,
                                              const QuantizeOptions &options) {
  llvm::StringSet<> excluded;
  for (const std::string &e : options.exclude)
    excluded.insert(e);
  std::map<std::string, std::vector<onnx::NodeProto *>> consumers;
  for (onnx::NodeProto &node : *graph.mutable_node())
    for (const std::string &in : node.input())
      consumers[in].push_back(&node);
  std::vector<QuantizedNode> chosen;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    if (excluded.contains(node.name()) || excluded.contains(node.op_type()))
      continue;
    bool conv = node.op_type() == "Conv";
    if (!conv && node.op_type() != "MatMul")
      continue;
    // The activation is a computed tensor (not a constant), the weight a
    // float initializer.
    if (node.input_size() < 2 || node.output_size() != 1 ||
        findInitializer(graph, node.input(0)))
      continue;
    const onnx::TensorProto *w = findInitializer(graph, node.input(1));
    if (!w || w->data_type() != onnx::TensorProto::FLOAT ||
        w->dims_size() != (conv ? 4 : 2) ||
        (conv && intAttribute(node, "group", 1) != 1))
      continue;
    QuantizedNode q{&node, node.input(0),  node.input(1),
                    "",    node.output(0), conv ? 0 : 1};
    if (conv && node.input_size() > 2 && !node.input(2).empty()) {
      const onnx::TensorProto *b = findInitializer(graph, node.input(2));
      if (!b || b->data_type() != onnx::TensorProto::FLOAT)
        continue;
      q.bias = node.input(2);
    }
    // A Relu or Clip (of constant bounds) that alone reads the result is
    // the requantization's clamp.
    auto it = consumers.find(q.output);
    if (it != consumers.end() && it->second.size() == 1) {
      onnx::NodeProto *next = it->second.front();
      bool clip =
          next->op_type() == "Clip" &&
          llvm::all_of(llvm::drop_begin(next->input()),
                       [&](const std::string &in) {
                         return in.empty() || findInitializer(graph, in);
                       });
      if ((next->op_type() == "Relu" || clip) &&
          !excluded.contains(next->name()))
        q.output = next->output(0);
    }
    chosen.push_back(q);
  }
  return chosen;
}

/// The folders of input_K.pb files that DIR holds: DIR itself, or its
/// test_data_set_* folders in order.
static std::vector<std::string> inputFolders(llvm::StringRef dir) {
  llvm::SmallString<256> first(dir);
  llvm::sys::path::append(first, "input_0.pb");
  if (llvm::sys::fs::exists(first))
    return {dir.str()};
  std::vector<std::string> sets;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::path::filename(it->path()).starts_with("test_data_set_"))
      sets.push_back(it->path());
  llvm::sort(sets);
  return sets;
}

/// Reads the whole model at PATH, its external data made inline.
static LogicalResult readModel(llvm::StringRef path, onnx::ModelProto &model) {
  std::ifstream in(path.str(), std::ios::binary);
  if (!in || !model.ParseFromIstream(&in))
    return error("cannot read the ONNX model '" + path + "'");
  std::string dir = llvm::sys::path::parent_path(path).str();
  for (onnx::TensorProto &t : *model.mutable_graph()->mutable_initializer()) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL)
      continue;
    llvm::Expected<HostTensor> value = decodeTensor(t, dir);
    if (!value)
      return error("initializer '" + t.name() +
                   "': " + llvm::toString(value.takeError()));
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
    t.set_raw_data(value->bytes.data(), value->bytes.size());
  }
  return success();
}

static LogicalResult writeModel(const onnx::ModelProto &model,
                                llvm::StringRef path) {
  std::ofstream out(path.str(), std::ios::binary | std::ios::trunc);
  if (!out || !model.SerializeToOstream(&out))
    return error("cannot write '" + path + "'");
  return success();
}

/// Runs a copy of MODEL that also outputs TENSORS on every calibration
/// input of OPTIONS, and returns their ranges.
static FailureOr<CalibrationTable>
calibrate(const onnx::ModelProto &model,
          const std::vector<std::string> &tensors,
          const QuantizeOptions &options) {
  std::vector<std::string> folders;
  for (const std::string &dir : options.calibrationDirs) {
    std::vector<std::string> found = inputFolders(dir);
    if (found.empty()) {
      (void)error("calibration folder '" + dir +
                  "' has no input_0.pb and no test_data_set_* folders");
      return failure();
    }
    llvm::append_range(folders, found);
  }
  onnx::ModelProto augmented = model;
  onnx::GraphProto *graph = augmented.mutable_graph();
  int64_t firstExtra = graph->output_size();
  llvm::StringSet<> outputs;
  for (const onnx::ValueInfoProto &o : graph->output())
    outputs.insert(o.name());
  std::vector<std::string> extra;
  for (const std::string &t : tensors) {
    if (outputs.contains(t))
      continue;
    onnx::ValueInfoProto *out = graph->add_output();
    out->set_name(t);
    out->mutable_type()->mutable_tensor_type()->set_elem_type(
        onnx::TensorProto::FLOAT);
    extra.push_back(t);
  }
  llvm::SmallString<128> dir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("modelc-calibrate", dir)) {
    (void)error("cannot make a temporary folder: " + ec.message());
    return failure();
  }
  llvm::SmallString<256> modelPath(dir);
  llvm::sys::path::append(modelPath, "calibration.onnx");
  if (failed(writeModel(augmented, modelPath)))
    return failure();
  std::vector<std::string> args{options.modelcRun, modelPath.str().str()};
  std::vector<std::string> outDirs;
  for (size_t i = 0; i < folders.size(); ++i) {
    llvm::SmallString<256> out(dir);
    llvm::sys::path::append(out, "out" + std::to_string(i));
    llvm::sys::fs::create_directories(out);
    args.push_back("--input-dir=" + folders[i]);
    args.push_back("--output-dir=" + out.str().str());
    outDirs.push_back(out.str().str());
  }
  llvm::append_range(args, options.runArgs);
  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(options.modelcRun, argRefs, std::nullopt,
                                     {}, 0, 0, &message);
  if (rc != 0) {
    (void)error("the calibration run failed" +
                (message.empty() ? "" : ": " + message));
    return failure();
  }
  // Every tensor's range over every input, in a fixed order.
  CalibrationTable table;
  std::map<std::string, int64_t> position;
  for (size_t i = 0; i < extra.size(); ++i)
    position[extra[i]] = firstExtra + i;
  for (int64_t i = 0; i < model.graph().output_size(); ++i)
    position[model.graph().output(i).name()] = i;
  for (const std::string &out : outDirs) {
    for (const std::string &t : tensors) {
      llvm::SmallString<256> path(out);
      llvm::sys::path::append(path,
                              "output_" + std::to_string(position[t]) + ".pb");
      llvm::Expected<HostTensor> value = readTensorFile(path);
      if (!value) {
        (void)error("calibration tensor '" + t +
                    "': " + llvm::toString(value.takeError()));
        return failure();
      }
      if (value->dtype != onnx::TensorProto::FLOAT)
        continue;
      const float *data = reinterpret_cast<const float *>(value->bytes.data());
      auto [lo, hi] = std::minmax_element(data, data + value->numElements());
      if (lo == data + value->numElements())
        continue;
      auto [it, inserted] = table.try_emplace(t, *lo, *hi);
      if (!inserted) {
        it->second.first = std::min<double>(it->second.first, *lo);
        it->second.second = std::max<double>(it->second.second, *hi);
      }
    }
  }
  llvm::sys::fs::remove_directories(dir);
  return table;
}

static LogicalResult writeTable(const CalibrationTable &table,
                                llvm::StringRef path) {
  llvm::json::Object tensors;
  for (const auto &[name, range] : table)
    tensors[name] = llvm::json::Array{range.first, range.second};
  llvm::json::Object root{{"format", "modelc-calibration-1"},
                          {"method", "minmax"},
                          {"tensors", std::move(tensors)}};
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return error("cannot write the calibration table '" + path +
                 "': " + ec.message());
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}

static FailureOr<CalibrationTable> readTable(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    (void)error("cannot read the calibration table '" + path + "'");
    return failure();
  }
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  const llvm::json::Object *root = json ? json->getAsObject() : nullptr;
  const llvm::json::Object *tensors =
      root ? root->getObject("tensors") : nullptr;
  if (!json)
    llvm::consumeError(json.takeError());
  if (!tensors || root->getString("format") != "modelc-calibration-1") {
    (void)error("'" + path + "' is not a modelc calibration table");
    return failure();
  }
  CalibrationTable table;
  for (const auto &[name, value] : *tensors) {
    const llvm::json::Array *range = value.getAsArray();
    std::optional<double> lo, hi;
    if (range && range->size() == 2) {
      lo = (*range)[0].getAsNumber();
      hi = (*range)[1].getAsNumber();
    }
    if (!lo || !hi || *lo > *hi) {
      (void)error("calibration table '" + path + "': tensor '" + name.str() +
                  "' has no [min, max] range");
      return failure();
    }
    table[name.str()] = {*lo, *hi};
  }
  return table;
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

LogicalResult mlir::modelc::writeQuantizedModel(const QuantizeOptions &options,
                                                llvm::StringRef input,
                                                llvm::StringRef output) {
  onnx::ModelProto model;
  if (failed(readModel(input, model)))
    return failure();
  onnx::GraphProto &graph = *model.mutable_graph();
  std::vector<QuantizedNode> nodes = chooseNodes(graph, options);
  if (nodes.empty())
    return error("--quantize=int8 found no Conv (2-D, one group) or MatMul "
                 "with float weights to quantize in '" +
                 input + "'");
  // The activations, in the order the nodes come.
  std::vector<std::string> tensors;
  llvm::StringSet<> seen;
  for (const QuantizedNode &q : nodes)
    for (const std::string &t : {q.input, q.output})
      if (seen.insert(t).second)
        tensors.push_back(t);

  CalibrationTable table;
  if (!options.calibrationDirs.empty()) {
    FailureOr<CalibrationTable> measured = calibrate(model, tensors, options);
    if (failed(measured))
      return failure();
    table = std::move(*measured);
    if (!options.calibrationTable.empty() &&
        failed(writeTable(table, options.calibrationTable)))
      return failure();
  } else if (!options.calibrationTable.empty()) {
    FailureOr<CalibrationTable> read = readTable(options.calibrationTable);
    if (failed(read))
      return failure();
    table = std::move(*read);
  } else {
    return error("--quantize=int8 needs calibration data: "
                 "--calibration-dir DIR (inputs as input_K.pb files) or "
                 "--calibration-table FILE");
  }
  for (const std::string &t : tensors)
    if (!table.count(t))
      return error("the calibration has no range for tensor '" + t + "'");

  // Each quantized tensor t: q = QuantizeLinear(t), d = DequantizeLinear(q),
  // and every other use of t reads d.
  std::vector<onnx::NodeProto> added;
  std::map<std::string, std::string> dequantized;
  std::map<std::string, std::pair<float, uint8_t>> params;
  for (const std::string &t : tensors) {
    auto [lo, hi] = table[t];
    std::pair<float, uint8_t> p = activationParams(lo, hi);
    params[t] = p;
    std::string scale = t + "_scale", zp = t + "_zero_point";
    addInitializer(graph, scale, onnx::TensorProto::FLOAT, {}, &p.first, 4);
    addInitializer(graph, zp, onnx::TensorProto::UINT8, {}, &p.second, 1);
    added.push_back(makeNode("QuantizeLinear", {t, scale, zp}, t + "_q"));
    added.push_back(
        makeNode("DequantizeLinear", {t + "_q", scale, zp}, t + "_dq"));
    dequantized[t] = t + "_dq";
  }
  for (onnx::NodeProto &node : *graph.mutable_node())
    for (std::string &in : *node.mutable_input())
      if (auto it = dequantized.find(in); it != dequantized.end())
        in = it->second;

  // Weights: s8 symmetric per output channel; biases int32.
  std::string dir = llvm::sys::path::parent_path(input).str();
  for (QuantizedNode &q : nodes) {
    const onnx::TensorProto *w = findInitializer(graph, q.weight);
    llvm::Expected<HostTensor> value = decodeTensor(*w, dir);
    if (!value)
      return error("weight '" + q.weight +
                   "': " + llvm::toString(value.takeError()));
    const float *data = reinterpret_cast<const float *>(value->bytes.data());
    std::vector<int64_t> shape = value->shape;
    int64_t channels = shape[q.axis];
    int64_t inner = 1;
    for (size_t d = q.axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
    int64_t n = value->numElements();
    std::vector<float> scales(channels, 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t c = (i / inner) % channels;
      scales[c] = std::max(scales[c], std::fabs(data[i]) / 127.0f);
    }
    for (float &s : scales)
      if (!(s > 0))
        s = 1;
    std::vector<int8_t> ints(n);
    for (int64_t i = 0; i < n; ++i) {
      int64_t c = (i / inner) % channels;
      ints[i] = int8_t(
          std::clamp(std::nearbyint(data[i] / scales[c]), -127.0f, 127.0f));
    }
    std::string base =
        q.node->name().empty() ? q.node->output(0) : q.node->name();
    std::string wq = base + "_weight_q", ws = base + "_weight_scale",
                wz = base + "_weight_zero_point", wd = base + "_weight_dq";
    std::vector<int8_t> zeros(channels, 0);
    addInitializer(graph, wq, onnx::TensorProto::INT8, shape, ints.data(),
                   ints.size());
    addInitializer(graph, ws, onnx::TensorProto::FLOAT, {channels},
                   scales.data(), 4 * channels);
    addInitializer(graph, wz, onnx::TensorProto::INT8, {channels}, zeros.data(),
                   channels);
    added.push_back(makeNode("DequantizeLinear", {wq, ws, wz}, wd, q.axis));
    q.node->set_input(1, wd);
    if (!q.bias.empty()) {
      const onnx::TensorProto *b = findInitializer(graph, q.bias);
      llvm::Expected<HostTensor> bias = decodeTensor(*b, dir);
      if (!bias || bias->numElements() != channels)
        return error("bias '" + q.bias + "' of node '" + base +
                     "' does not have one value per output channel");
      const float *bdata = reinterpret_cast<const float *>(bias->bytes.data());
      float xScale = params[q.input].first;
      std::vector<int32_t> bq(channels);
      std::vector<float> bs(channels);
      for (int64_t c = 0; c < channels; ++c) {
        bs[c] = xScale * scales[c];
        double v = std::nearbyint(bdata[c] / bs[c]);
        bq[c] = int32_t(std::clamp(v, double(INT32_MIN), double(INT32_MAX)));
      }
      std::vector<int32_t> bz(channels, 0);
      std::string bqn = base + "_bias_q", bsn = base + "_bias_scale",
                  bzn = base + "_bias_zero_point", bd = base + "_bias_dq";
      addInitializer(graph, bqn, onnx::TensorProto::INT32, {channels},
                     bq.data(), 4 * channels);
      addInitializer(graph, bsn, onnx::TensorProto::FLOAT, {channels},
                     bs.data(), 4 * channels);
      addInitializer(graph, bzn, onnx::TensorProto::INT32, {channels},
                     bz.data(), 4 * channels);
      added.push_back(makeNode("DequantizeLinear", {bqn, bsn, bzn}, bd, 0));
      q.node->set_input(2, bd);
    }
  }
  // The Q/DQ nodes go right after their tensor's producer; a graph
  // input's, and the weights', first.
  std::map<std::string, std::vector<onnx::NodeProto>> after;
  std::vector<onnx::NodeProto> first;
  llvm::StringSet<> produced;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &out : node.output())
      produced.insert(out);
  for (onnx::NodeProto &node : added) {
    const std::string &in = node.input(0);
    std::string source = node.op_type() == "DequantizeLinear" &&
                                 llvm::StringRef(in).ends_with("_q") &&
                                 dequantized.count(in.substr(0, in.size() - 2))
                             ? in.substr(0, in.size() - 2)
                             : in;
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
  if (failed(writeModel(model, output)))
    return failure();
  llvm::errs() << "modelc: quantized " << nodes.size() << " nodes to int8 ("
               << tensors.size() << " activations calibrated)\n";
  return success();
}
