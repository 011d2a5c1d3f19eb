//===- ControlFlow.cpp - modelc.if, loop and scan to scf --------*- C++ -*-===//
//
// Part of modelc. modelc.if becomes scf.if; modelc.scan, and modelc.loop
// when its number of iterations is known before it starts, become scf.for;
// other loops become scf.while. The regions move into the scf ops and their
// modelc ops are lowered by the same conversion; each modelc.yield becomes
// the scf terminator its new parent needs (YieldLowering).
//
// Loops carry tensors as iter_args, and every iteration writes the next
// values into the iter_args themselves (linalg.copy, tensor.insert_slice
// for scan outputs): one-shot bufferization then gives each loop-carried
// value one buffer for the whole loop, which it requires of scf loops.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// Attributes of an scf.for made from a modelc.loop or modelc.scan, read
/// (and removed) when its modelc.yield is lowered: the axis along which each
/// scan output stacks its elements, and whether it does so in reverse.
constexpr StringLiteral kScanAxesAttr = "modelc.scan_output_axes";
constexpr StringLiteral kScanReverseAttr = "modelc.scan_output_reverse";

/// The element of a one-element tensor.
Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> zeros(type.getRank(),
                           b.create<arith::ConstantIndexOp>(loc, 0));
  return b.createOrFold<tensor::ExtractOp>(loc, tensor, zeros);
}

Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return b.create<tensor::CastOp>(loc, type, value);
}

/// Whether VALUE is a constant whose elements are all true.
bool isConstantTrue(Value value) {
  DenseElementsAttr attr;
  return value && matchPattern(value, m_Constant(&attr)) &&
         llvm::all_of(attr.getValues<bool>(), [](bool b) { return b; });
}

/// The constant value of a one-element tensor, if it is a constant.
std::optional<int64_t> constantScalar(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (attr.getElementType().isInteger(1))
    return *attr.getValues<bool>().begin();
  return attr.getValues<APInt>()[0].getSExtValue();
}

/// The iteration number (tensor<i64>) and the condition (a true
/// tensor<i1>: the body only runs while it holds) that a loop body gets.
std::pair<Value, Value> iterationArgs(OpBuilder &b, Location loc, Value index) {
  if (index.getType().isIndex())
    index = b.create<arith::IndexCastOp>(loc, b.getI64Type(), index);
  Value number = b.create<tensor::FromElementsOp>(
      loc, RankedTensorType::get({}, b.getI64Type()), index);
  Value condition = b.create<arith::ConstantOp>(
      loc,
      DenseElementsAttr::get(RankedTensorType::get({}, b.getI1Type()), true));
  return {number, condition};
}

/// Replaces OP's results by VALUES, cast to the converted result types.
LogicalResult replaceWithCasts(Operation *op, ValueRange values,
                               const TypeConverter &converter,
                               ConversionPatternRewriter &rewriter) {
  SmallVector<Type> types;
  if (failed(converter.convertTypes(op->getResultTypes(), types)))
    return failure();
  SmallVector<Value> results;
  for (auto [value, type] : llvm::zip(values, types))
    results.push_back(castTo(rewriter, op->getLoc(), value, type));
  rewriter.replaceOp(op, results);
  return success();
}

/// An scf.for with its body block emptied (no implicit terminator).
scf::ForOp createFor(ConversionPatternRewriter &rewriter, Location loc,
                     Value upperBound, ValueRange iterArgs) {
  Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
  Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
  auto forOp =
      rewriter.create<scf::ForOp>(loc, zero, upperBound, one, iterArgs);
  Block *body = forOp.getBody();
  if (!body->empty())
    rewriter.eraseOp(&body->back());
  return forOp;
}

/// Marks FOROP's scan outputs for YieldLowering.
void setScanOutputs(ConversionPatternRewriter &rewriter, Operation *loop,
                    ArrayRef<int64_t> axes, ArrayRef<bool> reverse) {
  loop->setAttr(kScanAxesAttr, rewriter.getDenseI64ArrayAttr(axes));
  loop->setAttr(kScanReverseAttr, rewriter.getDenseBoolArrayAttr(reverse));
}

/// An empty accumulator of a scan output of TYPE, stacked along AXIS over
/// LENGTH iterations; failure if another dimension is dynamic.
FailureOr<Value> createAccumulator(OpBuilder &b, Location loc,
                                   RankedTensorType type, int64_t axis,
                                   Value length) {
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    if (d != axis)
      return failure();
    sizes.push_back(length);
  }
  return createEmpty(b, loc, type, sizes);
}

/// ACCUMULATOR with ELEMENT inserted at POSITION along AXIS.
Value insertRow(OpBuilder &b, Location loc, Value accumulator, Value element,
                int64_t axis, Value position) {
  auto type = cast<RankedTensorType>(accumulator.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = dimsOf(b, loc, accumulator);
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  offsets[axis] = position;
  sizes[axis] = b.getIndexAttr(1);
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  element = castTo(b, loc, element,
                   RankedTensorType::get(shape, type.getElementType()));
  return b.create<tensor::InsertSliceOp>(loc, element, accumulator, offsets,
                                         sizes, strides);
}

struct IfLowering : public OpConversionPattern<IfOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(), types)))
      return failure();
    Location loc = op.getLoc();
    Value condition = extractScalar(rewriter, loc, adaptor.getCondition());
    auto ifOp = rewriter.create<scf::IfOp>(loc, types, condition,
                                           /*addThenBlock=*/false,
                                           /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenBranch(), ifOp.getThenRegion(),
                                ifOp.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseBranch(), ifOp.getElseRegion(),
                                ifOp.getElseRegion().end());
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

struct LoopLowering : public OpConversionPattern<LoopOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LoopOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    Value next = cast<YieldOp>(body.getTerminator()).getOperand(0);
    // The number of iterations is known before the loop starts when the
    // body passes the condition on unchanged. Loop-carried values of dynamic
    // size, which may change in each iteration, take the scf.while form:
    // scf.for's canonicalization would give them the static type of a
    // first value cast to their type (an empty packed sequence's, say).
    bool conditionKept = next == body.getArgument(1) || isConstantTrue(next);
    bool dynamicCarried =
        llvm::any_of(op.getInitial().getTypes(), [](Type type) {
          return !cast<RankedTensorType>(type).hasStaticShape();
        });
    if (conditionKept && op.getMaxTripCount() && !dynamicCarried)
      return lowerToFor(op, adaptor, rewriter);
    if (!op.getScanOutputs().empty() && !op.getMaxTripCount())
      return unsupported(op, "scan outputs of a Loop whose condition the "
                             "body computes need a trip count, which bounds "
                             "their length");
    return lowerToWhile(op, adaptor, rewriter);
  }

  /// Appends to ITERARGS the accumulators of OP's scan outputs, for COUNT
  /// rows (STATICCOUNT when a constant); a declared row count must be
  /// COUNT's, unless EXACT is false (the loop may stop before: the rows
  /// then are checked after it).
  LogicalResult appendAccumulators(LoopOp op, OpBuilder &b, Location loc,
                                   Value count,
                                   std::optional<int64_t> staticCount,
                                   bool exact,
                                   SmallVectorImpl<Value> &iterArgs) const {
    for (auto [i, result] : llvm::enumerate(op.getScanOutputs())) {
      auto type = cast<RankedTensorType>(
          getTypeConverter()->convertType(result.getType()));
      if (!exact) {
        SmallVector<int64_t> shape(type.getShape());
        shape[0] = ShapedType::kDynamic;
        type = RankedTensorType::get(shape, type.getElementType());
      }
      if (!type.isDynamicDim(0) && staticCount &&
          type.getDimSize(0) != *staticCount)
        return unsupported(op, "scan output #" + Twine(i) + " has " +
                                   Twine(type.getDimSize(0)) +
                                   " rows, but the loop runs " +
                                   Twine(*staticCount) + " iterations");
      // A static size with a run-time count (the model's declared output
      // shape): checked before the loop runs.
      if (!type.isDynamicDim(0) && !staticCount)
        checkSizeEquals(b, loc, count, b.getIndexAttr(type.getDimSize(0)),
                        "the Loop's iterations equal the size of scan "
                        "output #" +
                            Twine(i));
      FailureOr<Value> accumulator = createAccumulator(b, loc, type, 0, count);
      if (failed(accumulator))
        return unsupported(op, "scan output #" + Twine(i) +
                                   " has a dynamic dimension other than the "
                                   "iterations");
      iterArgs.push_back(*accumulator);
    }
    return success();
  }

  /// scf.for over the iterations: n = max(M, 0), or 0 when the condition
  /// is false.
  LogicalResult lowerToFor(LoopOp op, OpAdaptor adaptor,
                           ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    std::optional<int64_t> staticCount;
    if (std::optional<int64_t> m = constantScalar(op.getMaxTripCount())) {
      std::optional<int64_t> c =
          op.getCondition() ? constantScalar(op.getCondition()) : 1;
      if (c)
        staticCount = *c ? std::max<int64_t>(*m, 0) : 0;
    }
    Value count;
    if (staticCount) {
      count = rewriter.create<arith::ConstantIndexOp>(loc, *staticCount);
    } else {
      Value m = extractScalar(rewriter, loc, adaptor.getMaxTripCount());
      m = rewriter.create<arith::MaxSIOp>(
          loc, m, rewriter.create<arith::ConstantIntOp>(loc, 0, 64));
      count =
          rewriter.create<arith::IndexCastOp>(loc, rewriter.getIndexType(), m);
      if (adaptor.getCondition())
        count = rewriter.create<arith::SelectOp>(
            loc, extractScalar(rewriter, loc, adaptor.getCondition()), count,
            rewriter.create<arith::ConstantIndexOp>(loc, 0));
    }

    SmallVector<Value> iterArgs(adaptor.getInitial());
    if (failed(appendAccumulators(op, rewriter, loc, count, staticCount,
                                  /*exact=*/true, iterArgs)))
      return failure();
    scf::ForOp forOp = createFor(rewriter, loc, count, iterArgs);
    Block *forBody = forOp.getBody();
    rewriter.setInsertionPointToStart(forBody);
    auto [number, condition] =
        iterationArgs(rewriter, loc, forOp.getInductionVar());
    SmallVector<Value> args{number, condition};
    llvm::append_range(
        args, forOp.getRegionIterArgs().take_front(op.getNumCarried()));
    rewriter.mergeBlocks(&op.getBody().front(), forBody, args);
    size_t numScan = op.getScanOutputs().size();
    setScanOutputs(rewriter, forOp, SmallVector<int64_t>(numScan, 0),
                   SmallVector<bool>(numScan, false));
    rewriter.setInsertionPointAfter(forOp);
    return replaceWithCasts(op, forOp.getResults(), *getTypeConverter(),
                            rewriter);
  }

  /// scf.while over (loop-carried values, scan accumulators, iteration
  /// number, condition). The tensors come first and values that the body
  /// passes on unchanged are not carried at all: one-shot bufferization
  /// requires the condition to forward each tensor at the index it has
  /// among the loop's arguments, which the canonicalization of scf.while
  /// keeps only this way. Scan outputs stack into accumulators of M rows
  /// (the trip count), of which the iterations that ran are the result.
  LogicalResult lowerToWhile(LoopOp op, OpAdaptor adaptor,
                             ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    unsigned numCarried = op.getNumCarried();
    SmallVector<Value> inits, outerValues(adaptor.getInitial());
    SmallVector<unsigned> invariant;
    for (unsigned k = 0; k < numCarried; ++k) {
      if (yield.getOperand(1 + k) == body.getArgument(2 + k))
        invariant.push_back(k);
      else
        inits.push_back(outerValues[k]);
    }
    Value limit = adaptor.getMaxTripCount()
                      ? extractScalar(rewriter, loc, adaptor.getMaxTripCount())
                      : Value();
    unsigned numScan = op.getScanOutputs().size();
    if (numScan) {
      Value rows = rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getIndexType(),
          rewriter.create<arith::MaxSIOp>(
              loc, limit, rewriter.create<arith::ConstantIntOp>(loc, 0, 64)));
      if (failed(appendAccumulators(op, rewriter, loc, rows, std::nullopt,
                                    /*exact=*/false, inits)))
        return failure();
    }
    unsigned numTensors = inits.size();
    inits.push_back(rewriter.create<arith::ConstantIntOp>(loc, 0, 64));
    inits.push_back(
        adaptor.getCondition()
            ? extractScalar(rewriter, loc, adaptor.getCondition())
            : rewriter.create<arith::ConstantIntOp>(loc, 1, 1).getResult());
    SmallVector<Type> types(ValueRange(inits).getTypes());
    auto whileOp = rewriter.create<scf::WhileOp>(
        loc, types, inits,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value go = args[numTensors + 1];
          if (limit)
            go = b.create<arith::AndIOp>(
                l, go,
                b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt,
                                        args[numTensors], limit));
          b.create<scf::ConditionOp>(l, go, args);
        },
        nullptr);
    if (numScan)
      setScanOutputs(rewriter, whileOp, SmallVector<int64_t>(numScan, 0),
                     SmallVector<bool>(numScan, false));
    // The yield drops the values that are not carried.
    rewriter.modifyOpInPlace(yield, [&] {
      for (unsigned k : llvm::reverse(invariant))
        yield->eraseOperand(1 + k);
    });
    Block *after = &whileOp.getAfter().front();
    rewriter.setInsertionPointToStart(after);
    auto [number, alwaysTrue] =
        iterationArgs(rewriter, loc, after->getArgument(numTensors));
    SmallVector<Value> args{number, alwaysTrue};
    SmallVector<Value> results;
    for (unsigned k = 0, next = 0; k < numCarried; ++k) {
      bool isInvariant = llvm::is_contained(invariant, k);
      args.push_back(isInvariant ? outerValues[k] : after->getArgument(next));
      results.push_back(isInvariant ? outerValues[k] : whileOp.getResult(next));
      next += !isInvariant;
    }
    rewriter.mergeBlocks(&body, after, args);
    rewriter.setInsertionPointAfter(whileOp);
    // The rows of the iterations that ran.
    Value ran = rewriter.create<arith::IndexCastOp>(
        loc, rewriter.getIndexType(), whileOp.getResult(numTensors));
    for (unsigned i = 0; i < numScan; ++i) {
      Value accumulator = whileOp.getResult(numTensors - numScan + i);
      auto type = cast<RankedTensorType>(
          getTypeConverter()->convertType(op.getScanOutputs()[i].getType()));
      if (!type.isDynamicDim(0))
        checkSizeEquals(rewriter, loc, ran,
                        rewriter.getIndexAttr(type.getDimSize(0)),
                        "the Loop's iterations equal the size of scan "
                        "output #" +
                            Twine(i));
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes = dimsOf(rewriter, loc, accumulator);
      SmallVector<OpFoldResult> strides(type.getRank(),
                                        rewriter.getIndexAttr(1));
      sizes[0] = ran;
      results.push_back(rewriter.create<tensor::ExtractSliceOp>(
          loc, accumulator, offsets, sizes, strides));
    }
    return replaceWithCasts(op, results, *getTypeConverter(), rewriter);
  }
};

struct ScanLowering : public OpConversionPattern<ScanOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    // The sequence length, from a scan input where it is static.
    Value length;
    for (auto [i, input] : llvm::enumerate(adaptor.getInputs())) {
      auto type = cast<RankedTensorType>(input.getType());
      int64_t axis = op.getInputAxis(i);
      if (!type.isDynamicDim(axis)) {
        length =
            rewriter.create<arith::ConstantIndexOp>(loc, type.getDimSize(axis));
        break;
      }
    }
    if (!length)
      length = rewriter.create<tensor::DimOp>(loc, adaptor.getInputs()[0],
                                              op.getInputAxis(0));

    SmallVector<Value> iterArgs(adaptor.getInitial());
    SmallVector<int64_t> axes;
    SmallVector<bool> reverse;
    for (auto [i, result] : llvm::enumerate(op.getScanOutputs())) {
      auto type = cast<RankedTensorType>(
          getTypeConverter()->convertType(result.getType()));
      axes.push_back(op.getOutputAxis(i));
      reverse.push_back(op.isOutputReversed(i));
      FailureOr<Value> accumulator =
          createAccumulator(rewriter, loc, type, axes.back(), length);
      if (failed(accumulator))
        return unsupported(op, "scan output #" + Twine(i) +
                                   " has a dynamic dimension other than the "
                                   "scan axis");
      iterArgs.push_back(*accumulator);
    }
    scf::ForOp forOp = createFor(rewriter, loc, length, iterArgs);
    Block *forBody = forOp.getBody();
    rewriter.setInsertionPointToStart(forBody);
    Value iv = forOp.getInductionVar();
    Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    Value last = rewriter.create<arith::SubIOp>(loc, length, one);
    Value backwards = rewriter.create<arith::SubIOp>(loc, last, iv);

    // The body's arguments: the states, and one slice of each scan input.
    Block &body = op.getBody().front();
    SmallVector<Value> args(
        forOp.getRegionIterArgs().take_front(op.getNumStates()));
    for (auto [i, input] : llvm::enumerate(adaptor.getInputs())) {
      auto type = cast<RankedTensorType>(input.getType());
      int64_t axis = op.getInputAxis(i);
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes = dimsOf(rewriter, loc, input);
      SmallVector<OpFoldResult> strides(type.getRank(),
                                        rewriter.getIndexAttr(1));
      offsets[axis] = op.isInputReversed(i) ? backwards : iv;
      sizes[axis] = rewriter.getIndexAttr(1);
      SmallVector<int64_t> shape(type.getShape());
      shape.erase(shape.begin() + axis);
      auto sliceType = RankedTensorType::get(shape, type.getElementType());
      Value slice = rewriter.create<tensor::ExtractSliceOp>(
          loc, sliceType, input, offsets, sizes, strides);
      Type argType = getTypeConverter()->convertType(
          body.getArgument(op.getNumStates() + i).getType());
      args.push_back(castTo(rewriter, loc, slice, argType));
    }
    rewriter.mergeBlocks(&body, forBody, args);
    setScanOutputs(rewriter, forOp, axes, reverse);
    rewriter.setInsertionPointAfter(forOp);
    return replaceWithCasts(op, forOp.getResults(), *getTypeConverter(),
                            rewriter);
  }
};

/// The next values of a loop's loop-carried iter_args ARGS: VALUES
/// written into them. A value that is another of the iter_args (a swap) is
/// copied aside first, as the copies overwrite the iter_args.
SmallVector<Value> writeCarried(OpBuilder &b, Location loc, ValueRange values,
                                ValueRange args) {
  SmallVector<Value> sources(values);
  for (size_t i = 0; i < sources.size(); ++i) {
    Value source = sources[i];
    if (source == args[i] || !llvm::is_contained(args, source))
      continue;
    auto type = cast<RankedTensorType>(source.getType());
    sources[i] =
        b.create<linalg::CopyOp>(loc, source, emptyLike(b, loc, type, {source}))
            .getResult(0);
  }
  SmallVector<Value> next;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (sources[i] == args[i]) {
      next.push_back(args[i]);
      continue;
    }
    // A loop-carried value of dynamic size may change it from one
    // iteration to the next (a packed sequence grows): its next value is
    // yielded as it is, in a buffer of its own (one-shot bufferization
    // allows that for loops, and the buffer is in the dynamic arena). One
    // of static size is written into the iter_arg's buffer.
    Value value = castTo(b, loc, sources[i], args[i].getType());
    if (!cast<RankedTensorType>(args[i].getType()).hasStaticShape()) {
      next.push_back(value);
      continue;
    }
    next.push_back(b.create<linalg::CopyOp>(loc, value, args[i]).getResult(0));
  }
  return next;
}

/// modelc.yield in the scf op that replaced its parent.
struct YieldLowering : public OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Operation *parent = op->getParentOp();
    if (auto ifOp = dyn_cast<scf::IfOp>(parent)) {
      SmallVector<Value> values;
      for (auto [value, type] :
           llvm::zip(adaptor.getOperands(), ifOp.getResultTypes()))
        values.push_back(castTo(rewriter, loc, value, type));
      rewriter.replaceOpWithNewOp<scf::YieldOp>(op, values);
      return success();
    }
    if (isa<scf::WhileOp>(parent)) {
      // (cond, carried..., scanned...) ->
      //     (carried..., accumulators..., counter + 1, cond)
      Block *after = op->getBlock();
      unsigned numTensors = after->getNumArguments() - 2;
      auto axes = parent->getAttrOfType<DenseI64ArrayAttr>(kScanAxesAttr);
      unsigned numScan = axes ? axes.size() : 0;
      unsigned numCarried = numTensors - numScan;
      Value counter = after->getArgument(numTensors);
      // Scan outputs first: an element may be a loop-carried value, which
      // the copies below overwrite.
      SmallVector<Value> scanned;
      for (unsigned i = 0; i < numScan; ++i)
        scanned.push_back(
            insertRow(rewriter, loc, after->getArgument(numCarried + i),
                      adaptor.getOperands()[1 + numCarried + i], /*axis=*/0,
                      rewriter.create<arith::IndexCastOp>(
                          loc, rewriter.getIndexType(), counter)));
      SmallVector<Value> values = writeCarried(
          rewriter, loc, adaptor.getOperands().slice(1, numCarried),
          after->getArguments().take_front(numCarried));
      llvm::append_range(values, scanned);
      if (numScan)
        rewriter.modifyOpInPlace(parent, [&] {
          parent->removeAttr(kScanAxesAttr);
          parent->removeAttr(kScanReverseAttr);
        });
      values.push_back(rewriter.create<arith::AddIOp>(
          loc, counter, rewriter.create<arith::ConstantIntOp>(loc, 1, 64)));
      values.push_back(extractScalar(rewriter, loc, adaptor.getOperands()[0]));
      rewriter.replaceOpWithNewOp<scf::YieldOp>(op, values);
      return success();
    }
    auto forOp = dyn_cast<scf::ForOp>(parent);
    if (!forOp)
      return failure();
    // A loop's yield starts with the condition, which scf.for drops.
    ValueRange iterArgs = forOp.getRegionIterArgs();
    ValueRange operands = adaptor.getOperands().drop_front(
        adaptor.getOperands().size() - iterArgs.size());
    auto axes = forOp->getAttrOfType<DenseI64ArrayAttr>(kScanAxesAttr);
    auto reverse = forOp->getAttrOfType<DenseBoolArrayAttr>(kScanReverseAttr);
    size_t numScan = axes ? axes.size() : 0;
    size_t numCarried = iterArgs.size() - numScan;

    // Scan outputs first: an element may be a loop-carried iter_arg, which
    // the copies below overwrite.
    SmallVector<Value> scanned;
    Value iv = forOp.getInductionVar();
    for (size_t i = 0; i < numScan; ++i) {
      Value accumulator = iterArgs[numCarried + i];
      int64_t axis = axes[i];
      Value position = iv;
      if (reverse[i]) {
        Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
        position = rewriter.create<arith::SubIOp>(
            loc,
            rewriter.create<arith::SubIOp>(loc, forOp.getUpperBound(), one),
            iv);
      }
      scanned.push_back(insertRow(rewriter, loc, accumulator,
                                  operands[numCarried + i], axis, position));
    }
    SmallVector<Value> values =
        writeCarried(rewriter, loc, operands.take_front(numCarried),
                     iterArgs.take_front(numCarried));
    llvm::append_range(values, scanned);
    rewriter.modifyOpInPlace(forOp, [&] {
      forOp->removeAttr(kScanAxesAttr);
      forOp->removeAttr(kScanReverseAttr);
    });
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, values);
    return success();
  }
};

/// modelc.assert becomes a modelc.check of its condition's element.
struct AssertLowering : public OpConversionPattern<AssertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AssertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value condition = rewriter.create<tensor::ExtractOp>(
        op.getLoc(), adaptor.getCondition(), ValueRange{});
    rewriter.replaceOpWithNewOp<CheckOp>(op, condition, op.getMessageAttr(),
                                         op.getStatusAttr());
    return success();
  }
};

} // namespace

void lowering::populateControlFlowPatterns(TypeConverter &converter,
                                           RewritePatternSet &patterns) {
  patterns.add<IfLowering, LoopLowering, ScanLowering, YieldLowering,
               AssertLowering>(converter, patterns.getContext());
}
