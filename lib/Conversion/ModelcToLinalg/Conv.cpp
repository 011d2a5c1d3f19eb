//===- Conv.cpp - convolution, pooling, normalization to linalg -*- C++ -*-===//
//
// Part of modelc. Conv (N-d, grouped, dilated), MaxPool, AveragePool,
// GlobalAveragePool, GlobalMaxPool and BatchNormalization, as
// linalg.generic ops over explicitly padded inputs; MaxUnpool, a scatter
// (scf.for loops over tensors).
//
// The batch and spatial sizes may be dynamic: they are read with
// tensor.dim, the output size of each spatial axis is computed from the
// input's, and what the op requires at run time (a Conv's input channels
// against its weight, a window that fits the padded input, a declared
// result size) is a modelc.check.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

/// The permutations between NCHW and NHWC (channels-last).
static constexpr int64_t kToChannelsLast[] = {0, 2, 3, 1};
static constexpr int64_t kFromChannelsLast[] = {0, 3, 1, 2};

/// The dimensions of VALUE in NCHW order: a channels-last (NHWC) value's
/// permuted.
static SmallVector<OpFoldResult> nchwDims(OpBuilder &b, Location loc,
                                          Value value, bool channelsLast) {
  SmallVector<OpFoldResult> dims = dimsOf(b, loc, value);
  if (!channelsLast)
    return dims;
  return llvm::map_to_vector(kFromChannelsLast,
                             [&](int64_t p) { return dims[p]; });
}

/// TYPE in NCHW order: a channels-last (NHWC) type permuted.
static RankedTensorType nchwType(RankedTensorType type, bool channelsLast) {
  if (!channelsLast)
    return type;
  SmallVector<int64_t> shape;
  for (int64_t p : kFromChannelsLast)
    shape.push_back(type.getDimSize(p));
  return RankedTensorType::get(shape, type.getElementType());
}

/// Pads the spatial axes (2..) of X with VALUE: LOW before, HIGH after.
static Value padSpatial(OpBuilder &b, Location loc, Value x,
                        ArrayRef<OpFoldResult> low, ArrayRef<OpFoldResult> high,
                        Value value) {
  auto isZero = [](OpFoldResult p) { return isConstantIntValue(p, 0); };
  if (llvm::all_of(low, isZero) && llvm::all_of(high, isZero))
    return x;
  OpFoldResult zero = b.getIndexAttr(0);
  SmallVector<OpFoldResult> lo(2, zero), hi(2, zero);
  llvm::append_range(lo, low);
  llvm::append_range(hi, high);
  return padTensor(b, loc, x, lo, hi, value);
}

/// TYPE with dimension DIM made SIZE.
static RankedTensorType withDim(RankedTensorType type, int64_t dim,
                                int64_t size) {
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = size;
  return RankedTensorType::get(shape, type.getElementType());
}

namespace {

/// The geometry of a window op (Conv, MaxPool, AveragePool) on an input of
/// N x C x D1 x ... x Dn: each spatial axis's input size, its begin and end
/// pads (BEGIN, END: the attribute's, or computed for auto_pad), the pads
/// to apply (LOW = BEGIN, and HIGH: END grown where ceil_mode makes the
/// last window run past the padded input), and the result's dimensions
/// with the tensor type they give (static where they are known at compile
/// time).
struct WindowGeometry {
  SmallVector<OpFoldResult> in, begin, end, low, high, dims;
  RankedTensorType type;
};

} // namespace

/// The geometry of a window op on an input of dimensions INDIMS (N, C,
/// spatial: a channels-last input's permuted) with RESULTTYPE (of CHANNELS
/// channels, in the same order). The output size of a spatial axis, as ONNX's
/// shape inference computes it, is (D + pads - ((k - 1) * dilation + 1)) /
/// stride + 1, rounded down (up with CEILMODE). Where D is dynamic it is
/// computed at run time, after a `modelc.check` that the padded input holds one
/// window; a static result dimension is checked against it (NAME names the op
/// in the messages). With AUTOPAD SAME_UPPER or SAME_LOWER the output size is
/// ceil(D / stride) and the pads the total that this needs, split in two (the
/// odd one at the end for SAME_UPPER, at the beginning for SAME_LOWER).
static WindowGeometry
computeWindow(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> inDims,
              ArrayRef<int64_t> kernel,
              ArrayRef<int64_t> pads, ArrayRef<int64_t> strides,
              ArrayRef<int64_t> dilations, StringRef autoPad, bool ceilMode,
              OpFoldResult channels, RankedTensorType resultType,
              StringRef name) {
  SizeMath m(b, loc);
  int64_t rank = kernel.size();
  SmallVector<OpFoldResult> computed{inDims[0], channels};
  SmallVector<OpFoldResult> extents;
  WindowGeometry g;
  for (int64_t i = 0; i < rank; ++i) {
    OpFoldResult in = inDims[i + 2];
    g.in.push_back(in);
    OpFoldResult extent = m.constant((kernel[i] - 1) * dilations[i] + 1);
    extents.push_back(extent);
    OpFoldResult stride = m.constant(strides[i]);
    if (autoPad != "NOTSET") {
      OpFoldResult out = m.ceilDiv(in, stride);
      OpFoldResult total = m.max(
          m.constant(0),
          m.sub(m.add(m.mul(m.sub(out, m.constant(1)), stride), extent), in));
      OpFoldResult half = m.floorDiv(total, m.constant(2));
      OpFoldResult rest = m.sub(total, half);
      bool upper = autoPad == "SAME_UPPER";
      g.begin.push_back(upper ? half : rest);
      g.end.push_back(upper ? rest : half);
      computed.push_back(out);
      continue;
    }
    g.begin.push_back(m.constant(pads[i]));
    g.end.push_back(m.constant(pads[i + rank]));
    OpFoldResult padded = m.add(in, m.constant(pads[i] + pads[i + rank]));
    if (auto value = dyn_cast<Value>(padded)) {
      Value fits = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                                           value, m.value(extent));
      b.create<CheckOp>(
          loc, fits,
          b.getStringAttr(name + ": spatial dimension " + Twine(i + 2) +
                          " of the input plus its pads is at least the "
                          "kernel's extent " +
                          Twine(getConstantIntValue(extent).value())));
    }
    OpFoldResult span = m.sub(padded, extent);
    computed.push_back(
        m.add(ceilMode ? m.ceilDiv(span, stride) : m.floorDiv(span, stride),
              m.constant(1)));
  }
  g.dims = resultDims(b, loc, resultType, computed, name);
  g.type = typeWithDims(g.dims, resultType.getElementType());
  for (int64_t i = 0; i < rank; ++i) {
    // The end pad that makes the last window fit.
    OpFoldResult needed = m.add(
        m.mul(m.sub(g.dims[i + 2], m.constant(1)), m.constant(strides[i])),
        extents[i]);
    OpFoldResult available = m.add(g.in[i], m.add(g.begin[i], g.end[i]));
    g.low.push_back(g.begin[i]);
    g.high.push_back(
        m.add(g.end[i], m.max(m.constant(0), m.sub(needed, available))));
  }
  return g;
}

/// The accumulator of a grouped convolution, N x G x M/G x O..., holding
/// the bias of each output channel (or zero) for a result of TYPE
/// (N x M x O..., dimensions DIMS).
static Value groupedAccumulator(OpBuilder &b, Location loc,
                                RankedTensorType type,
                                ArrayRef<OpFoldResult> dims, int64_t group,
                                Value bias) {
  Type element = type.getElementType();
  int64_t rank = type.getRank() - 2;
  int64_t perGroupOut = type.getDimSize(1) / group;
  SmallVector<int64_t> groupedShape{type.getDimSize(0), group, perGroupOut};
  llvm::append_range(groupedShape, type.getShape().drop_front(2));
  auto groupedType = RankedTensorType::get(groupedShape, element);
  SmallVector<OpFoldResult> groupedDims{dims[0], b.getIndexAttr(group),
                                        b.getIndexAttr(perGroupOut)};
  groupedDims.append(dims.begin() + 2, dims.end());
  if (!bias)
    return createFilled(b, loc, groupedType,
                        scalarConstant(b, loc, element, 0.0),
                        dynamicOnly(b, loc, groupedType, groupedDims));
  SmallVector<int64_t> biasShape{group, perGroupOut};
  biasShape.append(rank, 1);
  Value shaped =
      reshapeTensor(b, loc, bias, RankedTensorType::get(biasShape, element));
  return buildElementwise(
      b, loc, groupedType, groupedDims, shaped,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// Merges the group and per-group channel dims of a grouped result into
/// a result of TYPE.
static Value ungroup(OpBuilder &b, Location loc, Value grouped,
                     RankedTensorType type) {
  SmallVector<ReassociationIndices> reassociation{{0}, {1, 2}};
  for (int64_t i = 2; i < type.getRank(); ++i)
    reassociation.push_back({i + 1});
  return b.create<tensor::CollapseShapeOp>(loc, type, grouped, reassociation);
}


/// The input of a 2-D channels-last window op: INPUT (NCHW, or NHWC with
/// INPUTCHANNELSLAST) permuted to NHWC and padded with PADVALUE as GEO
/// says.
static Value channelsLastWindowInput(OpBuilder &b, Location loc, Value input,
                                     bool inputChannelsLast,
                                     const WindowGeometry &geo,
                                     Value padValue) {
  Value x = inputChannelsLast ? input
                              : permuteTensor(b, loc, input, kToChannelsLast);
  auto isZero = [](OpFoldResult p) { return isConstantIntValue(p, 0); };
  if (llvm::all_of(geo.low, isZero) && llvm::all_of(geo.high, isZero))
    return x;
  OpFoldResult none = b.getIndexAttr(0);
  return padTensor(b, loc, x, {none, geo.low[0], geo.low[1], none},
                   {none, geo.high[0], geo.high[1], none}, padValue);
}

/// A 2-D float convolution (group 1, or depthwise: one input and one output
/// channel per group) as linalg's channels-last named op, which the CPU
/// codegen tiles, decomposes to 1-D and vectorizes: the INPUT (NCHW, or
/// NHWC with INPUTCHANNELSLAST) is permuted to NHWC and padded, the OIHW WEIGHT
/// permuted to HWCF (HWC for depthwise; at compile time where it is a
/// constant), and the accumulator starts from the BIAS. Returns the NHWC
/// result; the permutations around consecutive convolutions cancel in
/// elementwise fusion.
static Value lowerConv2DChannelsLast(OpBuilder &b, Location loc, Value input,
                                     bool inputChannelsLast, Value weight,
                                     Value bias,
                                     const WindowGeometry &geo,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations,
                                     bool depthwise) {
  Type element = geo.type.getElementType();
  Value zero = scalarConstant(b, loc, element, 0.0);
  Value x =
      channelsLastWindowInput(b, loc, input, inputChannelsLast, geo, zero);
  // OIHW to HWCF; depthwise M x 1 x KH x KW to KH x KW x 1 x M, then
  // KH x KW x M.
  Value w = permuteTensor(b, loc, weight, {2, 3, 1, 0});
  if (depthwise) {
    ArrayRef<int64_t> hwcf = cast<RankedTensorType>(w.getType()).getShape();
    auto hwc = RankedTensorType::get({hwcf[0], hwcf[1], hwcf[3]}, element);
    DenseElementsAttr constant;
    if (matchPattern(w, m_Constant(&constant)))
      w = b.create<arith::ConstantOp>(loc, constant.reshape(hwc));
    else
      w = b.create<tensor::CollapseShapeOp>(
          loc, hwc, w, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  }
  SmallVector<OpFoldResult> dims{geo.dims[0], geo.dims[2], geo.dims[3],
                                 geo.dims[1]};
  RankedTensorType type = typeWithDims(dims, element);
  Value init;
  if (!bias) {
    init = createFilled(b, loc, type, zero, dynamicOnly(b, loc, type, dims));
  } else {
    init = buildElementwise(
        b, loc, type, dims, bias,
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  }
  if (depthwise)
    return b
        .create<linalg::DepthwiseConv2DNhwcHwcOp>(
            loc, TypeRange{type}, ValueRange{x, w}, ValueRange{init},
            pairAttr(b, strides), pairAttr(b, dilations))
        .getResult(0);
  return b
      .create<linalg::Conv2DNhwcHwcfOp>(loc, TypeRange{type}, ValueRange{x, w},
                                        ValueRange{init}, pairAttr(b, strides),
                                        pairAttr(b, dilations))
      .getResult(0);
}

namespace {

struct ConvLowering : public OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Quantized.cpp's.
    if (isQuantizedTensor(op.getType()))
      return failure();
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    if (!weightType.hasStaticShape())
      return unsupported(op, "the weight must have a static shape");
    Type element = resultType.getElementType();
    if (inputType.getElementType() != element ||
        weightType.getElementType() != element)
      return unsupported(op, "input, weight and result must have one element "
                             "type (ConvInteger casts to i32 first)");

    int64_t rank = inputType.getRank() - 2;
    int64_t group = op.getGroup();
    int64_t outChannels = weightType.getDimSize(0);
    int64_t perGroupIn = weightType.getDimSize(1);
    int64_t perGroupOut = outChannels / group;
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    SmallVector<int64_t> kernel(weightType.getShape().drop_front(2));

    // The input channels that the weight takes; a dynamic count is checked
    // at run time.
    bool channelsLast = op.getChannelsLast();
    Value input = castWithChecks(
        rewriter, loc, adaptor.getInput(),
        withDim(inputType, channelsLast ? rank + 1 : 1, perGroupIn * group),
        "Conv's input channels equal the weight's " + Twine(perGroupIn) +
            " per group times " + Twine(group) + " groups");
    WindowGeometry geo = computeWindow(
        rewriter, loc, nchwDims(rewriter, loc, input, channelsLast), kernel,
        pads, strides, dilations, op.getAutoPad(),
        /*ceilMode=*/false, rewriter.getIndexAttr(outChannels),
        nchwType(resultType, channelsLast), "Conv");
    bool depthwise = perGroupIn == 1 && perGroupOut == 1;
    if (rank == 2 && isa<FloatType>(element) && (group == 1 || depthwise)) {
      Value result = lowerConv2DChannelsLast(
          rewriter, loc, input, channelsLast, adaptor.getWeight(),
          adaptor.getBias(), geo, strides, dilations, depthwise);
      // The residual, NHWC like the result here.
      SmallVector<Value> addends;
      if (Value residual = adaptor.getResidual())
        addends.push_back(
            channelsLast
                ? castTo(rewriter, loc, residual,
                         cast<RankedTensorType>(result.getType()))
                : permuteTensor(rewriter, loc, residual, kToChannelsLast));
      result = addAndActivate(rewriter, loc, result, addends,
                              op.getActivation(),
                              op.getActivationAlpha().convertToFloat(),
                              op.getActivationBeta().convertToFloat());
      if (!channelsLast)
        result = permuteTensor(rewriter, loc, result, kFromChannelsLast);
      rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
      return success();
    }
    if (channelsLast)
      return unsupported(op, "channels_last needs a 2-D float convolution of "
                             "one group or depthwise");
    Value zero = scalarConstant(rewriter, loc, element, 0.0);
    Value x = padSpatial(rewriter, loc, input, geo.low, geo.high, zero);

    // Iteration space, outermost first: n, g, m (parallel), c, k_1..k_r
    // (reduction), o_1..o_r (parallel). The output positions are innermost:
    // each filter tap is a multiply-add over a contiguous output row, which
    // vectorizes, and the outer parallel loop spreads filters over threads.
    MLIRContext *ctx = rewriter.getContext();
    int64_t numDims = 3 + rank + 1 + rank;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    AffineExpr n = d(0), g = d(1), m = d(2), c = d(3);
    SmallVector<AffineExpr> xExprs{n, g * perGroupIn + c};
    SmallVector<AffineExpr> wExprs{g * perGroupOut + m, c};
    SmallVector<AffineExpr> outExprs{n, g, m};
    for (int64_t i = 0; i < rank; ++i) {
      AffineExpr k = d(4 + i), o = d(4 + rank + i);
      xExprs.push_back(o * strides[i] + k * dilations[i]);
      wExprs.push_back(k);
      outExprs.push_back(o);
    }
    Value init = groupedAccumulator(rewriter, loc, geo.type, geo.dims, group,
                                    adaptor.getBias());
    auto groupedType = cast<RankedTensorType>(init.getType());

    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
    iterators.append(1 + rank, utils::IteratorType::reduction);
    iterators.append(rank, utils::IteratorType::parallel);
    SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, xExprs, ctx),
                                AffineMap::get(numDims, 0, wExprs, ctx),
                                AffineMap::get(numDims, 0, outExprs, ctx)};
    auto conv = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{groupedType}, ValueRange{x, adaptor.getWeight()},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          if (!isa<FloatType>(args[2].getType())) {
            Value prod = b.create<arith::MulIOp>(l, args[0], args[1]);
            b.create<linalg::YieldOp>(
                l, ValueRange{b.create<arith::AddIOp>(l, args[2], prod)});
            return;
          }
          // `contract`: an FMA where the target has one.
          auto contract = arith::FastMathFlags::contract;
          Value prod = b.create<arith::MulFOp>(l, args[0], args[1], contract);
          b.create<linalg::YieldOp>(
              l, ValueRange{
                     b.create<arith::AddFOp>(l, args[2], prod, contract)});
        });

    Value result = ungroup(rewriter, loc, conv.getResult(0), geo.type);
    SmallVector<Value> addends;
    if (Value residual = adaptor.getResidual())
      addends.push_back(castTo(rewriter, loc, residual,
                               cast<RankedTensorType>(result.getType())));
    result = addAndActivate(rewriter, loc, result, addends, op.getActivation(),
                            op.getActivationAlpha().convertToFloat(),
                            op.getActivationBeta().convertToFloat());
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

/// ConvTranspose as a gather: output position o takes input position
/// i = (o + pad - k * dilation) / stride through tap k when the division is
/// exact and i is inside the input. Iteration: n, g, m, c, k..., o.... The
/// output size of a spatial axis is (D - 1) * stride + (k - 1) * dilation
/// + 1 - pads (the importer folds output_padding into the end pads).
struct ConvTransposeLowering : public OpConversionPattern<ConvTransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Quantized.cpp's.
    if (isQuantizedTensor(op.getType()))
      return failure();
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    if (!weightType.hasStaticShape())
      return unsupported(op, "the weight must have a static shape");
    Type element = resultType.getElementType();
    if (!isa<FloatType>(element))
      return unsupported(op, "only floating-point inputs are supported");
    int64_t rank = inputType.getRank() - 2;
    int64_t group = op.getGroup();
    int64_t perGroupIn = weightType.getDimSize(0) / group;
    int64_t outChannels = weightType.getDimSize(1) * group;
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    SmallVector<int64_t> kernel(weightType.getShape().drop_front(2));

    Value input = castWithChecks(
        rewriter, loc, adaptor.getInput(),
        withDim(inputType, 1, weightType.getDimSize(0)),
        "ConvTranspose's input channels equal the weight's filters");
    SizeMath sm(rewriter, loc);
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    SmallVector<OpFoldResult> computed{inDims[0],
                                       rewriter.getIndexAttr(outChannels)};
    for (int64_t i = 0; i < rank; ++i)
      computed.push_back(sm.add(sm.mul(sm.sub(inDims[i + 2], sm.constant(1)),
                                       sm.constant(strides[i])),
                                sm.constant((kernel[i] - 1) * dilations[i] + 1 -
                                            pads[i] - pads[i + rank])));
    SmallVector<OpFoldResult> dims =
        resultDims(rewriter, loc, resultType, computed, "ConvTranspose");
    RankedTensorType type = typeWithDims(dims, element);
    // The input's spatial sizes, for the bounds inside the generic.
    SmallVector<Value> inSizes;
    for (int64_t i = 0; i < rank; ++i)
      inSizes.push_back(sm.value(inDims[i + 2]));

    MLIRContext *ctx = rewriter.getContext();
    int64_t numDims = 4 + 2 * rank;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> wExprs{d(1) * perGroupIn + d(3), d(2)};
    SmallVector<AffineExpr> outExprs{d(0), d(1), d(2)};
    for (int64_t i = 0; i < rank; ++i) {
      wExprs.push_back(d(4 + i));
      outExprs.push_back(d(4 + rank + i));
    }
    Value init =
        groupedAccumulator(rewriter, loc, type, dims, group, adaptor.getBias());
    auto groupedType = cast<RankedTensorType>(init.getType());
    SmallVector<utils::IteratorType> iterators(3,
                                               utils::IteratorType::parallel);
    iterators.append(1 + rank, utils::IteratorType::reduction);
    iterators.append(rank, utils::IteratorType::parallel);
    // A dummy operand of C/group elements gives the channel loop its
    // extent (the weight reads it through g * C/group + c).
    Value channels = rewriter.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{perGroupIn}, element);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{groupedType}, ValueRange{adaptor.getWeight(), channels},
        ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::get(numDims, 0, wExprs, ctx),
                            AffineMap::get(numDims, 0, d(3)),
                            AffineMap::get(numDims, 0, outExprs, ctx)},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          auto cst = [&](int64_t v) -> Value {
            return b.create<arith::ConstantIndexOp>(l, v);
          };
          Value valid = b.create<arith::ConstantIntOp>(l, 1, 1);
          Value channel = b.create<arith::AddIOp>(
              l,
              b.create<arith::MulIOp>(l, b.create<linalg::IndexOp>(l, 1),
                                      cst(perGroupIn)),
              b.create<linalg::IndexOp>(l, 3));
          SmallVector<Value> coords{b.create<linalg::IndexOp>(l, 0), channel};
          for (int64_t i = 0; i < rank; ++i) {
            Value o = b.create<linalg::IndexOp>(l, 4 + rank + i);
            Value k = b.create<linalg::IndexOp>(l, 4 + i);
            Value pos = b.create<arith::SubIOp>(
                l, b.create<arith::AddIOp>(l, o, cst(pads[i])),
                b.create<arith::MulIOp>(l, k, cst(dilations[i])));
            Value in = b.create<arith::FloorDivSIOp>(l, pos, cst(strides[i]));
            Value exact = b.create<arith::CmpIOp>(
                l, arith::CmpIPredicate::eq,
                b.create<arith::MulIOp>(l, in, cst(strides[i])), pos);
            Value inside = b.create<arith::AndIOp>(
                l,
                b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, in,
                                        cst(0)),
                b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, in,
                                        inSizes[i]));
            valid = b.create<arith::AndIOp>(
                l, valid, b.create<arith::AndIOp>(l, exact, inside));
            // A clamped index keeps the load in bounds; valid masks it.
            in = b.create<arith::MaxSIOp>(l, in, cst(0));
            in = b.create<arith::MinSIOp>(
                l, in, b.create<arith::SubIOp>(l, inSizes[i], cst(1)));
            coords.push_back(in);
          }
          Value x = b.create<tensor::ExtractOp>(l, input, coords);
          Value prod = b.create<arith::MulFOp>(l, x, args[0]);
          Value sum = b.create<arith::AddFOp>(l, args[2], prod);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, valid, sum, args[2])});
        });
    Value result = ungroup(rewriter, loc, generic.getResult(0), type);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

/// The window geometry of a pooling op on INPUT, whose result type is
/// RESULTTYPE (the channels are the input's), in NCHW order.
template <typename PoolOp>
WindowGeometry poolWindow(PoolOp op, Value input, RankedTensorType resultType,
                          OpBuilder &b) {
  bool channelsLast = op.getChannelsLast();
  SmallVector<OpFoldResult> dims =
      nchwDims(b, op.getLoc(), input, channelsLast);
  return computeWindow(b, op.getLoc(), dims, op.getKernelShape(), op.getPads(),
                       op.getStrides(), op.getDilations(), op.getAutoPad(),
                       op.getCeilMode(), dims[1],
                       nchwType(resultType, channelsLast),
                       PoolOp::getOperationName());
}

/// A 2-D window reduction (max, or the sum of an average; float, or the max
/// of integers, unsigned with ISUNSIGNED) as linalg's channels-last named
/// pooling op: the INPUT (NCHW, or NHWC with INPUTCHANNELSLAST) permuted to
/// NHWC and padded with PADVALUE. Returns the NHWC result.
static Value buildPool2DChannelsLast(OpBuilder &b, Location loc, Value input,
                                     bool inputChannelsLast,
                                     const WindowGeometry &geo,
                                     ArrayRef<int64_t> kernel,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations, bool isMax,
                                     bool isUnsigned, Value padValue) {
  Type element = geo.type.getElementType();
  Value x =
      channelsLastWindowInput(b, loc, input, inputChannelsLast, geo, padValue);
  SmallVector<OpFoldResult> dims{geo.dims[0], geo.dims[2], geo.dims[3],
                                 geo.dims[1]};
  RankedTensorType type = typeWithDims(dims, element);
  Value init =
      createFilled(b, loc, type, padValue, dynamicOnly(b, loc, type, dims));
  Value window = b.create<tensor::EmptyOp>(loc, kernel, element);
  SmallVector<Value> inputs{x, window};
  DenseIntElementsAttr stridesAttr = pairAttr(b, strides);
  DenseIntElementsAttr dilationsAttr = pairAttr(b, dilations);
  if (isMax && isUnsigned)
    return b
        .create<linalg::PoolingNhwcMaxUnsignedOp>(loc, TypeRange{type}, inputs,
                                                  ValueRange{init}, stridesAttr,
                                                  dilationsAttr)
        .getResult(0);
  if (isMax)
    return b
        .create<linalg::PoolingNhwcMaxOp>(loc, TypeRange{type}, inputs,
                                          ValueRange{init}, stridesAttr,
                                          dilationsAttr)
        .getResult(0);
  return b
      .create<linalg::PoolingNhwcSumOp>(loc, TypeRange{type}, inputs,
                                        ValueRange{init}, stridesAttr,
                                        dilationsAttr)
      .getResult(0);
}

/// Shared window reduction of MaxPool and AveragePool: returns the reduced
/// tensor (max or sum) over the padded input, of GEO's type (permuted to
/// NHWC for a channels-last op).
template <typename PoolOp>
Value buildWindowReduction(PoolOp op, Value input, const WindowGeometry &geo,
                           bool isMax, ConversionPatternRewriter &rewriter) {
  Location loc = op.getLoc();
  RankedTensorType resultType = geo.type;
  auto inputType = cast<RankedTensorType>(input.getType());
  Type element = resultType.getElementType();
  bool isUnsigned = isUnsignedStorage(op.getInput().getType());
  int64_t rank = inputType.getRank() - 2;
  ArrayRef<int64_t> kernel = op.getKernelShape();
  ArrayRef<int64_t> strides = op.getStrides();
  ArrayRef<int64_t> dilations = op.getDilations();

  Value padValue =
      isMax ? (isUnsigned ? scalarConstant(rewriter, loc, element, 0)
                          : lowestValue(rewriter, loc, element))
            : scalarConstant(rewriter, loc, element, 0.0);
  bool channelsLast = op.getChannelsLast();
  if (rank == 2 && (isa<FloatType>(element) || isMax)) {
    Value result = buildPool2DChannelsLast(rewriter, loc, input, channelsLast,
                                           geo, kernel, strides, dilations,
                                           isMax, isUnsigned, padValue);
    if (channelsLast)
      return result;
    return permuteTensor(rewriter, loc, result, kFromChannelsLast);
  }
  Value x = padSpatial(rewriter, loc, input, geo.low, geo.high, padValue);

  MLIRContext *ctx = rewriter.getContext();
  int64_t numDims = 2 + 2 * rank;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> xExprs{d(0), d(1)}, outExprs{d(0), d(1)};
  for (int64_t i = 0; i < rank; ++i) {
    xExprs.push_back(d(2 + i) * strides[i] + d(2 + rank + i) * dilations[i]);
    outExprs.push_back(d(2 + i));
  }
  // The window offsets are iterated through a dummy operand of the kernel's
  // shape, which gives the reduction dimensions their extent.
  SmallVector<AffineExpr> kExprs;
  for (int64_t i = 0; i < rank; ++i)
    kExprs.push_back(d(2 + rank + i));
  Value window = rewriter.create<tensor::EmptyOp>(loc, kernel, element);
  Value init = createFilled(rewriter, loc, resultType, padValue,
                            dynamicOnly(rewriter, loc, resultType, geo.dims));
  SmallVector<utils::IteratorType> iterators(2 + rank,
                                             utils::IteratorType::parallel);
  iterators.append(rank, utils::IteratorType::reduction);
  SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, xExprs, ctx),
                              AffineMap::get(numDims, 0, kExprs, ctx),
                              AffineMap::get(numDims, 0, outExprs, ctx)};
  bool isFloat = isa<FloatType>(element);
  auto pool = rewriter.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, ValueRange{x, window}, ValueRange{init},
      maps, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        Value r;
        if (!isMax)
          r = isFloat ? b.create<arith::AddFOp>(l, args[2], args[0]).getResult()
                      : b.create<arith::AddIOp>(l, args[2], args[0]).getResult();
        else if (isFloat)
          r = b.create<arith::MaximumFOp>(l, args[2], args[0]);
        else if (isUnsigned)
          r = b.create<arith::MaxUIOp>(l, args[2], args[0]);
        else
          r = b.create<arith::MaxSIOp>(l, args[2], args[0]);
        b.create<linalg::YieldOp>(l, r);
      });
  return pool.getResult(0);
}

/// MaxPool with its Indices result: one generic computes the maximum and
/// the row-major index of its position in the (unpadded) input.
FailureOr<std::pair<Value, Value>>
buildMaxPoolWithIndices(MaxPoolOp op, Value input, const WindowGeometry &geo,
                        ConversionPatternRewriter &rewriter) {
  Location loc = op.getLoc();
  RankedTensorType resultType = geo.type;
  auto indicesType =
      RankedTensorType::get(resultType.getShape(), rewriter.getI64Type());
  auto inputType = cast<RankedTensorType>(input.getType());
  Type element = resultType.getElementType();
  if (!isa<FloatType>(element)) {
    (void)unsupported(op, "Indices need a floating-point input");
    return failure();
  }
  int64_t rank = inputType.getRank() - 2;
  ArrayRef<int64_t> kernel = op.getKernelShape();
  ArrayRef<int64_t> strides = op.getStrides();
  ArrayRef<int64_t> dilations = op.getDilations();
  Value lowest = lowestValue(rewriter, loc, element);
  Value x = padSpatial(rewriter, loc, input, geo.low, geo.high, lowest);
  MLIRContext *ctx = rewriter.getContext();
  int64_t numDims = 2 + 2 * rank;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> xExprs{d(0), d(1)}, outExprs{d(0), d(1)}, kExprs;
  for (int64_t i = 0; i < rank; ++i) {
    xExprs.push_back(d(2 + i) * strides[i] + d(2 + rank + i) * dilations[i]);
    outExprs.push_back(d(2 + i));
    kExprs.push_back(d(2 + rank + i));
  }
  Value window = rewriter.create<tensor::EmptyOp>(loc, kernel, element);
  SmallVector<Value> sizes = dynamicOnly(rewriter, loc, resultType, geo.dims);
  Value valueInit = createFilled(rewriter, loc, resultType, lowest, sizes);
  Value indexInit = createFilled(
      rewriter, loc, indicesType,
      scalarConstant(rewriter, loc, rewriter.getI64Type(), 0), sizes);
  // The input's channel and spatial sizes (i64), for the row-major index.
  SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
  SmallVector<Value> inSizes;
  for (int64_t i = 1; i < inputType.getRank(); ++i) {
    if (std::optional<int64_t> size = getConstantIntValue(inDims[i])) {
      inSizes.push_back(Value());
      continue;
    }
    inSizes.push_back(rewriter.create<arith::IndexCastOp>(
        loc, rewriter.getI64Type(), inDims[i].get<Value>()));
  }
  // The begin pads as i64 values where they are computed at run time.
  SmallVector<Value> begins;
  for (OpFoldResult p : geo.begin)
    begins.push_back(isa<Value>(p)
                         ? rewriter
                               .create<arith::IndexCastOp>(
                                   loc, rewriter.getI64Type(), p.get<Value>())
                               .getResult()
                         : Value());
  SmallVector<utils::IteratorType> iterators(2 + rank,
                                             utils::IteratorType::parallel);
  iterators.append(rank, utils::IteratorType::reduction);
  AffineMap outMap = AffineMap::get(numDims, 0, outExprs, ctx);
  SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, xExprs, ctx),
                              AffineMap::get(numDims, 0, kExprs, ctx), outMap,
                              outMap};
  auto pool = rewriter.create<linalg::GenericOp>(
      loc, TypeRange{resultType, indicesType}, ValueRange{x, window},
      ValueRange{valueInit, indexInit}, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        // Row-major index in the input of the window position.
        auto index = [&](int64_t dim) -> Value {
          return b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, dim));
        };
        auto c64 = [&](int64_t v) -> Value {
          return b.create<arith::ConstantOp>(l, b.getI64IntegerAttr(v));
        };
        // Input dimension I (1: channels, 2..: spatial) as an i64.
        auto inSize = [&](int64_t i) -> Value {
          if (Value size = inSizes[i - 1])
            return size;
          return c64(getConstantIntValue(inDims[i]).value());
        };
        Value channel = b.create<arith::AddIOp>(
            l, b.create<arith::MulIOp>(l, index(0), inSize(1)), index(1));
        // Spatial offset: row-major, or column-major for storage_order 1.
        Value spatial = c64(0), spatialSize = c64(1);
        bool columnMajor = op.getStorageOrder() == 1;
        for (int64_t j = 0; j < rank; ++j) {
          int64_t i = columnMajor ? rank - 1 - j : j;
          Value pos = b.create<arith::AddIOp>(
              l, b.create<arith::MulIOp>(l, index(2 + i), c64(strides[i])),
              b.create<arith::MulIOp>(l, index(2 + rank + i),
                                      c64(dilations[i])));
          pos = b.create<arith::SubIOp>(
              l, pos,
              begins[i] ? begins[i]
                        : c64(getConstantIntValue(geo.begin[i]).value()));
          Value size = inSize(2 + i);
          spatial = b.create<arith::AddIOp>(
              l, b.create<arith::MulIOp>(l, spatial, size), pos);
          spatialSize = b.create<arith::MulIOp>(l, spatialSize, size);
        }
        Value flat = b.create<arith::AddIOp>(
            l, b.create<arith::MulIOp>(l, channel, spatialSize), spatial);
        Value better = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT,
                                               args[0], args[2]);
        b.create<linalg::YieldOp>(
            l, ValueRange{b.create<arith::SelectOp>(l, better, args[0], args[2]),
                          b.create<arith::SelectOp>(l, better, flat, args[3])});
      });
  return std::make_pair(pool.getResult(0), pool.getResult(1));
}

struct MaxPoolLowering : public OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getOutput().getType());
    if (op.getChannelsLast() && op.getIndices())
      return unsupported(op, "channels_last needs a MaxPool without "
                             "Indices");
    WindowGeometry geo =
        poolWindow(op, adaptor.getInput(), resultType, rewriter);
    if (op.getIndices()) {
      FailureOr<std::pair<Value, Value>> results =
          buildMaxPoolWithIndices(op, adaptor.getInput(), geo, rewriter);
      if (failed(results))
        return failure();
      rewriter.replaceOp(
          op, {castTo(rewriter, loc, results->first, resultType),
               castTo(rewriter, loc, results->second,
                      convertTensorType(op.getIndices().getType()))});
      return success();
    }
    Value result = buildWindowReduction(op, adaptor.getInput(), geo,
                                        /*isMax=*/true, rewriter);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

/// MaxUnpool: a loop nest over the input, in row-major order, that writes
/// each element into a zero result (loop-carried) at the position its index
/// gives in the unpooled shape, which lies at the start of the result.
/// Indices outside the unpooled tensor are skipped.
struct MaxUnpoolLowering : public OpConversionPattern<MaxUnpoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxUnpoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = convertTensorType(op.getType());
    if (!inputType.hasStaticShape() || !type.hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
    SmallVector<int64_t> unpooled(inputType.getShape().take_front(2));
    llvm::append_range(unpooled, op.getUnpooledSpatialShape());
    int64_t total = 1;
    for (int64_t d : unpooled)
      total *= d;
    Value zero = scalarConstant(rewriter, loc, type.getElementType(), 0.0);
    Value result = createFilled(rewriter, loc, type, zero);
    auto idx = [&](OpBuilder &b, Location l, int64_t v) -> Value {
      return b.create<arith::ConstantIndexOp>(l, v);
    };
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d : inputType.getShape()) {
      lbs.push_back(idx(rewriter, loc, 0));
      ubs.push_back(idx(rewriter, loc, d));
      steps.push_back(idx(rewriter, loc, 1));
    }
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{result},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange args) -> scf::ValueVector {
          Value flat = b.create<arith::IndexCastOp>(
              l, b.getIndexType(),
              b.create<tensor::ExtractOp>(l, indices, ivs));
          Value inRange = b.create<arith::AndIOp>(
              l,
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, flat,
                                      idx(b, l, 0)),
              b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, flat,
                                      idx(b, l, total)));
          auto write = b.create<scf::IfOp>(
              l, inRange,
              [&](OpBuilder &b, Location l) {
                // Row-major coordinates of FLAT in the unpooled shape.
                SmallVector<Value> coords(unpooled.size());
                Value rest = flat;
                for (int64_t i = unpooled.size() - 1; i >= 0; --i) {
                  Value size = idx(b, l, unpooled[i]);
                  coords[i] = b.create<arith::RemUIOp>(l, rest, size);
                  rest = b.create<arith::DivUIOp>(l, rest, size);
                }
                Value v = b.create<tensor::ExtractOp>(l, input, ivs);
                b.create<scf::YieldOp>(l, ValueRange{b.create<tensor::InsertOp>(
                                              l, v, args[0], coords)});
              },
              [&](OpBuilder &b, Location l) {
                b.create<scf::YieldOp>(l, args[0]);
              });
          return {write.getResult(0)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

struct AveragePoolLowering : public OpConversionPattern<AveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    if (!isa<FloatType>(resultType.getElementType()))
      return unsupported(op, "only floating-point averages are supported");
    WindowGeometry geo =
        poolWindow(op, adaptor.getInput(), resultType, rewriter);
    Value sum = buildWindowReduction(op, adaptor.getInput(), geo,
                                     /*isMax=*/false, rewriter);
    // The divisors are computed in NCHW order; the permutations around them
    // fuse with the division.
    bool channelsLast = op.getChannelsLast();
    if (channelsLast)
      sum = permuteTensor(rewriter, loc, sum, kFromChannelsLast);
    auto replace = [&](Value result) {
      if (channelsLast)
        result = permuteTensor(rewriter, loc, result, kToChannelsLast);
      rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
      return success();
    };
    RankedTensorType type = geo.type;
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = inputType.getRank() - 2;
    ArrayRef<int64_t> kernel = op.getKernelShape();
    ArrayRef<int64_t> pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();
    bool includePad = op.getCountIncludePad();
    // The divisor of an output position: the window positions inside the
    // input (plus its pads with count_include_pad), never those past it
    // that ceil_mode adds.
    bool staticSpatial = op.getAutoPad() == "NOTSET" &&
                         llvm::all_of(ArrayRef(geo.in), [](OpFoldResult d) {
                           return !isa<Value>(d);
                         });
    if (!staticSpatial) {
      // Counted at run time per output position: along an axis, the taps
      // k in [0, kernel) with lo <= o * stride + k * dilation - pad < hi.
      SmallVector<Value> his, begins, los;
      SizeMath sm(rewriter, loc);
      for (int64_t i = 0; i < rank; ++i) {
        his.push_back(
            sm.value(includePad ? sm.add(geo.in[i], geo.end[i]) : geo.in[i]));
        begins.push_back(sm.value(geo.begin[i]));
        los.push_back(sm.value(includePad ? sm.sub(sm.constant(0), geo.begin[i])
                                          : sm.constant(0)));
      }
      Value result = buildElementwise(
          rewriter, loc, type, geo.dims, sum,
          [&](OpBuilder &b, Location l, ValueRange args) {
            auto cst = [&](int64_t v) -> Value {
              return b.create<arith::ConstantIndexOp>(l, v);
            };
            Value count = cst(1);
            for (int64_t i = 0; i < rank; ++i) {
              // The first tap's position, and the bounds it must keep.
              Value base = b.create<arith::SubIOp>(
                  l,
                  b.create<arith::MulIOp>(
                      l, b.create<linalg::IndexOp>(l, 2 + i), cst(strides[i])),
                  begins[i]);
              Value lo = los[i];
              Value first = b.create<arith::MaxSIOp>(
                  l, cst(0),
                  b.create<arith::CeilDivSIOp>(
                      l, b.create<arith::SubIOp>(l, lo, base),
                      cst(dilations[i])));
              Value last = b.create<arith::MinSIOp>(
                  l, cst(kernel[i] - 1),
                  b.create<arith::FloorDivSIOp>(
                      l,
                      b.create<arith::SubIOp>(
                          l, b.create<arith::SubIOp>(l, his[i], cst(1)), base),
                      cst(dilations[i])));
              Value n = b.create<arith::MaxSIOp>(
                  l, cst(1),
                  b.create<arith::AddIOp>(
                      l, b.create<arith::SubIOp>(l, last, first), cst(1)));
              count = b.create<arith::MulIOp>(l, count, n);
            }
            Value divisor = b.create<arith::UIToFPOp>(
                l, args[0].getType(),
                b.create<arith::IndexCastUIOp>(l, b.getI64Type(), count));
            return b.create<arith::DivFOp>(l, args[0], divisor);
          });
      return replace(result);
    }

    // Static spatial sizes: the divisors are a constant tensor.
    SmallVector<SmallVector<double>> perAxis;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t in = getConstantIntValue(geo.in[i]).value();
      int64_t lo = includePad ? -pads[i] : 0;
      int64_t hi = includePad ? in + pads[i + rank] : in;
      SmallVector<double> counts;
      for (int64_t o = 0; o < type.getDimSize(i + 2); ++o) {
        int64_t count = 0;
        for (int64_t k = 0; k < kernel[i]; ++k) {
          int64_t p = o * strides[i] + k * dilations[i] - pads[i];
          count += p >= lo && p < hi;
        }
        counts.push_back(std::max<int64_t>(count, 1));
      }
      perAxis.push_back(counts);
    }
    SmallVector<int64_t> divisorShape(2, 1);
    llvm::append_range(divisorShape, type.getShape().drop_front(2));
    auto divisorType =
        RankedTensorType::get(divisorShape, type.getElementType());
    SmallVector<APFloat> divisors;
    auto floatType = cast<FloatType>(type.getElementType());
    int64_t total = divisorType.getNumElements();
    for (int64_t linear = 0; linear < total; ++linear) {
      double value = 1;
      int64_t rem = linear;
      for (int64_t i = rank - 1; i >= 0; --i) {
        int64_t size = divisorShape[i + 2];
        value *= perAxis[i][rem % size];
        rem /= size;
      }
      APFloat f(value);
      bool lost;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      divisors.push_back(f);
    }
    Value divisor = rewriter.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(divisorType, divisors));
    Value result =
        buildElementwise(rewriter, loc, type, ValueRange{sum, divisor},
                         [](OpBuilder &b, Location l, ValueRange args) {
                           return b.create<arith::DivFOp>(l, args[0], args[1]);
                         });
    return replace(result);
  }
};

/// GlobalAveragePool and GlobalMaxPool: a reduction over the spatial axes.
template <typename Op, bool isMax>
struct GlobalPoolLowering : public OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type element = resultType.getElementType();
    int64_t rank = inputType.getRank();
    SmallVector<OpFoldResult> inDims = dimsOf(rewriter, loc, input);
    auto reducedType = RankedTensorType::get(
        {inputType.getDimSize(0), inputType.getDimSize(1)}, element);
    Value initValue = isMax ? lowestValue(rewriter, loc, element)
                            : scalarConstant(rewriter, loc, element, 0.0);
    Value init = createFilled(rewriter, loc, reducedType, initValue,
                              dynamicOnly(rewriter, loc, reducedType,
                                          ArrayRef(inDims).take_front(2)));
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::parallel);
    iterators.append(rank - 2, utils::IteratorType::reduction);
    SmallVector<AffineMap> maps{
        rewriter.getMultiDimIdentityMap(rank),
        AffineMap::get(rank, 0,
                       {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)},
                       ctx)};
    auto reduce = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{reducedType}, ValueRange{input}, ValueRange{init}, maps,
        iterators, [](OpBuilder &b, Location l, ValueRange args) {
          Value r = isMax ? b.create<arith::MaximumFOp>(l, args[1], args[0])
                                .getResult()
                          : b.create<arith::AddFOp>(l, args[1], args[0])
                                .getResult();
          b.create<linalg::YieldOp>(l, r);
        });
    Value result = reduce.getResult(0);
    if (!isMax) {
      // The number of spatial positions, at run time where it is dynamic.
      SizeMath sm(rewriter, loc);
      OpFoldResult count = sm.constant(1);
      for (int64_t i = 2; i < rank; ++i)
        count = sm.mul(count, inDims[i]);
      Value divisor;
      if (std::optional<int64_t> n = getConstantIntValue(count))
        divisor =
            scalarConstant(rewriter, loc, element, static_cast<double>(*n));
      else
        divisor = rewriter.create<arith::UIToFPOp>(
            loc, element,
            rewriter.create<arith::IndexCastUIOp>(loc, rewriter.getI64Type(),
                                                  count.get<Value>()));
      result = buildElementwise(rewriter, loc, reducedType, result,
                                [&](OpBuilder &b, Location l, ValueRange args) {
                                  return b.create<arith::DivFOp>(l, args[0],
                                                                 divisor);
                                });
    }
    // N x C x 1 x ... x 1, then the op's result type.
    SmallVector<int64_t> shape(reducedType.getShape());
    shape.append(rank - 2, 1);
    result = reshapeTensor(rewriter, loc, result,
                           RankedTensorType::get(shape, element));
    rewriter.replaceOp(op, castWithChecks(rewriter, loc, result, resultType,
                                          Op::getOperationName()));
    return success();
  }
};

struct BatchNormalizationLowering
    : public OpConversionPattern<BatchNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (inputType.getRank() < 2)
      return unsupported(op, "the input needs a channel axis");
    // The channel count: the input's, or the parameters'.
    int64_t channels = inputType.getDimSize(1);
    SmallVector<Value> params{adaptor.getScale(), adaptor.getBias(),
                              adaptor.getMean(), adaptor.getVariance()};
    for (Value v : params) {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getRank() != 1)
        return unsupported(op, "scale, bias, mean and variance must be 1-D");
      if (ShapedType::isDynamic(channels))
        channels = type.getDimSize(0);
    }
    if (ShapedType::isDynamic(channels))
      return unsupported(op, "the channel count must be static (in the "
                             "input or the parameters)");
    Type element = resultType.getElementType();
    input =
        castWithChecks(rewriter, loc, input, withDim(inputType, 1, channels),
                       "BatchNormalization's input channels");
    // Per-channel vectors broadcast along axis 1.
    SmallVector<int64_t> channelShape{channels};
    channelShape.append(inputType.getRank() - 2, 1);
    auto channelType = RankedTensorType::get(channelShape, element);
    SmallVector<Value> inputs{input};
    for (Value v : params) {
      v = castWithChecks(
          rewriter, loc, v,
          RankedTensorType::get(
              {channels}, cast<RankedTensorType>(v.getType()).getElementType()),
          "BatchNormalization's parameters have one value per channel");
      inputs.push_back(reshapeTensor(rewriter, loc, v, channelType));
    }
    float epsilon = op.getEpsilon().convertToFloat();
    Value result = buildElementwise(
        rewriter, loc, cast<RankedTensorType>(input.getType()), inputs,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value eps = scalarConstant(b, l, element, epsilon);
          Value stddev = b.create<math::SqrtOp>(
              l, b.create<arith::AddFOp>(l, args[4], eps));
          Value centered = b.create<arith::SubFOp>(l, args[0], args[3]);
          Value scaled = b.create<arith::MulFOp>(
              l, b.create<arith::DivFOp>(l, centered, stddev), args[1]);
          return b.create<arith::AddFOp>(l, scaled, args[2]);
        });
    rewriter.replaceOp(op, castWithChecks(rewriter, loc, result, resultType,
                                          "BatchNormalization's result"));
    return success();
  }
};

} // namespace

void lowering::populateConvPatterns(TypeConverter &converter,
                                  RewritePatternSet &patterns) {
  patterns.add<
      ConvLowering, ConvTransposeLowering, MaxPoolLowering, MaxUnpoolLowering,
      AveragePoolLowering, GlobalPoolLowering<GlobalAveragePoolOp, false>,
      GlobalPoolLowering<GlobalMaxPoolOp, true>, BatchNormalizationLowering>(
      converter, patterns.getContext());
}
