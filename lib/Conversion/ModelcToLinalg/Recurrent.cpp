//===- Recurrent.cpp - RNN, GRU and LSTM to linalg and scf ------*- C++ -*-===//
//
// Part of modelc. Each direction of a recurrent op becomes:
//
//   xw = X * W^T + biases                  one matmul for all time steps
//   scf.for step iter_args(h, [c], Y, scratch...) {
//     hr = h * R^T                         into a scratch iter_arg
//     one linalg.generic for the gates     writes h, [c] and Y[t] in place
//   }
//
// Every tensor the loop body writes is an iter_arg (or a slice of one), so
// bufferization updates the buffers in place and allocates nothing inside
// the loop: the workspace planner needs every buffer in the entry block.
// sequence_lens becomes a mask: a batch item's steps past its length leave
// its state unchanged and write zeros to Y; the reverse direction walks
// the steps backwards, so it starts at each item's last valid step.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// The scalar activation A of a recurrent op, after clipping its input to
/// [-CLIP, CLIP].
Value recurrentActivation(OpBuilder &b, Location loc, Value x,
                          const RecurrentActivation &a,
                          std::optional<float> clip) {
  Type type = x.getType();
  auto constant = [&](double v) { return scalarConstant(b, loc, type, v); };
  if (clip) {
    x = b.create<arith::MaximumFOp>(loc, x, constant(-*clip));
    x = b.create<arith::MinimumFOp>(loc, x, constant(*clip));
  }
  StringRef name = a.name;
  if (name == "Relu")
    return scalarActivation(b, loc, x, ActivationKind::relu, 0, 0);
  if (name == "Tanh")
    return scalarActivation(b, loc, x, ActivationKind::tanh, 0, 0);
  if (name == "Sigmoid")
    return scalarActivation(b, loc, x, ActivationKind::sigmoid, 0, 0);
  if (name == "LeakyRelu")
    return scalarActivation(b, loc, x, ActivationKind::leaky_relu, a.alpha, 0);
  if (name == "HardSigmoid")
    return scalarActivation(b, loc, x, ActivationKind::hard_sigmoid, a.alpha,
                            a.beta);
  if (name == "Affine")
    return b.create<arith::AddFOp>(
        loc, b.create<arith::MulFOp>(loc, x, constant(a.alpha)),
        constant(a.beta));
  if (name == "ThresholdedRelu") {
    Value above = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x,
                                          constant(a.alpha));
    return b.create<arith::SelectOp>(loc, above, x, constant(0));
  }
  if (name == "ScaledTanh")
    return b.create<arith::MulFOp>(
        loc, constant(a.alpha),
        b.create<math::TanhOp>(
            loc, b.create<arith::MulFOp>(loc, x, constant(a.beta))));
  if (name == "Elu") {
    Value negative =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, constant(0));
    Value scaled = b.create<arith::MulFOp>(loc, constant(a.alpha),
                                           b.create<math::ExpM1Op>(loc, x));
    return b.create<arith::SelectOp>(loc, negative, scaled, x);
  }
  if (name == "Softsign")
    return b.create<arith::DivFOp>(
        loc, x,
        b.create<arith::AddFOp>(loc, constant(1),
                                b.create<math::AbsFOp>(loc, x)));
  assert(name == "Softplus" && "the verifier checks the names");
  // max(x, 0) + log1p(exp(-|x|)): no overflow for large x.
  Value negAbs = b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x));
  return b.create<arith::AddFOp>(
      loc, b.create<arith::MaximumFOp>(loc, x, constant(0)),
      b.create<math::Log1pOp>(loc, b.create<math::ExpOp>(loc, negAbs)));
}

/// What the lowering of one recurrent op shares between its directions and
/// its three kinds.
struct Recurrence {
  OpBuilder &b;
  Location loc;
  Type element;
  /// The number of steps and the batch size: constants, or values read
  /// from X at run time.
  OpFoldResult seq, batch;
  int64_t input, hidden, gates;
  /// The per-item lengths, or null when every item has `seq` steps.
  Value lens;
  std::optional<float> clip;
  /// X and the initial states (null when absent), with the input size and
  /// the batch made static where the weights or X give them.
  Value x, initialH, initialC;

  MLIRContext *ctx() { return b.getContext(); }
  OpFoldResult size(int64_t v) { return b.getIndexAttr(v); }
  /// The tensor type of DIMS (dynamic where a dimension is a value).
  RankedTensorType type(ArrayRef<OpFoldResult> dims) {
    return typeWithDims(dims, element);
  }
  Value constant(OpBuilder &nb, double v) {
    return scalarConstant(nb, loc, element, v);
  }
  Value empty(ArrayRef<OpFoldResult> dims) {
    RankedTensorType t = type(dims);
    return createEmpty(b, loc, t, dynamicOnly(b, loc, t, dims));
  }
  Value zeros(ArrayRef<OpFoldResult> dims) {
    RankedTensorType t = type(dims);
    return createFilled(b, loc, t, constant(b, 0),
                        dynamicOnly(b, loc, t, dims));
  }

  /// VALUE[d], the leading dimension dropped.
  Value direction(Value value, int64_t d) {
    auto valueType = cast<RankedTensorType>(value.getType());
    int64_t rank = valueType.getRank();
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    offsets[0] = b.getIndexAttr(d);
    SmallVector<OpFoldResult> sizes = dimsOf(b, loc, value),
                              strides(rank, b.getIndexAttr(1));
    sizes[0] = b.getIndexAttr(1);
    auto sliceType = RankedTensorType::get(valueType.getShape().drop_front(),
                                           valueType.getElementType());
    return b.create<tensor::ExtractSliceOp>(loc, sliceType, value, offsets,
                                            sizes, strides);
  }

  /// The transpose of a matrix.
  Value transpose(Value matrix) {
    auto matrixType = cast<RankedTensorType>(matrix.getType());
    Value init =
        empty({size(matrixType.getDimSize(1)), size(matrixType.getDimSize(0))});
    return b
        .create<linalg::TransposeOp>(loc, matrix, init, ArrayRef<int64_t>{1, 0})
        ->getResult(0);
  }

  /// INIT + LHS * RHS, iterating m, k, n: the innermost loop runs along
  /// rows of RHS and of the result.
  Value matmul(OpBuilder &nb, Value lhs, Value rhs, Value init) {
    MLIRContext *c = ctx();
    AffineExpr m = getAffineDimExpr(0, c), k = getAffineDimExpr(1, c),
               n = getAffineDimExpr(2, c);
    SmallVector<AffineMap> maps{AffineMap::get(3, 0, {m, k}, c),
                                AffineMap::get(3, 0, {k, n}, c),
                                AffineMap::get(3, 0, {m, n}, c)};
    auto contract = arith::FastMathFlags::contract;
    return nb
        .create<linalg::GenericOp>(
            loc, init.getType(), ValueRange{lhs, rhs}, ValueRange{init}, maps,
            ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                          utils::IteratorType::reduction,
                                          utils::IteratorType::parallel},
            [&](OpBuilder &bb, Location l, ValueRange args) {
              Value product =
                  bb.create<arith::MulFOp>(l, args[0], args[1], contract);
              bb.create<linalg::YieldOp>(
                  l, ValueRange{bb.create<arith::AddFOp>(l, args[2], product,
                                                         contract)});
            })
        .getResult(0);
  }

  /// X * W[d]^T + bias for every step: [seq * batch, gates * hidden]. The
  /// bias is Wb + Rb, without Rb from column RBLIMIT on (GRU's
  /// linear_before_reset adds Rbh inside the step).
  Value inputProjection(Value x, Value w, Value bias, int64_t rbLimit) {
    int64_t rows = gates * hidden;
    OpFoldResult seqBatch = SizeMath(b, loc).mul(seq, batch);
    Value x2 = reshapeTensor(b, loc, x, type({seqBatch, size(input)}),
                             {seqBatch, size(input)});
    auto resultType = type({seqBatch, size(rows)});
    Value init;
    if (bias) {
      MLIRContext *c = ctx();
      AffineMap vector = AffineMap::get(2, 0, {getAffineDimExpr(1, c)}, c);
      SmallVector<AffineMap> maps{vector, vector, b.getMultiDimIdentityMap(2)};
      Value wb = segment(b, bias, 0, rows);
      Value rb = segment(b, bias, rows, rows);
      init =
          b.create<linalg::GenericOp>(
               loc, TypeRange{resultType}, ValueRange{wb, rb},
               ValueRange{empty({seqBatch, size(rows)})}, maps,
               SmallVector<utils::IteratorType>(2,
                                                utils::IteratorType::parallel),
               [&](OpBuilder &bb, Location l, ValueRange args) {
                 Value rb = args[1];
                 if (rbLimit < rows) {
                   Value col = bb.create<linalg::IndexOp>(l, 1);
                   Value inR = bb.create<arith::CmpIOp>(
                       l, arith::CmpIPredicate::ult, col,
                       bb.create<arith::ConstantIndexOp>(l, rbLimit));
                   rb = bb.create<arith::SelectOp>(l, inR, rb, constant(bb, 0));
                 }
                 bb.create<linalg::YieldOp>(
                     l, ValueRange{bb.create<arith::AddFOp>(l, args[0], rb)});
               })
              .getResult(0);
    } else {
      init = zeros({seqBatch, size(rows)});
    }
    return matmul(b, x2, transpose(w), init);
  }

  /// VECTOR[OFFSET : OFFSET + SIZE].
  Value segment(OpBuilder &nb, Value vector, int64_t offset, int64_t size) {
    return nb.create<tensor::ExtractSliceOp>(
        loc, RankedTensorType::get({size}, element), vector,
        ArrayRef<OpFoldResult>{nb.getIndexAttr(offset)},
        ArrayRef<OpFoldResult>{nb.getIndexAttr(size)},
        ArrayRef<OpFoldResult>{nb.getIndexAttr(1)});
  }

  /// Columns [BEGIN, BEGIN + SIZE) of a matrix.
  Value columns(OpBuilder &nb, Value matrix, int64_t begin, int64_t size) {
    OpFoldResult rows = dimsOf(nb, loc, matrix)[0];
    return nb.create<tensor::ExtractSliceOp>(
        loc, type({rows, nb.getIndexAttr(size)}), matrix,
        ArrayRef<OpFoldResult>{nb.getIndexAttr(0), nb.getIndexAttr(begin)},
        ArrayRef<OpFoldResult>{rows, nb.getIndexAttr(size)},
        ArrayRef<OpFoldResult>{nb.getIndexAttr(1), nb.getIndexAttr(1)});
  }

  /// Gate GATE of a [batch, k * hidden] matrix: [batch, hidden].
  Value gate(OpBuilder &nb, Value matrix, int64_t gate) {
    return columns(nb, matrix, gate * hidden, hidden);
  }

  /// Body of a step's elementwise generic: gets the scalars of the inputs,
  /// the item's length (null without masking) and the outputs' current
  /// values, and returns the outputs' new values.
  using StepBody = function_ref<SmallVector<Value>(
      OpBuilder &, Location, ValueRange ins, Value len, ValueRange outs)>;

  /// A step's elementwise linalg.generic over [batch, hidden]: reads INS,
  /// [batch, hidden] matrices or [hidden] vectors (and `lens` when MASK and
  /// masking), and updates OUTS. Every output must be read by BODY, or the
  /// elementwise fusion pass replaces it by an empty tensor, which would
  /// need a buffer inside the loop.
  SmallVector<Value> stepGeneric(OpBuilder &nb, SmallVector<Value> ins,
                                 ValueRange outs, StepBody body,
                                 bool mask = true) {
    MLIRContext *c = ctx();
    int64_t numIns = ins.size();
    SmallVector<AffineMap> maps;
    for (Value in : ins)
      maps.push_back(cast<RankedTensorType>(in.getType()).getRank() == 2
                         ? nb.getMultiDimIdentityMap(2)
                         : AffineMap::get(2, 0, {getAffineDimExpr(1, c)}, c));
    bool masked = mask && lens;
    if (masked) {
      ins.push_back(lens);
      maps.push_back(AffineMap::get(2, 0, {getAffineDimExpr(0, c)}, c));
    }
    maps.append(outs.size(), nb.getMultiDimIdentityMap(2));
    auto generic = nb.create<linalg::GenericOp>(
        loc, outs.getTypes(), ins, outs, maps,
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [&](OpBuilder &bb, Location l, ValueRange args) {
          Value len = masked ? args[numIns] : Value();
          bb.create<linalg::YieldOp>(l, body(bb, l, args.take_front(numIns),
                                             len, args.drop_front(ins.size())));
        });
    return SmallVector<Value>(generic.getResults());
  }

  /// Whether step T is within the length LEN of its item.
  Value isValid(OpBuilder &nb, Location l, Value t, Value len) {
    Value t64 = nb.create<arith::IndexCastOp>(l, nb.getI64Type(), t);
    if (len.getType() != nb.getI64Type())
      len = nb.create<arith::ExtSIOp>(l, nb.getI64Type(), len);
    return nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, t64, len);
  }

  /// The outputs of a step's last generic: the new state NEWSTATE, or OLD
  /// for an item past its length; then, when masking and YOLD is given
  /// (the current value of Y[t], zero), NEWSTATE where valid, else YOLD.
  SmallVector<Value> maskedOutputs(OpBuilder &nb, Location l, Value t,
                                   Value len, Value newState, Value old,
                                   Value yOld) {
    if (!len)
      return {newState};
    Value valid = isValid(nb, l, t, len);
    SmallVector<Value> results{
        nb.create<arith::SelectOp>(l, valid, newState, old)};
    if (yOld)
      results.push_back(nb.create<arith::SelectOp>(l, valid, newState, yOld));
    return results;
  }

  /// A zero-filled scratch tensor (in the loop).
  Value zeroed(OpBuilder &nb, Value scratch) {
    return nb.create<linalg::FillOp>(loc, constant(nb, 0), scratch)
        .getResult(0);
  }

  /// Offsets, sizes and strides of Y[t, d]: [batch, hidden].
  std::array<SmallVector<OpFoldResult>, 3> ySlice(OpBuilder &nb, Value t,
                                                  int64_t d) {
    return {SmallVector<OpFoldResult>{t, nb.getIndexAttr(d), nb.getIndexAttr(0),
                                      nb.getIndexAttr(0)},
            SmallVector<OpFoldResult>{nb.getIndexAttr(1), nb.getIndexAttr(1),
                                      batch, nb.getIndexAttr(hidden)},
            SmallVector<OpFoldResult>(4, nb.getIndexAttr(1))};
  }

  /// One step. It gets the step index T (in the sequence),
  /// the step's rows XWT of the input projection, the STATES, Y (null when
  /// unused) and the SCRATCH tensors; it returns the new states, the new Y
  /// (when given) and the new scratch tensors, each written in place into
  /// the iter_arg it replaces.
  using StepFn = function_ref<SmallVector<Value>(
      OpBuilder &nb, Location l, Value t, Value xwT, ValueRange states, Value y,
      ValueRange scratch)>;

  /// Y with Y[t, d] = VALUE: the y output of the step's generic (when
  /// masking, written in place) or the new hidden state (a copy).
  Value writeY(OpBuilder &nb, Location l, Value y, Value t, int64_t d,
               Value value) {
    auto [offsets, sizes, strides] = ySlice(nb, t, d);
    return nb.create<tensor::InsertSliceOp>(l, value, y, offsets, sizes,
                                            strides);
  }

  /// Y[t, d], the output of a masking step's generic.
  Value readY(OpBuilder &nb, Location l, Value y, Value t, int64_t d) {
    auto [offsets, sizes, strides] = ySlice(nb, t, d);
    return nb.create<tensor::ExtractSliceOp>(l, type({batch, size(hidden)}), y,
                                             offsets, sizes, strides);
  }

  /// The loop over the steps (backwards if REVERSE) that carries the
  /// states, Y (when given) and the scratch tensors: returns the final
  /// states and the updated Y.
  SmallVector<Value> loop(bool reverse, Value xw, ValueRange initialStates,
                          Value y, ValueRange scratch, StepFn step) {
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    Value steps = getValueOrCreateConstantIndexOp(b, loc, seq);
    Value batchSize = getValueOrCreateConstantIndexOp(b, loc, batch);
    SmallVector<Value> iterArgs(initialStates);
    if (y)
      iterArgs.push_back(y);
    llvm::append_range(iterArgs, scratch);
    int64_t numStates = initialStates.size();
    int64_t rows = gates * hidden;
    auto forOp = b.create<scf::ForOp>(
        loc, zero, steps, one, iterArgs,
        [&](OpBuilder &nb, Location l, Value i, ValueRange args) {
          Value t = i;
          if (reverse)
            t = nb.create<arith::SubIOp>(
                l, nb.create<arith::SubIOp>(l, steps, one), i);
          Value row = nb.create<arith::MulIOp>(l, t, batchSize);
          Value xwT = nb.create<tensor::ExtractSliceOp>(
              l, type({batch, size(rows)}), xw,
              ArrayRef<OpFoldResult>{row, nb.getIndexAttr(0)},
              ArrayRef<OpFoldResult>{batch, nb.getIndexAttr(rows)},
              ArrayRef<OpFoldResult>{nb.getIndexAttr(1), nb.getIndexAttr(1)});
          nb.create<scf::YieldOp>(
              l, step(nb, l, t, xwT, args.take_front(numStates),
                      y ? args[numStates] : Value(),
                      args.drop_front(numStates + (y ? 1 : 0))));
        });
    return SmallVector<Value>(
        forOp.getResults().take_front(numStates + (y ? 1 : 0)));
  }

  /// The initial state of direction D: INITIAL[d] or zeros.
  Value initialState(Value initial, int64_t d) {
    if (initial)
      return direction(initial, d);
    return zeros({batch, size(hidden)});
  }

  /// The dimensions of Y: [seq, num_directions, batch, hidden].
  SmallVector<OpFoldResult> yDims(int64_t numDirections) {
    return {seq, size(numDirections), batch, size(hidden)};
  }

  /// Y, zero-filled when masking (the steps past an item's length keep
  /// those zeros), or null when the op's Y is unused.
  Value createY(Value result, int64_t numDirections) {
    if (result.use_empty())
      return Value();
    if (lens)
      return zeros(yDims(numDirections));
    return empty(yDims(numDirections));
  }

  /// The op's Y: the loop's, or when unused an empty tensor, removed as
  /// dead code.
  Value finalY(Value result, Value y, int64_t numDirections) {
    if (!y)
      y = empty(yDims(numDirections));
    return castTo(b, loc, y, convertTensorType(result.getType()));
  }

  /// Inserts the [batch, hidden] STATES of each direction into a
  /// [num_directions, batch, hidden] tensor, of RESULT's type.
  Value stack(ArrayRef<Value> states, Value result) {
    int64_t numDirections = states.size();
    Value stacked = empty({size(numDirections), batch, size(hidden)});
    for (auto [d, state] : llvm::enumerate(states))
      stacked = b.create<tensor::InsertSliceOp>(
          loc, state, stacked,
          ArrayRef<OpFoldResult>{b.getIndexAttr(d), b.getIndexAttr(0),
                                 b.getIndexAttr(0)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), batch,
                                 b.getIndexAttr(hidden)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1),
                                 b.getIndexAttr(1)});
    return castTo(b, loc, stacked, convertTensorType(result.getType()));
  }
};

/// Checks what the lowering supports and fills a Recurrence for OP. The
/// number of steps and the batch size may be dynamic (X's first two
/// dimensions); the initial states and sequence_lens must have X's batch,
/// which a `modelc.check` verifies where it is dynamic.
template <typename Op>
FailureOr<Recurrence> makeRecurrence(Op op, typename Op::Adaptor adaptor,
                                     ConversionPatternRewriter &rewriter) {
  Location loc = op.getLoc();
  auto isStatic = [](Value v) {
    return !v || cast<RankedTensorType>(v.getType()).hasStaticShape();
  };
  bool staticWeights = isStatic(adaptor.getW()) && isStatic(adaptor.getR()) &&
                       isStatic(adaptor.getB());
  if constexpr (std::is_same_v<Op, LSTMOp>)
    staticWeights &= isStatic(adaptor.getP());
  if (!staticWeights)
    return unsupported(op, "the weights must have static shapes");
  StringRef name = Op::getOperationName();
  Value x = adaptor.getX();
  auto xType = cast<RankedTensorType>(x.getType());
  auto wType = cast<RankedTensorType>(adaptor.getW().getType());
  int64_t input = wType.getDimSize(2), hidden = op.getHiddenSize();
  x = castWithChecks(
      rewriter, loc, x,
      RankedTensorType::get({xType.getDimSize(0), xType.getDimSize(1), input},
                            xType.getElementType()),
      name + "'s X has the input size of W");
  SmallVector<OpFoldResult> xDims = dimsOf(rewriter, loc, x);
  OpFoldResult batch = xDims[1];
  std::optional<int64_t> staticBatch = getConstantIntValue(batch);
  // An operand with a batch dimension at BATCHDIM (sequence_lens, or the
  // initial states with hidden_size values): checked against X's batch,
  // then as static as X's.
  std::string message =
      (name + ": sequence_lens and the initial states have X's batch size "
              "and hidden_size values")
          .str();
  auto withBatch = [&](Value v, int64_t batchDim) -> Value {
    if (!v)
      return v;
    auto type = cast<RankedTensorType>(v.getType());
    if (!staticBatch)
      checkSizeEquals(rewriter, loc,
                      getValueOrCreateConstantIndexOp(
                          rewriter, loc, dimOf(rewriter, loc, v, batchDim)),
                      batch, message);
    SmallVector<int64_t> shape(type.getShape());
    shape[batchDim] = staticBatch.value_or(ShapedType::kDynamic);
    if (batchDim == 1)
      shape[2] = hidden;
    return castWithChecks(rewriter, loc, v,
                          RankedTensorType::get(shape, type.getElementType()),
                          message);
  };
  std::optional<float> clip;
  if (std::optional<APFloat> c = op.getClip())
    clip = c->convertToFloat();
  Value initialC;
  if constexpr (std::is_same_v<Op, LSTMOp>)
    initialC = withBatch(adaptor.getInitialC(), 1);
  return Recurrence{rewriter,
                    loc,
                    xType.getElementType(),
                    xDims[0],
                    batch,
                    input,
                    hidden,
                    Op::kNumGates,
                    withBatch(adaptor.getSequenceLens(), 0),
                    clip,
                    x,
                    withBatch(adaptor.getInitialH(), 1),
                    initialC};
}

bool isReverse(StringRef direction, int64_t d) {
  return direction == "reverse" || d == 1;
}

Value add(OpBuilder &b, Location l, Value x, Value y) {
  return b.create<arith::AddFOp>(l, x, y);
}
Value mul(OpBuilder &b, Location l, Value x, Value y) {
  return b.create<arith::MulFOp>(l, x, y);
}

/// Ht = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Wbi + Rbi)
///
/// The step: hr = h * R^T into a scratch tensor, then the generic computes
/// the new state over hr (in place) and a copy makes it the new h.
struct RNNLowering : public OpConversionPattern<RNNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RNNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Recurrence> rec = makeRecurrence(op, adaptor, rewriter);
    if (failed(rec))
      return failure();
    Recurrence &r = *rec;
    int64_t hidden = r.hidden;
    bool masked = static_cast<bool>(r.lens);
    Value y = r.createY(op.getY(), op.getNumDirections());
    SmallVector<Value> finalH;
    for (int64_t d = 0; d < op.getNumDirections(); ++d) {
      RecurrentActivation f = op.getActivation(d, 0);
      Value bias = adaptor.getB() ? r.direction(adaptor.getB(), d) : Value();
      Value xw =
          r.inputProjection(r.x, r.direction(adaptor.getW(), d), bias, hidden);
      Value rT = r.transpose(r.direction(adaptor.getR(), d));
      Value h0 = r.initialState(r.initialH, d);
      Value hrBuffer = r.empty({r.batch, r.size(hidden)});
      auto step = [&](OpBuilder &nb, Location l, Value t, Value xwT,
                      ValueRange states, Value yIter, ValueRange scratch) {
        Value h = states[0];
        Value hr = r.matmul(nb, h, rT, r.zeroed(nb, scratch[0]));
        SmallVector<Value> ins{xwT};
        SmallVector<Value> outs{hr};
        if (masked) {
          ins.push_back(h);
          if (yIter)
            outs.push_back(r.readY(nb, l, yIter, t, d));
        }
        SmallVector<Value> g =
            r.stepGeneric(nb, ins, outs,
                          [&](OpBuilder &bb, Location bl, ValueRange in,
                              Value len, ValueRange out) {
                            Value hNew = recurrentActivation(
                                bb, bl, add(bb, bl, in[0], out[0]), f, r.clip);
                            return r.maskedOutputs(
                                bb, bl, t, len, hNew, masked ? in[1] : Value(),
                                out.size() > 1 ? out[1] : Value());
                          });
        SmallVector<Value> results{
            nb.create<linalg::CopyOp>(l, g[0], h).getResult(0)};
        if (yIter)
          results.push_back(
              r.writeY(nb, l, yIter, t, d, g.size() > 1 ? g[1] : results[0]));
        results.push_back(g[0]);
        return results;
      };
      SmallVector<Value> loop = r.loop(isReverse(op.getDirection(), d), xw,
                                       {h0}, y, {hrBuffer}, step);
      finalH.push_back(loop[0]);
      if (y)
        y = loop[1];
    }
    rewriter.replaceOp(op, {r.finalY(op.getY(), y, op.getNumDirections()),
                            r.stack(finalH, op.getYH())});
    return success();
  }
};

/// zt = f(Xt*(Wz^T) + Ht-1*(Rz^T) + Wbz + Rbz)
/// rt = f(Xt*(Wr^T) + Ht-1*(Rr^T) + Wbr + Rbr)
/// ht = g(Xt*(Wh^T) + (rt (.) Ht-1)*(Rh^T) + Rbh + Wbh), or with
///      linear_before_reset g(Xt*(Wh^T) + (rt (.) (Ht-1*(Rh^T) + Rbh)) + Wbh)
/// Ht = (1 - zt) (.) ht + zt (.) Ht-1
///
/// The step's last generic updates h in place (it reads Ht-1). Without
/// linear_before_reset, rt (.) Ht-1 is computed over rt's columns of the
/// scratch hr = Ht-1 * [Rz Rr]^T, then multiplied by Rh^T.
struct GRULowering : public OpConversionPattern<GRUOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GRUOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Recurrence> rec = makeRecurrence(op, adaptor, rewriter);
    if (failed(rec))
      return failure();
    Recurrence &r = *rec;
    int64_t hidden = r.hidden;
    OpFoldResult batch = r.batch;
    bool linearBeforeReset = op.getLinearBeforeReset();
    Value y = r.createY(op.getY(), op.getNumDirections());
    SmallVector<Value> finalH;
    for (int64_t d = 0; d < op.getNumDirections(); ++d) {
      RecurrentActivation f = op.getActivation(d, 0);
      RecurrentActivation g = op.getActivation(d, 1);
      Value bias = adaptor.getB() ? r.direction(adaptor.getB(), d) : Value();
      // With linear_before_reset, Rbh is added to Ht-1*(Rh^T) in the step.
      Value xw = r.inputProjection(r.x, r.direction(adaptor.getW(), d), bias,
                                   linearBeforeReset ? 2 * hidden : 3 * hidden);
      Value rT = r.transpose(r.direction(adaptor.getR(), d));
      Value h0 = r.initialState(r.initialH, d);
      Value rbh = bias && linearBeforeReset
                      ? r.segment(rewriter, bias, 5 * hidden, hidden)
                      : Value();
      Value rzrT = r.columns(rewriter, rT, 0, 2 * hidden);
      Value rhT = r.columns(rewriter, rT, 2 * hidden, hidden);
      SmallVector<Value> scratchInit{
          r.empty({batch, r.size((linearBeforeReset ? 3 : 2) * hidden)})};
      if (!linearBeforeReset)
        scratchInit.push_back(r.empty({batch, r.size(hidden)}));

      auto step = [&](OpBuilder &nb, Location l, Value t, Value xwT,
                      ValueRange states, Value yIter, ValueRange scratch) {
        Value h = states[0];
        Value hr = r.matmul(nb, h, linearBeforeReset ? rT : rzrT,
                            r.zeroed(nb, scratch[0]));
        // Inputs of the last generic: xw's z, r, h and hr's z, r (and h).
        SmallVector<Value> ins{r.gate(nb, xwT, 0), r.gate(nb, xwT, 1),
                               r.gate(nb, xwT, 2)};
        Value rhR;
        if (linearBeforeReset) {
          for (int64_t k = 0; k < 3; ++k)
            ins.push_back(r.gate(nb, hr, k));
          if (rbh)
            ins.push_back(rbh);
        } else {
          // rt (.) Ht-1 over rt's columns of hr, then times Rh^T.
          Value rh = r.stepGeneric(
              nb, {r.gate(nb, xwT, 1), h}, r.gate(nb, hr, 1),
              [&](OpBuilder &bb, Location bl, ValueRange in, Value,
                  ValueRange out) -> SmallVector<Value> {
                Value reset = recurrentActivation(
                    bb, bl, add(bb, bl, in[0], out[0]), f, r.clip);
                return {mul(bb, bl, reset, in[1])};
              },
              /*mask=*/false)[0];
          hr = nb.create<tensor::InsertSliceOp>(
              l, rh, hr,
              ArrayRef<OpFoldResult>{nb.getIndexAttr(0),
                                     nb.getIndexAttr(hidden)},
              ArrayRef<OpFoldResult>{batch, nb.getIndexAttr(hidden)},
              ArrayRef<OpFoldResult>{nb.getIndexAttr(1), nb.getIndexAttr(1)});
          rhR = r.matmul(nb, rh, rhT, r.zeroed(nb, scratch[1]));
          ins.push_back(r.gate(nb, hr, 0));
          ins.push_back(rhR);
        }
        SmallVector<Value> outs{h};
        if (r.lens && yIter)
          outs.push_back(r.readY(nb, l, yIter, t, d));
        SmallVector<Value> gen = r.stepGeneric(
            nb, ins, outs,
            [&](OpBuilder &bb, Location bl, ValueRange in, Value len,
                ValueRange out) {
              Value hOld = out[0];
              Value z = recurrentActivation(bb, bl, add(bb, bl, in[0], in[3]),
                                            f, r.clip);
              Value pre;
              if (linearBeforeReset) {
                Value reset = recurrentActivation(
                    bb, bl, add(bb, bl, in[1], in[4]), f, r.clip);
                Value hh = rbh ? add(bb, bl, in[5], in[6]) : in[5];
                pre = add(bb, bl, in[2], mul(bb, bl, reset, hh));
              } else {
                pre = add(bb, bl, in[2], in[4]);
              }
              Value ht = recurrentActivation(bb, bl, pre, g, r.clip);
              // (1 - z) * ht + z * hOld
              Value oneMinusZ =
                  bb.create<arith::SubFOp>(bl, r.constant(bb, 1.0), z);
              Value hNew =
                  add(bb, bl, mul(bb, bl, oneMinusZ, ht), mul(bb, bl, z, hOld));
              return r.maskedOutputs(bb, bl, t, len, hNew, hOld,
                                     out.size() > 1 ? out[1] : Value());
            });
        // Y[t] is the generic's y output (masking) or a copy of the state.
        SmallVector<Value> results{gen[0]};
        if (yIter)
          results.push_back(r.writeY(nb, l, yIter, t, d, gen.back()));
        results.push_back(hr);
        if (rhR)
          results.push_back(rhR);
        return results;
      };
      SmallVector<Value> loop = r.loop(isReverse(op.getDirection(), d), xw,
                                       {h0}, y, scratchInit, step);
      finalH.push_back(loop[0]);
      if (y)
        y = loop[1];
    }
    rewriter.replaceOp(op, {r.finalY(op.getY(), y, op.getNumDirections()),
                            r.stack(finalH, op.getYH())});
    return success();
  }
};

/// it = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Pi (.) Ct-1 + Wbi + Rbi)
/// ft = f(Xt*(Wf^T) + Ht-1*(Rf^T) + Pf (.) Ct-1 + Wbf + Rbf), or 1 - it
/// ct = g(Xt*(Wc^T) + Ht-1*(Rc^T) + Wbc + Rbc)
/// Ct = ft (.) Ct-1 + it (.) ct
/// ot = f(Xt*(Wo^T) + Ht-1*(Ro^T) + Po (.) Ct + Wbo + Rbo)
/// Ht = ot (.) h(Ct)
///
/// The step: hr = Ht-1 * R^T into a scratch tensor; a generic updates c in
/// place (it reads Ct-1); a second computes Ht over ot's columns of hr (in
/// place), and a copy makes it the new h.
struct LSTMLowering : public OpConversionPattern<LSTMOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LSTMOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Recurrence> rec = makeRecurrence(op, adaptor, rewriter);
    if (failed(rec))
      return failure();
    Recurrence &r = *rec;
    int64_t hidden = r.hidden;
    OpFoldResult batch = r.batch;
    bool inputForget = op.getInputForget();
    bool masked = static_cast<bool>(r.lens);
    Value y = r.createY(op.getY(), op.getNumDirections());
    SmallVector<Value> finalH, finalC;
    for (int64_t d = 0; d < op.getNumDirections(); ++d) {
      RecurrentActivation f = op.getActivation(d, 0);
      RecurrentActivation g = op.getActivation(d, 1);
      RecurrentActivation h = op.getActivation(d, 2);
      Value bias = adaptor.getB() ? r.direction(adaptor.getB(), d) : Value();
      Value xw = r.inputProjection(r.x, r.direction(adaptor.getW(), d), bias,
                                   4 * hidden);
      Value rT = r.transpose(r.direction(adaptor.getR(), d));
      Value h0 = r.initialState(r.initialH, d);
      Value c0 = r.initialState(r.initialC, d);
      // Pi, Po, Pf.
      SmallVector<Value> peepholes;
      if (Value p = adaptor.getP() ? r.direction(adaptor.getP(), d) : Value())
        for (int64_t k = 0; k < 3; ++k)
          peepholes.push_back(r.segment(rewriter, p, k * hidden, hidden));
      Value hrBuffer = r.empty({batch, r.size(4 * hidden)});
      auto step = [&](OpBuilder &nb, Location l, Value t, Value xwT,
                      ValueRange states, Value yIter, ValueRange scratch) {
        Value hPrev = states[0], cPrev = states[1];
        Value hr = r.matmul(nb, hPrev, rT, r.zeroed(nb, scratch[0]));
        // The cell: xw's and hr's gates i, f, c, then Pi and Pf.
        SmallVector<Value> ins{r.gate(nb, xwT, 0), r.gate(nb, xwT, 2),
                               r.gate(nb, xwT, 3), r.gate(nb, hr, 0),
                               r.gate(nb, hr, 2),  r.gate(nb, hr, 3)};
        if (!peepholes.empty()) {
          ins.push_back(peepholes[0]);
          ins.push_back(peepholes[2]);
        }
        Value c = r.stepGeneric(
            nb, ins, cPrev,
            [&](OpBuilder &bb, Location bl, ValueRange in, Value len,
                ValueRange out) {
              Value cOld = out[0];
              auto pre = [&](int64_t k, int64_t peephole) -> Value {
                Value v = add(bb, bl, in[k], in[3 + k]);
                if (peephole < 0 || peepholes.empty())
                  return v;
                return add(bb, bl, v, mul(bb, bl, in[6 + peephole], cOld));
              };
              Value i = recurrentActivation(bb, bl, pre(0, 0), f, r.clip);
              Value forget =
                  inputForget
                      ? bb.create<arith::SubFOp>(bl, r.constant(bb, 1.0), i)
                            .getResult()
                      : recurrentActivation(bb, bl, pre(1, 1), f, r.clip);
              Value cell = recurrentActivation(bb, bl, pre(2, -1), g, r.clip);
              Value cNew =
                  add(bb, bl, mul(bb, bl, forget, cOld), mul(bb, bl, i, cell));
              return r.maskedOutputs(bb, bl, t, len, cNew, cOld, Value());
            })[0];
        // The output gate and the hidden state, over ot's columns of hr.
        SmallVector<Value> hIns{r.gate(nb, xwT, 1), c};
        if (!peepholes.empty())
          hIns.push_back(peepholes[1]);
        if (masked)
          hIns.push_back(hPrev);
        SmallVector<Value> hOuts{r.gate(nb, hr, 1)};
        if (masked && yIter)
          hOuts.push_back(r.readY(nb, l, yIter, t, d));
        SmallVector<Value> hg = r.stepGeneric(
            nb, hIns, hOuts,
            [&](OpBuilder &bb, Location bl, ValueRange in, Value len,
                ValueRange out) {
              Value pre = add(bb, bl, in[0], out[0]);
              if (!peepholes.empty())
                pre = add(bb, bl, pre, mul(bb, bl, in[2], in[1]));
              Value o = recurrentActivation(bb, bl, pre, f, r.clip);
              // As ONNX Runtime: the cell state given to h is not clipped.
              Value hNew =
                  mul(bb, bl, o,
                      recurrentActivation(bb, bl, in[1], h, std::nullopt));
              return r.maskedOutputs(bb, bl, t, len, hNew,
                                     masked ? in.back() : Value(),
                                     out.size() > 1 ? out[1] : Value());
            });
        hr = nb.create<tensor::InsertSliceOp>(
            l, hg[0], hr,
            ArrayRef<OpFoldResult>{nb.getIndexAttr(0), nb.getIndexAttr(hidden)},
            ArrayRef<OpFoldResult>{batch, nb.getIndexAttr(hidden)},
            ArrayRef<OpFoldResult>{nb.getIndexAttr(1), nb.getIndexAttr(1)});
        SmallVector<Value> results{
            nb.create<linalg::CopyOp>(l, hg[0], hPrev).getResult(0), c};
        if (yIter)
          results.push_back(
              r.writeY(nb, l, yIter, t, d, hg.size() > 1 ? hg[1] : results[0]));
        results.push_back(hr);
        return results;
      };
      SmallVector<Value> loop = r.loop(isReverse(op.getDirection(), d), xw,
                                       {h0, c0}, y, {hrBuffer}, step);
      finalH.push_back(loop[0]);
      finalC.push_back(loop[1]);
      if (y)
        y = loop[2];
    }
    rewriter.replaceOp(op, {r.finalY(op.getY(), y, op.getNumDirections()),
                            r.stack(finalH, op.getYH()),
                            r.stack(finalC, op.getYC())});
    return success();
  }
};

} // namespace

void lowering::populateRecurrentPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<RNNLowering, GRULowering, LSTMLowering>(converter,
                                                       patterns.getContext());
}
