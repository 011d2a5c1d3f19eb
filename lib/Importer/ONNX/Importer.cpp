//===- Importer.cpp - ONNX models into the modelc dialect -------*- C++ -*-===//
//
// Part of modelc. Reads the protobuf, runs ONNX shape inference, and builds
// one modelc op (or a small fixed expansion) per node through the
// per-operator import functions of OpImporters.h.
//
//===----------------------------------------------------------------------===//

#include "modelc/Importer/ONNXImporter.h"
#include "modelc/Importer/ONNXTensor.h"

#include "NewerOpsets.h"
#include "OpImporters.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <map>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::getInt(StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : defaultValue;
}

float NodeContext::getFloat(StringRef name, float defaultValue) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : defaultValue;
}

std::string NodeContext::getString(StringRef name,
                                   StringRef defaultValue) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : defaultValue.str();
}

std::optional<SmallVector<int64_t>> NodeContext::getInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

const onnx::GraphProto *NodeContext::getGraph(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  return a && a->has_g() ? &a->g() : nullptr;
}

/// The graph attribute NAME of the node, which must have INPUTS inputs.
static FailureOr<const onnx::GraphProto *>
subgraphWithInputs(const NodeContext &ctx, StringRef name, size_t inputs) {
  const onnx::GraphProto *graph = ctx.getGraph(name);
  if (!graph)
    return ctx.error("the graph attribute '" + name + "' is missing");
  if (graph->input_size() != static_cast<int>(inputs))
    return ctx.error("the graph '" + name + "' has " +
                     Twine(graph->input_size()) + " inputs, expected " +
                     Twine(inputs));
  assert(ctx.subgraphImporter && "no subgraph importer");
  return graph;
}

LogicalResult NodeContext::importSubgraph(
    StringRef name, Region &region, TypeRange argTypes,
    SmallVectorImpl<std::optional<Sequence>> *sequenceOutputs,
    ArrayRef<std::optional<Sequence>> sequenceInputs) {
  FailureOr<const onnx::GraphProto *> graph =
      subgraphWithInputs(*this, name, argTypes.size());
  if (failed(graph))
    return failure();
  return subgraphImporter->importRegion(**graph, region, argTypes,
                                        sequenceOutputs, sequenceInputs);
}

LogicalResult NodeContext::importInline(StringRef name,
                                        ArrayRef<GraphValue> inputs,
                                        SmallVectorImpl<GraphValue> &outputs) {
  FailureOr<const onnx::GraphProto *> graph =
      subgraphWithInputs(*this, name, inputs.size());
  if (failed(graph))
    return failure();
  return subgraphImporter->importInline(**graph, inputs, outputs);
}

LogicalResult NodeContext::requireInputs(unsigned count) const {
  for (unsigned i = 0; i < count; ++i)
    if (!operand(i))
      return error("input " + Twine(i) + " is required");
  return success();
}

std::optional<SmallVector<int64_t>> NodeContext::constantInts(unsigned i) const {
  Value v = operand(i);
  if (!v)
    return std::nullopt;
  // A tensor without elements has no values to wait for (an empty axes
  // input, say), constant or not.
  if (auto type = dyn_cast<RankedTensorType>(v.getType());
      type && type.hasStaticShape() && type.getNumElements() == 0)
    return SmallVector<int64_t>{};
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &x : attr.getValues<APInt>())
    values.push_back(x.getSExtValue());
  return values;
}

/// The values of a 1-D (or 0-D) integer shape vector, kDynamic where an
/// element is only known at run time; nullopt where not even its length is.
static std::optional<SmallVector<int64_t>> partialInts(Value v) {
  DenseIntElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr))) {
    SmallVector<int64_t> values;
    for (const APInt &x : attr.getValues<APInt>())
      values.push_back(x.getSExtValue());
    return values;
  }
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || type.getRank() > 1 || !type.hasStaticShape() ||
      !isa<IntegerType>(type.getElementType()))
    return std::nullopt;
  Operation *def = v.getDefiningOp();
  if (auto shape = dyn_cast_or_null<ShapeOp>(def)) {
    SmallVector<int64_t> dims = shape.getSelectedDims();
    if (static_cast<int64_t>(dims.size()) != type.getNumElements())
      return std::nullopt;
    return dims;
  }
  if (auto concat = dyn_cast_or_null<ConcatOp>(def)) {
    SmallVector<int64_t> values;
    for (Value input : concat.getInputs()) {
      std::optional<SmallVector<int64_t>> part = partialInts(input);
      if (!part)
        return std::nullopt;
      llvm::append_range(values, *part);
    }
    if (static_cast<int64_t>(values.size()) != type.getNumElements())
      return std::nullopt;
    return values;
  }
  if (isa_and_nonnull<UnsqueezeOp, SqueezeOp, ReshapeOp, CastOp>(def))
    return partialInts(def->getOperand(0));
  if (auto gather = dyn_cast_or_null<GatherOp>(def)) {
    std::optional<SmallVector<int64_t>> data = partialInts(gather.getData());
    DenseIntElementsAttr indices;
    if (!data || !matchPattern(gather.getIndices(), m_Constant(&indices)))
      return std::nullopt;
    SmallVector<int64_t> values;
    int64_t size = data->size();
    for (const APInt &x : indices.getValues<APInt>()) {
      int64_t i = x.getSExtValue();
      if (i < 0)
        i += size;
      if (i < 0 || i >= size)
        return std::nullopt;
      values.push_back((*data)[i]);
    }
    return values;
  }
  if (auto slice = dyn_cast_or_null<SliceOp>(def)) {
    // A constant slice of a vector, with ONNX's clamping.
    std::optional<SmallVector<int64_t>> data = partialInts(slice.getData());
    DenseIntElementsAttr starts, ends, axes, steps;
    if (data && matchPattern(slice.getStarts(), m_Constant(&starts)) &&
        matchPattern(slice.getEnds(), m_Constant(&ends)) &&
        matchPattern(slice.getAxes(), m_Constant(&axes)) &&
        matchPattern(slice.getSteps(), m_Constant(&steps)) &&
        starts.getNumElements() == 1 && ends.getNumElements() == 1 &&
        axes.getNumElements() == 1 && steps.getNumElements() == 1) {
      int64_t axis = (*axes.begin()).getSExtValue();
      int64_t n = data->size();
      int64_t start = (*starts.begin()).getSExtValue();
      int64_t end = (*ends.begin()).getSExtValue();
      int64_t step = (*steps.begin()).getSExtValue();
      if ((axis == 0 || axis == -1) && step != 0) {
        if (start < 0)
          start += n;
        if (end < 0)
          end += n;
        SmallVector<int64_t> values;
        if (step > 0) {
          start = std::clamp<int64_t>(start, 0, n);
          end = std::clamp<int64_t>(end, 0, n);
          for (int64_t i = start; i < end; i += step)
            values.push_back((*data)[i]);
        } else {
          start = std::clamp<int64_t>(start, 0, n - 1);
          end = std::clamp<int64_t>(end, -1, n - 1);
          for (int64_t i = start; i > end; i += step)
            values.push_back((*data)[i]);
        }
        if (static_cast<int64_t>(values.size()) == type.getNumElements())
          return values;
      }
    }
  }
  // Unknown elements of a known count.
  return SmallVector<int64_t>(type.getNumElements(), ShapedType::kDynamic);
}

std::optional<SmallVector<int64_t>> NodeContext::partialInts(unsigned i) const {
  Value v = operand(i);
  if (!v)
    return std::nullopt;
  return ::partialInts(v);
}

Value NodeContext::i64Constant(ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getI64Type());
  return builder.create<ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

Value NodeContext::scalarConstant(Type element, double value) {
  auto type = RankedTensorType::get({}, element);
  Attribute attr =
      isa<FloatType>(element)
          ? Attribute(FloatAttr::get(element, value))
          : Attribute(IntegerAttr::get(element, static_cast<int64_t>(value)));
  return builder.create<ConstantOp>(loc, DenseElementsAttr::get(type, attr));
}

std::string onnx_import::typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

std::string onnx_import::describeNode(const onnx::NodeProto &node) {
  std::string text = node.op_type() + " node '" + node.name() + "'";
  // An unnamed node (exporters often leave names out) by its first output.
  if (node.name().empty())
    for (const std::string &output : node.output())
      if (!output.empty())
        return node.op_type() + " node (output '" + output + "')";
  return text;
}

LogicalResult NodeContext::error(const Twine &message) const {
  return emitError(loc) << describeNode(node) << ": " << message;
}

const llvm::StringMap<ImportFn> &onnx_import::getOpImporters() {
  static const llvm::StringMap<ImportFn> table = [] {
    llvm::StringMap<ImportFn> t;
    registerControlFlowImporters(t);
    registerElementwiseImporters(t);
    registerNNImporters(t);
    registerRecurrentImporters(t);
    registerResizeImporters(t);
    registerSelectionImporters(t);
    registerShapeImporters(t);
    registerSequenceImporters(t);
    registerOptionalImporters(t);
    registerSamplingImporters(t);
    registerSignalImporters(t);
    registerRandomImporters(t);
    registerQuantizationImporters(t);
    registerLossImporters(t);
    registerTextImporters(t);
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// Types and constants
//===----------------------------------------------------------------------===//

Type onnx_import::onnxElementType(MLIRContext *ctx, int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::FLOAT: return Float32Type::get(ctx);
  case onnx::TensorProto::DOUBLE: return Float64Type::get(ctx);
  case onnx::TensorProto::FLOAT16: return Float16Type::get(ctx);
  case onnx::TensorProto::BFLOAT16: return BFloat16Type::get(ctx);
  case onnx::TensorProto::BOOL: return IntegerType::get(ctx, 1);
  case onnx::TensorProto::INT8: return IntegerType::get(ctx, 8);
  case onnx::TensorProto::INT16: return IntegerType::get(ctx, 16);
  case onnx::TensorProto::INT32: return IntegerType::get(ctx, 32);
  case onnx::TensorProto::INT64: return IntegerType::get(ctx, 64);
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::UINT16:
    return IntegerType::get(ctx, 16, IntegerType::Unsigned);
  case onnx::TensorProto::UINT32:
    return IntegerType::get(ctx, 32, IntegerType::Unsigned);
  case onnx::TensorProto::UINT64:
    return IntegerType::get(ctx, 64, IntegerType::Unsigned);
  case onnx::TensorProto::STRING:
    ctx->getOrLoadDialect<ModelcDialect>();
    return StringType::get(ctx);
  default: return nullptr;
  }
}

DenseElementsAttr onnx_import::denseAttr(RankedTensorType type,
                                         const HostTensor &tensor) {
  if (isa<StringType>(type.getElementType())) {
    if (tensor.dtype != onnx::TensorProto::STRING ||
        static_cast<int64_t>(tensor.strings.size()) != type.getNumElements())
      return {};
    SmallVector<StringRef> strings(tensor.strings.begin(),
                                   tensor.strings.end());
    return DenseStringElementsAttr::get(type, strings);
  }
  if (tensor.dtype == onnx::TensorProto::STRING)
    return {};
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> values;
    for (char c : tensor.bytes)
      values.push_back(c != 0);
    return DenseElementsAttr::get(type, values);
  }
  ArrayRef<char> raw(tensor.bytes.data(), tensor.bytes.size());
  bool splat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, raw, splat))
    return {};
  return DenseElementsAttr::getFromRawBuffer(type, raw);
}

namespace {

/// Imports one model; errors go to the context's diagnostic handler.
class ModelImporter : public SubgraphImporter {
public:
  ModelImporter(MLIRContext *ctx, StringRef path, const ImportOptions &options)
      : ctx(ctx), path(path), options(options), builder(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult loadModel();
  LogicalResult checkOpset();
  LogicalResult checkNewerOpsetNodes(const onnx::GraphProto &graph,
                                     int64_t modelOpset,
                                     llvm::StringSet<> &warned);
  LogicalResult freezeInputs();
  LogicalResult pinInputShapes();
  /// Whether the model's opset is newer than ONNX's library knows
  /// (checkOpset).
  bool newerOpset = false;
  LogicalResult checkStructure(const onnx::GraphProto &graph,
                               const llvm::StringSet<> *outer = nullptr);
  LogicalResult checkSizes(const onnx::GraphProto &graph);
  LogicalResult inferShapes();
  LogicalResult checkSupported();
  ArrayAttr dimNames(const onnx::TypeProto &type);
  RankedTensorType knownType(const onnx::TypeProto &type);
  FailureOr<RankedTensorType> tensorType(const onnx::TypeProto &type,
                                         StringRef name, bool requireStatic);
  LogicalResult importGraph(ModuleOp module);
  void describeEmptyOptional(const onnx::TypeProto &held,
                             SmallVectorImpl<NamedAttribute> &entry);
  LogicalResult importInitializers(const onnx::GraphProto &graph);
  LogicalResult importNodes(const onnx::GraphProto &graph);
  LogicalResult importScope(const onnx::GraphProto &graph,
                            ArrayRef<GraphValue> inputs,
                            SmallVectorImpl<GraphValue> &outputs);
  LogicalResult
  importRegion(const onnx::GraphProto &graph, Region &region,
               TypeRange argTypes,
               SmallVectorImpl<std::optional<Sequence>> *sequenceOutputs,
               ArrayRef<std::optional<Sequence>> sequenceInputs) override;
  std::optional<Sequence> emptyOptionalSequence(StringRef name);
  LogicalResult importInline(const onnx::GraphProto &graph,
                             ArrayRef<GraphValue> inputs,
                             SmallVectorImpl<GraphValue> &outputs) override;
  bool usesOuterSequence(const onnx::GraphProto &graph) override;
  void collectUnsupported(
      const onnx::GraphProto &graph,
      std::vector<std::pair<std::string, std::vector<std::string>>> &out);
  LogicalResult nodeTypes(const onnx::NodeProto &node, ArrayRef<Value> operands,
                          Location loc, SmallVectorImpl<Type> &types);
  std::optional<onnx::ModelProto>
  inferSingleNode(const onnx::NodeProto &node, ArrayRef<Value> operands);

  Location fileLoc() { return FileLineColLoc::get(ctx, path, 0, 0); }
  InFlightDiagnostic error() { return emitError(fileLoc()); }
  InFlightDiagnostic warning() { return emitWarning(fileLoc()); }

  MLIRContext *ctx;
  std::string path;
  const ImportOptions &options;
  OpBuilder builder;
  onnx::ModelProto model;
  /// The opset of the default domain the model is imported by: the model's
  /// own, or the newest this build knows when the model's is newer.
  int64_t opset = 0;
  /// Types of every value ONNX knows in the current scope, from the graph
  /// and shape inference (which types the values of subgraphs too).
  std::map<std::string, const onnx::TypeProto *> valueTypes;
  /// Types found by single-node inference (valueTypes points into it).
  std::deque<onnx::TypeProto> inferredTypes;
  /// The values of the current scope by name: those of the graph being
  /// imported and of every graph enclosing it.
  llvm::StringMap<Value> values;
  /// The sequence values of the current scope, resolved at import time
  /// (Sequence.h).
  llvm::StringMap<Sequence> sequences;
  /// The values of the current scope that are empty optionals (Optional.cpp):
  /// nodes that take one see an omitted input.
  llvm::StringSet<> emptyOptionals;
  /// The directory of the model file (external data).
  std::string baseDir;
};

} // namespace

LogicalResult ModelImporter::loadModel() {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return error() << "cannot read the model file: "
                   << buffer.getError().message();
  StringRef data = (*buffer)->getBuffer();
  if (data.empty())
    return error() << "the model file is empty";
  if (data.size() > static_cast<size_t>(INT32_MAX))
    return error() << "the model file is larger than 2 GiB; store the "
                      "weights as external data";
  if (!model.ParseFromArray(data.data(), static_cast<int>(data.size())))
    return error() << "not a valid ONNX model: the protobuf cannot be parsed "
                      "(the file is malformed or truncated)";
  if (!model.has_graph())
    return error() << "not a valid ONNX model: it has no graph";
  if (model.ir_version() <= 0)
    return error() << "not a valid ONNX model: no IR version";
  return success();
}

LogicalResult ModelImporter::checkOpset() {
  bool found = false;
  for (const auto &entry : model.opset_import()) {
    if (entry.domain().empty() || entry.domain() == "ai.onnx") {
      opset = entry.version();
      found = true;
    }
  }
  if (!found)
    return error() << "the model imports no opset of the default ONNX domain";
  const auto &map = onnx::OpSchemaRegistry::DomainToVersionRange::Instance()
                        .Map();
  auto it = map.find(onnx::ONNX_DOMAIN);
  int64_t newest = it == map.end() ? 0 : it->second.second;
  if (opset < 1)
    return error() << "invalid opset version " << opset;
  if (opset <= newest)
    return success();
  // A newer opset than ONNX's library knows: import each operator by its
  // newest known definition when the node fits it, and say so.
  warning() << "the model uses opset " << opset
            << " of the ONNX domain, newer than the newest this build of "
               "modelc knows ("
            << newest << "); its operators are imported by their opset-"
            << newest << " definitions";
  int64_t modelOpset = opset;
  opset = newest;
  newerOpset = true;
  for (auto &entry : *model.mutable_opset_import())
    if (entry.domain().empty() || entry.domain() == "ai.onnx")
      entry.set_version(newest);
  // Operators whose newer definition has an older form with the same
  // meaning take it (NewerOpsets.h).
  if (std::string message =
          downgradeNewerOpsetNodes(*model.mutable_graph(), modelOpset, newest);
      !message.empty())
    return error() << message;
  llvm::StringSet<> warned;
  return checkNewerOpsetNodes(model.graph(), modelOpset, warned);
}

/// What ONNX's SCHEMA finds wrong with NODE (its inputs, outputs,
/// attributes and their types): the first line of its message, or none.
static std::optional<std::string> schemaMismatch(const onnx::OpSchema &schema,
                                                 const onnx::NodeProto &node) {
  try {
    schema.Verify(node);
  } catch (const std::exception &e) {
    std::string message = e.what();
    // ONNX appends the node's text; the first line says what is wrong.
    return message.substr(0, message.find('\n'));
  }
  return std::nullopt;
}

/// For a model whose opset is newer than ONNX's library knows: checks each
/// node of GRAPH (and of its subgraphs) against the newest definition of
/// its operator this build knows, and warns once per operator that it is
/// imported by that definition. Operators with no known definition are
/// left to checkSupported.
LogicalResult ModelImporter::checkNewerOpsetNodes(const onnx::GraphProto &graph,
                                                  int64_t modelOpset,
                                                  llvm::StringSet<> &warned) {
  for (const auto &node : graph.node()) {
    for (const auto &a : node.attribute()) {
      if (a.has_g() && failed(checkNewerOpsetNodes(a.g(), modelOpset, warned)))
        return failure();
      for (const auto &g : a.graphs())
        if (failed(checkNewerOpsetNodes(g, modelOpset, warned)))
          return failure();
    }
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      continue;
    // The nodes of an expanded newer operator are opset-17 nodes by
    // construction.
    if (llvm::StringRef(node.doc_string()).starts_with(kExpansionDocPrefix))
      continue;
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(node.op_type(), opset, "");
    if (!schema)
      continue;
    if (std::optional<std::string> message = schemaMismatch(*schema, node)) {
      error() << describeNode(node) << " does not fit the operator's opset-"
              << schema->SinceVersion()
              << " definition, the newest this build of modelc knows (the "
                 "model uses opset "
              << modelOpset << "): " << *message;
      return failure();
    }
    if (warned.insert(node.op_type()).second)
      warning() << node.op_type() << " is imported by its opset-"
                << schema->SinceVersion()
                << " definition, the newest this build of modelc knows";
  }
  return success();
}

/// The type an input of TYPE holds: the element type of an optional,
/// else TYPE itself.
static const onnx::TypeProto &unwrapOptional(const onnx::TypeProto &type) {
  return type.has_optional_type() ? type.optional_type().elem_type() : type;
}
static onnx::TypeProto *unwrapOptional(onnx::TypeProto *type) {
  return type->has_optional_type()
             ? type->mutable_optional_type()->mutable_elem_type()
             : type;
}

/// Splits "NAME[I]" into NAME and I; false for other names.
static bool splitElementName(StringRef text, StringRef &name, int64_t &index) {
  if (!text.ends_with("]"))
    return false;
  auto [base, rest] = text.drop_back().rsplit('[');
  if (rest.empty() || base.empty() || base.size() + 1 == text.size() ||
      rest.getAsInteger(10, index) || index < 0)
    return false;
  name = base;
  return true;
}

/// Checks DIMS against TENSOR's declared shape and makes them its shape.
static LogicalResult pinTensorShape(onnx::TypeProto_Tensor *tensor,
                                    ArrayRef<int64_t> dims,
                                    function_ref<InFlightDiagnostic()> error,
                                    StringRef what) {
  if (tensor->has_shape() &&
      tensor->shape().dim_size() != static_cast<int>(dims.size()))
    return error() << "--shape gives " << what << " " << dims.size()
                   << " dimensions, but it has " << tensor->shape().dim_size();
  for (size_t i = 0; i < dims.size(); ++i) {
    if (!tensor->has_shape())
      break;
    const auto &dim = tensor->shape().dim(i);
    if (dim.has_dim_value() && dim.dim_value() != dims[i])
      return error() << "--shape gives " << what << " dimension " << i << " as "
                     << dims[i] << ", but the model fixes it to "
                     << dim.dim_value();
  }
  auto *shape = tensor->mutable_shape();
  shape->clear_dim();
  for (int64_t d : dims)
    shape->add_dim()->set_dim_value(d);
  return success();
}

/// The values of SPEC (comma-separated numbers, or true/false for bools)
/// as a tensor of ONNX element type DTYPE and of the shape DECLARED (-1
/// for a dimension the model leaves open): that shape where it is static,
/// else a scalar for one value and rank 0 or unknown, else one dimension of
/// the values. Errors say why.
static llvm::Expected<HostTensor>
parseFrozenValues(llvm::StringRef spec, int32_t dtype,
                  std::optional<std::vector<int64_t>> declared) {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  size_t size = onnxElementSize(dtype);
  if (size == 0 || dtype == onnx::TensorProto::FLOAT16 ||
      dtype == onnx::TensorProto::BFLOAT16)
    return fail("an input of element type " + onnxTypeName(dtype) +
                " takes its value from a .pb file");
  SmallVector<StringRef> parts;
  spec.split(parts, ',');
  HostTensor t;
  t.dtype = dtype;
  for (StringRef part : parts) {
    part = part.trim();
    std::vector<char> bytes(size);
    if (dtype == onnx::TensorProto::FLOAT ||
        dtype == onnx::TensorProto::DOUBLE) {
      double v;
      if (part.getAsDouble(v))
        return fail("'" + part + "' is not a number");
      if (dtype == onnx::TensorProto::FLOAT) {
        float f = float(v);
        std::memcpy(bytes.data(), &f, 4);
      } else {
        std::memcpy(bytes.data(), &v, 8);
      }
    } else if (dtype == onnx::TensorProto::BOOL) {
      if (part != "0" && part != "1" && part != "true" && part != "false")
        return fail("'" + part + "' is not a bool (0, 1, true or false)");
      bytes[0] = part == "1" || part == "true";
    } else {
      bool isUnsigned = dtype == onnx::TensorProto::UINT8 ||
                        dtype == onnx::TensorProto::UINT16 ||
                        dtype == onnx::TensorProto::UINT32 ||
                        dtype == onnx::TensorProto::UINT64;
      int64_t v = 0;
      uint64_t u = 0;
      if (isUnsigned ? part.getAsInteger(10, u) : part.getAsInteger(10, v))
        return fail("'" + part + "' is not an integer");
      if (isUnsigned)
        v = int64_t(u);
      int bits = int(size) * 8;
      if (bits < 64 && (isUnsigned ? u >= (uint64_t(1) << bits)
                                   : v < -(int64_t(1) << (bits - 1)) ||
                                         v >= (int64_t(1) << (bits - 1))))
        return fail("'" + part + "' does not fit " + onnxTypeName(dtype));
      // The low bytes of V: the value in the element's width (the hosts
      // modelc runs on are little-endian).
      std::memcpy(bytes.data(), &v, size);
    }
    t.bytes.insert(t.bytes.end(), bytes.begin(), bytes.end());
  }
  int64_t count = parts.size();
  if (declared && llvm::all_of(*declared, [](int64_t d) { return d >= 0; })) {
    int64_t elements = 1;
    for (int64_t d : *declared)
      elements *= d;
    if (elements != count)
      return fail(llvm::Twine(count) + " value" + (count == 1 ? "" : "s") +
                  " for an input of " + llvm::Twine(elements) + " element" +
                  (elements == 1 ? "" : "s"));
    t.shape = *declared;
  } else if (declared && declared->size() > 1) {
    return fail("an input of rank " + llvm::Twine(declared->size()) +
                " with open dimensions takes its value from a .pb file");
  } else if (count != 1 || (declared && declared->size() == 1)) {
    t.shape = {count};
  }
  return t;
}

/// --freeze: each named graph input becomes an initializer of the value
/// given, checked against the input's declared element type and shape.
LogicalResult ModelImporter::freezeInputs() {
  onnx::GraphProto *graph = model.mutable_graph();
  for (const auto &[name, spec] : options.frozenInputs) {
    auto *inputs = graph->mutable_input();
    const std::string &inputName = name;
    auto it = llvm::find_if(
        *inputs, [&](const auto &in) { return in.name() == inputName; });
    if (it == inputs->end()) {
      std::string names;
      for (const auto &in : graph->input())
        names += (names.empty() ? "" : ", ") + in.name();
      return error() << "--freeze names '" << name
                     << "', which is not an input of the model (inputs: "
                     << names << ")";
    }
    if (!it->type().has_tensor_type())
      return error() << "--freeze " << name
                     << ": only tensor inputs can be frozen";
    const auto &tensorType = it->type().tensor_type();
    int32_t dtype = tensorType.elem_type();
    std::optional<std::vector<int64_t>> declared;
    if (tensorType.has_shape()) {
      declared.emplace();
      for (const auto &d : tensorType.shape().dim())
        declared->push_back(d.has_dim_value() ? d.dim_value() : -1);
    }
    llvm::Expected<HostTensor> value =
        llvm::StringRef(spec).ends_with(".pb")
            ? readTensorFile(spec)
            : parseFrozenValues(spec, dtype, declared);
    if (!value)
      return error() << "--freeze " << name << "=" << spec << ": "
                     << llvm::toString(value.takeError());
    if (value->dtype != dtype)
      return error() << "--freeze " << name << "=" << spec << ": a tensor of "
                     << onnxTypeName(value->dtype) << " for an input of "
                     << onnxTypeName(dtype);
    bool fits = !declared || declared->size() == value->shape.size();
    for (size_t d = 0; fits && declared && d < declared->size(); ++d)
      fits = (*declared)[d] < 0 || (*declared)[d] == value->shape[d];
    if (!fits) {
      std::string want, got;
      for (int64_t d : *declared)
        want += (want.empty() ? "" : "x") +
                (d >= 0 ? std::to_string(d) : std::string("?"));
      for (int64_t d : value->shape)
        got += (got.empty() ? "" : "x") + std::to_string(d);
      return error() << "--freeze " << name << "=" << spec
                     << ": a tensor of shape [" << got
                     << "] for an input of shape [" << want << "]";
    }
    // The input becomes an initializer (replacing a default it had).
    auto *inits = graph->mutable_initializer();
    inits->erase(std::remove_if(inits->begin(), inits->end(),
                                [&](const onnx::TensorProto &t) {
                                  return t.name() == inputName;
                                }),
                 inits->end());
    onnx::TensorProto *init = graph->add_initializer();
    init->set_name(name);
    init->set_data_type(dtype);
    for (int64_t d : value->shape)
      init->add_dims(d);
    if (dtype == onnx::TensorProto::STRING) {
      for (const std::string &s : value->strings)
        init->add_string_data(s);
    } else {
      init->set_raw_data(value->bytes.data(), value->bytes.size());
    }
    inputs->erase(it);
  }
  return success();
}

LogicalResult ModelImporter::pinInputShapes() {
  onnx::GraphProto *graph = model.mutable_graph();
  auto findInput = [&](StringRef name) -> onnx::ValueInfoProto * {
    for (auto &in : *graph->mutable_input())
      if (in.name() == name)
        return &in;
    return nullptr;
  };
  auto notAnInput = [&](StringRef option, StringRef name) {
    std::string names;
    for (const auto &in : graph->input())
      names += (names.empty() ? "" : ", ") + in.name();
    return error() << option << " names '" << name
                   << "', which is not an input of the model (inputs: " << names
                   << ")";
  };
  for (const std::string &name : options.absentInputs) {
    onnx::ValueInfoProto *input = findInput(name);
    if (!input)
      return notAnInput("--absent", name);
    if (!input->type().has_optional_type())
      return error() << "--absent names input '" << name
                     << "', which is not optional";
  }
  for (const auto &[name, length] : options.sequenceLengths) {
    onnx::ValueInfoProto *input = findInput(name);
    if (!input)
      return notAnInput("--sequence-length", name);
    if (!unwrapOptional(input->type()).has_sequence_type())
      return error() << "--sequence-length names input '" << name
                     << "', which is not a sequence";
    if (length < 0)
      return error() << "the length of sequence input '" << name
                     << "' must not be negative, not " << length;
  }
  // The pinned shapes of each sequence input's elements.
  std::map<std::string, std::map<int64_t, std::vector<int64_t>>> elements;
  for (const auto &[name, dims] : options.inputShapes) {
    StringRef base;
    int64_t index;
    if (!findInput(name) && splitElementName(name, base, index) &&
        findInput(base)) {
      onnx::ValueInfoProto *input = findInput(base);
      if (!unwrapOptional(input->type()).has_sequence_type())
        return error() << "--shape names element " << index << " of input '"
                       << base << "', which is not a sequence";
      auto length = options.sequenceLengths.find(base.str());
      if (length == options.sequenceLengths.end())
        return error() << "--shape names element " << index
                       << " of sequence input '" << base
                       << "', whose length is not given (--sequence-length "
                       << base << "=N)";
      if (index >= length->second)
        return error() << "--shape names element " << index
                       << " of sequence input '" << base << "' of length "
                       << length->second;
      onnx::TypeProto element =
          unwrapOptional(input->type()).sequence_type().elem_type();
      if (!element.has_tensor_type())
        return error() << "sequence input '" << base
                       << "' holds no tensors: only sequences of tensors "
                          "are supported";
      if (failed(pinTensorShape(
              element.mutable_tensor_type(), dims, [&] { return error(); },
              "element " + std::to_string(index) + " of sequence input '" +
                  base.str() + "'")))
        return failure();
      elements[base.str()][index] = dims;
      continue;
    }
    onnx::ValueInfoProto *input = findInput(name);
    if (!input)
      return notAnInput("--shape", name);
    if (unwrapOptional(input->type()).has_sequence_type())
      return error() << "--shape names sequence input '" << name
                     << "': give its length with --sequence-length " << name
                     << "=N and its elements' shapes with --shape '" << name
                     << "[0]=DxD...'";
    if (failed(pinTensorShape(
            input->mutable_type()->mutable_tensor_type(), dims,
            [&] { return error(); }, "input '" + name + "'")))
      return failure();
  }
  // A sequence input without a declared element shape: every element's is
  // pinned, and the element type gets their rank (with the sizes they
  // share) so that shape inference knows it.
  for (auto &input : *graph->mutable_input()) {
    onnx::TypeProto *type = unwrapOptional(input.mutable_type());
    if (!type->has_sequence_type())
      continue;
    auto length = options.sequenceLengths.find(input.name());
    auto *element = type->mutable_sequence_type()->mutable_elem_type();
    if (length == options.sequenceLengths.end() ||
        !element->has_tensor_type() || element->tensor_type().has_shape())
      continue;
    const auto &pinned = elements[input.name()];
    if (length->second == 0 ||
        static_cast<int64_t>(pinned.size()) != length->second)
      continue;
    std::vector<int64_t> merged = pinned.begin()->second;
    bool sameRank = llvm::all_of(pinned, [&](const auto &e) {
      return e.second.size() == merged.size();
    });
    if (!sameRank)
      continue;
    for (const auto &[index, dims] : pinned)
      for (size_t d = 0; d < dims.size(); ++d)
        if (dims[d] != merged[d])
          merged[d] = ShapedType::kDynamic;
    auto *shape = element->mutable_tensor_type()->mutable_shape();
    for (int64_t d : merged) {
      auto *dim = shape->add_dim();
      if (!ShapedType::isDynamic(d))
        dim->set_dim_value(d);
    }
  }
  return success();
}

LogicalResult ModelImporter::inferShapes() {
  onnx::ShapeInferenceOptions inferenceOptions{/*check_type=*/false,
                                               /*error_mode=*/0,
                                               /*enable_data_propagation=*/true};
  try {
    onnx::shape_inference::InferShapes(model,
                                       onnx::OpSchemaRegistry::Instance(),
                                       inferenceOptions);
  } catch (const std::exception &e) {
    return error() << "ONNX shape inference failed: " << e.what();
  }
  const onnx::GraphProto &graph = model.graph();
  for (const auto &v : graph.input())
    valueTypes[v.name()] = &v.type();
  for (const auto &v : graph.value_info())
    valueTypes[v.name()] = &v.type();
  for (const auto &v : graph.output())
    valueTypes[v.name()] = &v.type();
  return success();
}

/// Checks the structure of GRAPH and of its subgraphs, as ONNX's checker
/// would, before shape inference reads it: every default-domain node fits
/// its operator's schema at the model's opset (its inputs, and its
/// attributes and their types: an `axis` given as a string is an error,
/// where it would be read as the default), and every value has at most one
/// producer among the graph's inputs, initializers and nodes. (Models of a
/// newer opset than the library knows were checked by
/// checkNewerOpsetNodes.) Errors name the node.
LogicalResult ModelImporter::checkStructure(const onnx::GraphProto &graph,
                                            const llvm::StringSet<> *outer) {
  llvm::StringMap<std::string> producers;
  for (const auto &input : graph.input())
    producers[input.name()] = "graph input";
  for (const auto &init : graph.initializer())
    producers.try_emplace(init.name(), "initializer");
  for (const auto &node : graph.node()) {
    std::string what = describeNode(node);
    // The nodes of an expanded newer operator are named by it.
    if (llvm::StringRef doc = node.doc_string();
        doc.starts_with(kExpansionDocPrefix))
      what = doc.drop_front(strlen(kExpansionDocPrefix)).str();
    // Every input defined before it is used (which also rules out cycles):
    // ONNX's shape inference, which runs next, may crash on a value that
    // nothing defines.
    for (const std::string &in : node.input())
      if (!in.empty() && !producers.count(in) &&
          !(outer && outer->contains(in)))
        return error() << what << " uses '" << in
                       << "', which no earlier node or input defines";
    bool hasSubgraphs = llvm::any_of(node.attribute(), [](const auto &a) {
      return a.has_g() || a.graphs_size() > 0;
    });
    if (hasSubgraphs) {
      // A subgraph sees the values of every enclosing scope defined so far.
      llvm::StringSet<> visible;
      if (outer)
        for (const auto &entry : *outer)
          visible.insert(entry.getKey());
      for (const auto &entry : producers)
        visible.insert(entry.getKey());
      for (const auto &a : node.attribute()) {
        if (a.has_g() && failed(checkStructure(a.g(), &visible)))
          return failure();
        for (const auto &g : a.graphs())
          if (failed(checkStructure(g, &visible)))
            return failure();
      }
    }
    for (const std::string &out : node.output()) {
      if (out.empty())
        continue;
      auto [it, inserted] = producers.try_emplace(out, what);
      if (!inserted)
        return error() << "value '" << out
                       << "' has two producers: " << it->second << " and "
                       << what << " (ONNX values are assigned once)";
    }
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (!defaultDomain || newerOpset ||
        llvm::StringRef(node.doc_string()).starts_with(kExpansionDocPrefix))
      continue;
    const onnx::OpSchema *schema =
        onnx::OpSchemaRegistry::Schema(node.op_type(), opset, "");
    if (!schema)
      continue;
    if (std::optional<std::string> message = schemaMismatch(*schema, node))
      return error() << what << " does not fit the operator's opset-"
                     << schema->SinceVersion() << " definition: " << *message;
  }
  return success();
}

/// The bytes of one element of the ONNX element type DTYPE (a pointer for
/// strings).
static uint64_t elementBytes(int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
  case onnx::TensorProto::COMPLEX64:
  case onnx::TensorProto::STRING:
    return 8;
  case onnx::TensorProto::COMPLEX128:
    return 16;
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
    return 2;
  default:
    return 1;
  }
}

/// Checks that the static shapes GRAPH (and its subgraphs) declares or
/// that shape inference gave hold at most 2^63 - 1 bytes (what a 64-bit
/// target can index) and no negative dimension; errors name the value.
LogicalResult ModelImporter::checkSizes(const onnx::GraphProto &graph) {
  auto check = [&](const std::string &name, const onnx::TypeProto &type,
                   const char *kind) -> LogicalResult {
    const onnx::TypeProto &held = unwrapOptional(type);
    if (!held.has_tensor_type() || !held.tensor_type().has_shape())
      return success();
    llvm::APInt bytes(128, elementBytes(held.tensor_type().elem_type()));
    std::string shape;
    for (const auto &dim : held.tensor_type().shape().dim())
      shape += (shape.empty() ? "" : "x") +
               (dim.has_dim_value() ? std::to_string(dim.dim_value())
                                    : std::string("?"));
    for (const auto &dim : held.tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        continue;
      if (dim.dim_value() < 0)
        return error() << kind << " '" << name << "' has the negative "
                       << "dimension " << dim.dim_value();
      bool overflow = false;
      bytes = bytes.umul_ov(llvm::APInt(128, dim.dim_value()), overflow);
      if (overflow || bytes.getActiveBits() > 63)
        return error() << kind << " '" << name << "' of shape " << shape
                       << " holds more than 2^63 bytes: no target can "
                          "address it";
    }
    return success();
  };
  for (const auto &v : graph.input())
    if (failed(check(v.name(), v.type(), "input")))
      return failure();
  for (const auto &v : graph.output())
    if (failed(check(v.name(), v.type(), "output")))
      return failure();
  for (const auto &v : graph.value_info())
    if (failed(check(v.name(), v.type(), "value")))
      return failure();
  for (const auto &node : graph.node())
    for (const auto &a : node.attribute()) {
      if (a.has_g() && failed(checkSizes(a.g())))
        return failure();
      for (const auto &g : a.graphs())
        if (failed(checkSizes(g)))
          return failure();
    }
  return success();
}

/// Adds the unsupported nodes of GRAPH and of its subgraphs (the bodies of
/// If, Loop and Scan) to OUT: op type (with domain) -> node names, in
/// first-seen order.
void ModelImporter::collectUnsupported(
    const onnx::GraphProto &graph,
    std::vector<std::pair<std::string, std::vector<std::string>>> &out) {
  const auto &table = getOpImporters();
  for (const auto &node : graph.node()) {
    for (const auto &a : node.attribute()) {
      if (a.has_g())
        collectUnsupported(a.g(), out);
      for (const auto &g : a.graphs())
        collectUnsupported(g, out);
    }
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (defaultDomain && table.count(node.op_type()))
      continue;
    std::string op = defaultDomain ? node.op_type()
                                   : node.domain() + "." + node.op_type();
    auto it = llvm::find_if(out, [&](const auto &e) { return e.first == op; });
    if (it == out.end()) {
      out.push_back({op, {}});
      it = std::prev(out.end());
    }
    it->second.push_back(node.name().empty() ? "<unnamed>" : node.name());
  }
}

LogicalResult ModelImporter::checkSupported() {
  std::vector<std::pair<std::string, std::vector<std::string>>> unsupported;
  collectUnsupported(model.graph(), unsupported);
  if (unsupported.empty())
    return success();
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "unsupported ONNX operators (opset " << opset << "): ";
  llvm::interleaveComma(unsupported, os, [&](const auto &entry) {
    os << entry.first << " (nodes: ";
    llvm::interleaveComma(entry.second, os);
    os << ")";
  });
  return error() << message;
}

FailureOr<RankedTensorType>
ModelImporter::tensorType(const onnx::TypeProto &type, StringRef name,
                          bool requireStatic) {
  if (type.has_sequence_type())
    return error() << "value '" << name
                   << "' is a sequence: sequences are supported only between "
                      "the sequence operators inside the model";
  if (!type.has_tensor_type())
    return error() << "value '" << name
                   << "' is not a tensor (maps and optionals are not "
                      "supported yet)";
  const auto &tensor = type.tensor_type();
  Type element = onnxElementType(ctx, tensor.elem_type());
  if (!element)
    return error() << "value '" << name << "' has unsupported element type "
                   << onnxTypeName(tensor.elem_type());
  if (!tensor.has_shape())
    return error() << "the rank of value '" << name
                   << "' is unknown after shape inference";
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim()) {
    if (dim.has_dim_value()) {
      shape.push_back(dim.dim_value());
      continue;
    }
    if (requireStatic) {
      std::string dimName =
          dim.has_dim_param() ? dim.dim_param() : std::string("?");
      return error() << "input '" << name << "' has the dynamic dimension '"
                     << dimName << "' (dimension " << shape.size()
                     << "); pin it with --shape " << name << "=...";
    }
    shape.push_back(ShapedType::kDynamic);
  }
  return RankedTensorType::get(shape, element);
}

/// TYPE as a ranked tensor type (dynamic where a dimension has no value), or
/// null when it is not a tensor of known rank and supported element type.
RankedTensorType ModelImporter::knownType(const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return {};
  Type element = onnxElementType(ctx, type.tensor_type().elem_type());
  if (!element)
    return {};
  SmallVector<int64_t> shape;
  for (const auto &dim : type.tensor_type().shape().dim())
    shape.push_back(dim.has_dim_value() ? dim.dim_value()
                                        : ShapedType::kDynamic);
  return RankedTensorType::get(shape, element);
}

/// The names of TYPE's dimensions ("" where a dimension has none), or null
/// when no dimension has a name.
ArrayAttr ModelImporter::dimNames(const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return {};
  SmallVector<Attribute> names;
  bool any = false;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    any |= dim.has_dim_param() && !dim.dim_value();
    names.push_back(builder.getStringAttr(
        dim.has_dim_value() ? std::string() : dim.dim_param()));
  }
  return any ? builder.getArrayAttr(names) : ArrayAttr();
}

/// The ONNX type of a tensor type of the modelc dialect.
static void setTypeProto(onnx::TypeProto *proto, RankedTensorType type) {
  auto *tensor = proto->mutable_tensor_type();
  Type element = type.getElementType();
  int32_t dtype = isa<StringType>(element) ? onnx::TensorProto::STRING : 0;
  if (element.isF32()) dtype = onnx::TensorProto::FLOAT;
  else if (element.isF64()) dtype = onnx::TensorProto::DOUBLE;
  else if (element.isF16()) dtype = onnx::TensorProto::FLOAT16;
  else if (element.isBF16()) dtype = onnx::TensorProto::BFLOAT16;
  else if (auto i = dyn_cast<IntegerType>(element)) {
    bool u = i.isUnsigned();
    switch (i.getWidth()) {
    case 1: dtype = onnx::TensorProto::BOOL; break;
    case 8: dtype = u ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8; break;
    case 16: dtype = u ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16; break;
    case 32: dtype = u ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32; break;
    case 64: dtype = u ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64; break;
    }
  }
  tensor->set_elem_type(dtype);
  auto *shape = tensor->mutable_shape();
  for (int64_t d : type.getShape()) {
    auto *dim = shape->add_dim();
    if (!ShapedType::isDynamic(d))
      dim->set_dim_value(d);
  }
}

/// A constant's value as an ONNX initializer named NAME.
static bool setTensorProto(onnx::TensorProto *proto, const std::string &name,
                           DenseElementsAttr attr) {
  onnx::TypeProto type;
  setTypeProto(&type, cast<RankedTensorType>(attr.getType()));
  proto->set_name(name);
  proto->set_data_type(type.tensor_type().elem_type());
  for (int64_t d : attr.getType().getShape())
    proto->add_dims(d);
  if (auto strings = dyn_cast<DenseStringElementsAttr>(attr)) {
    ArrayRef<StringRef> data = strings.getRawStringData();
    for (int64_t i = 0, e = attr.getNumElements(); i < e; ++i)
      proto->add_string_data(data[strings.isSplat() ? 0 : i].str());
    return true;
  }
  std::string raw;
  if (attr.getElementType().isInteger(1)) {
    for (bool b : attr.getValues<bool>())
      raw.push_back(b ? 1 : 0);
  } else {
    ArrayRef<char> data = attr.getRawData();
    if (attr.isSplat()) {
      for (int64_t i = 0, e = attr.getNumElements(); i < e; ++i)
        raw.append(data.begin(), data.end());
    } else {
      raw.assign(data.begin(), data.end());
    }
  }
  proto->set_raw_data(raw);
  return true;
}

/// Runs ONNX shape inference on NODE alone, with the types modelc knows of
/// its operands and the values of those that folded to constants. This
/// finds shapes that whole-graph inference missed (a Slice whose starts
/// come from a chain of shape arithmetic, say).
std::optional<onnx::ModelProto>
ModelImporter::inferSingleNode(const onnx::NodeProto &node,
                               ArrayRef<Value> operands) {
  onnx::ModelProto single;
  single.set_ir_version(model.ir_version());
  *single.mutable_opset_import() = model.opset_import();
  onnx::GraphProto *graph = single.mutable_graph();
  graph->set_name("node");
  *graph->add_node() = node;
  for (auto [i, name] : llvm::enumerate(node.input())) {
    if (name.empty())
      continue;
    Value v = operands[i];
    DenseElementsAttr constant;
    if (matchPattern(v, m_Constant(&constant)) &&
        constant.getNumElements() <= (1 << 16)) {
      setTensorProto(graph->add_initializer(), name, constant);
      continue;
    }
    auto *input = graph->add_input();
    input->set_name(name);
    setTypeProto(input->mutable_type(), cast<RankedTensorType>(v.getType()));
  }
  for (const std::string &name : node.output())
    if (!name.empty())
      graph->add_output()->set_name(name);
  onnx::ShapeInferenceOptions options{/*check_type=*/false, /*error_mode=*/0,
                                      /*enable_data_propagation=*/true};
  try {
    onnx::shape_inference::InferShapes(single,
                                       onnx::OpSchemaRegistry::Instance(),
                                       options);
  } catch (const std::exception &) {
    return std::nullopt;
  }
  return single;
}

/// The result type of a Reshape, Expand or ConstantOfShape whose target
/// shape is a 1-D operand of static length: that many dimensions, static
/// where the operand's elements are constants.
static RankedTensorType rankFromShapeOperand(const onnx::NodeProto &node,
                                             ArrayRef<Value> operands) {
  StringRef op = node.op_type();
  unsigned shapeIndex = op == "ConstantOfShape" ? 0 : 1;
  if ((op != "Reshape" && op != "Expand" && op != "ConstantOfShape") ||
      operands.size() <= shapeIndex || !operands[shapeIndex])
    return {};
  auto shapeType = dyn_cast<RankedTensorType>(operands[shapeIndex].getType());
  if (!shapeType || shapeType.getRank() != 1 || shapeType.isDynamicDim(0))
    return {};
  Type element;
  int64_t rank = shapeType.getDimSize(0);
  if (op == "ConstantOfShape") {
    element = Float32Type::get(shapeType.getContext());
    for (const auto &attr : node.attribute())
      if (attr.name() == "value")
        element = {}; // Its type comes from the attribute: leave it to ONNX.
  } else {
    auto data = dyn_cast<RankedTensorType>(operands[0].getType());
    if (!data)
      return {};
    element = data.getElementType();
    if (op == "Expand")
      rank = std::max(rank, data.getRank());
  }
  if (!element)
    return {};
  return RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic),
                               element);
}

/// The result type, of known rank and unknown dimensions, of the ops whose
/// result rank is fixed but whose sizes come from scalar inputs (a Slice:
/// the rank of its data): without the scalars' values ONNX's inference
/// (in a loop body, say) may give them no shape. Their
/// importers compute the dimensions that constants decide (or report the
/// scalars that must be constants).
static RankedTensorType fixedRankResult(MLIRContext *ctx,
                                        const onnx::NodeProto &node,
                                        ArrayRef<Value> operands) {
  StringRef op = node.op_type();
  int64_t rank = llvm::StringSwitch<int64_t>(op)
                     .Cases("HannWindow", "HammingWindow", "BlackmanWindow", 1)
                     .Case("MelWeightMatrix", 2)
                     .Case("STFT", 4)
                     .Cases("DFT", "Slice", -1)
                     .Case("Compress", -2)
                     .Default(0);
  if (rank == 0)
    return {};
  Type element;
  if (op == "Compress") {
    // ONNX 1.12 gives Compress no shape: the input's rank with an axis,
    // 1 without.
    if (operands.empty() || !operands[0])
      return {};
    auto input = cast<RankedTensorType>(operands[0].getType());
    element = input.getElementType();
    rank = llvm::any_of(node.attribute(),
                        [](const auto &a) { return a.name() == "axis"; })
               ? input.getRank()
               : 1;
  } else if (op == "STFT" || op == "DFT" || op == "Slice") {
    if (operands.empty() || !operands[0])
      return {};
    auto input = cast<RankedTensorType>(operands[0].getType());
    element = input.getElementType();
    if (rank < 0)
      rank = input.getRank();
  } else {
    int32_t dtype = onnx::TensorProto::FLOAT;
    for (const auto &attr : node.attribute())
      if (attr.name() == "output_datatype")
        dtype = attr.i();
    element = onnxElementType(ctx, dtype);
  }
  if (!element)
    return {};
  return RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic),
                               element);
}

LogicalResult ModelImporter::nodeTypes(const onnx::NodeProto &node,
                                       ArrayRef<Value> operands, Location loc,
                                       SmallVectorImpl<Type> &types) {
  auto isStatic = [](const onnx::TypeProto *type) {
    if (!type || !type->has_tensor_type() ||
        !type->tensor_type().has_shape())
      return false;
    for (const auto &dim : type->tensor_type().shape().dim())
      if (!dim.has_dim_value())
        return false;
    return true;
  };
  auto hasRank = [](const onnx::TypeProto *type) {
    return type && type->has_tensor_type() && type->tensor_type().has_shape();
  };
  // Whole-graph inference first; a single-node inference with modelc's
  // folded constants where that left a type unknown or dynamic.
  std::optional<onnx::ModelProto> single;
  for (const std::string &name : node.output()) {
    if (name.empty())
      continue;
    auto it = valueTypes.find(name);
    if (it != valueTypes.end() && isStatic(it->second))
      continue;
    single = inferSingleNode(node, operands);
    break;
  }
  for (const std::string &name : node.output()) {
    if (name.empty()) {
      types.push_back(Type());
      continue;
    }
    const onnx::TypeProto *type = nullptr;
    if (auto it = valueTypes.find(name); it != valueTypes.end())
      type = it->second;
    if (single && !isStatic(type)) {
      for (const auto &v : single->graph().output())
        if (v.name() == name && v.has_type() &&
            (isStatic(&v.type()) || !type || !hasRank(type)))
          type = &v.type();
    }
    if (!hasRank(type) && node.output_size() == 1) {
      // Ops whose target shape is a run-time vector of known length have
      // a known rank, which ONNX's inference does not give without values.
      if (RankedTensorType ranked = rankFromShapeOperand(node, operands)) {
        types.push_back(ranked);
        continue;
      }
      if (RankedTensorType ranked = fixedRankResult(ctx, node, operands)) {
        types.push_back(ranked);
        continue;
      }
    }
    if (!type)
      return emitError(loc)
             << describeNode(node)
             << ": ONNX shape inference gave no type for output '" << name
             << "'";
    FailureOr<RankedTensorType> tensor =
        tensorType(*type, name, /*requireStatic=*/false);
    if (failed(tensor))
      return failure();
    types.push_back(*tensor);
  }
  // The single-node model owns TYPE pointers: keep what later nodes need.
  if (single)
    for (const auto &v : single->graph().output())
      if (v.has_type())
        valueTypes[v.name()] = &inferredTypes.emplace_back(v.type());
  return success();
}

LogicalResult ModelImporter::importInitializers(const onnx::GraphProto &graph) {
  for (const auto &init : graph.initializer()) {
    llvm::Expected<HostTensor> tensor = decodeTensor(init, baseDir);
    if (!tensor)
      return error() << "initializer '" << init.name()
                     << "': " << llvm::toString(tensor.takeError());
    Type element = onnxElementType(ctx, tensor->dtype);
    auto type = RankedTensorType::get(tensor->shape, element);
    DenseElementsAttr attr = denseAttr(type, *tensor);
    if (!attr)
      return error() << "initializer '" << init.name()
                     << "' has malformed data";
    values[init.name()] = builder.create<ConstantOp>(
        NameLoc::get(builder.getStringAttr(init.name())), attr);
  }
  return success();
}

LogicalResult ModelImporter::importNodes(const onnx::GraphProto &graph) {
  const auto &table = getOpImporters();
  for (const auto &node : graph.node()) {
    Location loc = NameLoc::get(
        builder.getStringAttr(node.name().empty() ? node.op_type()
                                                  : node.name()),
        fileLoc());
    SmallVector<Value> operands;
    SmallVector<const Sequence *> sequenceOperands;
    const std::string *sequenceInput = nullptr;
    const std::string *emptyInput = nullptr;
    // The empty optional sequences a Loop carries, packed.
    std::deque<Sequence> packedEmpty;
    for (const std::string &name : node.input()) {
      operands.push_back(Value());
      sequenceOperands.push_back(nullptr);
      if (name.empty())
        continue;
      if (emptyOptionals.contains(name)) {
        // A Loop may carry an optional sequence that starts empty and gets
        // a value in an iteration: a packed sequence whose presence flag
        // is false at first.
        if (node.op_type() == "Loop")
          if (std::optional<Sequence> empty = emptyOptionalSequence(name)) {
            packedEmpty.push_back(std::move(*empty));
            sequenceOperands.back() = &packedEmpty.back();
            if (!sequenceInput)
              sequenceInput = &name;
            continue;
          }
        if (!emptyInput)
          emptyInput = &name;
        continue;
      }
      if (auto it = sequences.find(name); it != sequences.end()) {
        sequenceOperands.back() = &it->second;
        if (!sequenceInput)
          sequenceInput = &name;
        continue;
      }
      auto it = values.find(name);
      if (it == values.end())
        return emitError(loc) << describeNode(node) << " uses '" << name
                              << "', which no earlier node or input defines";
      operands.back() = it->second;
    }
    bool sequenceOp = isSequenceOp(node.op_type());
    if (emptyInput && !sequenceOp) {
      // The Identity of an empty optional is an empty optional.
      if (node.op_type() == "Identity" && node.output_size() == 1) {
        if (!node.output(0).empty())
          emptyOptionals.insert(node.output(0));
        continue;
      }
      return emitError(loc) << node.op_type() << " node '" << node.name()
                            << "' takes the empty optional '" << *emptyInput
                            << "', but only the optional operators take "
                               "empty optionals";
    }
    // A Loop may carry sequences: it is unrolled then (ControlFlow.cpp).
    if (sequenceInput && !sequenceOp && node.op_type() != "Loop") {
      // The Identity of a sequence is the same sequence.
      if (node.op_type() == "Identity" && node.output_size() == 1) {
        if (!node.output(0).empty())
          sequences.insert_or_assign(node.output(0), *sequenceOperands[0]);
        continue;
      }
      return emitError(loc) << node.op_type() << " node '" << node.name()
                            << "' takes the sequence '" << *sequenceInput
                            << "', but only the sequence operators take "
                               "sequences";
    }
    // The sequence operators compute their result types themselves: ONNX
    // shape inference knows less of a sequence than its resolved tensors.
    // So do the nodes with subgraphs (If, Loop, Scan), from what their
    // subgraphs yield; they get the types ONNX knows (the model's declared
    // output shapes, say) where they have a rank, null types elsewhere.
    bool hasSubgraphs = llvm::any_of(node.attribute(), [](const auto &a) {
      return a.has_g() || a.graphs_size() > 0;
    });
    SmallVector<Type> types(node.output_size(), Type());
    if (computesOwnResultTypes(node.op_type()) &&
        !onnx::OpSchemaRegistry::Schema(node.op_type(), opset, "")) {
      // No ONNX schema, no inferred types: the import function infers them.
    } else if (hasSubgraphs) {
      for (auto [i, name] : llvm::enumerate(node.output()))
        if (auto it = valueTypes.find(name); it != valueTypes.end())
          types[i] = knownType(*it->second);
    } else if (!sequenceOp) {
      types.clear();
      if (failed(nodeTypes(node, operands, loc, types)))
        return failure();
    } else {
      // What ONNX knows of the tensors a sequence operator gives (the rank
      // of a SequenceAt of a sequence known only at run time).
      for (auto [i, name] : llvm::enumerate(node.output()))
        if (auto it = valueTypes.find(name);
            it != valueTypes.end() && it->second->has_tensor_type())
          types[i] = knownType(*it->second);
    }
    NodeContext context(builder, loc, node, operands, sequenceOperands, types,
                        opset, this);
    SmallVector<Value> results;
    if (failed(table.lookup(node.op_type())(context, results)))
      return failure();
    for (auto [i, name] : llvm::enumerate(node.output())) {
      if (name.empty())
        continue;
      if (i < context.emptyResults.size() && context.emptyResults[i])
        emptyOptionals.insert(name);
      else if (i < context.sequenceResults.size() && context.sequenceResults[i])
        sequences.insert_or_assign(name,
                                   std::move(*context.sequenceResults[i]));
      else if (i < results.size())
        values[name] = results[i];
    }
  }
  return success();
}

/// Imports the initializers and nodes of GRAPH, a subgraph, at the
/// builder's insertion point with its inputs bound to INPUTS, and appends
/// its outputs to OUTPUTS. Its names are visible inside it only: sibling
/// subgraphs (an If's branches, the iterations of an unrolled Loop) may use
/// the same names.
LogicalResult ModelImporter::importScope(const onnx::GraphProto &graph,
                                         ArrayRef<GraphValue> inputs,
                                         SmallVectorImpl<GraphValue> &outputs) {
  assert(graph.input_size() == static_cast<int>(inputs.size()) &&
         "one value per graph input");
  llvm::StringMap<Value> outerValues = values;
  llvm::StringMap<Sequence> outerSequences = sequences;
  llvm::StringSet<> outerEmpty = emptyOptionals;
  std::map<std::string, const onnx::TypeProto *> outerTypes = valueTypes;
  auto restore = llvm::make_scope_exit([&] {
    values = std::move(outerValues);
    emptyOptionals = std::move(outerEmpty);
    valueTypes = std::move(outerTypes);
    // The sequences are restored in place: the node whose subgraph this is
    // holds pointers to its sequence operands (NodeContext), which must
    // stay valid for its next subgraph (the next iteration of a
    // SequenceMap, say).
    SmallVector<std::string> inner;
    for (const auto &entry : sequences)
      if (!outerSequences.count(entry.getKey()))
        inner.push_back(entry.getKey().str());
    for (const std::string &name : inner)
      sequences.erase(name);
    for (auto &entry : outerSequences)
      sequences.insert_or_assign(entry.getKey(), std::move(entry.getValue()));
  });
  for (const auto &v : graph.input())
    valueTypes[v.name()] = &v.type();
  for (const auto &v : graph.value_info())
    valueTypes[v.name()] = &v.type();
  for (const auto &v : graph.output())
    valueTypes[v.name()] = &v.type();

  for (auto [input, value] : llvm::zip(graph.input(), inputs)) {
    values.erase(input.name());
    sequences.erase(input.name());
    emptyOptionals.erase(input.name());
    if (value.isSequence())
      sequences.insert_or_assign(input.name(), *value.sequence);
    else
      values[input.name()] = value.tensor;
  }
  if (failed(importInitializers(graph)) || failed(importNodes(graph)))
    return failure();

  for (const auto &output : graph.output()) {
    if (emptyOptionals.contains(output.name())) {
      // An empty optional sequence leaves a subgraph as a packed one whose
      // presence flag is false: the other branch of an If, or the next
      // iteration of a Loop, may hold one.
      if (std::optional<Sequence> empty =
              emptyOptionalSequence(output.name())) {
        outputs.push_back(std::move(*empty));
        continue;
      }
      return error() << "output '" << output.name() << "' of the subgraph '"
                     << graph.name()
                     << "' is an empty optional that does not hold a "
                        "sequence of tensors: the outputs of If, Loop and "
                        "Scan bodies must be tensors, sequences or optional "
                        "sequences";
    }
    if (auto it = sequences.find(output.name()); it != sequences.end()) {
      outputs.push_back(it->second);
      continue;
    }
    auto it = values.find(output.name());
    if (it == values.end())
      return error() << "output '" << output.name() << "' of the subgraph '"
                     << graph.name() << "' is not computed by any node";
    outputs.push_back(it->second);
  }
  return success();
}

std::optional<Sequence> ModelImporter::emptyOptionalSequence(StringRef name) {
  auto it = valueTypes.find(name.str());
  if (it == valueTypes.end())
    return std::nullopt;
  const onnx::TypeProto &held = unwrapOptional(*it->second);
  if (!held.has_sequence_type() ||
      !held.sequence_type().elem_type().has_tensor_type())
    return std::nullopt;
  Type element = onnxElementType(
      ctx, held.sequence_type().elem_type().tensor_type().elem_type());
  if (!element)
    return std::nullopt;
  Location loc = NameLoc::get(builder.getStringAttr(name));
  bool absent = false;
  Value present = builder.create<ConstantOp>(
      loc,
      DenseElementsAttr::get(RankedTensorType::get({}, builder.getI1Type()),
                             ArrayRef<bool>(absent)));
  return emptyPackedSequence(builder, loc, element, present);
}

LogicalResult ModelImporter::importRegion(
    const onnx::GraphProto &graph, Region &region, TypeRange argTypes,
    SmallVectorImpl<std::optional<Sequence>> *sequenceOutputs,
    ArrayRef<std::optional<Sequence>> sequenceInputs) {
  assert(graph.input_size() == static_cast<int>(argTypes.size()) &&
         "one type per graph input");
  assert((sequenceInputs.empty() || sequenceInputs.size() == argTypes.size()) &&
         "one sequence template per graph input, or none");
  OpBuilder::InsertionGuard guard(builder);
  // A packed sequence input takes one block argument per packed value.
  SmallVector<Type> blockTypes;
  SmallVector<Location> argLocs;
  for (auto [k, input] : llvm::enumerate(graph.input())) {
    auto loc = NameLoc::get(builder.getStringAttr(input.name()));
    if (k < sequenceInputs.size() && sequenceInputs[k]) {
      for (Value v : sequenceInputs[k]->packedValues()) {
        blockTypes.push_back(v.getType());
        argLocs.push_back(loc);
      }
      continue;
    }
    blockTypes.push_back(argTypes[k]);
    argLocs.push_back(loc);
  }
  Block *block = builder.createBlock(&region, {}, blockTypes, argLocs);
  SmallVector<GraphValue> inputs;
  unsigned next = 0;
  for (unsigned k = 0, e = graph.input_size(); k < e; ++k) {
    if (k < sequenceInputs.size() && sequenceInputs[k]) {
      inputs.push_back(Sequence::packedLike(*sequenceInputs[k],
                                            block->getArguments(), next));
      continue;
    }
    inputs.push_back(block->getArgument(next++));
  }
  SmallVector<GraphValue> outputs;
  if (failed(importScope(graph, inputs, outputs)))
    return failure();

  // A sequence output is yielded as its elements, or its packed values,
  // where the caller takes sequences (an If's branches, a Loop's body).
  SmallVector<Value> yielded;
  for (auto [output, value] : llvm::zip(graph.output(), outputs)) {
    if (!value.isSequence()) {
      if (sequenceOutputs)
        sequenceOutputs->push_back(std::nullopt);
      yielded.push_back(value.tensor);
      continue;
    }
    if (!sequenceOutputs)
      return error() << "output '" << output.name() << "' of the subgraph '"
                     << graph.name()
                     << "' is a sequence: the outputs of the bodies of a "
                        "Scan must be tensors";
    const Sequence &seq = *value.sequence;
    if (seq.isPacked()) {
      llvm::append_range(yielded, seq.packedValues());
      sequenceOutputs->push_back(seq);
      continue;
    }
    for (auto [i, element] : llvm::enumerate(seq.getElements())) {
      if (!element)
        return error() << "tensor " << i << " of the sequence output '"
                       << output.name() << "' of the subgraph '" << graph.name()
                       << "' has a shape that depends on run-time values ("
                       << seq.getUnresolvedReason() << ")";
      yielded.push_back(element);
    }
    sequenceOutputs->push_back(seq);
  }
  builder.create<YieldOp>(fileLoc(), yielded);
  return success();
}

LogicalResult
ModelImporter::importInline(const onnx::GraphProto &graph,
                            ArrayRef<GraphValue> inputs,
                            SmallVectorImpl<GraphValue> &outputs) {
  return importScope(graph, inputs, outputs);
}

/// Adds to USED the names that GRAPH and its nested graphs use but do not
/// define.
static void collectOuterNames(const onnx::GraphProto &graph,
                              llvm::StringSet<> &used) {
  llvm::StringSet<> defined;
  for (const auto &v : graph.input())
    defined.insert(v.name());
  for (const auto &init : graph.initializer())
    defined.insert(init.name());
  for (const auto &node : graph.node())
    for (const std::string &name : node.output())
      defined.insert(name);
  auto use = [&](StringRef name) {
    if (!name.empty() && !defined.contains(name))
      used.insert(name);
  };
  for (const auto &node : graph.node()) {
    for (const std::string &name : node.input())
      use(name);
    for (const auto &a : node.attribute()) {
      llvm::StringSet<> inner;
      if (a.has_g())
        collectOuterNames(a.g(), inner);
      for (const auto &g : a.graphs())
        collectOuterNames(g, inner);
      for (const auto &entry : inner)
        use(entry.getKey());
    }
  }
  for (const auto &output : graph.output())
    use(output.name());
}

bool ModelImporter::usesOuterSequence(const onnx::GraphProto &graph) {
  llvm::StringSet<> used;
  collectOuterNames(graph, used);
  return llvm::any_of(used, [&](const auto &entry) {
    return sequences.count(entry.getKey()) != 0;
  });
}

/// Marks ENTRY, a graph input or output in modelc.graph_inputs/outputs, as
/// an empty optional (no tensors) holding HELD, and gives it HELD's element
/// type, which an empty OptionalProto needs.
void ModelImporter::describeEmptyOptional(
    const onnx::TypeProto &held, SmallVectorImpl<NamedAttribute> &entry) {
  entry.push_back(builder.getNamedAttr("empty", builder.getUnitAttr()));
  const onnx::TypeProto &tensor =
      held.has_sequence_type() ? held.sequence_type().elem_type() : held;
  if (!tensor.has_tensor_type())
    return;
  if (Type element = onnxElementType(ctx, tensor.tensor_type().elem_type()))
    entry.push_back(
        builder.getNamedAttr("element_type", TypeAttr::get(element)));
}

LogicalResult ModelImporter::importGraph(ModuleOp module) {
  const onnx::GraphProto &graph = model.graph();
  baseDir = llvm::sys::path::parent_path(path).str();
  builder.setInsertionPointToEnd(module.getBody());

  // Initializers become constants; they may also be listed as inputs.
  llvm::StringSet<> initializers;
  for (const auto &init : graph.initializer())
    initializers.insert(init.name());

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  SmallVector<ArrayAttr> argDimNames;
  // Per argument: its position in a sequence input, or -1.
  SmallVector<int64_t> argSequenceIndex;
  // The graph's inputs for modelc.graph_inputs, and whether any is a
  // sequence or an optional.
  SmallVector<Attribute> graphInputs;
  bool structured = false;
  auto nameAttr = builder.getStringAttr(kNameAttr);
  for (const auto &input : graph.input()) {
    if (initializers.contains(input.name()))
      continue;
    // What the input holds (an optional's value, present unless --absent).
    const onnx::TypeProto &held = unwrapOptional(input.type());
    SmallVector<NamedAttribute> entry{
        builder.getNamedAttr("name", builder.getStringAttr(input.name()))};
    if (input.type().has_optional_type()) {
      structured = true;
      entry.push_back(builder.getNamedAttr("optional", builder.getUnitAttr()));
      if (options.absentInputs.count(input.name())) {
        describeEmptyOptional(held, entry);
        emptyOptionals.insert(input.name());
        graphInputs.push_back(builder.getDictionaryAttr(entry));
        continue;
      }
    }
    if (held.has_sequence_type()) {
      // Each element is an argument of its own.
      auto length = options.sequenceLengths.find(input.name());
      if (length == options.sequenceLengths.end())
        return error() << "the length of sequence input '" << input.name()
                       << "' is not known: sequences become one input "
                          "tensor per element, so give it with "
                          "--sequence-length "
                       << input.name() << "=N";
      const onnx::TypeProto &elementProto = held.sequence_type().elem_type();
      if (!elementProto.has_tensor_type())
        return error() << "sequence input '" << input.name()
                       << "' holds no tensors: only sequences of tensors "
                          "are supported";
      Type elementType =
          onnxElementType(ctx, elementProto.tensor_type().elem_type());
      if (!elementType)
        return error() << "sequence input '" << input.name()
                       << "' has unsupported element type "
                       << onnxTypeName(elementProto.tensor_type().elem_type());
      for (int64_t i = 0; i < length->second; ++i) {
        std::string elementName = input.name() + "[" + std::to_string(i) + "]";
        onnx::TypeProto type = elementProto;
        if (auto pinned = options.inputShapes.find(elementName);
            pinned != options.inputShapes.end()) {
          if (failed(pinTensorShape(
                  type.mutable_tensor_type(), pinned->second,
                  [&] { return error(); },
                  "element " + std::to_string(i) + " of sequence input '" +
                      input.name() + "'")))
            return failure();
        } else if (!type.tensor_type().has_shape()) {
          return error() << "the shape of element " << i
                         << " of sequence input '" << input.name()
                         << "' is unknown: give it with --shape '"
                         << elementName << "=DxD...'";
        }
        FailureOr<RankedTensorType> tensor =
            tensorType(type, elementName, /*requireStatic=*/false);
        if (failed(tensor))
          return failure();
        argTypes.push_back(*tensor);
        argNames.push_back(input.name());
        // The elements of a sequence may differ in size (ONNX's test data
        // has [N] elements of several sizes): a dimension name of the
        // element type does not tie them to each other or to other inputs.
        argDimNames.push_back(ArrayAttr());
        argSequenceIndex.push_back(i);
      }
      structured = true;
      entry.push_back(builder.getNamedAttr(
          "length", builder.getI64IntegerAttr(length->second)));
      entry.push_back(
          builder.getNamedAttr("element_type", TypeAttr::get(elementType)));
      graphInputs.push_back(builder.getDictionaryAttr(entry));
      continue;
    }
    FailureOr<RankedTensorType> type =
        tensorType(held, input.name(), /*requireStatic=*/false);
    if (failed(type))
      return failure();
    argTypes.push_back(*type);
    argNames.push_back(input.name());
    argDimNames.push_back(dimNames(held));
    argSequenceIndex.push_back(-1);
    graphInputs.push_back(builder.getDictionaryAttr(entry));
  }
  if (graph.output_size() == 0)
    return error() << "the graph has no outputs";

  // Result types are those of the returned values, set at the end: modelc's
  // folding may know shapes that ONNX shape inference did not.
  auto func = builder.create<func::FuncOp>(
      fileLoc(), options.functionName, builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    func.setArgAttr(i, nameAttr, builder.getStringAttr(name));
    if (argDimNames[i])
      func.setArgAttr(i, kDimNamesAttr, argDimNames[i]);
    if (argSequenceIndex[i] < 0) {
      values[name] = entry->getArgument(i);
      continue;
    }
    func.setArgAttr(i, kSequenceIndexAttr,
                    builder.getI64IntegerAttr(argSequenceIndex[i]));
  }
  // The sequence inputs, from their elements' arguments.
  for (Attribute attr : graphInputs) {
    auto input = cast<DictionaryAttr>(attr);
    auto elementType = input.getAs<TypeAttr>("element_type");
    if (!elementType)
      continue;
    StringRef name = input.getAs<StringAttr>("name").getValue();
    Sequence sequence(elementType.getValue());
    for (auto [i, argName] : llvm::enumerate(argNames))
      if (argName == name && argSequenceIndex[i] >= 0)
        sequence.push_back(entry->getArgument(i));
    sequences.insert_or_assign(name, std::move(sequence));
  }
  builder.setInsertionPointToStart(entry);

  if (failed(importInitializers(graph)) || failed(importNodes(graph)))
    return failure();

  // Each element of a sequence output is a result of its own.
  SmallVector<Value> returned;
  SmallVector<std::string> resultNames;
  SmallVector<int64_t> resultSequenceIndex;
  SmallVector<const onnx::TypeProto *> resultProtos;
  SmallVector<StringRef> resultParts;
  SmallVector<Attribute> graphOutputs;
  for (const auto &output : graph.output()) {
    SmallVector<NamedAttribute> entry{
        builder.getNamedAttr("name", builder.getStringAttr(output.name()))};
    bool optional = output.type().has_optional_type();
    if (optional) {
      structured = true;
      entry.push_back(builder.getNamedAttr("optional", builder.getUnitAttr()));
    }
    if (emptyOptionals.contains(output.name())) {
      if (!optional)
        return error() << "graph output '" << output.name()
                       << "' is an empty optional, but the model does not "
                          "declare it optional";
      describeEmptyOptional(unwrapOptional(output.type()), entry);
      graphOutputs.push_back(builder.getDictionaryAttr(entry));
      continue;
    }
    if (auto seq = sequences.find(output.name()); seq != sequences.end()) {
      const Sequence &sequence = seq->second;
      structured = true;
      entry.push_back(builder.getNamedAttr(
          "element_type", TypeAttr::get(sequence.getElementType())));
      if (sequence.isPacked()) {
        // Its presence flag (if it is an optional that may be empty), data
        // and shapes, which the run computes.
        if (sequence.getPresent() && !optional)
          return error() << "graph output '" << output.name()
                         << "' may be an empty optional, but the model does "
                            "not declare it optional";
        entry.push_back(builder.getNamedAttr("packed", builder.getUnitAttr()));
        if (sequence.getPresent())
          entry.push_back(
              builder.getNamedAttr("presence", builder.getUnitAttr()));
        for (Value v : sequence.packedValues()) {
          returned.push_back(v);
          resultNames.push_back(output.name());
          resultSequenceIndex.push_back(-1);
          resultProtos.push_back(nullptr);
          resultParts.push_back(v == sequence.getPresent() ? "present"
                                : v == sequence.getData()  ? "data"
                                                           : "shapes");
        }
        graphOutputs.push_back(builder.getDictionaryAttr(entry));
        continue;
      }
      for (int64_t i = 0; i < sequence.size(); ++i) {
        if (!sequence[i])
          return error() << "element " << i << " of sequence output '"
                         << output.name() << "' is unknown at compile time: "
                         << sequence.getUnresolvedReason();
        returned.push_back(sequence[i]);
        resultNames.push_back(output.name());
        resultSequenceIndex.push_back(i);
        resultProtos.push_back(nullptr);
        resultParts.push_back({});
      }
      entry.push_back(builder.getNamedAttr(
          "length", builder.getI64IntegerAttr(sequence.size())));
      graphOutputs.push_back(builder.getDictionaryAttr(entry));
      continue;
    }
    if (unwrapOptional(output.type()).has_sequence_type())
      return error() << "graph output '" << output.name()
                     << "' is declared a sequence, but its value is a tensor";
    auto it = values.find(output.name());
    if (it == values.end())
      return error() << "graph output '" << output.name()
                     << "' is not computed by any node";
    // The result type is the value's own: its op may know more than shape
    // inference said of the graph output.
    returned.push_back(it->second);
    resultNames.push_back(output.name());
    resultSequenceIndex.push_back(-1);
    resultProtos.push_back(&unwrapOptional(output.type()));
    resultParts.push_back({});
    graphOutputs.push_back(builder.getDictionaryAttr(entry));
  }
  builder.create<func::ReturnOp>(fileLoc(), returned);
  SmallVector<Type> finalTypes;
  for (Value v : returned)
    finalTypes.push_back(v.getType());
  func.setFunctionType(builder.getFunctionType(argTypes, finalTypes));
  for (auto [i, name] : llvm::enumerate(resultNames)) {
    func.setResultAttr(i, nameAttr, builder.getStringAttr(name));
    if (resultSequenceIndex[i] >= 0) {
      func.setResultAttr(i, kSequenceIndexAttr,
                         builder.getI64IntegerAttr(resultSequenceIndex[i]));
      continue;
    }
    if (!resultParts[i].empty()) {
      func.setResultAttr(i, kSequencePartAttr,
                         builder.getStringAttr(resultParts[i]));
      continue;
    }
    ArrayAttr names = dimNames(*resultProtos[i]);
    if (names && !cast<RankedTensorType>(finalTypes[i]).hasStaticShape() &&
        names.size() == static_cast<size_t>(
                            cast<RankedTensorType>(finalTypes[i]).getRank()))
      func.setResultAttr(i, kDimNamesAttr, names);
  }
  if (structured) {
    func->setAttr(kGraphInputsAttr, builder.getArrayAttr(graphInputs));
    func->setAttr(kGraphOutputsAttr, builder.getArrayAttr(graphOutputs));
  }
  if (!options.frozenInputs.empty()) {
    SmallVector<Attribute> frozen;
    for (const auto &[name, value] : options.frozenInputs)
      frozen.push_back(builder.getStringAttr(name + " = " + value));
    func->setAttr(kFrozenInputsAttr, builder.getArrayAttr(frozen));
  }
  return success();
}

OwningOpRef<ModuleOp> ModelImporter::run() {
  if (failed(loadModel()) || failed(checkOpset()) || failed(freezeInputs()) ||
      failed(pinInputShapes()) || failed(checkStructure(model.graph())) ||
      failed(checkSizes(model.graph())) || failed(inferShapes()) ||
      failed(checkSizes(model.graph())) || failed(checkSupported()))
    return nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc());
  if (failed(importGraph(*module)))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
mlir::modelc::importONNXModel(StringRef path, MLIRContext *context,
                              const ImportOptions &options) {
  context->loadDialect<ModelcDialect, func::FuncDialect>();
  return ModelImporter(context, path, options).run();
}

llvm::Expected<std::vector<StructuredInputInfo>>
mlir::modelc::getStructuredInputs(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "cannot read '%s': %s",
                                   path.str().c_str(),
                                   buffer.getError().message().c_str());
  onnx::ModelProto model;
  if (!model.ParseFromArray((*buffer)->getBufferStart(),
                            (*buffer)->getBufferSize()))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'%s' is not a valid ONNX model",
                                   path.str().c_str());
  llvm::StringSet<> initializers;
  for (const auto &init : model.graph().initializer())
    initializers.insert(init.name());
  std::vector<StructuredInputInfo> inputs;
  size_t position = 0;
  for (const auto &input : model.graph().input()) {
    if (initializers.contains(input.name()))
      continue;
    const onnx::TypeProto &held = unwrapOptional(input.type());
    if (input.type().has_optional_type() || held.has_sequence_type()) {
      StructuredInputInfo info;
      info.name = input.name();
      info.position = position;
      info.isOptional = input.type().has_optional_type();
      info.isSequence = held.has_sequence_type();
      const auto &element = held.sequence_type().elem_type();
      info.hasElementShape =
          element.has_tensor_type() && element.tensor_type().has_shape();
      inputs.push_back(info);
    }
    ++position;
  }
  return inputs;
}

FailureOr<std::vector<int64_t>> mlir::modelc::parseShape(StringRef text) {
  std::vector<int64_t> dims;
  if (text.empty())
    return dims; // A scalar.
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0)
      return failure();
    dims.push_back(d);
  }
  return dims;
}
