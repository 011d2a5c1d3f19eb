//===- OpImporters.h - per-operator ONNX importers, private -----*- C++ -*-===//
//
// Part of modelc. Each ONNX operator has an import function that builds
// modelc ops for one node; they are grouped by family (Elementwise.cpp,
// NN.cpp, Shape.cpp, Sampling.cpp, Signal.cpp, Random.cpp ...) and registered
// in one table.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_IMPORTER_ONNX_OPIMPORTERS_H
#define MODELC_LIB_IMPORTER_ONNX_OPIMPORTERS_H

#include "Sequence.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Importer/ONNXTensor.h"

#include "onnx/onnx_pb.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace mlir::modelc::onnx_import {

/// The ranked tensor type of V (every value the importer builds has one).
inline RankedTensorType typeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// A value of an ONNX graph at import time: a tensor, or a sequence
/// resolved at import time (Sequence.h).
struct GraphValue {
  GraphValue(Value tensor) : tensor(tensor) {}
  GraphValue(Sequence sequence) : sequence(std::move(sequence)) {}

  bool isSequence() const { return sequence.has_value(); }

  /// The tensor (null for a sequence).
  Value tensor;
  /// The sequence (none for a tensor).
  std::optional<Sequence> sequence;
};

/// What the import functions of nodes with subgraphs (If, Loop, Scan,
/// SequenceMap) ask of the importer. The subgraphs' nodes may use the
/// values of every enclosing scope; their own names are visible inside
/// them only.
class SubgraphImporter {
public:
  virtual ~SubgraphImporter() = default;

  /// Imports GRAPH into REGION: one block whose arguments have ARGTYPES (one
  /// per graph input) and that ends with a modelc.yield of the graph's
  /// outputs. Where SEQUENCEOUTPUTS is given, an output that is a sequence
  /// is yielded as its elements, one operand each, and
  /// (*SEQUENCEOUTPUTS)[K] is that sequence for output K (its elements are
  /// the values yielded inside REGION; none for a tensor output); without
  /// it, every output must be a tensor. A packed sequence output is yielded
  /// as its packedValues().
  ///
  /// Where SEQUENCEINPUTS has a packed sequence for input K, that input is
  /// a packed sequence like it, with one block argument per value of its
  /// packedValues() (of the same types), and ARGTYPES[K] is not used.
  virtual LogicalResult
  importRegion(const onnx::GraphProto &graph, Region &region,
               TypeRange argTypes,
               SmallVectorImpl<std::optional<Sequence>> *sequenceOutputs,
               ArrayRef<std::optional<Sequence>> sequenceInputs) = 0;

  /// Imports GRAPH inline, at the builder's insertion point, with its
  /// inputs bound to INPUTS (one per graph input); appends its outputs to
  /// OUTPUTS.
  virtual LogicalResult importInline(const onnx::GraphProto &graph,
                                     ArrayRef<GraphValue> inputs,
                                     SmallVectorImpl<GraphValue> &outputs) = 0;

  /// Whether GRAPH, or a graph nested in it, uses a sequence of the
  /// enclosing scope.
  virtual bool usesOuterSequence(const onnx::GraphProto &graph) = 0;
};

/// What an import function sees of one node.
class NodeContext {
public:
  NodeContext(OpBuilder &builder, Location loc, const onnx::NodeProto &node,
              SmallVector<Value> operands,
              SmallVector<const Sequence *> sequenceOperands,
              SmallVector<Type> resultTypes, int64_t opset,
              SubgraphImporter *subgraphImporter = nullptr)
      : builder(builder), loc(loc), node(node), operands(std::move(operands)),
        sequenceOperands(std::move(sequenceOperands)),
        resultTypes(std::move(resultTypes)), opset(opset),
        subgraphImporter(subgraphImporter) {}

  OpBuilder &builder;
  Location loc;
  const onnx::NodeProto &node;
  /// Operands in ONNX order; a missing optional input is a null Value, and
  /// so is a sequence operand (see sequenceOperands).
  SmallVector<Value> operands;
  /// The sequence operands in ONNX order: null where operand I is a tensor
  /// or missing. Only the sequence operators (isSequenceOp) get any.
  SmallVector<const Sequence *> sequenceOperands;
  /// The sequence results of the node, by output index, which the import
  /// functions of sequence operators set (pushing a null Value in their
  /// place in RESULTS).
  SmallVector<std::optional<Sequence>> sequenceResults;
  /// Types of the node's outputs, from ONNX shape inference (null for the
  /// sequence operators, whose import functions compute their types). For
  /// a node with subgraphs, what ONNX knows before they are imported: null
  /// where it does not know the rank.
  SmallVector<Type> resultTypes;
  /// The model's opset of the default domain.
  int64_t opset;
  /// Imports subgraph attributes (If, Loop, Scan, SequenceMap).
  SubgraphImporter *subgraphImporter;

  Value operand(unsigned i) const {
    return i < operands.size() ? operands[i] : Value();
  }
  RankedTensorType operandType(unsigned i) const {
    return cast<RankedTensorType>(operand(i).getType());
  }
  RankedTensorType resultType(unsigned i = 0) const {
    return cast<RankedTensorType>(resultTypes[i]);
  }
  /// Sequence operand I, or null where it is not a sequence.
  const Sequence *sequence(unsigned i) const {
    return i < sequenceOperands.size() ? sequenceOperands[i] : nullptr;
  }
  /// Makes output I of the node the sequence SEQ.
  void setSequenceResult(unsigned i, Sequence seq) {
    if (sequenceResults.size() <= i)
      sequenceResults.resize(i + 1);
    sequenceResults[i] = std::move(seq);
  }
  /// The outputs that are empty optionals (Optional.cpp), by output index.
  SmallVector<bool> emptyResults;
  /// Makes output I of the node an empty optional.
  void setEmptyResult(unsigned i) {
    if (emptyResults.size() <= i)
      emptyResults.resize(i + 1);
    emptyResults[i] = true;
  }

  /// Whether output I of the node is used (has a non-empty name).
  bool hasOutput(unsigned i) const {
    return i < static_cast<unsigned>(node.output_size()) &&
           !node.output(i).empty();
  }

  const onnx::AttributeProto *attr(StringRef name) const;
  int64_t getInt(StringRef name, int64_t defaultValue) const;
  float getFloat(StringRef name, float defaultValue) const;
  std::string getString(StringRef name, StringRef defaultValue) const;
  std::optional<SmallVector<int64_t>> getInts(StringRef name) const;
  /// The graph attribute NAME, or null.
  const onnx::GraphProto *getGraph(StringRef name) const;

  /// Imports the graph attribute NAME into REGION (see
  /// SubgraphImporter::importRegion); fails with a diagnostic when it is
  /// missing or does not import.
  LogicalResult importSubgraph(
      StringRef name, Region &region, TypeRange argTypes,
      SmallVectorImpl<std::optional<Sequence>> *sequenceOutputs = nullptr,
      ArrayRef<std::optional<Sequence>> sequenceInputs = {});

  /// Imports the graph attribute NAME inline with its inputs bound to
  /// INPUTS (see SubgraphImporter::importInline); fails with a diagnostic
  /// when it is missing, takes another number of inputs or does not import.
  LogicalResult importInline(StringRef name, ArrayRef<GraphValue> inputs,
                             SmallVectorImpl<GraphValue> &outputs);

  /// The constant integer values of operand I, if it is a constant (or has
  /// no elements).
  std::optional<SmallVector<int64_t>> constantInts(unsigned i) const;

  /// The values of operand I, an integer shape vector (0-D or 1-D), with
  /// kDynamic for elements known only at run time (dimensions taken from
  /// dynamic shapes); nullopt where even its length is unknown.
  std::optional<SmallVector<int64_t>> partialInts(unsigned i) const;

  /// A 0-D constant of a float or integer ELEMENT type.
  Value scalarConstant(Type element, double value);

  /// An i64 1-D constant tensor.
  Value i64Constant(ArrayRef<int64_t> values);

  /// Checks that the first COUNT inputs of the node are given.
  LogicalResult requireInputs(unsigned count) const;

  /// Reports an error about this node and fails.
  LogicalResult error(const Twine &message) const;

private:
  /// The type of the first Value among ARGS, else FALLBACK.
  static Type firstValueType(Type fallback) { return fallback; }
  template <typename T, typename... Rest>
  static Type firstValueType(Type fallback, const T &first,
                             const Rest &...rest) {
    if constexpr (std::is_convertible_v<T, Value>)
      if (Value v = first)
        return v.getType();
    return firstValueType(fallback, rest...);
  }

public:
  /// Builds OP with the node's result types and folds it when it can. An
  /// op whose result has its operands' type gets their type: the type ONNX
  /// gives may be more static than the operand's (a graph output or
  /// value_info declared more precisely than modelc's inference of what
  /// feeds it), which such an op cannot take.
  template <typename Op, typename... Args>
  Value create(Type type, Args &&...args) {
    if constexpr (Op::template hasTrait<OpTrait::SameOperandsAndResultType>())
      type = firstValueType(type, args...);
    SmallVector<Value> results;
    builder.createOrFold<Op>(results, loc, type, std::forward<Args>(args)...);
    return results.front();
  }
};

/// Whether the import function of OPTYPE computes its result types itself:
/// operators added after opset 17 that are imported directly, for which
/// ONNX 1.12 has no schema and so no shape inference (BitwiseAnd, ...).
/// Their import functions check the node and never read resultTypes.
bool computesOwnResultTypes(StringRef opType);

/// TYPE as MLIR prints it, for diagnostics.
std::string typeString(Type type);

/// How diagnostics name NODE: "Conv node 'conv1'", or for a node without a
/// name "Conv node (output 'y')".
std::string describeNode(const onnx::NodeProto &node);

/// Import function: fills RESULTS (one Value per node output) or fails with
/// a diagnostic.
using ImportFn = LogicalResult (*)(NodeContext &ctx,
                                   SmallVectorImpl<Value> &results);

/// The MLIR element type of an ONNX data type (TensorProto::FLOAT, ...),
/// or null if modelc does not support it.
Type onnxElementType(MLIRContext *ctx, int32_t dtype);

/// The dense attribute of TYPE holding a decoded tensor's values (strings
/// for a string type); null when they do not fit the type.
DenseElementsAttr denseAttr(RankedTensorType type, const HostTensor &tensor);

/// The table of every supported ONNX operator (default domain).
const llvm::StringMap<ImportFn> &getOpImporters();

/// A modelc.conv of INPUT and WEIGHT (and BIAS) with the node's window
/// attributes (auto_pad resolved): shared by Conv, ConvInteger and
/// QLinearConv.
FailureOr<Value> buildConv(NodeContext &ctx, Value input, Value weight,
                           Value bias, RankedTensorType resultType);

/// Packed sequences, whose length and tensor shapes only the run knows
/// (Sequence.h, PackedSequence.cpp).
/// The types of a packed sequence's data (tensor<?xELEMENT>) and shapes
/// (tensor<?x9xi64>).
RankedTensorType packedDataType(Type element);
RankedTensorType packedShapesType(MLIRContext *ctx);
/// The empty packed sequence of ELEMENT tensors, with the presence flag
/// PRESENT where it is an optional.
Sequence emptyPackedSequence(OpBuilder &b, Location loc, Type element,
                             Value present = {});
/// SEQ packed (SEQ itself if it is), for the sequence NAME; fails where a
/// tensor of it is unresolved or has more than kMaxPackedRank dimensions.
FailureOr<Sequence> packSequence(NodeContext &ctx, const Sequence &seq,
                                 StringRef name);
/// The number of tensors of the packed SEQ: a 0-D int64 tensor.
Value packedLength(NodeContext &ctx, const Sequence &seq);
/// The packed SEQ with TENSOR inserted at POSITION (a one-element integer
/// tensor, negative counting from the end; null: at the end).
FailureOr<Sequence> packedInsert(NodeContext &ctx, const Sequence &seq,
                                 Value tensor, Value position);
/// The packed SEQ without its tensor at POSITION (null: the last).
FailureOr<Sequence> packedErase(NodeContext &ctx, const Sequence &seq,
                                Value position);
/// The tensor at POSITION of the packed SEQ, which must have rank RANK.
FailureOr<Value> packedAt(NodeContext &ctx, const Sequence &seq, Value position,
                          int64_t rank);

void registerControlFlowImporters(llvm::StringMap<ImportFn> &table);
void registerElementwiseImporters(llvm::StringMap<ImportFn> &table);
void registerOptionalImporters(llvm::StringMap<ImportFn> &table);
void registerQuantizationImporters(llvm::StringMap<ImportFn> &table);
void registerRandomImporters(llvm::StringMap<ImportFn> &table);
void registerLossImporters(llvm::StringMap<ImportFn> &table);
void registerNNImporters(llvm::StringMap<ImportFn> &table);
void registerRecurrentImporters(llvm::StringMap<ImportFn> &table);
void registerResizeImporters(llvm::StringMap<ImportFn> &table);
void registerSamplingImporters(llvm::StringMap<ImportFn> &table);
void registerSelectionImporters(llvm::StringMap<ImportFn> &table);
void registerSequenceImporters(llvm::StringMap<ImportFn> &table);
void registerShapeImporters(llvm::StringMap<ImportFn> &table);
void registerSignalImporters(llvm::StringMap<ImportFn> &table);
void registerTextImporters(llvm::StringMap<ImportFn> &table);

} // namespace mlir::modelc::onnx_import

#endif // MODELC_LIB_IMPORTER_ONNX_OPIMPORTERS_H
