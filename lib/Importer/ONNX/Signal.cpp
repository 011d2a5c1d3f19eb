//===- Signal.cpp - importers of ONNX signal-processing ops -----*- C++ -*-===//
//
// Part of modelc. DFT, STFT, the windows (HannWindow, HammingWindow,
// BlackmanWindow) and MelWeightMatrix (opset 17). Their size parameters are
// inputs: where they are constants the result type is static; where they
// are known only at run time the dimensions they decide are dynamic, and
// the lowering computes them from the scalars.
//
//===----------------------------------------------------------------------===//

#include "OpImporters.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx_import;

namespace {

/// Whether optional input I is given.
bool isPresent(NodeContext &ctx, unsigned i) {
  return static_cast<bool>(ctx.operand(i));
}

/// Checks that input I is an integer scalar (0-D or one element).
LogicalResult checkIntScalar(NodeContext &ctx, unsigned i, StringRef name) {
  RankedTensorType type = ctx.operandType(i);
  Type element = type.getElementType();
  if (!(element.isInteger(32) || element.isInteger(64)) || type.getRank() > 1 ||
      (type.getRank() == 1 && type.getDimSize(0) != 1))
    return ctx.error(name + " must be an int32 or int64 scalar");
  return success();
}

/// Checks that input I is a floating-point scalar.
LogicalResult checkFloatScalar(NodeContext &ctx, unsigned i, StringRef name) {
  RankedTensorType type = ctx.operandType(i);
  if (!isa<FloatType>(type.getElementType()) || type.getRank() > 1 ||
      (type.getRank() == 1 && type.getDimSize(0) != 1))
    return ctx.error(name + " must be a floating-point scalar");
  return success();
}

/// The value of input I, an integer scalar, when it is a constant;
/// kDynamic otherwise.
int64_t constantScalar(NodeContext &ctx, unsigned i) {
  std::optional<SmallVector<int64_t>> values = ctx.constantInts(i);
  if (!values || values->size() != 1)
    return ShapedType::kDynamic;
  return values->front();
}

/// SHAPE with its unknown dimensions taken from the node's result type
/// where that is static (a declared output shape, which the lowering checks
/// at run time).
SmallVector<int64_t> withDeclaredDims(NodeContext &ctx,
                                      SmallVector<int64_t> shape) {
  auto declared = ctx.resultTypes.empty()
                      ? RankedTensorType()
                      : dyn_cast_or_null<RankedTensorType>(ctx.resultTypes[0]);
  if (!declared || declared.getRank() != static_cast<int64_t>(shape.size()))
    return shape;
  for (auto [d, size] : llvm::enumerate(shape))
    if (ShapedType::isDynamic(size))
      size = declared.getDimSize(d);
  return shape;
}

/// The floating-point element type of ONNX's output_datatype attribute.
FailureOr<Type> outputDatatype(NodeContext &ctx) {
  OpBuilder &b = ctx.builder;
  switch (ctx.getInt("output_datatype", onnx::TensorProto::FLOAT)) {
  case onnx::TensorProto::FLOAT:
    return Type(b.getF32Type());
  case onnx::TensorProto::DOUBLE:
    return Type(b.getF64Type());
  case onnx::TensorProto::FLOAT16:
    return Type(b.getF16Type());
  case onnx::TensorProto::BFLOAT16:
    return Type(b.getBF16Type());
  default:
    return ctx.error("output_datatype must be a floating-point type");
  }
}

/// Checks that a signal is real (last dimension 1) or complex (2).
LogicalResult checkSignal(NodeContext &ctx, RankedTensorType type) {
  if (!isa<FloatType>(type.getElementType()))
    return ctx.error("the signal must be a floating-point tensor");
  if (type.getRank() < 2 || (type.getDimSize(type.getRank() - 1) != 1 &&
                             type.getDimSize(type.getRank() - 1) != 2))
    return ctx.error("the signal's last dimension must be 1 (real) or 2 "
                     "(complex)");
  return success();
}

/// DFT-17: the optional dft_length input must be a constant.
LogicalResult importDFT(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(1)))
    return failure();
  RankedTensorType input = ctx.operandType(0);
  if (failed(checkSignal(ctx, input)))
    return failure();
  int64_t rank = input.getRank();
  int64_t axis = ctx.getInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank - 1)
    return ctx.error("axis " + Twine(ctx.getInt("axis", 1)) +
                     " is out of range: the signal axis cannot be the last");
  std::optional<int64_t> length;
  if (isPresent(ctx, 1)) {
    if (failed(checkIntScalar(ctx, 1, "dft_length")))
      return failure();
    int64_t value = constantScalar(ctx, 1);
    if (ShapedType::isDynamic(value))
      return ctx.error("dft_length must be a constant");
    if (value < 1)
      return ctx.error("dft_length must be positive, not " + Twine(value));
    length = value;
  }
  bool inverse = ctx.getInt("inverse", 0) != 0;
  bool onesided = ctx.getInt("onesided", 0) != 0;
  if (inverse && onesided)
    return ctx.error("onesided and inverse cannot both be set");
  int64_t n = length ? *length : input.getDimSize(axis);
  SmallVector<int64_t> shape(input.getShape());
  shape[axis] = ShapedType::isDynamic(n) || !onesided ? n : n / 2 + 1;
  shape.back() = 2;
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<DFTOp>(
      ctx.loc, RankedTensorType::get(shape, input.getElementType()),
      ctx.operand(0), b.getI64IntegerAttr(axis),
      length ? b.getI64IntegerAttr(*length) : IntegerAttr(),
      b.getBoolAttr(inverse), b.getBoolAttr(onesided)));
  return success();
}

/// STFT-17: frame_step and frame_length may be run-time scalars.
LogicalResult importSTFT(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(2)))
    return failure();
  RankedTensorType signal = ctx.operandType(0);
  if (failed(checkSignal(ctx, signal)))
    return failure();
  if (signal.getRank() != 3)
    return ctx.error("the signal must be 3-D (batch x length x 1 or 2)");
  if (failed(checkIntScalar(ctx, 1, "frame_step")))
    return failure();
  bool hasWindow = isPresent(ctx, 2), hasLength = isPresent(ctx, 3);
  if (hasLength && failed(checkIntScalar(ctx, 3, "frame_length")))
    return failure();
  int64_t signalLength = signal.getDimSize(1);
  int64_t step = constantScalar(ctx, 1);
  int64_t length = hasLength ? constantScalar(ctx, 3) : signalLength;
  if (hasWindow) {
    RankedTensorType window = ctx.operandType(2);
    if (window.getRank() != 1 ||
        window.getElementType() != signal.getElementType())
      return ctx.error("the window must be 1-D with the signal's element "
                       "type");
    int64_t size = window.getDimSize(0);
    if (!hasLength)
      length = size;
    else if (!ShapedType::isDynamic(length) && !ShapedType::isDynamic(size) &&
             size != length)
      return ctx.error("the window has " + Twine(size) +
                       " elements but frame_length is " + Twine(length));
  }
  if (!ShapedType::isDynamic(step) && step < 1)
    return ctx.error("frame_step must be positive, not " + Twine(step));
  if (!ShapedType::isDynamic(length) && length < 1)
    return ctx.error("frame_length must be positive, not " + Twine(length));
  if (!ShapedType::isDynamic(length) && !ShapedType::isDynamic(signalLength) &&
      length > signalLength)
    return ctx.error("frames of " + Twine(length) +
                     " elements do not fit in a signal of " +
                     Twine(signalLength));
  bool onesided = ctx.getInt("onesided", 1) != 0;
  int64_t frames = ShapedType::kDynamic, bins = ShapedType::kDynamic;
  if (!ShapedType::isDynamic(signalLength) && !ShapedType::isDynamic(step) &&
      !ShapedType::isDynamic(length))
    frames = 1 + (signalLength - length) / step;
  if (!ShapedType::isDynamic(length))
    bins = onesided ? length / 2 + 1 : length;
  auto result = RankedTensorType::get(
      withDeclaredDims(ctx, {signal.getDimSize(0), frames, bins, 2}),
      signal.getElementType());
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<STFTOp>(
      ctx.loc, result, ctx.operand(0), ctx.operand(1),
      hasWindow ? ctx.operand(2) : Value(),
      hasLength ? ctx.operand(3) : Value(), b.getBoolAttr(onesided)));
  return success();
}

/// HannWindow, HammingWindow and BlackmanWindow.
template <typename Op>
LogicalResult importWindow(NodeContext &ctx, SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(1)) || failed(checkIntScalar(ctx, 0, "size")))
    return failure();
  FailureOr<Type> element = outputDatatype(ctx);
  if (failed(element))
    return failure();
  int64_t size = constantScalar(ctx, 0);
  if (!ShapedType::isDynamic(size) && size < 0)
    return ctx.error("size must not be negative, not " + Twine(size));
  OpBuilder &b = ctx.builder;
  results.push_back(b.create<Op>(
      ctx.loc, RankedTensorType::get(withDeclaredDims(ctx, {size}), *element),
      ctx.operand(0), b.getBoolAttr(ctx.getInt("periodic", 1) != 0)));
  return success();
}

LogicalResult importMelWeightMatrix(NodeContext &ctx,
                                    SmallVectorImpl<Value> &results) {
  if (failed(ctx.requireInputs(5)) ||
      failed(checkIntScalar(ctx, 0, "num_mel_bins")) ||
      failed(checkIntScalar(ctx, 1, "dft_length")) ||
      failed(checkIntScalar(ctx, 2, "sample_rate")) ||
      failed(checkFloatScalar(ctx, 3, "lower_edge_hertz")) ||
      failed(checkFloatScalar(ctx, 4, "upper_edge_hertz")))
    return failure();
  FailureOr<Type> element = outputDatatype(ctx);
  if (failed(element))
    return failure();
  int64_t bins = constantScalar(ctx, 0), length = constantScalar(ctx, 1);
  if (!ShapedType::isDynamic(bins) && bins < 1)
    return ctx.error("num_mel_bins must be positive, not " + Twine(bins));
  if (!ShapedType::isDynamic(length) && length < 1)
    return ctx.error("dft_length must be positive, not " + Twine(length));
  int64_t rows = ShapedType::isDynamic(length) ? length : length / 2 + 1;
  results.push_back(ctx.builder.create<MelWeightMatrixOp>(
      ctx.loc,
      RankedTensorType::get(withDeclaredDims(ctx, {rows, bins}), *element),
      ctx.operand(0), ctx.operand(1), ctx.operand(2), ctx.operand(3),
      ctx.operand(4)));
  return success();
}

} // namespace

void onnx_import::registerSignalImporters(llvm::StringMap<ImportFn> &t) {
  t["DFT"] = importDFT;
  t["STFT"] = importSTFT;
  t["HannWindow"] = importWindow<HannWindowOp>;
  t["HammingWindow"] = importWindow<HammingWindowOp>;
  t["BlackmanWindow"] = importWindow<BlackmanWindowOp>;
  t["MelWeightMatrix"] = importMelWeightMatrix;
}
