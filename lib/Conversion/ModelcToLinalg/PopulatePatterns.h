//===- PopulatePatterns.h - modelc to linalg, private interface -*- C++ -*-===//
//
// Part of modelc. Shared helpers of the modelc-to-linalg lowering, which is
// split by op family: Elementwise.cpp, Conv.cpp (convolution, pooling,
// normalization), MatMul.cpp, Reduction.cpp (reductions, softmax, layer
// normalization), Shape.cpp (data movement and constants), Indexing.cpp
// (gathers, scatters, OneHot, TopK, CumSum), Resize.cpp (Resize),
// Sampling.cpp (GridSample, RoiAlign), Signal.cpp (DFT, STFT, windows,
// MelWeightMatrix), Recurrent.cpp (RNN, GRU, LSTM), Selection.cpp (NonZero,
// Compress, Unique), Text.cpp (TfIdfVectorizer), Random.cpp (the random
// generators, Bernoulli, Multinomial, training-mode Dropout), Strings.cpp
// (string tensors: Cast to and from strings, StringNormalizer, string
// constants),
// ControlFlow.cpp (If, Loop, Scan).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_CONVERSION_MODELCTOLINALG_POPULATEPATTERNS_H
#define MODELC_LIB_CONVERSION_MODELCTOLINALG_POPULATEPATTERNS_H

#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::modelc::lowering {

/// Signless form of an element type: uiN becomes iN (the ops keep the
/// signedness from their original operand types); !modelc.string becomes
/// i64, the address of the string.
Type convertElementType(Type type);

/// The tensor type with its element type made signless.
RankedTensorType convertTensorType(Type type);

/// Type converter of the lowering.
class ModelcTypeConverter : public TypeConverter {
public:
  ModelcTypeConverter();
};

/// tensor.empty of TYPE; DYNAMICSIZES holds its dynamic dimensions.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange dynamicSizes = {});

/// TYPE filled with VALUE; DYNAMICSIZES holds its dynamic dimensions.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   Value value, ValueRange dynamicSizes = {});

/// The sizes of TYPE's dynamic dimensions, each read from the first of
/// SOURCES (aligned at the last dimension, as numpy broadcasting aligns
/// them) whose corresponding dimension is dynamic too.
SmallVector<Value> dynamicSizesFrom(OpBuilder &b, Location loc,
                                    RankedTensorType type, ValueRange sources);

/// tensor.empty of TYPE with its dynamic sizes from SOURCES (as above).
Value emptyLike(OpBuilder &b, Location loc, RankedTensorType type,
                ValueRange sources);

/// Dimension DIM of VALUE: an attribute where static, tensor.dim where not.
OpFoldResult dimOf(OpBuilder &b, Location loc, Value value, int64_t dim);

/// Every dimension of VALUE: attributes where static, tensor.dim where not.
SmallVector<OpFoldResult> dimsOf(OpBuilder &b, Location loc, Value value);

/// The values among DIMS at TYPE's dynamic dimensions.
SmallVector<Value> dynamicOnly(RankedTensorType type,
                               ArrayRef<OpFoldResult> dims);

/// The same, materializing constants among DIMS at dynamic dimensions.
SmallVector<Value> dynamicOnly(OpBuilder &b, Location loc,
                               RankedTensorType type,
                               ArrayRef<OpFoldResult> dims);

/// The tensor type of ELEMENT with DIMS: static where a dimension is a
/// constant, dynamic where not.
RankedTensorType typeWithDims(ArrayRef<OpFoldResult> dims, Type element);

/// The dimensions of an op's result of TYPE whose sizes COMPUTED gives
/// (from the operands' dimensions): the computed size where TYPE's
/// dimension is dynamic, the static size where it is not, which a
/// `modelc.check` compares with a computed size known only at run time (a
/// model's declared output size, say). WHAT names the op in the check's
/// message.
SmallVector<OpFoldResult> resultDims(OpBuilder &b, Location loc,
                                     RankedTensorType type,
                                     ArrayRef<OpFoldResult> computed,
                                     const Twine &what);

/// VALUE padded with PADVALUE, LOW before and HIGH after each dimension
/// (non-negative). With static sizes a tensor.pad; with dynamic ones a
/// filled tensor sized from VALUE's dimensions with VALUE inserted (the
/// bufferization of tensor.pad would size its buffer from the input's
/// buffer, which the workspace planner cannot compute ahead).
Value padTensor(OpBuilder &b, Location loc, Value value,
                ArrayRef<OpFoldResult> low, ArrayRef<OpFoldResult> high,
                Value padValue);

/// The strides or dilations attribute of a 2-D linalg convolution or pool.
DenseIntElementsAttr pairAttr(OpBuilder &b, ArrayRef<int64_t> values);

/// VALUE as TYPE through a tensor.cast, where the type that a lowering
/// computed for a result is more (or less) static than the op's.
Value castTo(OpBuilder &b, Location loc, Value value, RankedTensorType type);

/// VALUE as TYPE (same rank and element type, compatible shape) through
/// tensor.cast: each dimension that VALUE has dynamic and TYPE static is
/// first checked at run time (`modelc.check`, WHAT naming the value). Lets
/// a lowering work on the sizes that the op's semantics require (a Conv's
/// input channels, say) as static ones.
Value castWithChecks(OpBuilder &b, Location loc, Value value,
                     RankedTensorType type, const Twine &what);

/// Index arithmetic on sizes that are constants (attributes) or values:
/// constant operands fold at compile time, so static shapes give no code.
/// floorDiv and ceilDiv round the signed quotient down and up.
class SizeMath {
public:
  SizeMath(OpBuilder &b, Location loc) : b(b), loc(loc) {}
  OpFoldResult add(OpFoldResult x, OpFoldResult y);
  OpFoldResult sub(OpFoldResult x, OpFoldResult y);
  OpFoldResult mul(OpFoldResult x, OpFoldResult y);
  OpFoldResult max(OpFoldResult x, OpFoldResult y);
  OpFoldResult min(OpFoldResult x, OpFoldResult y);
  OpFoldResult floorDiv(OpFoldResult x, OpFoldResult y);
  OpFoldResult ceilDiv(OpFoldResult x, OpFoldResult y);
  OpFoldResult constant(int64_t v) { return b.getIndexAttr(v); }
  Value value(OpFoldResult x);

private:
  OpFoldResult apply(OpFoldResult x, OpFoldResult y,
                     function_ref<int64_t(int64_t, int64_t)> fold,
                     function_ref<Value(Value, Value)> build);
  OpBuilder &b;
  Location loc;
};

/// A scalar constant of a float or integer element type.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// Rounds an f32 scalar to bf16, to nearest even, in integer arithmetic:
/// the same bits on every target (x86's vcvtneps2bf16, which LLVM picks
/// where available, flushes subnormals to zero). NaNs stay NaNs, quiet.
Value truncToBF16(OpBuilder &b, Location loc, Value x);

/// The lowest (or highest) value of an element type, for max (min)
/// reductions: -inf/+inf for floats.
Value lowestValue(OpBuilder &b, Location loc, Type type);
Value highestValue(OpBuilder &b, Location loc, Type type);

/// Body builder of an elementwise computation: gets the scalar operands.
using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A modelc.check that SIZE (an index) equals EXPECTED at run time; none
/// when they are the same value or equal constants. MESSAGE says what was
/// checked.
void checkSizeEquals(OpBuilder &b, Location loc, Value size,
                     OpFoldResult expected, const Twine &message);

/// COUNT + 1 where SELECTED (an i1), else COUNT: one step of counting the
/// elements a condition selects (NonZero, Compress, StringNormalizer...).
Value countIf(OpBuilder &b, Location loc, Value selected, Value count);

/// SIZE (an index read from tensor values: a count of selected elements,
/// say) for a result dimension the model does not declare, wrapped in a
/// modelc.bounded_size with BOUND, an upper bound of it computed from the
/// input dimensions: buffers and output capacities are then planned for
/// BOUND. SIZE itself where BOUND is a constant it equals.
Value boundedSize(OpBuilder &b, Location loc, Value size, OpFoldResult bound);

/// A modelc.check that SIZE (an index, a size read from tensor values) is
/// at least MINIMUM; none when it is a constant that is. MESSAGE says what
/// was checked.
void checkSizeAtLeast(OpBuilder &b, Location loc, OpFoldResult size,
                      int64_t minimum, const Twine &message);

/// Checks that every dynamic dimension of the INPUTS that RESULTTYPE's
/// broadcasting maps to a result dimension (not a static 1) equals that
/// dimension, RESULTSIZES being the result's dimensions.
void checkBroadcastSizes(OpBuilder &b, Location loc, ValueRange inputs,
                         ArrayRef<OpFoldResult> resultSizes);

/// A linalg.generic computing BODY elementwise over INPUTS, which broadcast
/// (numpy rules) to RESULTTYPE.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarFn body);

/// The same with the result's dimensions given (RESULTSIZES, one per
/// dimension): for a result whose dynamic dimensions no input has, such as
/// a tensor broadcast to a larger one. The inputs' dynamic dimensions are
/// checked against them at run time.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ArrayRef<OpFoldResult> resultSizes, ValueRange inputs,
                       ScalarFn body);

/// A loop nest (scf.for) over every element of the tensor X in row-major
/// order, carrying ITERARGS through BODY (which gets the coordinates and
/// the iter_args); returns the final iter_args.
scf::ValueVector
forEachElement(OpBuilder &b, Location loc, Value x, ValueRange iterArgs,
               function_ref<scf::ValueVector(OpBuilder &, Location, ValueRange,
                                             ValueRange)>
                   body);

/// A parallel linalg.generic without inputs producing TYPE (dynamic sizes
/// DYNAMICSIZES), whose BODY computes each element from linalg.index and
/// yields it.
Value buildIndexGeneric(
    OpBuilder &b, Location loc, RankedTensorType type, ValueRange dynamicSizes,
    function_ref<void(OpBuilder &, Location, ValueRange)> body);

/// The indexing map that reads a tensor of INPUTSHAPE broadcast to a result
/// of RESULTRANK dimensions (numpy alignment at the trailing dimension).
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> inputShape,
                       ArrayRef<int64_t> resultShape);

/// The constant VALUE (static shape) with its dimensions permuted: result
/// dimension i is VALUE's dimension PERM[i]. Computed at compile time.
DenseElementsAttr permuteConstant(DenseElementsAttr value,
                                  ArrayRef<int64_t> perm);

/// VALUE with its dimensions permuted (result dimension i is VALUE's
/// dimension PERM[i]): a constant permuted at compile time, otherwise a
/// linalg.generic with a permutation map, which elementwise fusion composes
/// with its neighbours (two inverse permutations around an elementwise op
/// cancel).
Value permuteTensor(OpBuilder &b, Location loc, Value value,
                    ArrayRef<int64_t> perm);

/// Applies a fused activation to a tensor (no-op for `none`).
Value applyActivation(OpBuilder &b, Location loc, Value value,
                      ActivationKind kind, float alpha, float beta);

/// VALUE plus ADDENDS (each broadcasting to VALUE's type: a fused bias or
/// residual), then the fused activation, in one elementwise op; VALUE
/// itself where there is nothing to do.
Value addAndActivate(OpBuilder &b, Location loc, Value value,
                     ValueRange addends, ActivationKind kind, float alpha,
                     float beta);

/// The body of a product's linalg.generic: args[2] + args[0] * args[1], for
/// float (contracted into an FMA where the target has one) or integer
/// elements.
void multiplyAccumulate(OpBuilder &b, Location l, ValueRange args);

/// Scalar activation, shared with the elementwise ops.
Value scalarActivation(OpBuilder &b, Location loc, Value x,
                       ActivationKind kind, float alpha, float beta);

/// The values of a constant integer tensor operand.
FailureOr<SmallVector<int64_t>> getConstantIntValues(Value value);

/// Reshapes a tensor with identity layout to TYPE (same element count). A
/// reshape between dynamic shapes that is more than adding or removing
/// unit dimensions needs DIMS, the result's dimensions.
Value reshapeTensor(OpBuilder &b, Location loc, Value value,
                    RankedTensorType type, ArrayRef<OpFoldResult> dims = {});

/// An integer scalar of any width (UNSIGNED: zero-extended) as an index.
Value toIndex(OpBuilder &b, Location loc, Value value, bool isUnsigned);

/// INDEX (an index) plus SIZE where it is negative: ONNX's indices count
/// from the end of the axis.
Value wrapNegative(OpBuilder &b, Location loc, Value index, Value size);

/// Checks at run time that every index in INDICES (a gather's or a
/// scatter's) lies within its axis: in [-size, size), or [0, size) where
/// ISUNSIGNED or not ALLOWNEGATIVE. With one size in AXISSIZES every element is
/// checked against it; with more, INDICES' last dimension holds one index per
/// axis (the tuples of GatherND and ScatterND) and its element K is checked
/// against AXISSIZES[K]. A failure returns MODELC_STATUS_INVALID_ARGUMENT: the
/// op would read or write outside its data otherwise. Constant indices within
/// range need no check. NAME names the op.
void checkIndicesInRange(OpBuilder &b, Location loc, Value indices,
                         ArrayRef<OpFoldResult> axisSizes, bool isUnsigned,
                         StringRef name, bool allowNegative = true);

/// The sets of NUMAXES axes of the static shape INPUT (as bit masks) whose
/// removal, or with KEEPDIMS whose replacement by 1, leaves RESULT.
SmallVector<uint64_t> axisSetsGiving(ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> result, int64_t numAxes,
                                     bool keepdims);

/// The bit mask of NUMAXES run-time AXES (an i64 tensor) of a shape of
/// RANK dimensions, as an i64: the sum of 1 << axis, negative axes counting
/// from the end. An axis out of range adds 1 << RANK and repeated axes
/// carry, so the mask equals a set of NUMAXES axes below RANK exactly when
/// the axes are distinct, in range and that set.
Value runtimeAxesMask(OpBuilder &b, Location loc, Value axes, int64_t numAxes,
                      int64_t rank);

using CoordsFn =
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

/// A parallel linalg.generic producing TYPE (dynamic sizes DYNAMICSIZES)
/// whose every element is DATA[COORDS(args)]: ARGS are the elements of
/// INPUT (if any) read through INPUTMAP; linalg.index gives the output
/// position. Gathers, run-time slices and edge/reflect padding.
Value buildGatherGeneric(OpBuilder &b, Location loc, RankedTensorType type,
                         ValueRange dynamicSizes, Value data, Value input,
                         AffineMap inputMap, CoordsFn coords);

/// Reports that OP cannot be lowered, with REASON, and fails the pattern.
LogicalResult unsupported(Operation *op, const Twine &reason);

/// Whether TYPE is a tensor of a `!quant` type (Quantized.cpp).
bool isQuantizedTensor(Type type);

/// Whether TYPE (a tensor or an element type) holds unsigned integers: an
/// unsigned integer type, or a quantized type of unsigned storage.
bool isUnsignedStorage(Type type);

void populateQuantizedPatterns(TypeConverter &converter,
                               RewritePatternSet &patterns);
void populateControlFlowPatterns(TypeConverter &converter,
                                 RewritePatternSet &patterns);
void populateElementwisePatterns(TypeConverter &converter,
                                 RewritePatternSet &patterns);
void populateAttentionPatterns(TypeConverter &converter,
                               RewritePatternSet &patterns);
void populateConvPatterns(TypeConverter &converter,
                          RewritePatternSet &patterns);
void populateMatMulPatterns(TypeConverter &converter,
                            RewritePatternSet &patterns);
void populateRecurrentPatterns(TypeConverter &converter,
                               RewritePatternSet &patterns);
void populateReductionPatterns(TypeConverter &converter,
                               RewritePatternSet &patterns);
void populateShapePatterns(TypeConverter &converter,
                           RewritePatternSet &patterns);
void populateIndexingPatterns(TypeConverter &converter,
                              RewritePatternSet &patterns);
void populateSelectionPatterns(TypeConverter &converter,
                               RewritePatternSet &patterns);
void populateResizePatterns(TypeConverter &converter,
                            RewritePatternSet &patterns);
void populateTextPatterns(TypeConverter &converter,
                          RewritePatternSet &patterns);
void populateSamplingPatterns(TypeConverter &converter,
                              RewritePatternSet &patterns);
void populateSignalPatterns(TypeConverter &converter,
                            RewritePatternSet &patterns);
void populateRandomPatterns(TypeConverter &converter,
                            RewritePatternSet &patterns);
void populateStringPatterns(TypeConverter &converter,
                            RewritePatternSet &patterns);

} // namespace mlir::modelc::lowering

#endif // MODELC_LIB_CONVERSION_MODELCTOLINALG_POPULATEPATTERNS_H
