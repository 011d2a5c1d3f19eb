//===- NewerOpsets.cpp - newer operator definitions in older forms -------===//
//
// Part of modelc. See NewerOpsets.h.
//
//===----------------------------------------------------------------------===//

#include "NewerOpsets.h"

#include "modelc/Importer/ONNXTensor.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>
#include <optional>
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

std::string downgrade(onnx::GraphProto &graph, const Constants *outer,
                      int64_t modelOpset, int64_t knownOpset) {
  Constants constants(outer);
  constants.add(graph);
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
