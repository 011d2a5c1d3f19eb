//===- NewerOpsets.cpp - newer operator definitions in older forms -------===//
//
// Part of modelc. See NewerOpsets.h.
//
//===----------------------------------------------------------------------===//

#include "NewerOpsets.h"

#include "modelc/Importer/ONNXTensor.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

using namespace mlir::modelc;

namespace {

/// The values of a 1-D (or scalar) int64 tensor, or none for another type,
/// data that decodeTensor cannot read without the model's folder, or data
/// of another length than the dimensions say (which the importer reports).
std::optional<std::vector<int64_t>> int64Values(const onnx::TensorProto &t) {
  if (t.data_type() != onnx::TensorProto::INT64 || t.dims_size() > 1)
    return std::nullopt;
  llvm::Expected<HostTensor> tensor = decodeTensor(t, /*baseDir=*/"");
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return std::nullopt;
  }
  std::vector<int64_t> values(tensor->numElements());
  if (tensor->bytes.size() != values.size() * sizeof(int64_t))
    return std::nullopt;
  if (!values.empty())
    std::memcpy(values.data(), tensor->bytes.data(),
                values.size() * sizeof(int64_t));
  return values;
}

/// The int64 constants that GRAPH's nodes see by name: initializers and
/// the outputs of Constant nodes (of this graph and the enclosing ones).
class Constants {
public:
  explicit Constants(const Constants *outer = nullptr) : outer(outer) {}

  void add(const onnx::GraphProto &graph) {
    for (const onnx::TensorProto &t : graph.initializer())
      if (std::optional<std::vector<int64_t>> v = int64Values(t))
        values[t.name()] = std::move(*v);
    for (const onnx::NodeProto &node : graph.node()) {
      if (node.op_type() != "Constant" || node.output_size() != 1 ||
          (!node.domain().empty() && node.domain() != "ai.onnx"))
        continue;
      for (const onnx::AttributeProto &a : node.attribute()) {
        if (a.name() == "value" && a.has_t()) {
          if (std::optional<std::vector<int64_t>> v = int64Values(a.t()))
            values[node.output(0)] = std::move(*v);
        } else if (a.name() == "value_ints") {
          values[node.output(0)] =
              std::vector<int64_t>(a.ints().begin(), a.ints().end());
        }
      }
    }
    // Names a graph's own inputs shadow.
    for (const onnx::ValueInfoProto &input : graph.input())
      if (!values.count(input.name()))
        shadowed.insert(input.name());
  }

  const std::vector<int64_t> *lookup(const std::string &name) const {
    auto it = values.find(name);
    if (it != values.end())
      return &it->second;
    if (shadowed.contains(name) || !outer)
      return nullptr;
    return outer->lookup(name);
  }

private:
  const Constants *outer;
  llvm::StringMap<std::vector<int64_t>> values;
  llvm::StringSet<> shadowed;
};

/// The values of GRAPH's 1-D float initializer NAME, or none.
std::optional<std::vector<float>>
floatInitializer(const onnx::GraphProto &graph, const std::string &name) {
  for (const onnx::TensorProto &t : graph.initializer()) {
    if (t.name() != name)
      continue;
    if (t.data_type() != onnx::TensorProto::FLOAT || t.dims_size() != 1)
      return std::nullopt;
    llvm::Expected<HostTensor> tensor = decodeTensor(t, /*baseDir=*/"");
    if (!tensor) {
      llvm::consumeError(tensor.takeError());
      return std::nullopt;
    }
    std::vector<float> values(tensor->numElements());
    std::memcpy(values.data(), tensor->bytes.data(),
                values.size() * sizeof(float));
    return values;
  }
  return std::nullopt;
}

/// Adds to GRAPH a 1-D initializer of VALUES named after NODE's output and
/// WHAT; returns its name.
template <typename T>
std::string addInitializer(onnx::GraphProto &graph, const onnx::NodeProto &node,
                           const std::string &what,
                           const std::vector<T> &values) {
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(node.output(0) + "__" + node.op_type() + "_" + what);
  t->add_dims(values.size());
  if constexpr (std::is_same_v<T, float>) {
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (float v : values)
      t->add_float_data(v);
  } else {
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t v : values)
      t->add_int64_data(v);
  }
  return t->name();
}

/// NODE, a Reduce operator with no axes and noop_with_empty_axes, as the
/// elementwise part of its reduction that ONNX Runtime still applies (the
/// input for ReduceMean, Max, Min, Prod and LogSumExp; |x| for L1 and L2,
/// x * x for SumSquare, log x for LogSum).
void reduceOverNoAxes(onnx::NodeProto &node) {
  const std::string op = node.op_type();
  node.clear_attribute();
  if (node.input_size() > 1)
    node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
  if (op == "ReduceL1" || op == "ReduceL2") {
    node.set_op_type("Abs");
  } else if (op == "ReduceSumSquare") {
    node.set_op_type("Mul");
    node.add_input(node.input(0));
  } else if (op == "ReduceLogSum") {
    node.set_op_type("Log");
  } else {
    node.set_op_type("Identity");
  }
}

bool isOpset18Reduce(const std::string &op) {
  return op == "ReduceMean" || op == "ReduceMax" || op == "ReduceMin" ||
         op == "ReduceProd" || op == "ReduceL1" || op == "ReduceL2" ||
         op == "ReduceLogSum" || op == "ReduceLogSumExp" ||
         op == "ReduceSumSquare";
}

/// Removes the attributes of NODE named NAME.
void dropAttribute(onnx::NodeProto &node, const std::string &name) {
  auto *attrs = node.mutable_attribute();
  for (int i = attrs->size() - 1; i >= 0; --i)
    if (attrs->Get(i).name() == name)
      attrs->DeleteSubrange(i, 1);
}

const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                          const std::string &name) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

std::string nodeName(const onnx::NodeProto &node) {
  return node.op_type() + " node '" + node.name() + "'";
}

/// The ranks that GRAPH declares for its tensors (inputs, value_info,
/// initializers), by name.
llvm::StringMap<int64_t> declaredRanks(const onnx::GraphProto &graph) {
  llvm::StringMap<int64_t> ranks;
  auto add = [&](const onnx::ValueInfoProto &v) {
    if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
      ranks[v.name()] = v.type().tensor_type().shape().dim_size();
  };
  for (const onnx::ValueInfoProto &v : graph.input())
    add(v);
  for (const onnx::ValueInfoProto &v : graph.value_info())
    add(v);
  for (const onnx::TensorProto &t : graph.initializer())
    ranks[t.name()] = t.dims_size();
  return ranks;
}

/// The element types of GRAPH's tensors that are known before shape
/// inference: declared (inputs, value_info, initializers), Constant
/// nodes', and the results of operators whose result type is fixed (bool
/// comparisons and logic, Cast).
llvm::StringMap<int32_t> knownElementTypes(const onnx::GraphProto &graph) {
  llvm::StringMap<int32_t> types;
  auto add = [&](const onnx::ValueInfoProto &v) {
    if (v.type().has_tensor_type() && v.type().tensor_type().elem_type() != 0)
      types[v.name()] = v.type().tensor_type().elem_type();
  };
  for (const onnx::ValueInfoProto &v : graph.input())
    add(v);
  for (const onnx::ValueInfoProto &v : graph.value_info())
    add(v);
  for (const onnx::TensorProto &t : graph.initializer())
    types[t.name()] = t.data_type();
  static const char *const kBoolResults[] = {
      "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Not", "And",
      "Or",    "Xor",     "IsNaN",          "IsInf"};
  for (const onnx::NodeProto &n : graph.node()) {
    if (n.output_size() != 1 ||
        (!n.domain().empty() && n.domain() != "ai.onnx"))
      continue;
    const std::string &op = n.op_type();
    if (llvm::is_contained(kBoolResults, op)) {
      types[n.output(0)] = onnx::TensorProto::BOOL;
    } else if (op == "Cast") {
      if (const onnx::AttributeProto *to = findAttribute(n, "to"))
        types[n.output(0)] = static_cast<int32_t>(to->i());
    } else if (op == "Constant") {
      if (const onnx::AttributeProto *value = findAttribute(n, "value"))
        types[n.output(0)] = value->t().data_type();
    }
  }
  return types;
}

/// The opset-17 nodes that compute an operator added after opset 17, in
/// the order they run. Each constant is a Constant node cast to the input's
/// element type (CastLike), so that the expansion holds for any float
/// type; every node's doc_string says what it expands.
class Expansion {
public:
  explicit Expansion(const onnx::NodeProto &node) : node(node) {}

  /// A new tensor name for the step WHAT.
  std::string temp(const std::string &what) const {
    return node.output(0) + "__" + node.op_type() + "_" + what;
  }

  /// Adds OP of INPUTS into OUTPUT (a temp of OP where empty); returns its
  /// output.
  std::string add(const std::string &op, std::vector<std::string> inputs,
                  std::string output = "",
                  std::vector<onnx::AttributeProto> attrs = {}) {
    if (output.empty())
      output = temp(op + std::to_string(nodes.size()));
    onnx::NodeProto n;
    n.set_op_type(op);
    n.set_name(node.name() + "/" + op + std::to_string(nodes.size()));
    n.set_doc_string(onnx_import::kExpansionDocPrefix + nodeName(node));
    for (const std::string &in : inputs)
      n.add_input(in);
    n.add_output(output);
    for (onnx::AttributeProto &a : attrs)
      *n.add_attribute() = std::move(a);
    nodes.push_back(std::move(n));
    return output;
  }

  /// Adds OP of INPUTS with COUNT outputs (temps); returns them.
  std::vector<std::string>
  addMulti(const std::string &op, std::vector<std::string> inputs, int count,
           std::vector<onnx::AttributeProto> attrs = {}) {
    std::string first = add(op, std::move(inputs), "", std::move(attrs));
    onnx::NodeProto &n = nodes.back();
    std::vector<std::string> outputs{first};
    for (int i = 1; i < count; ++i) {
      outputs.push_back(first + "_" + std::to_string(i));
      n.add_output(outputs.back());
    }
    return outputs;
  }

  /// Element I of the shape of V, as a 1-D int64 tensor of one element.
  std::string dim(const std::string &v, int64_t i) {
    return add("Gather", {add("Shape", {v}), int64s({i})}, "",
               {intAttr("axis", 0)});
  }

  /// A float scalar V of LIKE's element type.
  std::string scalar(float v, const std::string &like) {
    onnx::TensorProto t;
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_float_data(v);
    return add("CastLike", {constant(std::move(t)), like});
  }

  /// A float constant of DIMS and VALUES, in LIKE's element type.
  std::string floats(const std::vector<int64_t> &dims,
                     const std::vector<float> &values,
                     const std::string &like) {
    onnx::TensorProto t;
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
      t.add_dims(d);
    for (float v : values)
      t.add_float_data(v);
    return add("CastLike", {constant(std::move(t)), like});
  }

  /// A 1-D int64 constant of VALUES.
  std::string int64s(const std::vector<int64_t> &values) {
    onnx::TensorProto t;
    t.set_data_type(onnx::TensorProto::INT64);
    t.add_dims(values.size());
    for (int64_t v : values)
      t.add_int64_data(v);
    return constant(std::move(t));
  }

  static onnx::AttributeProto intsAttr(const std::string &name,
                                       const std::vector<int64_t> &values) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
      a.add_ints(v);
    return a;
  }
  static onnx::AttributeProto intAttr(const std::string &name, int64_t v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INT);
    a.set_i(v);
    return a;
  }

  const onnx::NodeProto &node;
  std::vector<onnx::NodeProto> nodes;

private:
  std::string constant(onnx::TensorProto t) {
    onnx::AttributeProto value;
    value.set_name("value");
    value.set_type(onnx::AttributeProto::TENSOR);
    *value.mutable_t() = std::move(t);
    return add("Constant", {}, "", {value});
  }
};

/// Checks that NODE has between MIN and MAX inputs (the optional ones
/// empty or absent) and one output, and that its attributes are among
/// ALLOWED with their types; returns the problem, naming the node.
std::string
checkNode(const onnx::NodeProto &node, int minInputs, int maxInputs,
          std::initializer_list<
              std::pair<const char *, onnx::AttributeProto::AttributeType>>
              allowed) {
  int inputs = node.input_size();
  while (inputs > 0 && node.input(inputs - 1).empty())
    --inputs;
  if (inputs < minInputs || inputs > maxInputs)
    return nodeName(node) + " has " + std::to_string(inputs) +
           " inputs; the operator takes " +
           (minInputs == maxInputs ? std::to_string(minInputs)
                                   : std::to_string(minInputs) + " to " +
                                         std::to_string(maxInputs));
  for (int i = 0; i < minInputs; ++i)
    if (node.input(i).empty())
      return nodeName(node) + " lacks its required input " + std::to_string(i);
  if (node.output_size() != 1 || node.output(0).empty())
    return nodeName(node) + " must have one output";
  for (const onnx::AttributeProto &a : node.attribute()) {
    auto it = std::find_if(allowed.begin(), allowed.end(),
                           [&](const auto &p) { return a.name() == p.first; });
    if (it == allowed.end())
      return nodeName(node) + " has an unknown attribute '" + a.name() + "'";
    if (a.type() != it->second)
      return nodeName(node) + ": attribute '" + a.name() +
             "' has the wrong type (" +
             onnx::AttributeProto::AttributeType_Name(a.type()) +
             ", expected " +
             onnx::AttributeProto::AttributeType_Name(it->second) + ")";
  }
  return "";
}

float floatAttribute(const onnx::NodeProto &node, const std::string &name,
                     float fallback) {
  const onnx::AttributeProto *a = findAttribute(node, name);
  return a ? a->f() : fallback;
}

/// The rank of the input NAME: the graph's declaration, else the rank that
/// the node's attributes imply (FROMATTRIBUTES, 0 for none).
int64_t inputRank(const llvm::StringMap<int64_t> &ranks,
                  const std::string &name, int64_t fromAttributes) {
  auto it = ranks.find(name);
  return it != ranks.end() ? it->second : fromAttributes;
}

/// CenterCropPad (18): each listed axis (default: all) cropped to its
/// target size around its center (the extra element at the end where the
/// difference is odd), or padded with zeros around the input (the extra
/// zero at the end): a Slice then a Pad, their bounds computed from the
/// input's shape and the target shape, which may be data.
std::string expandCenterCropPad(Expansion &e,
                                const llvm::StringMap<int64_t> &ranks) {
  using Attr = onnx::AttributeProto;
  const onnx::NodeProto &node = e.node;
  if (std::string err = checkNode(node, 2, 2, {{"axes", Attr::INTS}});
      !err.empty())
    return err;
  const std::string &x = node.input(0);
  auto rankIt = ranks.find(x);
  if (rankIt == ranks.end())
    return nodeName(node) + ": its input '" + x +
           "' declares no shape: modelc needs the input's rank";
  int64_t rank = rankIt->second;
  std::vector<int64_t> axes;
  if (const Attr *a = findAttribute(node, "axes")) {
    for (int64_t axis : a->ints()) {
      int64_t n = axis < 0 ? axis + rank : axis;
      if (n < 0 || n >= rank || llvm::is_contained(axes, n))
        return nodeName(node) + ": its axes are out of range or repeated";
      axes.push_back(n);
    }
  } else {
    for (int64_t a = 0; a < rank; ++a)
      axes.push_back(a);
  }
  std::string zero = e.int64s({0}), two = e.int64s({2});
  std::vector<std::string> starts, ends, padBegin(rank, zero),
      padEnd(rank, zero);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    std::string size = e.dim(x, axis);
    std::string target =
        e.add("Gather", {node.input(1), e.int64s({int64_t(i)})}, "",
              {Expansion::intAttr("axis", 0)});
    std::string crop = e.add("Max", {e.add("Sub", {size, target}), zero});
    starts.push_back(e.add("Div", {crop, two}));
    ends.push_back(e.add("Add", {starts.back(), e.add("Min", {size, target})}));
    std::string pad = e.add("Max", {e.add("Sub", {target, size}), zero});
    padBegin[axis] = e.add("Div", {pad, two});
    padEnd[axis] = e.add("Sub", {pad, padBegin[axis]});
  }
  auto concat = [&](std::vector<std::string> parts) {
    return e.add("Concat", std::move(parts), "",
                 {Expansion::intAttr("axis", 0)});
  };
  std::string cropped =
      e.add("Slice", {x, concat(starts), concat(ends), e.int64s(axes)});
  std::vector<std::string> pads = padBegin;
  pads.insert(pads.end(), padEnd.begin(), padEnd.end());
  e.add("Pad", {cropped, concat(pads)}, node.output(0));
  return "";
}

/// Col2Im (18): the blocks of INPUT [N, C * prod(block_shape), L] summed
/// into images [N, C, image_shape...], as a ConvTranspose of each (n, c)'s
/// [prod(block_shape), blocks...] with one-hot kernels (kernel k puts its
/// input at block position k), with the op's strides, dilations and pads;
/// output_padding covers what the strides leave past the last block.
/// image_shape and block_shape must be constants.
std::string expandCol2Im(Expansion &e, const Constants &constants) {
  using Attr = onnx::AttributeProto;
  const onnx::NodeProto &node = e.node;
  if (std::string err = checkNode(node, 3, 3,
                                  {{"dilations", Attr::INTS},
                                   {"pads", Attr::INTS},
                                   {"strides", Attr::INTS}});
      !err.empty())
    return err;
  const std::vector<int64_t> *image = constants.lookup(node.input(1));
  const std::vector<int64_t> *block = constants.lookup(node.input(2));
  if (!image || !block)
    return nodeName(node) + ": image_shape and block_shape must be "
                            "constants";
  size_t k = image->size();
  if (k == 0 || block->size() != k)
    return nodeName(node) + ": image_shape and block_shape must have one "
                            "value per spatial dimension";
  auto ints = [&](const char *name, size_t count,
                  int64_t fallback) -> std::optional<std::vector<int64_t>> {
    const Attr *a = findAttribute(node, name);
    if (!a)
      return std::vector<int64_t>(count, fallback);
    if (static_cast<size_t>(a->ints_size()) != count)
      return std::nullopt;
    return std::vector<int64_t>(a->ints().begin(), a->ints().end());
  };
  std::optional<std::vector<int64_t>> dilations = ints("dilations", k, 1);
  std::optional<std::vector<int64_t>> strides = ints("strides", k, 1);
  std::optional<std::vector<int64_t>> pads = ints("pads", 2 * k, 0);
  if (!dilations || !strides || !pads)
    return nodeName(node) + ": dilations and strides need one value per "
                            "spatial dimension, pads two";
  std::vector<int64_t> blocks, outputPadding, reshaped{-1};
  int64_t kernelSize = 1;
  for (size_t d = 0; d < k; ++d) {
    if ((*image)[d] < 1 || (*block)[d] < 1 || (*dilations)[d] < 1 ||
        (*strides)[d] < 1 || (*pads)[d] < 0 || (*pads)[k + d] < 0)
      return nodeName(node) + ": sizes, dilations and strides must be "
                              "positive, pads not negative";
    int64_t span = (*image)[d] + (*pads)[d] + (*pads)[k + d] -
                   ((*dilations)[d] * ((*block)[d] - 1) + 1);
    if (span < 0)
      return nodeName(node) + ": the block does not fit the padded image";
    blocks.push_back(span / (*strides)[d] + 1);
    outputPadding.push_back(span % (*strides)[d]);
    kernelSize *= (*block)[d];
  }
  reshaped.push_back(kernelSize);
  reshaped.insert(reshaped.end(), blocks.begin(), blocks.end());
  // One-hot kernels [K, 1, block...]: kernel i is 1 at block position i.
  std::vector<int64_t> weightDims{kernelSize, 1};
  weightDims.insert(weightDims.end(), block->begin(), block->end());
  std::vector<float> weight(kernelSize * kernelSize, 0.0f);
  for (int64_t i = 0; i < kernelSize; ++i)
    weight[i * kernelSize + i] = 1.0f;
  const std::string &x = node.input(0);
  std::string images =
      e.add("ConvTranspose",
            {e.add("Reshape", {x, e.int64s(reshaped)}),
             e.floats(weightDims, weight, x)},
            "",
            {Expansion::intsAttr("dilations", *dilations),
             Expansion::intsAttr("strides", *strides),
             Expansion::intsAttr("pads", *pads),
             Expansion::intsAttr("output_padding", outputPadding)});
  std::string shape = e.add(
      "Concat",
      {e.add("Slice", {e.add("Shape", {x}), e.int64s({0}), e.int64s({1})}),
       e.int64s({-1}), e.int64s(*image)},
      "", {Expansion::intAttr("axis", 0)});
  e.add("Reshape", {images, shape}, node.output(0));
  return "";
}

/// AffineGrid (20): the sampling grid [N, (D,) H, W, k] of the affine
/// matrices THETA [N, k, k + 1] for an output of SIZE [N, C, (D,) H, W]:
/// each position's normalized coordinates (x, y(, z), 1) times theta^T.
/// Along an axis of n elements, element i is at 2i / (n - 1) - 1 with
/// align_corners (1 where n is 1), (2i + 1) / n - 1 without. SIZE must be
/// a constant of 4 or 5 values: its length fixes k, its values the grid's
/// shape.
std::string expandAffineGrid(Expansion &e, const Constants &constants) {
  using Attr = onnx::AttributeProto;
  const onnx::NodeProto &node = e.node;
  if (std::string err = checkNode(node, 2, 2, {{"align_corners", Attr::INT}});
      !err.empty())
    return err;
  const Attr *alignAttr = findAttribute(node, "align_corners");
  bool alignCorners = alignAttr && alignAttr->i() != 0;
  const std::string &theta = node.input(0), &sizeName = node.input(1);
  const std::vector<int64_t> *size = constants.lookup(sizeName);
  if (!size)
    return nodeName(node) + ": size '" + sizeName +
           "' is not a constant: modelc needs the number of spatial "
           "dimensions it gives (4 values for 2-D, 5 for 3-D)";
  if (size->size() != 4 && size->size() != 5)
    return nodeName(node) + ": size has " + std::to_string(size->size()) +
           " values; the operator takes 4 (N, C, H, W) or 5 (N, C, D, H, W)";
  int64_t k = static_cast<int64_t>(size->size()) - 2;
  for (int64_t d : *size)
    if (d < 1)
      return nodeName(node) + ": size has a value below 1";
  // The coordinates along each spatial axis, in theta's element type. (An
  // axis of one element with align_corners has both corners at its
  // center: ONNX Runtime puts it at 1, ONNX's reference at -1, PyTorch at
  // 0; modelc follows ONNX Runtime.)
  auto coordinates = [&](int64_t n) {
    if (alignCorners && n == 1)
      return e.scalar(1.0f, theta);
    std::string index = e.add(
        "CastLike",
        {e.add("Range", {e.add("Squeeze", {e.int64s({0}), e.int64s({0})}),
                         e.add("Squeeze", {e.int64s({n}), e.int64s({0})}),
                         e.add("Squeeze", {e.int64s({1}), e.int64s({0})})}),
         theta});
    std::string scaled =
        alignCorners
            ? e.add("Div", {e.add("Mul", {index, e.scalar(2.0f, theta)}),
                            e.scalar(float(n - 1), theta)})
            : e.add("Div",
                    {e.add("Add", {e.add("Mul", {index, e.scalar(2.0f, theta)}),
                                   e.scalar(1.0f, theta)}),
                     e.scalar(float(n), theta)});
    return e.add("Sub", {scaled, e.scalar(1.0f, theta)});
  };
  // The spatial sizes, outermost first: (D,) H, W.
  std::vector<int64_t> spatial(size->begin() + 2, size->end());
  // Each coordinate broadcast over the spatial shape, as [..., 1], in
  // the order x (the last axis), y, z, then the ones.
  std::string shape = e.int64s(spatial);
  std::vector<int64_t> lastAxis{int64_t(spatial.size())};
  std::vector<std::string> parts;
  for (int64_t c = 0; c < k; ++c) {
    int64_t axis = k - 1 - c; // x runs along the last axis
    std::vector<int64_t> view(k, 1);
    view[axis] = spatial[axis];
    std::string along =
        e.add("Reshape", {coordinates(spatial[axis]), e.int64s(view)});
    parts.push_back(e.add(
        "Unsqueeze", {e.add("Expand", {along, shape}), e.int64s(lastAxis)}));
  }
  parts.push_back(
      e.add("Unsqueeze", {e.add("Expand", {e.scalar(1.0f, theta), shape}),
                          e.int64s(lastAxis)}));
  std::string base =
      e.add("Concat", parts, "", {Expansion::intAttr("axis", -1)});
  int64_t positions = 1;
  for (int64_t d : spatial)
    positions *= d;
  std::string flat = e.add("Reshape", {base, e.int64s({1, positions, k + 1})});
  std::string grid =
      e.add("MatMul", {flat, e.add("Transpose", {theta}, "",
                                   {Expansion::intsAttr("perm", {0, 2, 1})})});
  std::vector<int64_t> outShape{(*size)[0]};
  outShape.insert(outShape.end(), spatial.begin(), spatial.end());
  outShape.push_back(k);
  e.add("Reshape", {grid, e.int64s(outShape)}, node.output(0));
  return "";
}

/// RotaryEmbedding (23): X ([batch, heads, seq, head] or, with num_heads,
/// [batch, seq, hidden]) rotated in [batch, seq, heads, head] layout by the
/// cos and sin caches (indexed by position_ids where given): the first
/// rotary_embedding_dim (default: all) elements of each head, as two
/// halves or (interleaved) as even and odd elements; the rest unchanged.
std::string expandRotaryEmbedding(Expansion &e,
                                  const llvm::StringMap<int64_t> &ranks) {
  using Attr = onnx::AttributeProto;
  const onnx::NodeProto &node = e.node;
  if (std::string err = checkNode(node, 3, 4,
                                  {{"interleaved", Attr::INT},
                                   {"num_heads", Attr::INT},
                                   {"rotary_embedding_dim", Attr::INT}});
      !err.empty())
    return err;
  auto intAttribute = [&](const char *name) -> int64_t {
    const Attr *a = findAttribute(node, name);
    return a ? a->i() : 0;
  };
  bool interleaved = intAttribute("interleaved") != 0;
  int64_t heads = intAttribute("num_heads");
  int64_t rotaryDim = intAttribute("rotary_embedding_dim");
  const std::string &x = node.input(0);
  int64_t rank = inputRank(ranks, x, heads > 0 ? 3 : 4);
  if (rank != 3 && rank != 4)
    return nodeName(node) + ": the input has rank " + std::to_string(rank) +
           "; the operator takes 3 or 4";
  if (rank == 3 && heads <= 0)
    return nodeName(node) + " has a 3-D input and needs num_heads";
  if (heads < 0 || rotaryDim < 0 || rotaryDim % 2 != 0)
    return nodeName(node) + ": num_heads and rotary_embedding_dim must be "
                            "positive, rotary_embedding_dim even";
  // [batch, seq, heads, head].
  std::string input = rank == 4
                          ? e.add("Transpose", {x}, "",
                                  {Expansion::intsAttr("perm", {0, 2, 1, 3})})
                          : e.add("Reshape", {x, e.int64s({0, 0, heads, -1})});
  std::string rotated = input, kept;
  const int64_t kEnd = std::numeric_limits<int64_t>::max();
  if (rotaryDim > 0) {
    rotated = e.add(
        "Slice", {input, e.int64s({0}), e.int64s({rotaryDim}), e.int64s({3})});
    kept = e.add("Slice", {input, e.int64s({rotaryDim}), e.int64s({kEnd}),
                           e.int64s({3})});
  }
  // [batch, seq, 1, rotary / 2].
  std::string cos = node.input(1), sin = node.input(2);
  if (node.input_size() > 3 && !node.input(3).empty()) {
    cos = e.add("Gather", {cos, node.input(3)}, "",
                {Expansion::intAttr("axis", 0)});
    sin = e.add("Gather", {sin, node.input(3)}, "",
                {Expansion::intAttr("axis", 0)});
  }
  cos = e.add("Unsqueeze", {cos, e.int64s({2})});
  sin = e.add("Unsqueeze", {sin, e.int64s({2})});
  std::string x1, x2;
  if (interleaved) {
    x1 = e.add("Slice", {rotated, e.int64s({0}), e.int64s({kEnd}),
                         e.int64s({3}), e.int64s({2})});
    x2 = e.add("Slice", {rotated, e.int64s({1}), e.int64s({kEnd}),
                         e.int64s({3}), e.int64s({2})});
  } else {
    std::vector<std::string> halves =
        e.addMulti("Split", {rotated}, 2, {Expansion::intAttr("axis", 3)});
    x1 = halves[0];
    x2 = halves[1];
  }
  std::string real =
      e.add("Sub", {e.add("Mul", {cos, x1}), e.add("Mul", {sin, x2})});
  std::string imag =
      e.add("Add", {e.add("Mul", {sin, x1}), e.add("Mul", {cos, x2})});
  std::string result;
  if (interleaved) {
    std::string pairs = e.add("Concat",
                              {e.add("Unsqueeze", {real, e.int64s({-1})}),
                               e.add("Unsqueeze", {imag, e.int64s({-1})})},
                              "", {Expansion::intAttr("axis", -1)});
    result = e.add("Reshape", {pairs, e.add("Shape", {rotated})});
  } else {
    result =
        e.add("Concat", {real, imag}, "", {Expansion::intAttr("axis", -1)});
  }
  if (!kept.empty())
    result =
        e.add("Concat", {result, kept}, "", {Expansion::intAttr("axis", -1)});
  if (rank == 4)
    e.add("Transpose", {result}, node.output(0),
          {Expansion::intsAttr("perm", {0, 2, 1, 3})});
  else
    e.add("Reshape", {result, e.add("Shape", {x})}, node.output(0));
  return "";
}

/// Attention (23): softmax(scale * Q K^T [softcapped] + bias) V per head,
/// with 3-D inputs split into q_num_heads / kv_num_heads heads, the past
/// keys and values before the new ones (present_key, present_value), key
/// and value heads repeated for grouped queries, the bias of attn_mask (a
/// bool mask gives 0 or -inf; a shorter one is padded with -inf) and of
/// is_causal (a query at i sees the keys up to i + the past length), and
/// the scores at the step qk_matmul_output_mode names as output 3.
std::string expandAttention(Expansion &e, const llvm::StringMap<int64_t> &ranks,
                            const llvm::StringMap<int32_t> &types) {
  using Attr = onnx::AttributeProto;
  const onnx::NodeProto &node = e.node;
  auto input = [&](int i) -> std::string {
    return node.input_size() > i ? node.input(i) : "";
  };
  auto output = [&](int i) -> std::string {
    return node.output_size() > i ? node.output(i) : "";
  };
  int inputs = node.input_size();
  while (inputs > 0 && node.input(inputs - 1).empty())
    --inputs;
  if (inputs < 3 || inputs > 6)
    return nodeName(node) + " has " + std::to_string(inputs) +
           " inputs; the operator takes 3 to 6 (nonpad_kv_seqlen, opset 24, "
           "is not supported)";
  for (int i = 0; i < 3; ++i)
    if (node.input(i).empty())
      return nodeName(node) + " lacks its required input " + std::to_string(i);
  if ((input(4).empty()) != (input(5).empty()))
    return nodeName(node) + " has one of past_key and past_value without the "
                            "other";
  if (node.output_size() < 1 || node.output(0).empty() ||
      node.output_size() > 4)
    return nodeName(node) + " must have 1 to 4 outputs, the first one used";
  static const std::pair<const char *, Attr::AttributeType> kAllowed[] = {
      {"is_causal", Attr::INT},        {"kv_num_heads", Attr::INT},
      {"q_num_heads", Attr::INT},      {"qk_matmul_output_mode", Attr::INT},
      {"scale", Attr::FLOAT},          {"softcap", Attr::FLOAT},
      {"softmax_precision", Attr::INT}};
  for (const Attr &a : node.attribute()) {
    auto it = llvm::find_if(kAllowed,
                            [&](const auto &p) { return a.name() == p.first; });
    if (it == std::end(kAllowed))
      return nodeName(node) + " has an unknown attribute '" + a.name() + "'";
    if (a.type() != it->second)
      return nodeName(node) + ": attribute '" + a.name() +
             "' has the wrong type (" + Attr::AttributeType_Name(a.type()) +
             ", expected " + Attr::AttributeType_Name(it->second) + ")";
  }
  auto intAttribute = [&](const char *name, int64_t fallback) -> int64_t {
    const Attr *a = findAttribute(node, name);
    return a ? a->i() : fallback;
  };
  int64_t qHeads = intAttribute("q_num_heads", 0);
  int64_t kvHeads = intAttribute("kv_num_heads", 0);
  bool causal = intAttribute("is_causal", 0) != 0;
  int64_t mode = intAttribute("qk_matmul_output_mode", 0);
  const Attr *scaleAttr = findAttribute(node, "scale");
  const Attr *softcapAttr = findAttribute(node, "softcap");
  if (mode < 0 || mode > 3)
    return nodeName(node) + ": qk_matmul_output_mode must be 0 to 3";
  int64_t rank = inputRank(ranks, input(0), qHeads > 0 ? 3 : 4);
  if (rank != 3 && rank != 4)
    return nodeName(node) + ": Q has rank " + std::to_string(rank) +
           "; the operator takes 3-D or 4-D inputs";
  if (rank == 3 && (qHeads <= 0 || kvHeads <= 0))
    return nodeName(node) + " has 3-D inputs and needs q_num_heads and "
                            "kv_num_heads";
  if (qHeads < 0 || kvHeads < 0 ||
      (qHeads > 0 && kvHeads > 0 && qHeads % kvHeads != 0))
    return nodeName(node) + ": q_num_heads must be a multiple of kv_num_heads";
  // [batch, heads, seq, head] for each of Q, K, V.
  auto split = [&](const std::string &v, int64_t heads) {
    if (rank == 4)
      return v;
    return e.add("Transpose",
                 {e.add("Reshape", {v, e.int64s({0, 0, heads, -1})})}, "",
                 {Expansion::intsAttr("perm", {0, 2, 1, 3})});
  };
  std::string q = split(input(0), qHeads);
  std::string k = split(input(1), kvHeads);
  std::string v = split(input(2), kvHeads);
  std::string pastLength;
  if (!input(4).empty()) {
    k = e.add("Concat", {input(4), k}, "", {Expansion::intAttr("axis", 2)});
    v = e.add("Concat", {input(5), v}, "", {Expansion::intAttr("axis", 2)});
    pastLength = e.dim(input(4), 2);
  }
  if (!output(1).empty())
    e.add("Identity", {k}, output(1));
  if (!output(2).empty())
    e.add("Identity", {v}, output(2));
  // Grouped queries: each key and value head repeated for the query heads
  // it serves ([h0, h0, h1, h1, ...]). 4-D inputs say their head counts
  // in their shapes: the repeat count is computed (1 where they agree).
  if (rank == 4 || qHeads != kvHeads) {
    std::string reps = rank == 3 ? e.int64s({qHeads / kvHeads})
                                 : e.add("Div", {e.dim(q, 1), e.dim(k, 1)});
    auto repeat = [&](const std::string &t) {
      std::string shape = e.add("Shape", {t});
      std::string expanded = e.add(
          "Expand",
          {e.add("Unsqueeze", {t, e.int64s({2})}),
           e.add("Concat",
                 {e.add("Slice", {shape, e.int64s({0}), e.int64s({2})}), reps,
                  e.add("Slice", {shape, e.int64s({2}), e.int64s({4})})},
                 "", {Expansion::intAttr("axis", 0)})});
      // [batch, heads * reps, seq, head].
      std::string merged =
          e.add("Concat",
                {e.add("Slice", {shape, e.int64s({0}), e.int64s({1})}),
                 e.int64s({-1}),
                 e.add("Slice", {shape, e.int64s({2}), e.int64s({4})})},
                "", {Expansion::intAttr("axis", 0)});
      return e.add("Reshape", {expanded, merged});
    };
    k = repeat(k);
    v = repeat(v);
  }
  // The scale: the attribute, else 1 / sqrt(head size).
  std::string scale =
      scaleAttr ? e.scalar(scaleAttr->f(), q)
                : e.add("Reciprocal",
                        {e.add("Sqrt", {e.add("CastLike", {e.dim(q, 3), q})})});
  std::string scores =
      e.add("MatMul", {e.add("Mul", {q, scale}),
                       e.add("Transpose", {k}, "",
                             {Expansion::intsAttr("perm", {0, 1, 3, 2})})});
  std::string modeScores = scores;
  if (softcapAttr && softcapAttr->f() > 0) {
    std::string cap = e.scalar(softcapAttr->f(), q);
    scores = e.add("Mul", {e.add("Tanh", {e.add("Div", {scores, cap})}), cap});
    if (mode == 1)
      modeScores = scores;
  }
  // The bias: the mask (padded with -inf to the keys' length) and the
  // causal mask.
  std::string minusInf = e.scalar(-std::numeric_limits<float>::infinity(), q);
  std::string zero = e.scalar(0.0f, q);
  std::string kvLength = e.dim(k, 2);
  std::string bias;
  if (!input(3).empty()) {
    const std::string &mask = input(3);
    auto type = types.find(mask);
    if (type == types.end())
      return nodeName(node) + ": the element type of attn_mask '" + mask +
             "' is unknown before shape inference: declare it (value_info) "
             "so that a bool mask and a float bias can be told apart";
    bias = type->second == onnx::TensorProto::BOOL
               ? e.add("Where", {mask, zero, minusInf})
               : mask;
    // A mask shorter than the keys (past and new) is padded with -inf.
    if (auto maskRank = ranks.find(mask); maskRank != ranks.end()) {
      int64_t r = maskRank->second;
      std::string shortBy = e.add("Sub", {kvLength, e.dim(bias, r - 1)});
      std::vector<int64_t> zeros(2 * r - 1, 0);
      bias = e.add("Pad", {bias,
                           e.add("Concat", {e.int64s(zeros), shortBy}, "",
                                 {Expansion::intAttr("axis", 0)}),
                           minusInf});
    }
  }
  if (causal) {
    // bias[i, j] = -inf where j > i + the past length.
    auto scalar = [&](const std::string &oneElement) {
      return e.add("Squeeze", {oneElement, e.int64s({0})});
    };
    std::string start = scalar(e.int64s({0})), step = scalar(e.int64s({1}));
    std::string rows = e.add("Range", {start, scalar(e.dim(q, 2)), step});
    std::string cols = e.add("Range", {start, scalar(kvLength), step});
    std::string last = e.add("Unsqueeze", {rows, e.int64s({1})});
    if (!pastLength.empty())
      last = e.add("Add", {last, pastLength});
    std::string masked =
        e.add("Greater", {e.add("Unsqueeze", {cols, e.int64s({0})}), last});
    std::string causalBias = e.add("Where", {masked, minusInf, zero});
    bias = bias.empty() ? causalBias : e.add("Add", {bias, causalBias});
  }
  if (!bias.empty())
    scores = e.add("Add", {scores, bias});
  if (mode == 2)
    modeScores = scores;
  std::string probabilities =
      e.add("Softmax", {scores}, "", {Expansion::intAttr("axis", -1)});
  if (mode == 3)
    modeScores = probabilities;
  if (!output(3).empty())
    e.add("Identity", {modeScores}, output(3));
  if (rank == 4) {
    e.add("MatMul", {probabilities, v}, output(0));
  } else {
    std::string y = e.add("MatMul", {probabilities, v});
    e.add("Reshape",
          {e.add("Transpose", {y}, "",
                 {Expansion::intsAttr("perm", {0, 2, 1, 3})}),
           e.int64s({0, 0, -1})},
          output(0));
  }
  return "";
}

/// Expands NODE, an operator added after opset 17 (MODELOPSET being the
/// model's), into opset-17 nodes (OUT); RANKS are the ranks the graph
/// declares. Returns an error naming the node, or "" (OUT empty where the
/// node is not such an operator).
std::string expandNewOperator(const onnx::NodeProto &node, int64_t modelOpset,
                              const llvm::StringMap<int64_t> &ranks,
                              const llvm::StringMap<int32_t> &types,
                              const Constants &constants,
                              std::vector<onnx::NodeProto> &out) {
  using Attr = onnx::AttributeProto;
  const std::string &op = node.op_type();
  Expansion e(node);
  const std::string x = node.input_size() ? node.input(0) : "";
  const std::string y = node.output_size() ? node.output(0) : "";
  if (op == "Mish" && modelOpset >= 18) {
    // x * tanh(softplus(x)).
    if (std::string err = checkNode(node, 1, 1, {}); !err.empty())
      return err;
    e.add("Mul", {x, e.add("Tanh", {e.add("Softplus", {x})})}, y);
  } else if (op == "Gelu" && modelOpset >= 20) {
    if (std::string err =
            checkNode(node, 1, 1, {{"approximate", Attr::STRING}});
        !err.empty())
      return err;
    const onnx::AttributeProto *a = findAttribute(node, "approximate");
    std::string approximate = a ? a->s() : "none";
    if (approximate == "none") {
      // x * 0.5 * (1 + erf(x / sqrt(2))).
      std::string erf =
          e.add("Erf", {e.add("Mul", {x, e.scalar(float(M_SQRT1_2), x)})});
      std::string one = e.add("Add", {erf, e.scalar(1.0f, x)});
      e.add("Mul", {e.add("Mul", {x, one}), e.scalar(0.5f, x)}, y);
    } else if (approximate == "tanh") {
      // x * 0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))), as
      // x * sigmoid(2 sqrt(2 / pi) * (...)): the same function, without
      // the cancellation of 1 + tanh for large negative x.
      std::string x3 = e.add("Mul", {e.add("Mul", {x, x}), x});
      std::string inner =
          e.add("Add", {x, e.add("Mul", {x3, e.scalar(0.044715f, x)})});
      std::string s = e.add(
          "Sigmoid",
          {e.add("Mul",
                 {inner, e.scalar(float(2 * M_2_SQRTPI * M_SQRT1_2), x)})});
      e.add("Mul", {x, s}, y);
    } else {
      return nodeName(node) + ": approximate is '" + approximate +
             "'; the operator takes 'none' or 'tanh'";
    }
  } else if (op == "RMSNormalization" && modelOpset >= 23) {
    // x / sqrt(mean(x^2 over axis..last) + epsilon) * scale.
    if (std::string err = checkNode(node, 2, 2,
                                    {{"axis", Attr::INT},
                                     {"epsilon", Attr::FLOAT},
                                     {"stash_type", Attr::INT}});
        !err.empty())
      return err;
    const onnx::AttributeProto *axisAttr = findAttribute(node, "axis");
    int64_t axis = axisAttr ? axisAttr->i() : -1;
    std::vector<int64_t> axes;
    if (axis < 0) {
      for (int64_t a = axis; a < 0; ++a)
        axes.push_back(a);
    } else {
      auto it = ranks.find(x);
      if (it == ranks.end())
        return nodeName(node) + " has axis " + std::to_string(axis) +
               " but its input '" + x +
               "' declares no shape: give the axis from the end (negative) "
               "or declare the input's shape";
      if (axis >= it->second)
        return nodeName(node) + ": axis " + std::to_string(axis) +
               " is out of range for an input of rank " +
               std::to_string(it->second);
      for (int64_t a = axis; a < it->second; ++a)
        axes.push_back(a);
    }
    std::string mean = e.add(
        "ReduceMean", {e.add("Mul", {x, x})}, "",
        {Expansion::intsAttr("axes", axes), Expansion::intAttr("keepdims", 1)});
    std::string root = e.add(
        "Sqrt",
        {e.add("Add",
               {mean, e.scalar(floatAttribute(node, "epsilon", 1e-5f), x)})});
    e.add("Mul", {e.add("Div", {x, root}), node.input(1)}, y);
  } else if (op == "GroupNormalization" && modelOpset >= 18) {
    // Each group of channels normalized over its channels and positions;
    // scale and bias per group (opset 18) or per channel (opset 21).
    if (std::string err = checkNode(node, 3, 3,
                                    {{"epsilon", Attr::FLOAT},
                                     {"num_groups", Attr::INT},
                                     {"stash_type", Attr::INT}});
        !err.empty())
      return err;
    const onnx::AttributeProto *groupsAttr = findAttribute(node, "num_groups");
    if (!groupsAttr || groupsAttr->i() < 1)
      return nodeName(node) + " needs the attribute num_groups, a positive int";
    int64_t groups = groupsAttr->i();
    std::string grouped = e.add("Reshape", {x, e.int64s({0, groups, -1})});
    std::vector<Attr> reduce{Expansion::intsAttr("axes", {2}),
                             Expansion::intAttr("keepdims", 1)};
    std::string centered =
        e.add("Sub", {grouped, e.add("ReduceMean", {grouped}, "", reduce)});
    std::string variance =
        e.add("ReduceMean", {e.add("Mul", {centered, centered})}, "", reduce);
    std::string normalized = e.add(
        "Div",
        {centered,
         e.add("Sqrt",
               {e.add("Add", {variance,
                              e.scalar(floatAttribute(node, "epsilon", 1e-5f),
                                       x)})})});
    std::string shape = e.add("Shape", {x});
    std::string one = e.int64s({1});
    std::string scale = e.add("Unsqueeze", {node.input(1), one});
    std::string bias = e.add("Unsqueeze", {node.input(2), one});
    if (modelOpset < 21) {
      // [N, G, M] x [G, 1].
      std::string affine =
          e.add("Add", {e.add("Mul", {normalized, scale}), bias});
      e.add("Reshape", {affine, shape}, y);
    } else {
      // [N, C, M] x [C, 1].
      std::string channels =
          e.add("Reshape",
                {e.add("Reshape", {normalized, shape}), e.int64s({0, 0, -1})});
      std::string affine =
          e.add("Add", {e.add("Mul", {channels, scale}), bias});
      e.add("Reshape", {affine, shape}, y);
    }
  } else if (op == "CenterCropPad" && modelOpset >= 18) {
    if (std::string err = expandCenterCropPad(e, ranks); !err.empty())
      return err;
  } else if (op == "Col2Im" && modelOpset >= 18) {
    if (std::string err = expandCol2Im(e, constants); !err.empty())
      return err;
  } else if (op == "AffineGrid" && modelOpset >= 20) {
    if (std::string err = expandAffineGrid(e, constants); !err.empty())
      return err;
  } else if (op == "RotaryEmbedding" && modelOpset >= 23) {
    if (std::string err = expandRotaryEmbedding(e, ranks); !err.empty())
      return err;
  } else if (op == "Attention" && modelOpset >= 23) {
    if (std::string err = expandAttention(e, ranks, types); !err.empty())
      return err;
  } else {
    return "";
  }
  out = std::move(e.nodes);
  return "";
}

/// Attributes and inputs that opsets 18 and 19 added to Resize, Pad, Cast,
/// CastLike, LpPool and AveragePool, rewritten into their opset-17 form
/// (NODE changed in place, constants added to GRAPH) or, where they change
/// the result in a way that form cannot say, an error naming the node.
std::string downgradeChanged(onnx::GraphProto &graph, onnx::NodeProto &node,
                             const Constants &constants,
                             const llvm::StringMap<int64_t> &ranks,
                             int64_t modelOpset, int64_t knownOpset) {
  if (knownOpset >= 18 || modelOpset < 18 ||
      (!node.domain().empty() && node.domain() != "ai.onnx"))
    return "";
  const std::string &op = node.op_type();
  auto unsupported = [&](const std::string &what) {
    return nodeName(node) + " (opset " + std::to_string(modelOpset) + ") has " +
           what + ", which modelc does not support yet";
  };
  auto rankOf = [&](const std::string &name) -> std::optional<int64_t> {
    auto it = ranks.find(name);
    if (it == ranks.end())
      return std::nullopt;
    return it->second;
  };
  // The axes listed by AXES (negative from the end) for an input of RANK,
  // or none where one is out of range or repeated.
  auto normalize = [&](const std::vector<int64_t> &axes,
                       int64_t rank) -> std::optional<std::vector<int64_t>> {
    std::vector<int64_t> out;
    for (int64_t a : axes) {
      int64_t n = a < 0 ? a + rank : a;
      if (n < 0 || n >= rank || llvm::is_contained(out, n))
        return std::nullopt;
      out.push_back(n);
    }
    return out;
  };
  if (op == "Resize") {
    if (const onnx::AttributeProto *a = findAttribute(node, "antialias")) {
      if (a->i() != 0)
        return unsupported("antialias = 1 (the antialiasing filter of a "
                           "downscaling linear or cubic resize)");
      dropAttribute(node, "antialias");
    }
    if (const onnx::AttributeProto *a =
            findAttribute(node, "keep_aspect_ratio_policy")) {
      if (a->s() != "stretch")
        return unsupported("keep_aspect_ratio_policy '" + a->s() + "'");
      dropAttribute(node, "keep_aspect_ratio_policy");
    }
    const onnx::AttributeProto *axesAttr = findAttribute(node, "axes");
    if (!axesAttr)
      return "";
    std::optional<int64_t> rank = rankOf(node.input(0));
    if (!rank)
      return nodeName(node) + " resizes the axes it lists, but its input '" +
             node.input(0) +
             "' declares no shape: modelc needs the input's rank";
    std::optional<std::vector<int64_t>> axes = normalize(
        std::vector<int64_t>(axesAttr->ints().begin(), axesAttr->ints().end()),
        *rank);
    if (!axes)
      return nodeName(node) + ": its axes are out of range or repeated";
    dropAttribute(node, "axes");
    // Scales (or sizes, or the roi) for the listed axes become ones for
    // every axis: 1 (or the input's size, or the whole axis) elsewhere.
    auto input = [&](int i) -> std::string {
      return node.input_size() > i ? node.input(i) : "";
    };
    if (!input(1).empty()) {
      std::optional<std::vector<float>> roi = floatInitializer(graph, input(1));
      if (!roi || roi->size() != 2 * axes->size())
        return nodeName(node) + " lists axes with a roi that is not a "
                                "constant of two values per axis";
      std::vector<float> full(2 * *rank, 0.0f);
      for (int64_t d = 0; d < *rank; ++d)
        full[*rank + d] = 1.0f;
      for (size_t i = 0; i < axes->size(); ++i) {
        full[(*axes)[i]] = (*roi)[i];
        full[*rank + (*axes)[i]] = (*roi)[axes->size() + i];
      }
      node.set_input(1, addInitializer(graph, node, "roi", full));
    }
    if (!input(2).empty()) {
      std::optional<std::vector<float>> scales =
          floatInitializer(graph, input(2));
      if (!scales || scales->size() != axes->size())
        return nodeName(node) + " lists axes with scales that are not a "
                                "constant of one value per axis";
      std::vector<float> full(*rank, 1.0f);
      for (size_t i = 0; i < axes->size(); ++i)
        full[(*axes)[i]] = (*scales)[i];
      node.set_input(2, addInitializer(graph, node, "scales", full));
    }
    if (!input(3).empty()) {
      const std::vector<int64_t> *sizes = constants.lookup(input(3));
      std::vector<int64_t> dims;
      for (const onnx::ValueInfoProto &v : graph.input())
        if (v.name() == node.input(0) && v.type().has_tensor_type())
          for (const auto &d : v.type().tensor_type().shape().dim())
            dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
      if (!sizes || sizes->size() != axes->size() ||
          int64_t(dims.size()) != *rank ||
          llvm::any_of(dims, [](int64_t d) { return d < 0; }))
        return nodeName(node) + " lists axes with sizes: modelc needs the "
                                "sizes as a constant and the input's static "
                                "shape";
      std::vector<int64_t> full = dims;
      for (size_t i = 0; i < axes->size(); ++i)
        full[(*axes)[i]] = (*sizes)[i];
      node.set_input(3, addInitializer(graph, node, "sizes", full));
    }
    return "";
  }
  if (op == "Pad" && node.input_size() > 3 && !node.input(3).empty()) {
    // Pads for the listed axes (opset 18) become pads for every axis.
    const std::vector<int64_t> *axesValues = constants.lookup(node.input(3));
    const std::vector<int64_t> *pads = constants.lookup(node.input(1));
    std::optional<int64_t> rank = rankOf(node.input(0));
    if (!axesValues || !pads)
      return nodeName(node) + " pads the axes it lists: modelc needs its "
                              "pads and axes as constants";
    if (!rank)
      return nodeName(node) + " pads the axes it lists, but its input '" +
             node.input(0) +
             "' declares no shape: modelc needs the input's rank";
    std::optional<std::vector<int64_t>> axes = normalize(*axesValues, *rank);
    if (!axes || pads->size() != 2 * axes->size())
      return nodeName(node) + ": its axes are out of range or repeated, or "
                              "its pads are not two per axis";
    std::vector<int64_t> full(2 * *rank, 0);
    for (size_t i = 0; i < axes->size(); ++i) {
      full[(*axes)[i]] = (*pads)[i];
      full[*rank + (*axes)[i]] = (*pads)[axes->size() + i];
    }
    node.set_input(1, addInitializer(graph, node, "pads", full));
    node.mutable_input()->DeleteSubrange(3, node.input_size() - 3);
    return "";
  }
  if (op == "GridSample" && modelOpset >= 20) {
    // Opset 20 names the modes of any number of dimensions linear and
    // cubic (bilinear and bicubic before) and samples 3-D volumes too.
    if (std::optional<int64_t> rank = rankOf(node.input(0)); rank && *rank != 4)
      return unsupported("a " + std::to_string(*rank - 2) +
                         "-D input (only 2-D sampling is supported)");
    for (onnx::AttributeProto &a : *node.mutable_attribute())
      if (a.name() == "mode" && (a.s() == "linear" || a.s() == "cubic"))
        a.set_s(a.s() == "linear" ? "bilinear" : "bicubic");
      else if (a.name() == "mode" && a.s() != "nearest")
        return nodeName(node) + ": mode is '" + a.s() +
               "'; the operator takes 'linear', 'nearest' or 'cubic'";
    return "";
  }
  if (op == "DFT" && modelOpset >= 20) {
    // The axis moves from an attribute (default 1) to input 2 (default
    // -2, counting from the back).
    int64_t axis = -2;
    if (node.input_size() > 2 && !node.input(2).empty()) {
      const std::vector<int64_t> *value = constants.lookup(node.input(2));
      if (!value || value->size() != 1)
        return nodeName(node) + ": its axis (input 2) must be a constant "
                                "of one value: modelc needs the axis at "
                                "compile time";
      axis = value->front();
    }
    if (node.input_size() > 2)
      node.mutable_input()->DeleteSubrange(2, node.input_size() - 2);
    *node.add_attribute() = Expansion::intAttr("axis", axis);
    return "";
  }
  if ((op == "Cast" || op == "CastLike") && modelOpset >= 19) {
    // saturate only changes casts to float8 types.
    const onnx::AttributeProto *to = findAttribute(node, "to");
    if (to && to->i() >= 17 && to->i() <= 20)
      return unsupported("a cast to a float8 type");
    dropAttribute(node, "saturate");
    return "";
  }
  if (op == "LpPool") {
    if (const onnx::AttributeProto *a = findAttribute(node, "ceil_mode")) {
      if (a->i() != 0)
        return unsupported("ceil_mode = 1");
      dropAttribute(node, "ceil_mode");
    }
    return "";
  }
  if (op == "AveragePool" && modelOpset >= 19) {
    if (const onnx::AttributeProto *a = findAttribute(node, "dilations")) {
      if (llvm::any_of(a->ints(), [](int64_t d) { return d != 1; }))
        return unsupported("dilations other than 1");
      dropAttribute(node, "dilations");
    }
  }
  return "";
}

std::string downgrade(onnx::GraphProto &graph, const Constants *outer,
                      int64_t modelOpset, int64_t knownOpset) {
  Constants constants(outer);
  constants.add(graph);
  llvm::StringMap<int64_t> ranks = declaredRanks(graph);
  llvm::StringMap<int32_t> types = knownElementTypes(graph);
  // Operators added after the known opset become the older nodes that
  // compute them.
  if (knownOpset < 18) {
    // Each node, or the nodes it expands into, moves into EXPANDED, which
    // then becomes the graph's node list.
    google::protobuf::RepeatedPtrField<onnx::NodeProto> expanded;
    for (onnx::NodeProto &node : *graph.mutable_node()) {
      std::vector<onnx::NodeProto> nodes;
      if (node.domain().empty() || node.domain() == "ai.onnx")
        if (std::string e = expandNewOperator(node, modelOpset, ranks, types,
                                              constants, nodes);
            !e.empty())
          return e;
      if (nodes.empty()) {
        *expanded.Add() = std::move(node);
        continue;
      }
      for (onnx::NodeProto &n : nodes)
        *expanded.Add() = std::move(n);
    }
    graph.mutable_node()->Swap(&expanded);
  }
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    for (onnx::AttributeProto &a : *node.mutable_attribute()) {
      if (a.has_g())
        if (std::string e =
                downgrade(*a.mutable_g(), &constants, modelOpset, knownOpset);
            !e.empty())
          return e;
      for (onnx::GraphProto &g : *a.mutable_graphs())
        if (std::string e = downgrade(g, &constants, modelOpset, knownOpset);
            !e.empty())
          return e;
    }
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      continue;
    if (modelOpset >= 18 && knownOpset < 18 &&
        isOpset18Reduce(node.op_type())) {
      const onnx::AttributeProto *noopAttr =
          findAttribute(node, "noop_with_empty_axes");
      bool noop = noopAttr && noopAttr->i() != 0;
      dropAttribute(node, "noop_with_empty_axes");
      bool hasAxes = node.input_size() > 1 && !node.input(1).empty();
      if (!hasAxes) {
        if (noop)
          reduceOverNoAxes(node);
        else if (node.input_size() > 1)
          node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
        continue;
      }
      const std::vector<int64_t> *axes = constants.lookup(node.input(1));
      if (!axes)
        return nodeName(node) + " (opset " + std::to_string(modelOpset) +
               ") takes its axes from '" + node.input(1) +
               "', which is not a constant: modelc reads the opset-18 "
               "Reduce operators with constant axes only";
      node.mutable_input()->DeleteSubrange(1, node.input_size() - 1);
      if (axes->empty()) {
        // Empty axes: every axis, or none with noop.
        if (noop)
          reduceOverNoAxes(node);
        continue;
      }
      onnx::AttributeProto *attr = node.add_attribute();
      attr->set_name("axes");
      attr->set_type(onnx::AttributeProto::INTS);
      for (int64_t axis : *axes)
        attr->add_ints(axis);
      continue;
    }
    if (std::string e = downgradeChanged(graph, node, constants, ranks,
                                         modelOpset, knownOpset);
        !e.empty())
      return e;
    if (modelOpset >= 18 && knownOpset < 18 && node.op_type() == "Split") {
      const onnx::AttributeProto *num = findAttribute(node, "num_outputs");
      if (!num)
        continue;
      if (num->i() != node.output_size())
        return nodeName(node) +
               " has num_outputs = " + std::to_string(num->i()) + " but " +
               std::to_string(node.output_size()) + " outputs";
      dropAttribute(node, "num_outputs");
    }
  }
  return "";
}

} // namespace

std::string onnx_import::downgradeNewerOpsetNodes(onnx::GraphProto &graph,
                                                  int64_t modelOpset,
                                                  int64_t knownOpset) {
  return downgrade(graph, nullptr, modelOpset, knownOpset);
}
