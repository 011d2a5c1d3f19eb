//===- Utils.cpp - helpers of the modelc-to-linalg lowering -----*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "modelc/runtime.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Quant/QuantTypes.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

Type lowering::convertElementType(Type type) {
  // A string is the address of its text (see Strings.cpp).
  if (isa<StringType>(type))
    return IntegerType::get(type.getContext(), 64);
  // A quantized type is its storage integers.
  if (auto quantized = dyn_cast<quant::QuantizedType>(type))
    return IntegerType::get(type.getContext(),
                            quantized.getStorageTypeIntegralWidth());
  if (auto intType = dyn_cast<IntegerType>(type))
    if (!intType.isSignless())
      return IntegerType::get(type.getContext(), intType.getWidth());
  return type;
}

RankedTensorType lowering::convertTensorType(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return RankedTensorType::get(tensor.getShape(),
                               convertElementType(tensor.getElementType()));
}

ModelcTypeConverter::ModelcTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    return convertTensorType(type);
  });
  auto materialize = [](OpBuilder &b, Type type, ValueRange inputs,
                        Location loc) -> Value {
    return b.create<UnrealizedConversionCastOp>(loc, type, inputs)
        .getResult(0);
  };
  addSourceMaterialization(materialize);
  addTargetMaterialization(materialize);
}

Value lowering::createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                           ValueRange dynamicSizes) {
  assert(static_cast<int64_t>(dynamicSizes.size()) == type.getNumDynamicDims() &&
         "one size per dynamic dimension");
  return b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType(),
                                   dynamicSizes);
}

Value lowering::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                           Value value, ValueRange dynamicSizes) {
  Value empty = createEmpty(b, loc, type, dynamicSizes);
  return b.create<linalg::FillOp>(loc, value, empty).getResult(0);
}

SmallVector<Value> lowering::dynamicSizesFrom(OpBuilder &b, Location loc,
                                            RankedTensorType type,
                                            ValueRange sources) {
  SmallVector<Value> sizes;
  int64_t rank = type.getRank();
  for (int64_t r = 0; r < rank; ++r) {
    if (!type.isDynamicDim(r))
      continue;
    Value size;
    for (Value source : sources) {
      auto sourceType = cast<RankedTensorType>(source.getType());
      int64_t i = r - (rank - sourceType.getRank());
      if (i >= 0 && sourceType.isDynamicDim(i)) {
        size = b.create<tensor::DimOp>(loc, source, i);
        break;
      }
    }
    assert(size && "no source has the dynamic dimension");
    sizes.push_back(size);
  }
  return sizes;
}

Value lowering::emptyLike(OpBuilder &b, Location loc, RankedTensorType type,
                        ValueRange sources) {
  return createEmpty(b, loc, type, dynamicSizesFrom(b, loc, type, sources));
}

OpFoldResult lowering::dimOf(OpBuilder &b, Location loc, Value value,
                             int64_t dim) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.isDynamicDim(dim))
    return b.create<tensor::DimOp>(loc, value, dim).getResult();
  return b.getIndexAttr(type.getDimSize(dim));
}

SmallVector<OpFoldResult> lowering::dimsOf(OpBuilder &b, Location loc,
                                         Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> dims;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (type.isDynamicDim(i))
      dims.push_back(b.create<tensor::DimOp>(loc, value, i).getResult());
    else
      dims.push_back(b.getIndexAttr(type.getDimSize(i)));
  }
  return dims;
}

SmallVector<Value> lowering::dynamicOnly(RankedTensorType type,
                                       ArrayRef<OpFoldResult> dims) {
  SmallVector<Value> sizes;
  for (auto [i, dim] : llvm::enumerate(dims))
    if (type.isDynamicDim(i))
      sizes.push_back(dim.get<Value>());
  return sizes;
}

SmallVector<Value> lowering::dynamicOnly(OpBuilder &b, Location loc,
                                         RankedTensorType type,
                                         ArrayRef<OpFoldResult> dims) {
  SmallVector<Value> sizes;
  for (auto [i, dim] : llvm::enumerate(dims))
    if (type.isDynamicDim(i))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, dim));
  return sizes;
}

RankedTensorType lowering::typeWithDims(ArrayRef<OpFoldResult> dims,
                                        Type element) {
  SmallVector<int64_t> shape;
  for (OpFoldResult dim : dims)
    shape.push_back(getConstantIntValue(dim).value_or(ShapedType::kDynamic));
  return RankedTensorType::get(shape, element);
}

SmallVector<OpFoldResult> lowering::resultDims(OpBuilder &b, Location loc,
                                               RankedTensorType type,
                                               ArrayRef<OpFoldResult> computed,
                                               const Twine &what) {
  assert(static_cast<int64_t>(computed.size()) == type.getRank() &&
         "one size per dimension");
  SmallVector<OpFoldResult> dims;
  for (auto [i, size] : llvm::enumerate(computed)) {
    if (type.isDynamicDim(i)) {
      dims.push_back(size);
      continue;
    }
    OpFoldResult fixed = b.getIndexAttr(type.getDimSize(i));
    if (auto value = dyn_cast<Value>(size))
      checkSizeEquals(b, loc, value, fixed,
                      what + ": dimension " + Twine(i) + " of the result is " +
                          Twine(type.getDimSize(i)));
    dims.push_back(fixed);
  }
  return dims;
}

DenseIntElementsAttr lowering::pairAttr(OpBuilder &b,
                                        ArrayRef<int64_t> values) {
  return DenseIntElementsAttr::get(RankedTensorType::get({2}, b.getI64Type()),
                                   values);
}

Value lowering::padTensor(OpBuilder &b, Location loc, Value value,
                          ArrayRef<OpFoldResult> low,
                          ArrayRef<OpFoldResult> high, Value padValue) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> dims = dimsOf(b, loc, value);
  SizeMath sm(b, loc);
  SmallVector<OpFoldResult> paddedDims;
  for (int64_t i = 0; i < type.getRank(); ++i)
    paddedDims.push_back(sm.add(dims[i], sm.add(low[i], high[i])));
  RankedTensorType paddedType = typeWithDims(paddedDims, type.getElementType());
  if (paddedType.hasStaticShape())
    return b.create<tensor::PadOp>(loc, paddedType, value, low, high, padValue);
  // Not a tensor.pad, whose bufferization would read the sizes of the
  // input's buffer: a filled tensor of the padded sizes, computed from the
  // input's dimensions, with the input inserted.
  Value filled = createFilled(b, loc, paddedType, padValue,
                              dynamicOnly(b, loc, paddedType, paddedDims));
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  return b.create<tensor::InsertSliceOp>(loc, value, filled, low, dims,
                                         strides);
}

Value lowering::castTo(OpBuilder &b, Location loc, Value value,
                       RankedTensorType type) {
  if (value.getType() == type)
    return value;
  return b.create<tensor::CastOp>(loc, type, value);
}

Value lowering::castWithChecks(OpBuilder &b, Location loc, Value value,
                               RankedTensorType type, const Twine &what) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == type)
    return value;
  assert(source.getRank() == type.getRank() && "a cast keeps the rank");
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!source.isDynamicDim(i) || type.isDynamicDim(i))
      continue;
    checkSizeEquals(b, loc, b.create<tensor::DimOp>(loc, value, i),
                    b.getIndexAttr(type.getDimSize(i)),
                    what + ": dimension " + Twine(i) + " is " +
                        Twine(type.getDimSize(i)));
  }
  return b.create<tensor::CastOp>(loc, type, value);
}

OpFoldResult SizeMath::apply(OpFoldResult x, OpFoldResult y,
                             function_ref<int64_t(int64_t, int64_t)> fold,
                             function_ref<Value(Value, Value)> build) {
  std::optional<int64_t> cx = getConstantIntValue(x);
  std::optional<int64_t> cy = getConstantIntValue(y);
  if (cx && cy)
    return b.getIndexAttr(fold(*cx, *cy));
  return build(value(x), value(y));
}

Value SizeMath::value(OpFoldResult x) {
  return getValueOrCreateConstantIndexOp(b, loc, x);
}

OpFoldResult SizeMath::add(OpFoldResult x, OpFoldResult y) {
  if (isConstantIntValue(y, 0))
    return x;
  if (isConstantIntValue(x, 0))
    return y;
  return apply(
      x, y, [](int64_t p, int64_t q) { return p + q; },
      [&](Value p, Value q) { return b.create<arith::AddIOp>(loc, p, q); });
}

OpFoldResult SizeMath::sub(OpFoldResult x, OpFoldResult y) {
  if (isConstantIntValue(y, 0))
    return x;
  return apply(
      x, y, [](int64_t p, int64_t q) { return p - q; },
      [&](Value p, Value q) { return b.create<arith::SubIOp>(loc, p, q); });
}

OpFoldResult SizeMath::mul(OpFoldResult x, OpFoldResult y) {
  if (isConstantIntValue(y, 1))
    return x;
  if (isConstantIntValue(x, 1))
    return y;
  return apply(
      x, y, [](int64_t p, int64_t q) { return p * q; },
      [&](Value p, Value q) { return b.create<arith::MulIOp>(loc, p, q); });
}

OpFoldResult SizeMath::max(OpFoldResult x, OpFoldResult y) {
  return apply(
      x, y, [](int64_t p, int64_t q) { return std::max(p, q); },
      [&](Value p, Value q) { return b.create<arith::MaxSIOp>(loc, p, q); });
}

OpFoldResult SizeMath::min(OpFoldResult x, OpFoldResult y) {
  return apply(
      x, y, [](int64_t p, int64_t q) { return std::min(p, q); },
      [&](Value p, Value q) { return b.create<arith::MinSIOp>(loc, p, q); });
}

OpFoldResult SizeMath::floorDiv(OpFoldResult x, OpFoldResult y) {
  if (isConstantIntValue(y, 1))
    return x;
  return apply(
      x, y,
      [](int64_t p, int64_t q) {
        return p / q - (p % q != 0 && (p < 0) != (q < 0));
      },
      [&](Value p, Value q) {
        return b.create<arith::FloorDivSIOp>(loc, p, q);
      });
}

OpFoldResult SizeMath::ceilDiv(OpFoldResult x, OpFoldResult y) {
  if (isConstantIntValue(y, 1))
    return x;
  return apply(
      x, y,
      [](int64_t p, int64_t q) {
        return p / q + (p % q != 0 && (p < 0) == (q < 0));
      },
      [&](Value p, Value q) {
        return b.create<arith::CeilDivSIOp>(loc, p, q);
      });
}

Value lowering::scalarConstant(OpBuilder &b, Location loc, Type type,
                             double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(floatType, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value lowering::truncToBF16(OpBuilder &b, Location loc, Value x) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) { return scalarConstant(b, loc, i32, v); };
  Value bits = b.create<arith::BitcastOp>(loc, i32, x);
  Value high = b.create<arith::ShRUIOp>(loc, bits, c(16));
  // Adding 0x7fff, plus 1 when the kept part is odd, carries into the kept
  // part exactly when rounding up; a carry into the exponent is right too
  // (up to infinity).
  Value bias = b.create<arith::AddIOp>(
      loc, b.create<arith::AndIOp>(loc, high, c(1)), c(0x7fff));
  Value rounded = b.create<arith::ShRUIOp>(
      loc, b.create<arith::AddIOp>(loc, bits, bias), c(16));
  Value quietNaN = b.create<arith::OrIOp>(loc, high, c(0x40));
  Value isNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  Value r = b.create<arith::SelectOp>(loc, isNaN, quietNaN, rounded);
  r = b.create<arith::TruncIOp>(loc, b.getI16Type(), r);
  return b.create<arith::BitcastOp>(loc, b.getBF16Type(), r);
}

Value lowering::lowestValue(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(floatType,
                            APFloat::getInf(floatType.getFloatSemantics(),
                                            /*Negative=*/true)));
  auto intType = cast<IntegerType>(type);
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, APInt::getSignedMinValue(intType.getWidth())));
}

Value lowering::highestValue(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(floatType,
                            APFloat::getInf(floatType.getFloatSemantics())));
  auto intType = cast<IntegerType>(type);
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, APInt::getSignedMaxValue(intType.getWidth())));
}

DenseElementsAttr lowering::permuteConstant(DenseElementsAttr value,
                                            ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t> resultShape;
  for (int64_t p : perm)
    resultShape.push_back(shape[p]);
  auto resultType = RankedTensorType::get(resultShape, type.getElementType());
  if (value.isSplat())
    return value.resizeSplat(resultType);
  // Row-major strides of the source, in the result's dimension order.
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  SmallVector<int64_t> permutedStrides;
  for (int64_t p : perm)
    permutedStrides.push_back(strides[p]);
  int64_t count = type.getNumElements();
  // The source offset of each result element, walking the result in order.
  SmallVector<int64_t> sourceOffsets(count);
  SmallVector<int64_t> index(rank, 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    sourceOffsets[i] = offset;
    for (int64_t d = rank - 1; d >= 0; --d) {
      offset += permutedStrides[d];
      if (++index[d] < resultShape[d])
        break;
      offset -= permutedStrides[d] * resultShape[d];
      index[d] = 0;
    }
  }
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 == 0) {
    // Move raw bytes: building an attribute per element is slow for large
    // weights.
    size_t size = bits / 8;
    ArrayRef<char> raw = value.getRawData();
    std::vector<char> out(raw.size());
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(&out[i * size], &raw[sourceOffsets[i] * size], size);
    return DenseElementsAttr::getFromRawBuffer(resultType, out);
  }
  auto values = llvm::to_vector(value.getValues<Attribute>());
  SmallVector<Attribute> permuted;
  permuted.reserve(count);
  for (int64_t source : sourceOffsets)
    permuted.push_back(values[source]);
  return DenseElementsAttr::get(resultType, permuted);
}

Value lowering::permuteTensor(OpBuilder &b, Location loc, Value value,
                              ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  DenseElementsAttr constant;
  if (type.hasStaticShape() && matchPattern(value, m_Constant(&constant)))
    return b.create<arith::ConstantOp>(loc, permuteConstant(constant, perm));
  MLIRContext *ctx = b.getContext();
  int64_t rank = perm.size();
  SmallVector<OpFoldResult> inDims = dimsOf(b, loc, value);
  SmallVector<OpFoldResult> dims;
  // Source dimension perm[i] is read at result index d_i.
  SmallVector<AffineExpr> inExprs(rank);
  for (auto [i, p] : llvm::enumerate(perm)) {
    dims.push_back(inDims[p]);
    inExprs[p] = getAffineDimExpr(i, ctx);
  }
  RankedTensorType resultType = typeWithDims(dims, type.getElementType());
  Value init = createEmpty(b, loc, resultType, dynamicOnly(resultType, dims));
  SmallVector<AffineMap> maps{AffineMap::get(rank, 0, inExprs, ctx),
                              b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, ValueRange{value}, ValueRange{init}, maps,
          iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, args[0]);
          })
      .getResult(0);
}

AffineMap lowering::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> inputShape,
                               ArrayRef<int64_t> resultShape) {
  int64_t resultRank = resultShape.size();
  int64_t offset = resultRank - static_cast<int64_t>(inputShape.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, dim] : llvm::enumerate(inputShape)) {
    int64_t r = i + offset;
    if (dim == 1 && resultShape[r] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(r, ctx));
  }
  return AffineMap::get(resultRank, 0, exprs, ctx);
}

Value lowering::countIf(OpBuilder &b, Location loc, Value selected,
                        Value count) {
  Value next = b.create<arith::AddIOp>(
      loc, count, b.create<arith::ConstantIndexOp>(loc, 1));
  return b.create<arith::SelectOp>(loc, selected, next, count);
}

Value lowering::boundedSize(OpBuilder &b, Location loc, Value size,
                            OpFoldResult bound) {
  std::optional<int64_t> s = getConstantIntValue(size);
  if (s && s == getConstantIntValue(bound))
    return size;
  return b.create<BoundedSizeOp>(
      loc, size, getValueOrCreateConstantIndexOp(b, loc, bound));
}

void lowering::checkSizeEquals(OpBuilder &b, Location loc, Value size,
                               OpFoldResult expected, const Twine &message) {
  // The same dimension of the same tensor needs no check.
  auto sameDim = [](Value a, Value b) {
    auto da = a.getDefiningOp<tensor::DimOp>();
    auto db = b.getDefiningOp<tensor::DimOp>();
    return da && db && da.getSource() == db.getSource() &&
           da.getConstantIndex() &&
           da.getConstantIndex() == db.getConstantIndex();
  };
  if (auto value = dyn_cast<Value>(expected);
      value && (value == size || sameDim(value, size)))
    return;
  std::optional<int64_t> lhs = getConstantIntValue(size);
  std::optional<int64_t> rhs = getConstantIntValue(expected);
  if (lhs && rhs && *lhs == *rhs)
    return;
  Value ok = b.create<arith::CmpIOp>(
      loc, arith::CmpIPredicate::eq, size,
      getValueOrCreateConstantIndexOp(b, loc, expected));
  b.create<CheckOp>(loc, ok, b.getStringAttr(message));
}

void lowering::checkSizeAtLeast(OpBuilder &b, Location loc, OpFoldResult size,
                                int64_t minimum, const Twine &message) {
  if (std::optional<int64_t> value = getConstantIntValue(size);
      value && *value >= minimum)
    return;
  Value ok =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                              getValueOrCreateConstantIndexOp(b, loc, size),
                              b.create<arith::ConstantIndexOp>(loc, minimum));
  b.create<CheckOp>(loc, ok, b.getStringAttr(message));
}

void lowering::checkBroadcastSizes(OpBuilder &b, Location loc,
                                   ValueRange inputs,
                                   ArrayRef<OpFoldResult> resultSizes) {
  int64_t rank = resultSizes.size();
  for (auto [k, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(input.getType());
    for (int64_t i = 0; i < type.getRank(); ++i) {
      if (!type.isDynamicDim(i))
        continue;
      int64_t r = i + rank - type.getRank();
      Value size = b.create<tensor::DimOp>(loc, input, i);
      checkSizeEquals(b, loc, size, resultSizes[r],
                      "dimension " + Twine(i) + " of operand " + Twine(k) +
                          " equals dimension " + Twine(r) +
                          " of the broadcast result");
    }
  }
}

Value lowering::buildElementwise(OpBuilder &b, Location loc,
                                 RankedTensorType resultType, ValueRange inputs,
                                 ScalarFn body) {
  // A dynamic dimension of the result is that of an input whose dimension
  // is dynamic too (ONNX shape inference makes static any dimension that
  // an input has statically, and the inputs agree on it); the other inputs
  // are checked against it at run time.
  SmallVector<Value> sizes = dynamicSizesFrom(b, loc, resultType, inputs);
  SmallVector<OpFoldResult> resultSizes;
  for (int64_t r = 0, next = 0; r < resultType.getRank(); ++r)
    resultSizes.push_back(resultType.isDynamicDim(r)
                              ? OpFoldResult(sizes[next++])
                              : b.getIndexAttr(resultType.getDimSize(r)));
  return buildElementwise(b, loc, resultType, resultSizes, inputs, body);
}

Value lowering::buildElementwise(OpBuilder &b, Location loc,
                                 RankedTensorType resultType,
                                 ArrayRef<OpFoldResult> resultSizes,
                                 ValueRange inputs, ScalarFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        broadcastMap(ctx, cast<RankedTensorType>(input.getType()).getShape(),
                     resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = createEmpty(b, loc, resultType,
                           dynamicOnly(b, loc, resultType, resultSizes));
  checkBroadcastSizes(b, loc, inputs, resultSizes);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = body(nb, nloc, args.drop_back());
        nb.create<linalg::YieldOp>(nloc, result);
      });
  return generic.getResult(0);
}

scf::ValueVector
lowering::forEachElement(OpBuilder &b, Location loc, Value x,
                         ValueRange iterArgs,
                         function_ref<scf::ValueVector(OpBuilder &, Location,
                                                       ValueRange, ValueRange)>
                             body) {
  auto type = cast<RankedTensorType>(x.getType());
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  SmallVector<Value> lbs(type.getRank(), zero), steps(type.getRank(), one);
  SmallVector<Value> ubs;
  for (OpFoldResult d : dimsOf(b, loc, x))
    ubs.push_back(getValueOrCreateConstantIndexOp(b, loc, d));
  return scf::buildLoopNest(b, loc, lbs, ubs, steps, iterArgs, body).results;
}

Value lowering::buildIndexGeneric(
    OpBuilder &b, Location loc, RankedTensorType type, ValueRange dynamicSizes,
    function_ref<void(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{},
          ValueRange{createEmpty(b, loc, type, dynamicSizes)},
          ArrayRef<AffineMap>{b.getMultiDimIdentityMap(type.getRank())},
          iterators, body)
      .getResult(0);
}

/// max(x, LO) and min(x, HI) for a float x and a constant bound, as a
/// compare and select that keep a NaN x (as arith.maximumf and minimumf
/// do): `lo > x ? lo : x` is exactly x86's maxps(lo, x), one instruction,
/// where arith.maximumf's handling of NaNs and signed zeros in either
/// operand costs four. Only the sign of a zero result may differ (-0 for
/// max(-0, +0)).
static Value maxWithBound(OpBuilder &b, Location loc, Value x, Value lo) {
  Value below =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, lo, x);
  return b.create<arith::SelectOp>(loc, below, lo, x);
}

static Value minWithBound(OpBuilder &b, Location loc, Value x, Value hi) {
  Value above =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, hi, x);
  return b.create<arith::SelectOp>(loc, above, hi, x);
}

Value lowering::scalarActivation(OpBuilder &b, Location loc, Value x,
                               ActivationKind kind, float alpha, float beta) {
  Type type = x.getType();
  bool isFloat = isa<FloatType>(type);
  switch (kind) {
  case ActivationKind::none:
    return x;
  case ActivationKind::relu: {
    Value zero = scalarConstant(b, loc, type, 0.0);
    if (isFloat)
      return maxWithBound(b, loc, x, zero);
    return b.create<arith::MaxSIOp>(loc, x, zero);
  }
  case ActivationKind::clip: {
    Value lo = scalarConstant(b, loc, type, alpha);
    Value hi = scalarConstant(b, loc, type, beta);
    if (isFloat)
      return minWithBound(b, loc, maxWithBound(b, loc, x, lo), hi);
    return b.create<arith::MinSIOp>(loc, b.create<arith::MaxSIOp>(loc, x, lo),
                                    hi);
  }
  case ActivationKind::leaky_relu: {
    Value zero = scalarConstant(b, loc, type, 0.0);
    Value neg = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, zero);
    Value scaled =
        b.create<arith::MulFOp>(loc, x, scalarConstant(b, loc, type, alpha));
    return b.create<arith::SelectOp>(loc, neg, scaled, x);
  }
  case ActivationKind::sigmoid: {
    Value one = scalarConstant(b, loc, type, 1.0);
    Value e = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
    return b.create<arith::DivFOp>(loc, one,
                                   b.create<arith::AddFOp>(loc, one, e));
  }
  case ActivationKind::tanh:
    return b.create<math::TanhOp>(loc, x);
  case ActivationKind::hard_sigmoid: {
    Value v = b.create<arith::AddFOp>(
        loc, b.create<arith::MulFOp>(loc, x, scalarConstant(b, loc, type, alpha)),
        scalarConstant(b, loc, type, beta));
    v = maxWithBound(b, loc, v, scalarConstant(b, loc, type, 0.0));
    return minWithBound(b, loc, v, scalarConstant(b, loc, type, 1.0));
  }
  case ActivationKind::hard_swish:
    return b.create<arith::MulFOp>(
        loc, x,
        scalarActivation(b, loc, x, ActivationKind::hard_sigmoid, 1.0f / 6.0f,
                         0.5f));
  case ActivationKind::silu:
    return b.create<arith::MulFOp>(
        loc, x, scalarActivation(b, loc, x, ActivationKind::sigmoid, 0, 0));
  case ActivationKind::gelu_erf: {
    // x/2 * (1 + erf(x / sqrt(2))).
    Value e = b.create<math::ErfOp>(
        loc, b.create<arith::MulFOp>(
                 loc, x, scalarConstant(b, loc, type, M_SQRT1_2)));
    Value half = b.create<arith::MulFOp>(loc, x,
                                         scalarConstant(b, loc, type, 0.5));
    return b.create<arith::MulFOp>(
        loc, half,
        b.create<arith::AddFOp>(loc, e, scalarConstant(b, loc, type, 1.0)));
  }
  case ActivationKind::gelu_tanh: {
    // x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
    Value cube = b.create<arith::MulFOp>(loc, x,
                                         b.create<arith::MulFOp>(loc, x, x));
    Value inner = b.create<arith::AddFOp>(
        loc, x,
        b.create<arith::MulFOp>(loc, cube,
                                scalarConstant(b, loc, type, 0.044715)));
    Value t = b.create<math::TanhOp>(
        loc, b.create<arith::MulFOp>(
                 loc, inner,
                 scalarConstant(b, loc, type, std::sqrt(2.0 / M_PI))));
    Value half = b.create<arith::MulFOp>(loc, x,
                                         scalarConstant(b, loc, type, 0.5));
    return b.create<arith::MulFOp>(
        loc, half,
        b.create<arith::AddFOp>(loc, t, scalarConstant(b, loc, type, 1.0)));
  }
  }
  llvm_unreachable("unknown activation");
}

Value lowering::applyActivation(OpBuilder &b, Location loc, Value value,
                              ActivationKind kind, float alpha, float beta) {
  if (kind == ActivationKind::none)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  return buildElementwise(
      b, loc, type, value, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        return scalarActivation(nb, nloc, args[0], kind, alpha, beta);
      });
}

Value lowering::addAndActivate(OpBuilder &b, Location loc, Value value,
                              ValueRange addends, ActivationKind kind,
                              float alpha, float beta) {
  if (addends.empty())
    return applyActivation(b, loc, value, kind, alpha, beta);
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<Value> inputs{value};
  llvm::append_range(inputs, addends);
  return buildElementwise(
      b, loc, type, inputs, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = args[0];
        bool isFloat = isa<FloatType>(v.getType());
        for (Value addend : args.drop_front())
          v = isFloat ? nb.create<arith::AddFOp>(nloc, v, addend).getResult()
                      : nb.create<arith::AddIOp>(nloc, v, addend).getResult();
        return scalarActivation(nb, nloc, v, kind, alpha, beta);
      });
}

FailureOr<SmallVector<int64_t>> lowering::getConstantIntValues(Value value) {
  DenseIntElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return failure();
  SmallVector<int64_t> values;
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

Value lowering::reshapeTensor(OpBuilder &b, Location loc, Value value,
                            RankedTensorType type,
                            ArrayRef<OpFoldResult> dims) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == type)
    return value;
  if (!source.hasStaticShape() || !type.hasStaticShape()) {
    // Adding or removing unit dimensions keeps the dynamic ones in order.
    if (std::optional<SmallVector<ReassociationIndices>> groups =
            getReassociationIndicesForReshape(source, type)) {
      if (source.getRank() > type.getRank())
        return b.create<tensor::CollapseShapeOp>(loc, type, value, *groups);
      if (source.getRank() < type.getRank()) {
        SmallVector<OpFoldResult> outputShape = dims.empty()
            ? *inferExpandShapeOutputShape(b, loc, type, *groups,
                                           dimsOf(b, loc, value))
            : SmallVector<OpFoldResult>(dims);
        return b.create<tensor::ExpandShapeOp>(loc, type, value, *groups,
                                               outputShape);
      }
    }
    // Otherwise through a run-time shape: a view after bufferization.
    assert(static_cast<int64_t>(dims.size()) == type.getRank() &&
           "a dynamic reshape needs the result's dimensions");
    SmallVector<Value> dimValues;
    for (OpFoldResult dim : dims)
      dimValues.push_back(getValueOrCreateConstantIndexOp(b, loc, dim));
    Value shape = b.create<tensor::FromElementsOp>(loc, dimValues);
    return b.create<tensor::ReshapeOp>(loc, type, value, shape);
  }
  // Collapse to 1-D, then expand: both are views after bufferization.
  Value flat = value;
  if (source.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t i = 0; i < source.getRank(); ++i)
      all[0].push_back(i);
    if (source.getRank() == 0)
      all.clear();
    auto flatType = RankedTensorType::get(
        source.getRank() == 0 ? ArrayRef<int64_t>{}
                              : ArrayRef<int64_t>{source.getNumElements()},
        source.getElementType());
    if (source.getRank() == 0)
      flat = b.create<tensor::ExpandShapeOp>(
          loc, RankedTensorType::get({1}, source.getElementType()), value,
          ArrayRef<ReassociationIndices>{});
    else
      flat = b.create<tensor::CollapseShapeOp>(loc, flatType, value, all);
  }
  if (type.getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < type.getRank(); ++i)
    all[0].push_back(i);
  if (type.getRank() == 0)
    return b.create<tensor::CollapseShapeOp>(loc, type, flat,
                                             ArrayRef<ReassociationIndices>{});
  return b.create<tensor::ExpandShapeOp>(loc, type, flat, all);
}

Value lowering::toIndex(OpBuilder &b, Location loc, Value value,
                        bool isUnsigned) {
  if (isUnsigned) {
    Value wide = value;
    if (value.getType().getIntOrFloatBitWidth() < 64)
      wide = b.create<arith::ExtUIOp>(loc, b.getI64Type(), value);
    return b.create<arith::IndexCastUIOp>(loc, b.getIndexType(), wide);
  }
  return b.create<arith::IndexCastOp>(loc, b.getIndexType(), value);
}

Value lowering::wrapNegative(OpBuilder &b, Location loc, Value index,
                             Value size) {
  Value negative =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, index,
                              b.create<arith::ConstantIndexOp>(loc, 0));
  return b.create<arith::SelectOp>(
      loc, negative, b.create<arith::AddIOp>(loc, index, size), index);
}

void lowering::checkIndicesInRange(OpBuilder &b, Location loc, Value indices,
                                   ArrayRef<OpFoldResult> axisSizes,
                                   bool isUnsigned, StringRef name,
                                   bool allowNegative) {
  size_t perTuple = axisSizes.size();
  bool negative = allowNegative && !isUnsigned;
  auto inRange = [&](int64_t index, int64_t size) {
    return index >= (negative ? -size : 0) && index < size;
  };
  // Constant indices within constant sizes need no check.
  SmallVector<int64_t> sizes;
  for (OpFoldResult size : axisSizes)
    if (std::optional<int64_t> value = getConstantIntValue(size))
      sizes.push_back(*value);
  DenseIntElementsAttr constant;
  if (sizes.size() == perTuple &&
      matchPattern(indices, m_Constant(&constant)) &&
      llvm::all_of(llvm::enumerate(constant.getValues<APInt>()),
                   [&](auto element) {
                     const APInt &v = element.value();
                     return inRange(isUnsigned ? int64_t(v.getZExtValue())
                                               : v.getSExtValue(),
                                    sizes[element.index() % perTuple]);
                   }))
    return;
  // Each axis' bounds: [-size, size), or [0, size).
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  SmallVector<Value> highs, lows;
  for (OpFoldResult size : axisSizes) {
    highs.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
    lows.push_back(negative ? b.create<arith::SubIOp>(loc, zero, highs.back())
                            : zero);
  }
  Value ok = forEachElement(
      b, loc, indices, {b.create<arith::ConstantIntOp>(loc, 1, 1)},
      [&](OpBuilder &nb, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        // The axis of this index: the last coordinate picks it in a tuple.
        Value high = highs.front(), low = lows.front();
        for (size_t k = 1; k < perTuple; ++k) {
          Value isK =
              nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, ivs.back(),
                                       nb.create<arith::ConstantIndexOp>(l, k));
          high = nb.create<arith::SelectOp>(l, isK, highs[k], high);
          low = nb.create<arith::SelectOp>(l, isK, lows[k], low);
        }
        Value i = toIndex(nb, l, nb.create<tensor::ExtractOp>(l, indices, ivs),
                          isUnsigned);
        // Unsigned indices are compared unsigned: one beyond the index
        // range is not a negative index.
        Value above = nb.create<arith::CmpIOp>(
            l,
            isUnsigned ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge,
            i, low);
        Value below = nb.create<arith::CmpIOp>(
            l,
            isUnsigned ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt,
            i, high);
        return {nb.create<arith::AndIOp>(
            l, args[0], nb.create<arith::AndIOp>(l, above, below))};
      })[0];
  b.create<CheckOp>(loc, ok,
                    b.getStringAttr(name +
                                    ": every index is within the "
                                    "axis (" +
                                    (negative ? "-size" : "0") +
                                    " <= index < size)"),
                    b.getI32IntegerAttr(MODELC_STATUS_INVALID_ARGUMENT));
}

SmallVector<uint64_t> lowering::axisSetsGiving(ArrayRef<int64_t> input,
                                               ArrayRef<int64_t> result,
                                               int64_t numAxes, bool keepdims) {
  SmallVector<uint64_t> sets;
  int64_t rank = input.size();
  for (uint64_t mask = 0; mask < (uint64_t(1) << rank); ++mask) {
    if (llvm::popcount(mask) != numAxes)
      continue;
    SmallVector<int64_t> shape;
    for (int64_t i = 0; i < rank; ++i) {
      if (!(mask & (uint64_t(1) << i)))
        shape.push_back(input[i]);
      else if (keepdims)
        shape.push_back(1);
    }
    if (ArrayRef<int64_t>(shape) == result)
      sets.push_back(mask);
  }
  return sets;
}

Value lowering::runtimeAxesMask(OpBuilder &b, Location loc, Value axes,
                                int64_t numAxes, int64_t rank) {
  Type i64 = b.getI64Type();
  auto constant = [&](int64_t v) -> Value {
    return b.create<arith::ConstantIntOp>(loc, v, i64);
  };
  Value c1 = constant(1), cRank = constant(rank);
  Value mask = constant(0);
  for (int64_t j = 0; j < numAxes; ++j) {
    Value axis = b.create<tensor::ExtractOp>(
        loc, axes, ValueRange{b.create<arith::ConstantIndexOp>(loc, j)});
    Value negative = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt,
                                             axis, constant(0));
    axis = b.create<arith::SelectOp>(
        loc, negative, b.create<arith::AddIOp>(loc, axis, cRank), axis);
    Value inRange =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, axis, cRank);
    axis = b.create<arith::SelectOp>(loc, inRange, axis, cRank);
    mask = b.create<arith::AddIOp>(loc, mask,
                                   b.create<arith::ShLIOp>(loc, c1, axis));
  }
  return mask;
}

Value lowering::buildGatherGeneric(OpBuilder &b, Location loc,
                                   RankedTensorType type,
                                   ValueRange dynamicSizes, Value data,
                                   Value input, AffineMap inputMap,
                                   CoordsFn coords) {
  int64_t rank = type.getRank();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (input) {
    inputs.push_back(input);
    maps.push_back(inputMap);
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, inputs,
      ValueRange{createEmpty(b, loc, type, dynamicSizes)}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        SmallVector<Value> at = coords(nb, l, args.drop_back());
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<tensor::ExtractOp>(l, data, at)});
      });
  return generic.getResult(0);
}

LogicalResult lowering::unsupported(Operation *op, const Twine &reason) {
  op->emitError("cannot lower '") << op->getName() << "': " << reason;
  return failure();
}
