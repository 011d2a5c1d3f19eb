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
  int64_t seq, batch, input, hidden, gates;
  /// The per-item lengths, or null when every item has `seq` steps.
  Value lens;
  std::optional<float> clip;

  MLIRContext *ctx() { return b.getContext(); }
  RankedTensorType type(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, element);
  }
  Value constant(OpBuilder &nb, double v) {
    return scalarConstant(nb, loc, element, v);
  }
  Value zeros(ArrayRef<int64_t> shape) {
    return createFilled(b, loc, type(shape), constant(b, 0));
  }

  /// VALUE[d], the leading dimension dropped.
  Value direction(Value value, int64_t d) {
    auto valueType = cast<RankedTensorType>(value.getType());
    int64_t rank = valueType.getRank();
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    offsets[0] = b.getIndexAttr(d);
    SmallVector<OpFoldResult> sizes, strides(rank, b.getIndexAttr(1));
    for (int64_t size : valueType.getShape())
      sizes.push_back(b.getIndexAttr(size));
    sizes[0] = b.getIndexAttr(1);
    auto sliceType = RankedTensorType::get(valueType.getShape().drop_front(),
                                           valueType.getElementType());
    return b.create<tensor::ExtractSliceOp>(loc, sliceType, value, offsets,
                                            sizes, strides);
  }

  /// The transpose of a matrix.
  Value transpose(Value matrix) {
    auto matrixType = cast<RankedTensorType>(matrix.getType());
    Value init = createEmpty(
        b, loc,
        type({matrixType.getDimSize(1), matrixType.getDimSize(0)}));
    return b.create<linalg::TransposeOp>(loc, matrix, init,
                                         ArrayRef<int64_t>{1, 0})
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
    Value x2 = reshapeTensor(b, loc, x, type({seq * batch, input}));
    auto resultType = type({seq * batch, rows});
    Value init;
    if (bias) {
      MLIRContext *c = ctx();
      AffineMap vector = AffineMap::get(2, 0, {getAffineDimExpr(1, c)}, c);
      SmallVector<AffineMap> maps{vector, vector, b.getMultiDimIdentityMap(2)};
      Value wb = segment(b, bias, 0, rows);
      Value rb = segment(b, bias, rows, rows);
      init = b.create<linalg::GenericOp>(
                  loc, TypeRange{resultType}, ValueRange{wb, rb},
                  ValueRange{createEmpty(b, loc, resultType)}, maps,
                  SmallVector<utils::IteratorType>(
                      2, utils::IteratorType::parallel),
                  [&](OpBuilder &bb, Location l, ValueRange args) {
                    Value rb = args[1];
                    if (rbLimit < rows) {
                      Value col = bb.create<linalg::IndexOp>(l, 1);
                      Value inR = bb.create<arith::CmpIOp>(
                          l, arith::CmpIPredicate::ult, col,
                          bb.create<arith::ConstantIndexOp>(l, rbLimit));
                      rb = bb.create<arith::SelectOp>(l, inR, rb,
                                                      constant(bb, 0));
                    }
                    bb.create<linalg::YieldOp>(
                        l, ValueRange{bb.create<arith::AddFOp>(l, args[0], rb)});
                  })
                 .getResult(0);
    } else {
      init = zeros({seq * batch, rows});
    }
    return matmul(b, x2, transpose(w), init);
  }

  /// VECTOR[OFFSET : OFFSET + SIZE].
  Value segment(OpBuilder &nb, Value vector, int64_t offset, int64_t size) {
    return nb.create<tensor::ExtractSliceOp>(
        loc, type({size}), vector, ArrayRef<OpFoldResult>{nb.getIndexAttr(offset)},
        ArrayRef<OpFoldResult>{nb.getIndexAttr(size)},
        ArrayRef<OpFoldResult>{nb.getIndexAttr(1)});
  }

  /// Columns [BEGIN, BEGIN + SIZE) of a matrix.
  Value columns(OpBuilder &nb, Value matrix, int64_t begin, int64_t size) {
    int64_t rows = cast<RankedTensorType>(matrix.getType()).getDimSize(0);
    return nb.create<tensor::ExtractSliceOp>(
        loc, type({rows, size}), matrix,
        ArrayRef<OpFoldResult>{nb.getIndexAttr(0), nb.getIndexAttr(begin)},
        ArrayRef<OpFoldResult>{nb.getIndexAttr(rows), nb.getIndexAttr(size)},
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
  /// [batch, hidden] matrices or [hidden] vectors (and `lens`, if MASK and
  /// there are lengths), updates OUTS.
  SmallVector<Value> stepGeneric(OpBuilder &nb, SmallVector<Value> ins,
                                 ValueRange outs, bool mask, StepBody body) {
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
          bb.create<linalg::YieldOp>(
              l, body(bb, l, args.take_front(numIns), len,
                      args.drop_front(ins.size())));
        });
    return SmallVector<Value>(generic.getResults());
  }

  /// The new values of a step's outputs: each new state (the old one,
  /// OUTS[i], for an item past its length LEN), then, if HASY, the new
  /// hidden state (NEWSTATES[0]) or zero, for Y. T is the step index.
  SmallVector<Value> maskOutputs(OpBuilder &nb, Location l, Value t,
                                 Value len, ValueRange newStates,
                                 ValueRange outs, bool hasY) {
    SmallVector<Value> results(newStates);
    Value y = newStates[0];
    if (len) {
      Value t64 = nb.create<arith::IndexCastOp>(l, nb.getI64Type(), t);
      if (len.getType() != nb.getI64Type())
        len = nb.create<arith::ExtSIOp>(l, nb.getI64Type(), len);
      Value valid =
          nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, t64, len);
      for (auto [i, state] : llvm::enumerate(newStates))
        results[i] = nb.create<arith::SelectOp>(l, valid, state, outs[i]);
      y = nb.create<arith::SelectOp>(l, valid, y, constant(nb, 0));
    }
    if (hasY)
      results.push_back(y);
    return results;
  }

  /// A zero-filled scratch tensor (in the loop).
  Value zeroed(OpBuilder &nb, Value scratch) {
    return nb.create<linalg::FillOp>(loc, constant(nb, 0), scratch)
        .getResult(0);
  }

  /// Callback of one step: from the step index T (in the sequence), the
  /// step's slice XWT of the input projection, the STATES, the slice YT of
  /// Y (null without Y) and the SCRATCH tensors, returns the new states,
  /// then the new YT (when given), then the new scratch tensors.
  using StepFn = function_ref<SmallVector<Value>(
      OpBuilder &nb, Value t, Value xwT, ValueRange states, Value yT,
      ValueRange scratch)>;

  /// The loop of direction D over the steps (backwards if REVERSE): returns
  /// the final states and the updated Y (when Y is given).
  SmallVector<Value> loop(int64_t d, bool reverse, Value xw,
                          ValueRange initialStates, Value y,
                          ValueRange scratch, StepFn step) {
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    Value steps = b.create<arith::ConstantIndexOp>(loc, seq);
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
                l, nb.create<arith::ConstantIndexOp>(l, seq - 1), i);
          Value row = nb.create<arith::MulIOp>(
              l, t, nb.create<arith::ConstantIndexOp>(l, batch));
          Value xwT = nb.create<tensor::ExtractSliceOp>(
              l, type({batch, rows}), xw, ArrayRef<OpFoldResult>{row, nb.getIndexAttr(0)},
              ArrayRef<OpFoldResult>{nb.getIndexAttr(batch),
                                     nb.getIndexAttr(rows)},
              ArrayRef<OpFoldResult>{nb.getIndexAttr(1), nb.getIndexAttr(1)});
          ValueRange states = args.take_front(numStates);
          Value yArg = y ? args[numStates] : Value();
          ValueRange scratchArgs = args.drop_front(numStates + (y ? 1 : 0));
          SmallVector<OpFoldResult> yOffsets{t, nb.getIndexAttr(d),
                                             nb.getIndexAttr(0),
                                             nb.getIndexAttr(0)};
          SmallVector<OpFoldResult> ySizes{
              nb.getIndexAttr(1), nb.getIndexAttr(1), nb.getIndexAttr(batch),
              nb.getIndexAttr(hidden)};
          SmallVector<OpFoldResult> yStrides(4, nb.getIndexAttr(1));
          Value yT;
          if (y)
            yT = nb.create<tensor::ExtractSliceOp>(l, type({batch, hidden}),
                                                   yArg, yOffsets, ySizes,
                                                   yStrides);
          SmallVector<Value> results =
              step(nb, t, xwT, states, yT, scratchArgs);
          if (y)
            results[numStates] = nb.create<tensor::InsertSliceOp>(
                l, results[numStates], yArg, yOffsets, ySizes, yStrides);
          nb.create<scf::YieldOp>(l, results);
        });
    SmallVector<Value> results(forOp.getResults().take_front(
        numStates + (y ? 1 : 0)));
    return results;
  }

  /// The initial state of direction D: INITIAL[d] or zeros.
  Value initialState(Value initial, int64_t d) {
    if (initial)
      return direction(initial, d);
    return zeros({batch, hidden});
  }

  /// Inserts the [batch, hidden] STATES of each direction into a
  /// [num_directions, batch, hidden] tensor.
  Value stack(ArrayRef<Value> states) {
    int64_t numDirections = states.size();
    Value result = createEmpty(b, loc, type({numDirections, batch, hidden}));
    for (auto [d, state] : llvm::enumerate(states))
      result = b.create<tensor::InsertSliceOp>(
          loc, state, result,
          ArrayRef<OpFoldResult>{b.getIndexAttr(d), b.getIndexAttr(0),
                                 b.getIndexAttr(0)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(batch),
                                 b.getIndexAttr(hidden)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1),
                                 b.getIndexAttr(1)});
    return result;
  }
};

/// Checks what the lowering supports and fills a Recurrence for OP.
template <typename Op>
FailureOr<Recurrence> makeRecurrence(Op op, Value lens,
                                     ConversionPatternRewriter &rewriter) {
  for (Value v : op->getOperands())
    if (!cast<RankedTensorType>(v.getType()).hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
  for (Value v : op->getResults())
    if (!cast<RankedTensorType>(v.getType()).hasStaticShape())
      return unsupported(op, "dynamic shapes are not supported yet");
  auto x = cast<RankedTensorType>(op.getX().getType());
  std::optional<float> clip;
  if (std::optional<APFloat> c = op.getClip())
    clip = c->convertToFloat();
  return Recurrence{rewriter,
                    op.getLoc(),
                    x.getElementType(),
                    x.getDimSize(0),
                    x.getDimSize(1),
                    x.getDimSize(2),
                    op.getHiddenSize(),
                    Op::kNumGates,
                    lens,
                    clip};
}

/// The Y tensor to fill, or null when the op's Y is unused.
template <typename Op>
Value createY(Op op, Recurrence &r) {
  if (op.getY().use_empty())
    return Value();
  return createEmpty(r.b, r.loc, convertTensorType(op.getY().getType()));
}

/// Y when unused: an empty tensor, removed as dead code.
template <typename Op>
Value finalY(Op op, Recurrence &r, Value y) {
  if (y)
    return y;
  return createEmpty(r.b, r.loc, convertTensorType(op.getY().getType()));
}

bool isReverse(StringRef direction, int64_t d) {
  return direction == "reverse" || d == 1;
}

/// Ht = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Wbi + Rbi)
struct RNNLowering : public OpConversionPattern<RNNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RNNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Recurrence> rec =
        makeRecurrence(op, adaptor.getSequenceLens(), rewriter);
    if (failed(rec))
      return failure();
    Recurrence &r = *rec;
    int64_t hidden = r.hidden;
    Value y = createY(op, r);
    SmallVector<Value> finalH;
    for (int64_t d = 0; d < op.getNumDirections(); ++d) {
      RecurrentActivation f = op.getActivation(d, 0);
      Value bias = adaptor.getB() ? r.direction(adaptor.getB(), d) : Value();
      Value xw = r.inputProjection(adaptor.getX(),
                                   r.direction(adaptor.getW(), d), bias,
                                   hidden);
      Value rT = r.transpose(r.direction(adaptor.getR(), d));
      Value h0 = r.initialState(adaptor.getInitialH(), d);
      Value hrBuffer = createEmpty(rewriter, r.loc, r.type({r.batch, hidden}));
      auto step = [&](OpBuilder &nb, Value t, Value xwT, ValueRange states,
                      Value yT, ValueRange scratch) {
        Value hr = r.matmul(nb, states[0], rT, r.zeroed(nb, scratch[0]));
        SmallVector<Value> outs{states[0]};
        if (yT)
          outs.push_back(yT);
        SmallVector<Value> results = r.stepGeneric(
            nb, {xwT, hr}, outs, /*mask=*/true,
            [&](OpBuilder &bb, Location l, ValueRange in, Value len,
                ValueRange out) {
              Value pre = bb.create<arith::AddFOp>(l, in[0], in[1]);
              Value h = recurrentActivation(bb, l, pre, f, r.clip);
              return r.maskOutputs(bb, l, t, len, {h}, out, static_cast<bool>(yT));
            });
        results.push_back(hr);
        return results;
      };
      SmallVector<Value> loop = r.loop(d, isReverse(op.getDirection(), d), xw,
                                       {h0}, y, {hrBuffer}, step);
      finalH.push_back(loop[0]);
      if (y)
        y = loop[1];
    }
    rewriter.replaceOp(op, {finalY(op, r, y), r.stack(finalH)});
    return success();
  }
};

/// zt = f(Xt*(Wz^T) + Ht-1*(Rz^T) + Wbz + Rbz)
/// rt = f(Xt*(Wr^T) + Ht-1*(Rr^T) + Wbr + Rbr)
/// ht = g(Xt*(Wh^T) + (rt (.) Ht-1)*(Rh^T) + Rbh + Wbh), or with
///      linear_before_reset g(Xt*(Wh^T) + (rt (.) (Ht-1*(Rh^T) + Rbh)) + Wbh)
/// Ht = (1 - zt) (.) ht + zt (.) Ht-1
struct GRULowering : public OpConversionPattern<GRUOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GRUOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Recurrence> rec =
        makeRecurrence(op, adaptor.getSequenceLens(), rewriter);
    if (failed(rec))
      return failure();
    Recurrence &r = *rec;
    int64_t hidden = r.hidden, batch = r.batch;
    bool linearBeforeReset = op.getLinearBeforeReset();
    Location loc = r.loc;
    Value y = createY(op, r);
    SmallVector<Value> finalH;
    for (int64_t d = 0; d < op.getNumDirections(); ++d) {
      RecurrentActivation f = op.getActivation(d, 0);
      RecurrentActivation g = op.getActivation(d, 1);
      Value bias = adaptor.getB() ? r.direction(adaptor.getB(), d) : Value();
      // With linear_before_reset, Rbh is added to Ht-1*(Rh^T) in the step.
      Value xw = r.inputProjection(
          adaptor.getX(), r.direction(adaptor.getW(), d), bias,
          linearBeforeReset ? 2 * hidden : 3 * hidden);
      Value rT = r.transpose(r.direction(adaptor.getR(), d));
      Value h0 = r.initialState(adaptor.getInitialH(), d);
      // The new hidden state: h = (1 - z) * ht + z * hOld.
      auto output = [&](OpBuilder &bb, Location l, Value z, Value ht,
                        Value hOld) -> Value {
        Value oneMinusZ =
            bb.create<arith::SubFOp>(l, r.constant(bb, 1.0), z);
        return bb.create<arith::AddFOp>(
            l, bb.create<arith::MulFOp>(l, oneMinusZ, ht),
            bb.create<arith::MulFOp>(l, z, hOld));
      };
      auto add = [](OpBuilder &bb, Location l, Value a, Value c) -> Value {
        return bb.create<arith::AddFOp>(l, a, c);
      };
      SmallVector<Value> loop;
      if (linearBeforeReset) {
        Value hrBuffer =
            createEmpty(rewriter, loc, r.type({batch, 3 * hidden}));
        Value rbh = bias ? r.segment(rewriter, bias, 5 * hidden, hidden)
                         : Value();
        auto step = [&](OpBuilder &nb, Value t, Value xwT, ValueRange states,
                        Value yT, ValueRange scratch) {
          Value hr = r.matmul(nb, states[0], rT, r.zeroed(nb, scratch[0]));
          SmallVector<Value> ins;
          for (Value v : {xwT, hr})
            for (int64_t k = 0; k < 3; ++k)
              ins.push_back(r.gate(nb, v, k));
          if (bias)
            ins.push_back(rbh);
          SmallVector<Value> outs{states[0]};
          if (yT)
            outs.push_back(yT);
          SmallVector<Value> results = r.stepGeneric(
              nb, ins, outs, /*mask=*/true,
              [&](OpBuilder &bb, Location l, ValueRange in, Value len,
                  ValueRange out) {
                Value z = recurrentActivation(bb, l, add(bb, l, in[0], in[3]),
                                              f, r.clip);
                Value reset = recurrentActivation(
                    bb, l, add(bb, l, in[1], in[4]), f, r.clip);
                Value hh = bias ? add(bb, l, in[5], in[6]) : in[5];
                Value ht = recurrentActivation(
                    bb, l,
                    add(bb, l, in[2], bb.create<arith::MulFOp>(l, reset, hh)),
                    g, r.clip);
                return r.maskOutputs(bb, l, t, len,
                                     {output(bb, l, z, ht, out[0])}, out,
                                     static_cast<bool>(yT));
              });
          results.push_back(hr);
          return results;
        };
        loop = r.loop(d, isReverse(op.getDirection(), d), xw, {h0}, y,
                      {hrBuffer}, step);
      } else {
        // Rz and Rr, then Rh, transposed: [hidden, 2 * hidden] and
        // [hidden, hidden].
        Value rzrT = r.columns(rewriter, rT, 0, 2 * hidden);
        Value rhT = r.columns(rewriter, rT, 2 * hidden, hidden);
        SmallVector<Value> scratchInit{
            createEmpty(rewriter, loc, r.type({batch, 2 * hidden})),
            createEmpty(rewriter, loc, r.type({batch, hidden})),
            createEmpty(rewriter, loc, r.type({batch, hidden}))};
        auto step = [&](OpBuilder &nb, Value t, Value xwT, ValueRange states,
                        Value yT, ValueRange scratch) {
          Value h = states[0];
          Value hr = r.matmul(nb, h, rzrT, r.zeroed(nb, scratch[0]));
          // rt (.) Ht-1, then its product with Rh^T.
          Value rh = r.stepGeneric(
              nb, {r.gate(nb, xwT, 1), r.gate(nb, hr, 1), h}, scratch[1],
              /*mask=*/false,
              [&](OpBuilder &bb, Location l, ValueRange in, Value,
                  ValueRange) -> SmallVector<Value> {
                Value reset = recurrentActivation(
                    bb, l, add(bb, l, in[0], in[1]), f, r.clip);
                return {bb.create<arith::MulFOp>(l, reset, in[2])};
              })[0];
          Value rhR = r.matmul(nb, rh, rhT, r.zeroed(nb, scratch[2]));
          SmallVector<Value> outs{h};
          if (yT)
            outs.push_back(yT);
          SmallVector<Value> results = r.stepGeneric(
              nb,
              {r.gate(nb, xwT, 0), r.gate(nb, hr, 0), r.gate(nb, xwT, 2), rhR},
              outs, /*mask=*/true,
              [&](OpBuilder &bb, Location l, ValueRange in, Value len,
                  ValueRange out) {
                Value z = recurrentActivation(bb, l, add(bb, l, in[0], in[1]),
                                              f, r.clip);
                Value ht = recurrentActivation(
                    bb, l, add(bb, l, in[2], in[3]), g, r.clip);
                return r.maskOutputs(bb, l, t, len,
                                     {output(bb, l, z, ht, out[0])}, out,
                                     static_cast<bool>(yT));
              });
          results.append({hr, rh, rhR});
          return results;
        };
        loop = r.loop(d, isReverse(op.getDirection(), d), xw, {h0}, y,
                      scratchInit, step);
      }
      finalH.push_back(loop[0]);
      if (y)
        y = loop[1];
    }
    rewriter.replaceOp(op, {finalY(op, r, y), r.stack(finalH)});
    return success();
  }
};

/// it = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Pi (.) Ct-1 + Wbi + Rbi)
/// ft = f(Xt*(Wf^T) + Ht-1*(Rf^T) + Pf (.) Ct-1 + Wbf + Rbf), or 1 - it
/// ct = g(Xt*(Wc^T) + Ht-1*(Rc^T) + Wbc + Rbc)
/// Ct = ft (.) Ct-1 + it (.) ct
/// ot = f(Xt*(Wo^T) + Ht-1*(Ro^T) + Po (.) Ct + Wbo + Rbo)
/// Ht = ot (.) h(Ct)
struct LSTMLowering : public OpConversionPattern<LSTMOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LSTMOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Recurrence> rec =
        makeRecurrence(op, adaptor.getSequenceLens(), rewriter);
    if (failed(rec))
      return failure();
    Recurrence &r = *rec;
    int64_t hidden = r.hidden;
    bool inputForget = op.getInputForget();
    Value y = createY(op, r);
    SmallVector<Value> finalH, finalC;
    for (int64_t d = 0; d < op.getNumDirections(); ++d) {
      RecurrentActivation f = op.getActivation(d, 0);
      RecurrentActivation g = op.getActivation(d, 1);
      RecurrentActivation h = op.getActivation(d, 2);
      Value bias = adaptor.getB() ? r.direction(adaptor.getB(), d) : Value();
      Value xw = r.inputProjection(adaptor.getX(),
                                   r.direction(adaptor.getW(), d), bias,
                                   4 * hidden);
      Value rT = r.transpose(r.direction(adaptor.getR(), d));
      Value h0 = r.initialState(adaptor.getInitialH(), d);
      Value c0 = r.initialState(adaptor.getInitialC(), d);
      Value peepholes = adaptor.getP() ? r.direction(adaptor.getP(), d)
                                       : Value();
      Value hrBuffer =
          createEmpty(rewriter, r.loc, r.type({r.batch, 4 * hidden}));
      auto step = [&](OpBuilder &nb, Value t, Value xwT, ValueRange states,
                      Value yT, ValueRange scratch) {
        Value hr = r.matmul(nb, states[0], rT, r.zeroed(nb, scratch[0]));
        // Gates i, o, f, c of xw and hr, then the peepholes Pi, Po, Pf.
        SmallVector<Value> ins;
        for (Value v : {xwT, hr})
          for (int64_t k = 0; k < 4; ++k)
            ins.push_back(r.gate(nb, v, k));
        if (peepholes)
          for (int64_t k = 0; k < 3; ++k)
            ins.push_back(r.segment(nb, peepholes, k * hidden, hidden));
        SmallVector<Value> outs{states[0], states[1]};
        if (yT)
          outs.push_back(yT);
        SmallVector<Value> results = r.stepGeneric(
            nb, ins, outs, /*mask=*/true,
            [&](OpBuilder &bb, Location l, ValueRange in, Value len,
                ValueRange out) {
              Value cOld = out[1];
              auto pre = [&](int64_t gate) -> Value {
                return bb.create<arith::AddFOp>(l, in[gate], in[4 + gate]);
              };
              auto peephole = [&](Value v, int64_t k, Value c) -> Value {
                if (!peepholes)
                  return v;
                return bb.create<arith::AddFOp>(
                    l, v, bb.create<arith::MulFOp>(l, in[8 + k], c));
              };
              Value i = recurrentActivation(bb, l, peephole(pre(0), 0, cOld),
                                            f, r.clip);
              Value forget =
                  inputForget
                      ? bb.create<arith::SubFOp>(l, r.constant(bb, 1.0), i)
                            .getResult()
                      : recurrentActivation(bb, l, peephole(pre(2), 2, cOld),
                                            f, r.clip);
              Value cell = recurrentActivation(bb, l, pre(3), g, r.clip);
              Value c = bb.create<arith::AddFOp>(
                  l, bb.create<arith::MulFOp>(l, forget, cOld),
                  bb.create<arith::MulFOp>(l, i, cell));
              Value o =
                  recurrentActivation(bb, l, peephole(pre(1), 1, c), f, r.clip);
              // As ONNX Runtime: the cell state given to h is not clipped.
              Value hNew = bb.create<arith::MulFOp>(
                  l, o, recurrentActivation(bb, l, c, h, std::nullopt));
              return r.maskOutputs(bb, l, t, len, {hNew, c}, out,
                                   static_cast<bool>(yT));
            });
        results.push_back(hr);
        return results;
      };
      SmallVector<Value> loop = r.loop(d, isReverse(op.getDirection(), d), xw,
                                       {h0, c0}, y, {hrBuffer}, step);
      finalH.push_back(loop[0]);
      finalC.push_back(loop[1]);
      if (y)
        y = loop[2];
    }
    rewriter.replaceOp(op, {finalY(op, r, y), r.stack(finalH),
                            r.stack(finalC)});
    return success();
  }
};

} // namespace

void lowering::populateRecurrentPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<RNNLowering, GRULowering, LSTMLowering>(converter,
                                                       patterns.getContext());
}
