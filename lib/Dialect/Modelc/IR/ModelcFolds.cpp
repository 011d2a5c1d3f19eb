//===- ModelcFolds.cpp - modelc op folders ----------------------*- C++ -*-===//
//
// Part of modelc. Folders let the importer (which builds ops with
// createOrFold) and canonicalization turn shape computations on constants
// into constants, so that a model with static shapes lowers without any
// shape arithmetic at run time.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::modelc;

/// Constants larger than this are not folded, to bound compile time.
static constexpr int64_t kMaxFoldElements = 1 << 20;

static RankedTensorType resultType(Operation *op) {
  return cast<RankedTensorType>(op->getResult(0).getType());
}

/// ATTR as dense numbers; null otherwise (strings do not fold).
static DenseElementsAttr denseOrNull(Attribute attr) {
  return dyn_cast_or_null<DenseIntOrFPElementsAttr>(attr);
}

/// Returns the i64 values of a constant integer tensor, if it is one.
static std::optional<SmallVector<int64_t>> intValues(Attribute attr) {
  auto dense = denseOrNull(attr);
  if (!dense || !isa<IntegerType>(dense.getElementType()))
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

/// Whether ATTR is a foldable dense constant of static, modest size.
static bool isFoldable(DenseElementsAttr attr) {
  return attr && attr.getType().hasStaticShape() &&
         attr.getNumElements() <= kMaxFoldElements;
}

/// Linear index into a tensor of SHAPE that broadcasts to the result index
/// INDEX (row-major, numpy rules).
static int64_t broadcastIndex(ArrayRef<int64_t> index, ArrayRef<int64_t> shape,
                              int64_t resultRank) {
  int64_t linear = 0;
  int64_t offset = resultRank - static_cast<int64_t>(shape.size());
  for (auto [i, dim] : llvm::enumerate(shape)) {
    int64_t idx = dim == 1 ? 0 : index[i + offset];
    linear = linear * dim + idx;
  }
  return linear;
}

/// Folds an elementwise binary op on two constants with broadcasting.
template <typename IntFn, typename FloatFn>
static Attribute foldBinary(Operation *op, ArrayRef<Attribute> operands,
                            IntFn intFn, FloatFn floatFn) {
  auto lhs = denseOrNull(operands[0]);
  auto rhs = denseOrNull(operands[1]);
  RankedTensorType type = resultType(op);
  if (!isFoldable(lhs) || !isFoldable(rhs) || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  Type element = type.getElementType();
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = type.getRank();
  SmallVector<int64_t> index(rank, 0);
  auto forEach = [&](auto fn) {
    for (int64_t n = 0, e = type.getNumElements(); n < e; ++n) {
      int64_t rem = n;
      for (int64_t d = rank - 1; d >= 0; --d) {
        index[d] = rem % shape[d];
        rem /= shape[d];
      }
      fn(broadcastIndex(index, lhs.getType().getShape(), rank),
         broadcastIndex(index, rhs.getType().getShape(), rank));
    }
  };
  if (auto intType = dyn_cast<IntegerType>(element)) {
    if (intType.getWidth() == 1)
      return {};
    auto l = llvm::to_vector(lhs.getValues<APInt>());
    auto r = llvm::to_vector(rhs.getValues<APInt>());
    SmallVector<APInt> out;
    bool ok = true;
    forEach([&](int64_t i, int64_t j) {
      std::optional<APInt> v = intFn(l[i], r[j], intType.isUnsigned());
      if (!v)
        ok = false;
      else
        out.push_back(*v);
    });
    if (!ok)
      return {};
    return DenseElementsAttr::get(type, out);
  }
  if (isa<FloatType>(element)) {
    auto l = llvm::to_vector(lhs.getValues<APFloat>());
    auto r = llvm::to_vector(rhs.getValues<APFloat>());
    SmallVector<APFloat> out;
    forEach([&](int64_t i, int64_t j) { out.push_back(floatFn(l[i], r[j])); });
    return DenseElementsAttr::get(type, out);
  }
  return {};
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
        return a + b;
      },
      [](const APFloat &a, const APFloat &b) { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
        return a - b;
      },
      [](const APFloat &a, const APFloat &b) { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
        return a * b;
      },
      [](const APFloat &a, const APFloat &b) { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b,
         bool isUnsigned) -> std::optional<APInt> {
        if (b.isZero())
          return std::nullopt;
        return isUnsigned ? a.udiv(b) : a.sdiv(b);
      },
      [](const APFloat &a, const APFloat &b) { return a / b; });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  auto input = denseOrNull(adaptor.getInput());
  if (!isFoldable(input))
    return {};
  Type element = input.getElementType();
  if (isa<FloatType>(element))
    return input.mapValues(element, [](const APFloat &v) {
      APFloat r = v;
      r.changeSign();
      return r.bitcastToAPInt();
    });
  if (auto intType = dyn_cast<IntegerType>(element);
      intType && intType.getWidth() > 1)
    return input.mapValues(element, [](const APInt &v) { return -v; });
  return {};
}

OpFoldResult StorageCastOp::fold(FoldAdaptor) {
  // A cast back to the type the integers had.
  if (auto inner = getInput().getDefiningOp<StorageCastOp>())
    if (inner.getInput().getType() == getType())
      return inner.getInput();
  return {};
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = resultType(*this);
  if (getInput().getType() == type)
    return getInput();
  auto input = denseOrNull(adaptor.getInput());
  if (!isFoldable(input))
    return {};
  Type from = input.getElementType();
  Type to = type.getElementType();
  // Only integer-to-integer casts fold here: they are what shape
  // computations use. Float conversions keep ONNX's rounding at run time.
  auto fromInt = dyn_cast<IntegerType>(from);
  auto toInt = dyn_cast<IntegerType>(to);
  if (!fromInt || !toInt || fromInt.getWidth() == 1 || toInt.getWidth() == 1)
    return {};
  SmallVector<APInt> out;
  for (const APInt &v : input.getValues<APInt>())
    out.push_back(fromInt.isUnsigned() ? v.zextOrTrunc(toInt.getWidth())
                                       : v.sextOrTrunc(toInt.getWidth()));
  return DenseElementsAttr::get(type, out);
}

/// Folds a pure reshape-like op: its input if the types agree, else the
/// constant input reshaped.
static OpFoldResult foldReshapeLike(Operation *op, Value input,
                                    Attribute inputAttr) {
  RankedTensorType type = resultType(op);
  if (input.getType() == type)
    return input;
  auto dense = denseOrNull(inputAttr);
  if (!isFoldable(dense) || !type.hasStaticShape())
    return {};
  return dense.reshape(type);
}

// A shape or axes operand that is data is checked at run time: only a
// constant one folds.
OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (!adaptor.getShape())
    return {};
  return foldReshapeLike(*this, getData(), adaptor.getData());
}
OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  return foldReshapeLike(*this, getInput(), adaptor.getInput());
}
/// The input of INNER when OP undoes it: a squeeze of the axes an unsqueeze
/// inserted, or the reverse, both with constant axes, giving back INNER's
/// input type (its dynamic dimensions included: the same axes of size 1
/// go and come back).
template <typename Inverse, typename Op> static Value undoneInput(Op op) {
  auto inner = op.getInput().template getDefiningOp<Inverse>();
  if (!inner || op.getRuntimeAxes() || inner.getRuntimeAxes() ||
      inner.getAxes() != op.getAxes() ||
      inner.getInput().getType() != op.getType())
    return nullptr;
  return inner.getInput();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  if (Value input = undoneInput<UnsqueezeOp>(*this))
    return input;
  if (getRuntimeAxes() && !adaptor.getRuntimeAxes())
    return {};
  return foldReshapeLike(*this, getInput(), adaptor.getInput());
}
OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  if (Value input = undoneInput<SqueezeOp>(*this))
    return input;
  if (getRuntimeAxes() && !adaptor.getRuntimeAxes())
    return {};
  return foldReshapeLike(*this, getInput(), adaptor.getInput());
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  for (auto [i, p] : llvm::enumerate(perm))
    if (static_cast<int64_t>(i) != p)
      return {};
  return getInput();
}

std::pair<int64_t, int64_t> ShapeOp::getDimRange() {
  int64_t rank = cast<RankedTensorType>(getInput().getType()).getRank();
  auto clampAxis = [&](int64_t axis) {
    return std::clamp<int64_t>(axis < 0 ? axis + rank : axis, 0, rank);
  };
  int64_t start = clampAxis(getStart());
  int64_t end = getEnd() ? clampAxis(*getEnd()) : rank;
  return {start, std::max(start, end)};
}

SmallVector<int64_t> ShapeOp::getSelectedDims() {
  auto [start, end] = getDimRange();
  auto input = cast<RankedTensorType>(getInput().getType());
  return llvm::to_vector(input.getShape().slice(start, end - start));
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  SmallVector<int64_t> dims = getSelectedDims();
  if (ShapedType::isDynamicShape(dims))
    return {};
  RankedTensorType type = resultType(*this);
  if (!type.hasStaticShape() ||
      type.getNumElements() != static_cast<int64_t>(dims.size()))
    return {};
  return DenseElementsAttr::get(type, ArrayRef<int64_t>(dims));
}

OpFoldResult ConstantOfShapeOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = resultType(*this);
  auto value = dyn_cast<DenseElementsAttr>(getValue());
  // A shape that is data must be checked against the static type at run
  // time: only a constant one folds.
  if (!adaptor.getShape() || !type.hasStaticShape() || !value ||
      value.getNumElements() != 1 ||
      value.getElementType() != type.getElementType())
    return {};
  return DenseElementsAttr::get(type, value.getValues<Attribute>()[0]);
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  RankedTensorType type = resultType(*this);
  // Only 1-D constants: the shape vectors that shape computations build.
  if (type.getRank() != 1 || !type.hasStaticShape())
    return {};
  SmallVector<Attribute> values;
  for (Attribute attr : adaptor.getInputs()) {
    auto dense = denseOrNull(attr);
    if (!isFoldable(dense))
      return {};
    llvm::append_range(values, dense.getValues<Attribute>());
  }
  if (static_cast<int64_t>(values.size()) != type.getNumElements())
    return {};
  return DenseElementsAttr::get(type, values);
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto data = denseOrNull(adaptor.getData());
  std::optional<SmallVector<int64_t>> indices = intValues(adaptor.getIndices());
  RankedTensorType type = resultType(*this);
  // Picking static dimensions out of the shape of a tensor with some
  // dynamic ones.
  if (auto shape = getData().getDefiningOp<ShapeOp>();
      shape && indices && type.hasStaticShape() &&
      type.getElementType().isInteger(64)) {
    SmallVector<int64_t> dims = shape.getSelectedDims();
    int64_t size = dims.size();
    SmallVector<int64_t> out;
    for (int64_t i : *indices) {
      if (i < 0)
        i += size;
      if (i < 0 || i >= size || ShapedType::isDynamic(dims[i]))
        return {};
      out.push_back(dims[i]);
    }
    if (static_cast<int64_t>(out.size()) != type.getNumElements())
      return {};
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(out));
  }
  // Gathering from a 1-D constant: picking dimensions out of a shape.
  if (!isFoldable(data) || !indices || data.getType().getRank() != 1 ||
      !type.hasStaticShape())
    return {};
  int64_t size = data.getNumElements();
  auto values = llvm::to_vector(data.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t i : *indices) {
    if (i < 0)
      i += size;
    if (i < 0 || i >= size)
      return {};
    out.push_back(values[i]);
  }
  if (static_cast<int64_t>(out.size()) != type.getNumElements())
    return {};
  return DenseElementsAttr::get(type, out);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto data = denseOrNull(adaptor.getData());
  std::optional<SmallVector<int64_t>> starts = intValues(adaptor.getStarts());
  std::optional<SmallVector<int64_t>> ends = intValues(adaptor.getEnds());
  std::optional<SmallVector<int64_t>> axes = intValues(adaptor.getAxes());
  std::optional<SmallVector<int64_t>> steps = intValues(adaptor.getSteps());
  RankedTensorType type = resultType(*this);
  // Slicing the shape of a tensor with some dynamic dimensions: the range
  // folds where the dimensions it picks are static.
  std::optional<SmallVector<int64_t>> shapeDims;
  if (auto shape = getData().getDefiningOp<ShapeOp>();
      shape && type.getElementType().isInteger(64))
    shapeDims = shape.getSelectedDims();
  // Else slicing a 1-D constant: a range of a shape vector.
  if ((!shapeDims && (!isFoldable(data) || data.getType().getRank() != 1)) ||
      !starts || !ends || !axes || !steps || starts->size() != 1 ||
      ends->size() != 1 || steps->size() != 1 || !type.hasStaticShape())
    return {};
  int64_t size = shapeDims ? static_cast<int64_t>(shapeDims->size())
                           : data.getNumElements();
  int64_t step = (*steps)[0];
  if (step == 0)
    return {};
  auto clampIndex = [&](int64_t i, int64_t lo, int64_t hi) {
    if (i < 0)
      i += size;
    return std::clamp(i, lo, hi);
  };
  int64_t start = step > 0 ? clampIndex((*starts)[0], 0, size)
                           : clampIndex((*starts)[0], 0, size - 1);
  int64_t end = step > 0 ? clampIndex((*ends)[0], 0, size)
                         : clampIndex((*ends)[0], -1, size - 1);
  if ((*ends)[0] < -size && step < 0)
    end = -1;
  if (shapeDims) {
    SmallVector<int64_t> out;
    for (int64_t i = start; step > 0 ? i < end : i > end; i += step) {
      if (ShapedType::isDynamic((*shapeDims)[i]))
        return {};
      out.push_back((*shapeDims)[i]);
    }
    if (static_cast<int64_t>(out.size()) != type.getNumElements())
      return {};
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(out));
  }
  auto values = llvm::to_vector(data.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t i = start; step > 0 ? i < end : i > end; i += step)
    out.push_back(values[i]);
  if (static_cast<int64_t>(out.size()) != type.getNumElements())
    return {};
  return DenseElementsAttr::get(type, out);
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto input = cast<RankedTensorType>(getInput().getType());
  if (!input.hasStaticShape())
    return {};
  return DenseElementsAttr::get(resultType(*this),
                                static_cast<int64_t>(input.getNumElements()));
}

/// Calls FN(indices) for every element of the static shape RESULT, in
/// row-major order, with the linear index into each of OPERANDS (static
/// shapes broadcasting to RESULT, numpy rules) that the element reads.
/// Returns false, calling nothing, if an operand does not broadcast.
static bool
forEachBroadcast(ArrayRef<int64_t> result, ArrayRef<ArrayRef<int64_t>> operands,
                 function_ref<void(ArrayRef<int64_t>)> fn) {
  int64_t rank = result.size();
  for (ArrayRef<int64_t> shape : operands) {
    int64_t offset = rank - static_cast<int64_t>(shape.size());
    if (offset < 0)
      return false;
    for (auto [i, dim] : llvm::enumerate(shape))
      if (dim != 1 && dim != result[i + offset])
        return false;
  }
  SmallVector<int64_t> index(rank, 0);
  SmallVector<int64_t> linear(operands.size());
  int64_t count = 1;
  for (int64_t d : result)
    count *= d;
  for (int64_t n = 0; n < count; ++n) {
    int64_t rem = n;
    for (int64_t d = rank - 1; d >= 0; --d) {
      index[d] = rem % result[d];
      rem /= result[d];
    }
    for (auto [k, shape] : llvm::enumerate(operands))
      linear[k] = broadcastIndex(index, shape, rank);
    fn(linear);
  }
  return true;
}

namespace {
/// How two values compare; Unordered when either is NaN.
enum class Order { Less, Equal, Greater, Unordered };
} // namespace

/// Folds a comparison of two constants (integer or floating-point, with
/// broadcasting) to a constant boolean tensor. PRED says which orders make
/// the result true; Unordered (NaN) is always false.
template <typename Pred>
static Attribute foldCompare(Operation *op, ArrayRef<Attribute> operands,
                             Pred pred) {
  auto lhs = denseOrNull(operands[0]);
  auto rhs = denseOrNull(operands[1]);
  RankedTensorType type = resultType(op);
  if (!isFoldable(lhs) || !isFoldable(rhs) || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements ||
      !type.getElementType().isInteger(1) ||
      lhs.getElementType() != rhs.getElementType())
    return {};
  ArrayRef<int64_t> shapes[] = {lhs.getType().getShape(),
                                rhs.getType().getShape()};
  SmallVector<bool> out;
  Type element = lhs.getElementType();
  bool ok = false;
  if (auto intType = dyn_cast<IntegerType>(element)) {
    // Booleans compare as unsigned (false < true).
    bool isUnsigned = intType.isUnsigned() || intType.getWidth() == 1;
    auto l = llvm::to_vector(lhs.getValues<APInt>());
    auto r = llvm::to_vector(rhs.getValues<APInt>());
    ok = forEachBroadcast(type.getShape(), shapes, [&](ArrayRef<int64_t> i) {
      const APInt &a = l[i[0]], &b = r[i[1]];
      Order order = a == b                              ? Order::Equal
                    : (isUnsigned ? a.ult(b) : a.slt(b)) ? Order::Less
                                                         : Order::Greater;
      out.push_back(pred(order));
    });
  } else if (isa<FloatType>(element)) {
    auto l = llvm::to_vector(lhs.getValues<APFloat>());
    auto r = llvm::to_vector(rhs.getValues<APFloat>());
    ok = forEachBroadcast(type.getShape(), shapes, [&](ArrayRef<int64_t> i) {
      Order order = Order::Unordered;
      switch (l[i[0]].compare(r[i[1]])) {
      case APFloat::cmpLessThan:
        order = Order::Less;
        break;
      case APFloat::cmpEqual:
        order = Order::Equal;
        break;
      case APFloat::cmpGreaterThan:
        order = Order::Greater;
        break;
      case APFloat::cmpUnordered:
        order = Order::Unordered;
        break;
      }
      out.push_back(order != Order::Unordered && pred(order));
    });
  }
  if (!ok)
    return {};
  return DenseElementsAttr::get(type, out);
}

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](Order o) { return o == Order::Equal; });
}
OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](Order o) { return o == Order::Greater; });
}
OpFoldResult GreaterOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(), [](Order o) {
    return o == Order::Greater || o == Order::Equal;
  });
}
OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(),
                     [](Order o) { return o == Order::Less; });
}
OpFoldResult LessOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(*this, adaptor.getOperands(), [](Order o) {
    return o == Order::Less || o == Order::Equal;
  });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  auto condition = denseOrNull(adaptor.getCondition());
  auto x = denseOrNull(adaptor.getX());
  auto y = denseOrNull(adaptor.getY());
  RankedTensorType type = resultType(*this);
  if (!isFoldable(condition) || !isFoldable(x) || !isFoldable(y) ||
      !type.hasStaticShape() || type.getNumElements() > kMaxFoldElements ||
      !condition.getElementType().isInteger(1) ||
      x.getElementType() != type.getElementType() ||
      y.getElementType() != type.getElementType())
    return {};
  auto c = llvm::to_vector(condition.getValues<bool>());
  auto xs = llvm::to_vector(x.getValues<Attribute>());
  auto ys = llvm::to_vector(y.getValues<Attribute>());
  ArrayRef<int64_t> shapes[] = {condition.getType().getShape(),
                                x.getType().getShape(),
                                y.getType().getShape()};
  SmallVector<Attribute> out;
  if (!forEachBroadcast(type.getShape(), shapes, [&](ArrayRef<int64_t> i) {
        out.push_back(c[i[0]] ? xs[i[1]] : ys[i[2]]);
      }))
    return {};
  return DenseElementsAttr::get(type, out);
}

//===----------------------------------------------------------------------===//
// CheckOp
//===----------------------------------------------------------------------===//

/// A check that holds by construction goes away.
LogicalResult CheckOp::canonicalize(CheckOp op, PatternRewriter &rewriter) {
  if (!matchPattern(op.getCondition(), m_One()))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

LogicalResult AssertOp::canonicalize(AssertOp op, PatternRewriter &rewriter) {
  if (!matchPattern(op.getCondition(), m_One()))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

namespace {
/// An if on a constant condition becomes the ops of the branch it takes.
struct InlineConstantIf : public OpRewritePattern<IfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(IfOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr condition;
    if (!matchPattern(op.getCondition(), m_Constant(&condition)))
      return failure();
    Region &region = *condition.getValues<bool>().begin() ? op.getThenBranch()
                                                          : op.getElseBranch();
    Block *block = &region.front();
    auto yield = cast<YieldOp>(block->getTerminator());
    // A yielded value whose type only agrees with the result type up to
    // dynamic dimensions would need a cast: leave those to the lowering.
    if (yield.getOperandTypes() != op.getResultTypes())
      return failure();
    SmallVector<Value> results(yield.getOperands());
    rewriter.eraseOp(yield);
    rewriter.inlineBlockBefore(block, op);
    rewriter.replaceOp(op, results);
    return success();
  }
};
} // namespace

void IfOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                       MLIRContext *context) {
  results.add<InlineConstantIf>(context);
}
