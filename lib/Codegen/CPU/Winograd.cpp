//===- Winograd.cpp - 3x3 convolutions as Winograd products -----*- C++ -*-===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
//
// Notation (Lavin and Gray, "Fast Algorithms for Convolutional Neural
// Networks", 2015): F(m x m, 3 x 3) computes an m x m output tile Y from an
// a x a input tile d (a = m + 2) and a 3 x 3 filter g as
//
//   Y = A^T [(G g G^T) (.) (B^T d B)] A,
//
// so that each output tile costs a * a products per input and output
// channel instead of 9 * m * m. Over the channels, the elementwise product
// (.) is a * a matrix products: V_k [tiles x C] times U_k [C x F].
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/CPU/TileTables.h"
#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CPUWINOGRAD
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// The transform matrices of F(m x m, 3 x 3), row-major: B^T (a x a),
/// G (a x 3) and A^T (m x a).
struct WinogradMatrices {
  int64_t m;
  ArrayRef<double> bt;
  ArrayRef<double> g;
  ArrayRef<double> at;
  int64_t a() const { return m + 2; }
};

// F(2 x 2, 3 x 3), interpolation points 0, 1, -1.
const double kBT2[] = {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1};
const double kG2[] = {1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1};
const double kAT2[] = {1, 1, 1, 0, 0, 1, -1, -1};

std::optional<WinogradMatrices> lookupMatrices(int64_t m) {
  if (m == 2)
    return WinogradMatrices{2, kBT2, kG2, kAT2};
  return std::nullopt;
}

/// sum_i coeffs[i] * values[i] with constant coefficients: zeros skipped,
/// ones and minus ones as additions and subtractions.
Value combine(OpBuilder &b, Location loc, ArrayRef<double> coeffs,
              ArrayRef<Value> values) {
  auto contract = arith::FastMathFlags::contract;
  Type type = values.front().getType();
  // A scalar or a splat vector of VALUE.
  auto constant = [&](double value) -> Value {
    if (auto vector = dyn_cast<VectorType>(type))
      return b.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(
                   vector, b.getFloatAttr(vector.getElementType(), value)));
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
  };
  // A term of coefficient one first, so that a -x + y is a subtraction.
  SmallVector<std::pair<double, Value>> terms;
  for (auto [c, v] : llvm::zip(coeffs, values))
    if (c != 0)
      terms.emplace_back(c, v);
  auto firstOne =
      llvm::find_if(terms, [](const auto &term) { return term.first == 1; });
  if (firstOne != terms.end())
    std::rotate(terms.begin(), firstOne, firstOne + 1);
  Value sum;
  for (auto [c, v] : terms) {
    if (!sum) {
      if (c == 1)
        sum = v;
      else if (c == -1)
        sum = b.create<arith::NegFOp>(loc, v);
      else
        sum = b.create<arith::MulFOp>(loc, constant(c), v);
      continue;
    }
    if (c == 1)
      sum = b.create<arith::AddFOp>(loc, sum, v);
    else if (c == -1)
      sum = b.create<arith::SubFOp>(loc, sum, v);
    else
      sum = b.create<arith::AddFOp>(
          loc, sum, b.create<arith::MulFOp>(loc, constant(c), v, contract),
          contract);
  }
  if (!sum)
    sum = constant(0.0);
  return sum;
}

/// The steps of a Winograd transform task: TILES tiles, then CHANNELS
/// channels by WIDTH, carrying SLICE (the task's part of the result), which
/// BODY(tile, channel, slice) returns updated. (Loops left to LLVM's
/// vectorizer would be checked at run time for overlapping reads and
/// writes, a copy of each loop per case, over which its loop strength
/// reduction takes seconds.)
Value tileAndChannelLoops(
    OpBuilder &b, Location loc, int64_t tiles, int64_t channels, int64_t width,
    Value slice,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  auto index = [&](OpBuilder &b, Location l, int64_t v) -> Value {
    return b.create<arith::ConstantIndexOp>(l, v);
  };
  auto tileLoop = b.create<scf::ForOp>(
      loc, index(b, loc, 0), index(b, loc, tiles), index(b, loc, 1),
      ValueRange{slice},
      [&](OpBuilder &b, Location l, Value tile, ValueRange tileArgs) {
        auto channelLoop = b.create<scf::ForOp>(
            l, index(b, l, 0), index(b, l, channels), index(b, l, width),
            tileArgs,
            [&](OpBuilder &b, Location l, Value channel, ValueRange args) {
              b.create<scf::YieldOp>(l, body(b, l, tile, channel, args[0]));
            });
        b.create<scf::YieldOp>(l, channelLoop.getResult(0));
      });
  return tileLoop.getResult(0);
}

/// U = G g G^T of every filter of the HWCF constant FILTER, laid out as
/// [a * a, C, F] (row k = xi * a + nu of the transformed tile).
DenseElementsAttr transformFilter(DenseElementsAttr filter,
                                  const WinogradMatrices &w) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t c = type.getDimSize(2), f = type.getDimSize(3), a = w.a();
  SmallVector<float> g(filter.getValues<float>().begin(),
                       filter.getValues<float>().end());
  SmallVector<float> u(a * a * c * f);
  int64_t cf = c * f;
  for (int64_t xi = 0; xi < a; ++xi)
    for (int64_t nu = 0; nu < a; ++nu) {
      double coeff[3][3];
      for (int64_t i = 0; i < 3; ++i)
        for (int64_t j = 0; j < 3; ++j)
          coeff[i][j] = w.g[xi * 3 + i] * w.g[nu * 3 + j];
      float *out = &u[(xi * a + nu) * cf];
      for (int64_t e = 0; e < cf; ++e) {
        double sum = 0;
        for (int64_t i = 0; i < 3; ++i)
          for (int64_t j = 0; j < 3; ++j)
            sum += coeff[i][j] * double(g[(i * 3 + j) * cf + e]);
        out[e] = float(sum);
      }
    }
  auto uType = RankedTensorType::get({a * a, c, f}, type.getElementType());
  return DenseElementsAttr::get(uType, ArrayRef<float>(u));
}

/// The input of CONV padded so that whole tiles of M x M outputs read
/// inside it: a zero tensor.pad grown at the high end, or a new one.
Value padForTiles(OpBuilder &b, Location loc, Value input, int64_t extraH,
                  int64_t extraW) {
  if (extraH == 0 && extraW == 0)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  Value source = input;
  SmallVector<OpFoldResult> low(4, b.getIndexAttr(0));
  SmallVector<int64_t> high(4, 0);
  auto pad = input.getDefiningOp<tensor::PadOp>();
  Attribute padValue;
  if (pad && pad.getConstantPaddingValue() &&
      matchPattern(pad.getConstantPaddingValue(), m_Constant(&padValue)) &&
      cast<FloatAttr>(padValue).getValue().isZero() &&
      llvm::none_of(pad.getStaticLow(), ShapedType::isDynamic) &&
      llvm::none_of(pad.getStaticHigh(), ShapedType::isDynamic)) {
    source = pad.getSource();
    low = pad.getMixedLowPad();
    high = llvm::to_vector(pad.getStaticHigh());
  }
  high[1] += extraH;
  high[2] += extraW;
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += extraH;
  shape[2] += extraW;
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  Value zero = b.create<arith::ConstantOp>(
      loc, b.getFloatAttr(type.getElementType(), 0.0));
  SmallVector<OpFoldResult> highOfr;
  for (int64_t h : high)
    highOfr.push_back(b.getIndexAttr(h));
  return b.create<tensor::PadOp>(loc, paddedType, source, low, highOfr, zero);
}

struct CPUWinogradPass : public modelc::impl::CPUWinogradBase<CPUWinogradPass> {
  using CPUWinogradBase::CPUWinogradBase;

  void runOnOperation() override {
    std::optional<cpu::TileTable> table = cpu::lookupTileTable(vectorISA);
    if (!table) {
      getOperation().emitError("unknown vector instruction set '")
          << vectorISA << "' (expected avx512, avx2, sse2 or neon)";
      return signalPassFailure();
    }
    std::optional<WinogradMatrices> matrices =
        lookupMatrices(table->winogradTile);
    if (!matrices)
      return;
    SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
    getOperation().walk(
        [&](linalg::Conv2DNhwcHwcfOp op) { convs.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::Conv2DNhwcHwcfOp conv : convs)
      if (succeeded(rewrite(rewriter, conv, *matrices, *table)))
        ++numWinogradConvs;
  }

  /// Whether CONV is a 3x3, stride-1 convolution of a constant filter with
  /// enough channels for the transforms to pay.
  static DenseElementsAttr eligibleFilter(linalg::Conv2DNhwcHwcfOp conv,
                                          const cpu::TileTable &table) {
    if (!conv.hasPureTensorSemantics() ||
        !llvm::all_of(conv.getStrides().getValues<int64_t>(),
                      [](int64_t s) { return s == 1; }) ||
        !llvm::all_of(conv.getDilations().getValues<int64_t>(),
                      [](int64_t d) { return d == 1; }))
      return nullptr;
    DenseElementsAttr filter;
    if (!matchPattern(conv.getInputs()[1], m_Constant(&filter)))
      return nullptr;
    auto filterType = cast<RankedTensorType>(filter.getType());
    auto inputType = cast<RankedTensorType>(conv.getInputs()[0].getType());
    auto outputType = cast<RankedTensorType>(conv.getResult(0).getType());
    if (!filterType.getElementType().isF32() ||
        !outputType.getElementType().isF32() ||
        !inputType.getElementType().isF32() || filterType.getDimSize(0) != 3 ||
        filterType.getDimSize(1) != 3 ||
        filterType.getDimSize(2) % table.vectorWidth != 0)
      return nullptr;
    for (int64_t d = 1; d < 4; ++d)
      if (inputType.isDynamicDim(d) || outputType.isDynamicDim(d))
        return nullptr;
    int64_t m = table.winogradTile;
    int64_t tiles = (outputType.getDimSize(1) + m - 1) / m *
                    ((outputType.getDimSize(2) + m - 1) / m);
    if (filterType.getDimSize(2) < table.winogradMinChannels ||
        filterType.getDimSize(3) < table.winogradMinChannels ||
        tiles < std::max<int64_t>(table.winogradMinTiles, 1))
      return nullptr;
    return filter;
  }

  LogicalResult rewrite(RewriterBase &rewriter, linalg::Conv2DNhwcHwcfOp conv,
                        const WinogradMatrices &w,
                        const cpu::TileTable &table) {
    DenseElementsAttr filter = eligibleFilter(conv, table);
    if (!filter)
      return failure();
    Location loc = conv.getLoc();
    MLIRContext *ctx = conv.getContext();
    rewriter.setInsertionPoint(conv);
    Value input = conv.getInputs()[0];
    Value init = conv.getOutputs()[0];
    auto outputType = cast<RankedTensorType>(conv.getResult(0).getType());
    Type f32 = outputType.getElementType();
    int64_t m = w.m, a = w.a(), a2 = a * a;
    int64_t outH = outputType.getDimSize(1), outW = outputType.getDimSize(2);
    int64_t channels = cast<RankedTensorType>(filter.getType()).getDimSize(2);
    int64_t filters = outputType.getDimSize(3);
    int64_t tilesH = llvm::divideCeil(outH, m);
    int64_t tilesW = llvm::divideCeil(outW, m);
    auto inputType = cast<RankedTensorType>(input.getType());
    Value padded = padForTiles(rewriter, loc, input,
                               tilesH * m + 2 - inputType.getDimSize(1),
                               tilesW * m + 2 - inputType.getDimSize(2));
    OpFoldResult batch = tensor::getMixedSize(rewriter, loc, init, 0);
    int64_t staticBatch = outputType.getDimSize(0);

    // Input transform: V[k, n, ty, tx, c] for k = xi * a + nu. One task
    // per (n, tile row, block of channels) writes all a * a rows V_k of its
    // tiles (one slice of V), a tile and a vector of channels per step: the
    // a * a taps d[i][j] read once, then B^T d B as two passes of constant
    // coefficients (zeros skipped), rows then columns.
    int64_t channelBlock = channels % table.winogradChannelBlock == 0
                               ? table.winogradChannelBlock
                               : channels;
    SmallVector<OpFoldResult> vSizes{
        rewriter.getIndexAttr(a2), batch, rewriter.getIndexAttr(tilesH),
        rewriter.getIndexAttr(tilesW), rewriter.getIndexAttr(channels)};
    Value vEmpty = rewriter.create<tensor::EmptyOp>(loc, vSizes, f32);
    auto zero = rewriter.getIndexAttr(0);
    auto one = rewriter.getIndexAttr(1);
    auto forall = rewriter.create<scf::ForallOp>(
        loc, ArrayRef<OpFoldResult>{zero, zero, zero},
        ArrayRef<OpFoldResult>{batch, rewriter.getIndexAttr(tilesH),
                               rewriter.getIndexAttr(channels)},
        ArrayRef<OpFoldResult>{one, one, rewriter.getIndexAttr(channelBlock)},
        ValueRange{vEmpty}, std::nullopt);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(forall.getTerminator());
      Value n = forall.getInductionVars()[0];
      Value ty = forall.getInductionVars()[1];
      Value c0 = forall.getInductionVars()[2];
      Value shared = forall.getRegionIterArgs()[0];
      auto sliceType =
          RankedTensorType::get({a2, 1, 1, tilesW, channelBlock}, f32);
      SmallVector<OpFoldResult> sliceOffsets{zero, n, ty, zero, c0};
      SmallVector<OpFoldResult> sliceSizes{rewriter.getIndexAttr(a2), one, one,
                                           rewriter.getIndexAttr(tilesW),
                                           rewriter.getIndexAttr(channelBlock)};
      SmallVector<OpFoldResult> unit(5, one);
      Value out = rewriter.create<tensor::ExtractSliceOp>(
          loc, sliceType, shared, sliceOffsets, sliceSizes, unit);
      Value row = rewriter.create<arith::MulIOp>(
          loc, ty, rewriter.create<arith::ConstantIndexOp>(loc, m));
      auto vectorType = VectorType::get({table.vectorWidth}, f32);
      Value zeroIndex = rewriter.create<arith::ConstantIndexOp>(loc, 0);
      Value padding = rewriter.create<arith::ConstantOp>(
          loc, rewriter.getFloatAttr(f32, 0));
      Value rowTiles = tileAndChannelLoops(
          rewriter, loc, tilesW, channelBlock, table.vectorWidth, out,
          [&](OpBuilder &b, Location l, Value tx, Value ch, Value current) {
            Value column = b.create<arith::MulIOp>(
                l, tx, b.create<arith::ConstantIndexOp>(l, m));
            Value channel = b.create<arith::AddIOp>(l, c0, ch);
            // tmp[i][nu] = sum_j BT[nu][j] d[i][j].
            SmallVector<Value> tmp;
            for (int64_t i = 0; i < a; ++i) {
              Value h = b.create<arith::AddIOp>(
                  l, row, b.create<arith::ConstantIndexOp>(l, i));
              SmallVector<Value> d;
              for (int64_t j = 0; j < a; ++j) {
                Value x = b.create<arith::AddIOp>(
                    l, column, b.create<arith::ConstantIndexOp>(l, j));
                d.push_back(b.create<vector::TransferReadOp>(
                    l, vectorType, padded, ValueRange{n, h, x, channel},
                    padding, ArrayRef<bool>{true}));
              }
              for (int64_t nu = 0; nu < a; ++nu)
                tmp.push_back(combine(b, l, w.bt.slice(nu * a, a), d));
            }
            // V[xi][nu] = sum_i BT[xi][i] tmp[i][nu].
            for (int64_t xi = 0; xi < a; ++xi)
              for (int64_t nu = 0; nu < a; ++nu) {
                SmallVector<Value> columnValues;
                for (int64_t i = 0; i < a; ++i)
                  columnValues.push_back(tmp[i * a + nu]);
                Value v = combine(b, l, w.bt.slice(xi * a, a), columnValues);
                Value k = b.create<arith::ConstantIndexOp>(l, xi * a + nu);
                current = b.create<vector::TransferWriteOp>(
                               l, v, current,
                               ValueRange{k, zeroIndex, zeroIndex, tx, ch},
                               ArrayRef<bool>{true})
                              .getResult();
              }
            return current;
          });
      rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
      rewriter.create<tensor::ParallelInsertSliceOp>(
          loc, rowTiles, shared, sliceOffsets, sliceSizes, unit);
    }

    // The a * a products over the channels, as one batched product by the
    // filters transformed at compile time.
    SmallVector<ReassociationIndices> tiles{{0}, {1, 2, 3}, {4}};
    Value v = rewriter.create<tensor::CollapseShapeOp>(loc, forall.getResult(0),
                                                       tiles);
    Value u =
        rewriter.create<arith::ConstantOp>(loc, transformFilter(filter, w));
    OpFoldResult rows = tensor::getMixedSize(rewriter, loc, v, 1);
    Value mEmpty = rewriter.create<tensor::EmptyOp>(
        loc,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(a2), rows,
                               rewriter.getIndexAttr(filters)},
        f32);
    Value zeroValue =
        rewriter.create<arith::ConstantOp>(loc, rewriter.getFloatAttr(f32, 0));
    Value mInit =
        rewriter.create<linalg::FillOp>(loc, zeroValue, mEmpty).getResult(0);
    Value product =
        rewriter
            .create<linalg::BatchMatmulOp>(loc, mInit.getType(),
                                           ValueRange{v, u}, ValueRange{mInit})
            .getResult(0);
    auto productType =
        RankedTensorType::get({a2, staticBatch, tilesH, tilesW, filters}, f32);
    Value products = rewriter.create<tensor::ExpandShapeOp>(
        loc, productType, product, tiles,
        ArrayRef<OpFoldResult>{
            rewriter.getIndexAttr(a2), batch, rewriter.getIndexAttr(tilesH),
            rewriter.getIndexAttr(tilesW), rewriter.getIndexAttr(filters)});

    // Output transform, accumulated onto the convolution's init (its bias),
    // in vectors where the filters fill them.
    if (succeeded(vectorOutputTransform(rewriter, conv, products, w, table))) {
      if (auto pad = input.getDefiningOp<tensor::PadOp>();
          pad && pad.use_empty())
        rewriter.eraseOp(pad);
      return success();
    }

    // Otherwise as a generic op: output (h, w) is entry (h mod m, w mod m)
    // of tile (h / m, w / m).
    auto sliceType =
        RankedTensorType::get({staticBatch, tilesH, tilesW, filters}, f32);
    SmallVector<Value> inputs;
    for (int64_t k = 0; k < a2; ++k)
      inputs.push_back(rewriter.create<tensor::ExtractSliceOp>(
          loc, sliceType, products,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(k), zero, zero, zero,
                                 zero},
          ArrayRef<OpFoldResult>{one, batch, rewriter.getIndexAttr(tilesH),
                                 rewriter.getIndexAttr(tilesW),
                                 rewriter.getIndexAttr(filters)},
          SmallVector<OpFoldResult>(5, one)));
    AffineExpr nE, hE, wE, fE;
    bindDims(ctx, nE, hE, wE, fE);
    AffineMap tileMap =
        AffineMap::get(4, 0, {nE, hE.floorDiv(m), wE.floorDiv(m), fE}, ctx);
    SmallVector<AffineMap> maps(a2, tileMap);
    maps.push_back(rewriter.getMultiDimIdentityMap(4));
    SmallVector<utils::IteratorType> iterators(4,
                                               utils::IteratorType::parallel);
    auto output = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{outputType}, inputs, ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value mIndex = b.create<arith::ConstantIndexOp>(l, m);
          Value r = b.create<arith::RemUIOp>(l, b.create<linalg::IndexOp>(l, 1),
                                             mIndex);
          Value s = b.create<arith::RemUIOp>(l, b.create<linalg::IndexOp>(l, 2),
                                             mIndex);
          // The coefficient AT[row][col] for a row chosen at run time.
          auto coefficient = [&](Value row, int64_t col) {
            Value c = b.create<arith::ConstantOp>(
                l, b.getFloatAttr(f32, w.at[(m - 1) * a + col]));
            for (int64_t i = m - 2; i >= 0; --i) {
              Value isRow = b.create<arith::CmpIOp>(
                  l, arith::CmpIPredicate::eq, row,
                  b.create<arith::ConstantIndexOp>(l, i));
              c = b.create<arith::SelectOp>(
                  l, isRow,
                  b.create<arith::ConstantOp>(
                      l, b.getFloatAttr(f32, w.at[i * a + col])),
                  c);
            }
            return c;
          };
          auto contract = arith::FastMathFlags::contract;
          SmallVector<Value> rowCoefficients, colCoefficients;
          for (int64_t x = 0; x < a; ++x) {
            rowCoefficients.push_back(coefficient(r, x));
            colCoefficients.push_back(coefficient(s, x));
          }
          Value sum = args[a2];
          for (int64_t nu = 0; nu < a; ++nu) {
            Value t;
            for (int64_t xi = 0; xi < a; ++xi) {
              Value term = b.create<arith::MulFOp>(l, rowCoefficients[xi],
                                                   args[xi * a + nu], contract);
              t = t ? b.create<arith::AddFOp>(l, t, term, contract) : term;
            }
            sum = b.create<arith::AddFOp>(
                l, sum,
                b.create<arith::MulFOp>(l, colCoefficients[nu], t, contract),
                contract);
          }
          b.create<linalg::YieldOp>(l, sum);
        });
    rewriter.replaceOp(conv, output.getResult(0));
    if (auto pad = input.getDefiningOp<tensor::PadOp>(); pad && pad.use_empty())
      rewriter.eraseOp(pad);
    fuseConsumer(rewriter, output);
    return success();
  }

  /// The elementwise consumer of CONV's result that the vector output
  /// transform can apply: one result, inputs and output of CONV's shape read
  /// at the same place (identity maps), its init not read, a body of
  /// elementwise-mappable ops on scalars.
  static linalg::GenericOp vectorConsumer(linalg::Conv2DNhwcHwcfOp conv) {
    Value result = conv.getResult(0);
    if (!result.hasOneUse())
      return nullptr;
    auto consumer = dyn_cast<linalg::GenericOp>(*result.user_begin());
    if (!consumer || consumer->getNumResults() != 1 ||
        !linalg::isElementwise(consumer) ||
        !consumer.hasPureTensorSemantics() ||
        consumer.getResult(0).getType() != result.getType() ||
        consumer.payloadUsesValueFromOperand(consumer.getDpsInitOperand(0)))
      return nullptr;
    for (OpOperand &operand : consumer->getOpOperands())
      if (!consumer.getMatchingIndexingMap(&operand).isIdentity() ||
          operand.get().getType() != result.getType())
        return nullptr;
    for (Operation &op : consumer.getBody()->without_terminator()) {
      bool constant = op.hasTrait<OpTrait::ConstantLike>();
      if ((!constant && !OpTrait::hasElementwiseMappableTraits(&op)) ||
          op.getNumRegions() != 0 || op.getNumResults() != 1 ||
          isa<ShapedType>(op.getResult(0).getType()))
        return nullptr;
    }
    return consumer;
  }

  /// The output transform of CONV as explicit vector code: one task per
  /// (n, tile row) writes its m rows of the result, a tile and a vector of
  /// filters per step: the a * a products read once, Y = A^T M A with
  /// constant coefficients (zeros skipped), added to the convolution's init
  /// and passed through its elementwise consumer's body on vectors (an
  /// activation, a residual add). Tiles that overhang the output (odd sizes)
  /// write only their outputs inside it. Fails, leaving everything as it
  /// was, where the filters do not fill vectors.
  static LogicalResult vectorOutputTransform(RewriterBase &rewriter,
                                             linalg::Conv2DNhwcHwcfOp conv,
                                             Value products,
                                             const WinogradMatrices &w,
                                             const cpu::TileTable &table) {
    auto outputType = cast<RankedTensorType>(conv.getResult(0).getType());
    int64_t m = w.m, a = w.a();
    int64_t outH = outputType.getDimSize(1), outW = outputType.getDimSize(2);
    int64_t filters = outputType.getDimSize(3);
    int64_t width = table.vectorWidth;
    if (filters % width != 0)
      return failure();
    // Where the tiles overhang the output (an odd size for m = 2), the last
    // tile row has fewer rows, and outputs past the last column are skipped.
    int64_t tilesH = llvm::divideCeil(outH, m);
    int64_t tilesW = llvm::divideCeil(outW, m);
    Location loc = conv.getLoc();
    Value init = conv.getOutputs()[0];
    linalg::GenericOp consumer = vectorConsumer(conv);
    // An init that broadcasts a bias along the filters is not materialized:
    // the task reads the bias. Otherwise, without a consumer, the task
    // accumulates onto the init in place; with one, it reads the init and
    // writes the consumer's destination.
    linalg::GenericOp broadcast = biasBroadcast(init);
    Value bias = broadcast ? broadcast.getDpsInputs()[0] : Value();
    Value dest = consumer    ? consumer.getDpsInits()[0]
                 : broadcast ? broadcast.getDpsInits()[0]
                             : init;
    Type f32 = outputType.getElementType();
    auto vectorType = VectorType::get({width}, f32);
    OpFoldResult batch = tensor::getMixedSize(rewriter, loc, init, 0);
    auto zero = rewriter.getIndexAttr(0);
    auto one = rewriter.getIndexAttr(1);
    rewriter.setInsertionPoint(consumer ? consumer.getOperation()
                                        : conv.getOperation());
    auto forall = rewriter.create<scf::ForallOp>(
        loc, ArrayRef<OpFoldResult>{zero, zero},
        ArrayRef<OpFoldResult>{batch, rewriter.getIndexAttr(tilesH)},
        ArrayRef<OpFoldResult>{one, one}, ValueRange{dest}, std::nullopt);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(forall.getTerminator());
    Value n = forall.getInductionVars()[0];
    Value ty = forall.getInductionVars()[1];
    Value row = rewriter.create<arith::MulIOp>(
        loc, ty, rewriter.create<arith::ConstantIndexOp>(loc, m));
    OpFoldResult rowCount = rewriter.getIndexAttr(m);
    if (outH % m != 0)
      rowCount = affine::makeComposedFoldedAffineMin(
          rewriter, loc,
          AffineMap::get(1, 0,
                         {rewriter.getAffineConstantExpr(m),
                          outH - m * rewriter.getAffineDimExpr(0)},
                         rewriter.getContext()),
          {ty});
    auto rowsType = RankedTensorType::get(
        {1, outH % m != 0 ? ShapedType::kDynamic : m, outW, filters}, f32);
    SmallVector<OpFoldResult> rowsOffsets{n, row, zero, zero};
    SmallVector<OpFoldResult> rowsSizes{one, rowCount,
                                        rewriter.getIndexAttr(outW),
                                        rewriter.getIndexAttr(filters)};
    SmallVector<OpFoldResult> unit(4, one);
    Value rows = rewriter.create<tensor::ExtractSliceOp>(
        loc, rowsType, forall.getRegionIterArgs()[0], rowsOffsets, rowsSizes,
        unit);
    Value zeroIndex = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value padding =
        rewriter.create<arith::ConstantOp>(loc, rewriter.getFloatAttr(f32, 0));
    auto read = [&](OpBuilder &b, Location l, Value source,
                    ValueRange indices) -> Value {
      return b.create<vector::TransferReadOp>(l, vectorType, source, indices,
                                              padding, ArrayRef<bool>{true});
    };
    Value rowTiles = tileAndChannelLoops(
        rewriter, loc, tilesW, filters, width, rows,
        [&](OpBuilder &b, Location l, Value tx, Value ch, Value current) {
          SmallVector<Value> p;
          for (int64_t k = 0; k < a * a; ++k)
            p.push_back(
                read(b, l, products,
                     {b.create<arith::ConstantIndexOp>(l, k), n, ty, tx, ch}));
          Value column = b.create<arith::MulIOp>(
              l, tx, b.create<arith::ConstantIndexOp>(l, m));
          for (int64_t i = 0; i < m; ++i) {
            // Row i of A^T M: t[nu] = sum_xi AT[i][xi] M[xi][nu].
            SmallVector<Value> t;
            for (int64_t nu = 0; nu < a; ++nu) {
              SmallVector<Value> entries;
              for (int64_t xi = 0; xi < a; ++xi)
                entries.push_back(p[xi * a + nu]);
              t.push_back(combine(b, l, w.at.slice(i * a, a), entries));
            }
            Value h = b.create<arith::AddIOp>(
                l, row, b.create<arith::ConstantIndexOp>(l, i));
            Value iIndex = b.create<arith::ConstantIndexOp>(l, i);
            for (int64_t j = 0; j < m; ++j) {
              Value wIndex = b.create<arith::AddIOp>(
                  l, column, b.create<arith::ConstantIndexOp>(l, j));
              Value y = combine(b, l, w.at.slice(j * a, a), t);
              auto write = [&](OpBuilder &b, Location l, Value current) {
                Value base = bias       ? read(b, l, bias, {ch})
                             : consumer ? read(b, l, init, {n, h, wIndex, ch})
                                        : read(b, l, current,
                                               {zeroIndex, iIndex, wIndex, ch});
                Value value = b.create<arith::AddFOp>(l, base, y);
                if (consumer)
                  value = applyBody(b, l, consumer, conv.getResult(0), value,
                                    {n, h, wIndex, ch}, read);
                return b
                    .create<vector::TransferWriteOp>(
                        l, value, current,
                        ValueRange{zeroIndex, iIndex, wIndex, ch},
                        ArrayRef<bool>{true})
                    .getResult();
              };
              // Outputs of an overhanging tile exist only inside the
              // output (the last tile row and column).
              Value inside;
              auto within = [&](Value index, int64_t size) {
                Value in = b.create<arith::CmpIOp>(
                    l, arith::CmpIPredicate::ult, index,
                    b.create<arith::ConstantIndexOp>(l, size));
                inside = inside ? b.create<arith::AndIOp>(l, inside, in) : in;
              };
              if (outH % m != 0 && i >= outH % m)
                within(h, outH);
              if (outW % m != 0 && j >= outW % m)
                within(wIndex, outW);
              if (!inside) {
                current = write(b, l, current);
                continue;
              }
              current = b.create<scf::IfOp>(
                             l, inside,
                             [&](OpBuilder &b, Location l) {
                               b.create<scf::YieldOp>(l, write(b, l, current));
                             },
                             [&](OpBuilder &b, Location l) {
                               b.create<scf::YieldOp>(l, current);
                             })
                            .getResult(0);
            }
          }
          return current;
        });
    rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
    rewriter.create<tensor::ParallelInsertSliceOp>(
        loc, rowTiles, forall.getRegionIterArgs()[0], rowsOffsets, rowsSizes,
        unit);
    if (consumer) {
      rewriter.replaceOp(consumer, forall.getResult(0));
      rewriter.eraseOp(conv);
    } else {
      rewriter.replaceOp(conv, forall.getResult(0));
    }
    if (broadcast && broadcast->use_empty())
      rewriter.eraseOp(broadcast);
    return success();
  }

  /// The op computing INIT where it broadcasts a vector along the last
  /// dimension (a convolution's bias), nothing otherwise.
  static linalg::GenericOp biasBroadcast(Value init) {
    auto op = init.getDefiningOp<linalg::GenericOp>();
    if (!op || op.getNumDpsInputs() != 1 || op->getNumResults() != 1 ||
        !op.hasPureTensorSemantics() || !linalg::isElementwise(op))
      return nullptr;
    OpOperand *input = op.getDpsInputOperand(0);
    auto inputType = dyn_cast<RankedTensorType>(input->get().getType());
    auto yield = cast<linalg::YieldOp>(op.getBody()->getTerminator());
    AffineMap map = op.getMatchingIndexingMap(input);
    int64_t rank = op.getNumLoops();
    if (!inputType || inputType.getRank() != 1 ||
        inputType.getElementType() !=
            getElementTypeOrSelf(op.getResult(0).getType()) ||
        map != AffineMap::get(rank, 0,
                              getAffineDimExpr(rank - 1, op.getContext())) ||
        yield.getOperand(0) != op.getMatchingBlockArgument(input))
      return nullptr;
    return op;
  }

  /// CONSUMER's body on vectors: VALUE for the operand that is RESULT, the
  /// other inputs read at INDICES, scalars from outside broadcast.
  static Value applyBody(
      OpBuilder &b, Location loc, linalg::GenericOp consumer, Value result,
      Value value, ValueRange indices,
      function_ref<Value(OpBuilder &, Location, Value, ValueRange)> read) {
    IRMapping mapping;
    for (OpOperand *input : consumer.getDpsInputOperands()) {
      BlockArgument arg = consumer.getMatchingBlockArgument(input);
      mapping.map(arg, input->get() == result
                           ? value
                           : read(b, loc, input->get(), indices));
    }
    int64_t width = cast<VectorType>(value.getType()).getDimSize(0);
    auto vectorOf = [&](Value v) -> Value {
      if (Value mapped = mapping.lookupOrNull(v))
        return mapped;
      // Defined outside the body (or a constant in it): a splat.
      return b.create<vector::BroadcastOp>(
          loc, VectorType::get({width}, v.getType()), v);
    };
    for (Operation &op : consumer.getBody()->without_terminator()) {
      if (op.hasTrait<OpTrait::ConstantLike>()) {
        Operation *scalar = b.clone(op);
        mapping.map(op.getResult(0), vectorOf(scalar->getResult(0)));
        continue;
      }
      SmallVector<Value> operands =
          llvm::map_to_vector(op.getOperands(), vectorOf);
      SmallVector<Type> types =
          llvm::map_to_vector(op.getResultTypes(), [&](Type t) -> Type {
            return VectorType::get({width}, t);
          });
      Operation *vectorOp = b.create(loc, op.getName().getIdentifier(),
                                     operands, types, op.getAttrs());
      mapping.map(op.getResult(0), vectorOp->getResult(0));
    }
    return vectorOf(consumer.getBody()->getTerminator()->getOperand(0));
  }

  /// Fuses the output transform OUTPUT into its elementwise consumer (the
  /// activation, a residual add, the layout permutation that follow the
  /// convolution), as modelc-fuse-elementwise, which runs before this
  /// pass, does for the direct convolution's consumers.
  static void fuseConsumer(RewriterBase &rewriter, linalg::GenericOp output) {
    Value result = output.getResult(0);
    if (!result.hasOneUse())
      return;
    OpOperand &use = *result.use_begin();
    auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
    if (!consumer || !linalg::isElementwise(consumer) ||
        !linalg::areElementwiseOpsFusable(&use))
      return;
    rewriter.setInsertionPoint(consumer);
    FailureOr<linalg::ElementwiseOpFusionResult> fused =
        linalg::fuseElementwiseOps(rewriter, &use);
    if (failed(fused))
      return;
    for (auto [oldResult, newResult] : fused->replacements)
      rewriter.replaceAllUsesWith(oldResult, newResult);
    rewriter.eraseOp(consumer);
    if (output->use_empty())
      rewriter.eraseOp(output);
  }
};

} // namespace
