//===- NewerOpsets.cpp - newer operator definitions in older forms -------===//
//
// Part of modelc. See NewerOpsets.h.
//
//===----------------------------------------------------------------------===//

#include "NewerOpsets.h"

#include "modelc/Importer/ONNXTensor.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <type_traits>
#include <vector>

using namespace mlir::modelc;

namespace {

/// The values of a 1-D (or scalar) int64 tensor, or none for another type
/// (or data that decodeTensor cannot read without the model's folder).
std::optional<std::vector<int64_t>> int64Values(const onnx::TensorProto &t) {
  if (t.data_type() != onnx::TensorProto::INT64 || t.dims_size() > 1)
    return std::nullopt;
  llvm::Expected<HostTensor> tensor = decodeTensor(t, /*baseDir=*/"");
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return std::nullopt;
  }
  std::vector<int64_t> values(tensor->numElements());
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

  /// A float scalar V of LIKE's element type.
  std::string scalar(float v, const std::string &like) {
    onnx::TensorProto t;
    t.set_data_type(onnx::TensorProto::FLOAT);
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

/// Expands NODE, an operator added after opset 17 (MODELOPSET being the
/// model's), into opset-17 nodes (OUT); RANKS are the ranks the graph
/// declares. Returns an error naming the node, or "" (OUT empty where the
/// node is not such an operator).
std::string expandNewOperator(const onnx::NodeProto &node, int64_t modelOpset,
                              const llvm::StringMap<int64_t> &ranks,
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
  // Operators added after the known opset become the older nodes that
  // compute them.
  if (knownOpset < 18) {
    // Each node, or the nodes it expands into, moves into EXPANDED, which
    // then becomes the graph's node list.
    google::protobuf::RepeatedPtrField<onnx::NodeProto> expanded;
    for (onnx::NodeProto &node : *graph.mutable_node()) {
      std::vector<onnx::NodeProto> nodes;
      if (node.domain().empty() || node.domain() == "ai.onnx")
        if (std::string e = expandNewOperator(node, modelOpset, ranks, nodes);
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
