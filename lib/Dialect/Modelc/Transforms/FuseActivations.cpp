//===- FuseActivations.cpp - activations into Conv, Gemm, MatMul ----------===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "ScalarConstant.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <limits>

namespace mlir::modelc {
#define GEN_PASS_DEF_FUSEACTIVATIONS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// Whether VALUE is the float result of a Conv, Gemm or MatMul without an
/// activation, which one can be fused into.
static bool canTakeActivation(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op ||
      !isa<FloatType>(cast<RankedTensorType>(value.getType()).getElementType()))
    return false;
  if (auto conv = dyn_cast<ConvOp>(op))
    return conv.getActivation() == ActivationKind::none;
  if (auto gemm = dyn_cast<GemmOp>(op))
    return gemm.getActivation() == ActivationKind::none;
  if (auto matmul = dyn_cast<MatMulOp>(op))
    return matmul.getActivation() == ActivationKind::none;
  return false;
}

/// The value of a one-element constant of float or integer elements (a
/// Pow's exponent).
static std::optional<double> exponent(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      attr.getNumElements() != 1)
    return std::nullopt;
  if (isa<FloatType>(attr.getElementType()))
    return (*attr.getValues<APFloat>().begin()).convertToDouble();
  if (isa<IntegerType>(attr.getElementType()))
    return static_cast<double>(
        (*attr.getValues<APInt>().begin()).getSExtValue());
  return std::nullopt;
}

/// Whether VALUE is a one-element constant equal to WANT up to float
/// rounding (exporters write sqrt(2) and the like as float32).
static bool isConstant(Value value, double want) {
  std::optional<double> v = scalarConstant(value);
  return v && std::abs(*v - want) <= 1e-6 * std::max(1.0, std::abs(want));
}

namespace {

/// A small expression matcher over the elementwise ops an exporter writes
/// for an activation of X: products and sums are flattened into their
/// factors and terms (in any order and association), and every op matched
/// is recorded, so that the rewrite can check that nothing outside uses an
/// intermediate value.
struct Matcher {
  Value x;
  SmallVector<Operation *> matched;

  /// The factors of VALUE: the operands of a tree of Muls, a Div by a
  /// constant counting as a Mul by its reciprocal (kept as the divisor,
  /// with DIVISORS set).
  void factors(Value value, SmallVectorImpl<Value> &out,
               SmallVectorImpl<Value> &divisors) {
    if (value != x) {
      if (auto mul = value.getDefiningOp<MulOp>()) {
        matched.push_back(mul);
        factors(mul.getLhs(), out, divisors);
        factors(mul.getRhs(), out, divisors);
        return;
      }
      if (auto div = value.getDefiningOp<DivOp>();
          div && scalarConstant(div.getRhs())) {
        matched.push_back(div);
        factors(div.getLhs(), out, divisors);
        divisors.push_back(div.getRhs());
        return;
      }
    }
    out.push_back(value);
  }

  /// The terms of VALUE: the operands of a tree of Adds.
  void terms(Value value, SmallVectorImpl<Value> &out) {
    if (auto add = value.getDefiningOp<AddOp>(); add && value != x) {
      matched.push_back(add);
      terms(add.getLhs(), out);
      terms(add.getRhs(), out);
      return;
    }
    out.push_back(value);
  }

  /// Whether VALUE is the product of X^POWER and constants whose product
  /// is WANT.
  bool isScaledPower(Value value, int power, double want) {
    SmallVector<Value> fs, divs;
    factors(value, fs, divs);
    double k = 1.0;
    int xs = 0;
    for (Value f : fs) {
      if (f == x) {
        ++xs;
        continue;
      }
      if (auto pow = f.getDefiningOp<PowOp>(); pow && pow.getLhs() == x) {
        std::optional<double> p = exponent(pow.getRhs());
        if (!p || *p != std::round(*p))
          return false;
        matched.push_back(pow);
        xs += static_cast<int>(*p);
        continue;
      }
      std::optional<double> c = scalarConstant(f);
      if (!c)
        return false;
      k *= *c;
    }
    for (Value d : divs)
      k /= *scalarConstant(d);
    return xs == power &&
           std::abs(k - want) <= 1e-6 * std::max(1.0, std::abs(want));
  }

  /// Whether VALUE is 1 + UNARY(arg) for the unary op OpTy; ARG if so.
  template <typename OpTy> Value onePlus(Value value) {
    SmallVector<Value> ts;
    terms(value, ts);
    if (ts.size() != 2)
      return nullptr;
    for (unsigned i : {0u, 1u})
      if (isConstant(ts[1 - i], 1.0))
        if (auto op = ts[i].getDefiningOp<OpTy>()) {
          matched.push_back(op);
          return op->getOperand(0);
        }
    return nullptr;
  }

  /// Whether ROOT is x/2 * (1 + erf(x / sqrt(2))) or
  /// x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
  std::optional<ActivationKind> matchGelu(Value root) {
    SmallVector<Value> fs, divs;
    factors(root, fs, divs);
    double k = 1.0;
    int xs = 0;
    Value gate;
    for (Value f : fs) {
      if (f == x) {
        ++xs;
      } else if (std::optional<double> c = scalarConstant(f)) {
        k *= *c;
      } else if (!gate) {
        gate = f;
      } else {
        return std::nullopt;
      }
    }
    for (Value d : divs)
      k /= *scalarConstant(d);
    if (xs != 1 || !gate || std::abs(k - 0.5) > 1e-6)
      return std::nullopt;
    if (Value arg = onePlus<ErfOp>(gate))
      if (isScaledPower(arg, 1, M_SQRT1_2))
        return ActivationKind::gelu_erf;
    if (Value arg = onePlus<TanhOp>(gate)) {
      // sqrt(2/pi) * (x + 0.044715 x^3), the constant on either side.
      SmallVector<Value> outer, outerDivs;
      factors(arg, outer, outerDivs);
      double scale = 1.0;
      Value sum;
      for (Value f : outer) {
        if (std::optional<double> c = scalarConstant(f))
          scale *= *c;
        else if (!sum)
          sum = f;
        else
          return std::nullopt;
      }
      for (Value d : outerDivs)
        scale /= *scalarConstant(d);
      SmallVector<Value> ts;
      if (!sum || std::abs(scale - std::sqrt(2.0 / M_PI)) > 1e-6)
        return std::nullopt;
      terms(sum, ts);
      if (ts.size() == 2)
        for (unsigned i : {0u, 1u})
          if (ts[i] == x && isScaledPower(ts[1 - i], 3, 0.044715))
            return ActivationKind::gelu_tanh;
    }
    return std::nullopt;
  }
};

/// An activation found at ROOT, of the producer's result.
struct Found {
  Value x;
  ActivationKind kind;
  float alpha = 0, beta = 0;
  SmallVector<Operation *> ops;
};

/// Replaces ROOT by a copy of the producer of FOUND.x with the activation,
/// where every op of the pattern and the producer are used only inside it.
LogicalResult fuse(PatternRewriter &rewriter, Operation *root,
                   const Found &found) {
  Operation *producer = found.x.getDefiningOp();
  llvm::SmallPtrSet<Operation *, 8> inside(found.ops.begin(), found.ops.end());
  inside.insert(root);
  auto usedInside = [&](Operation *op) {
    return llvm::all_of(op->getUsers(),
                        [&](Operation *user) { return inside.contains(user); });
  };
  if (!usedInside(producer) || !llvm::all_of(found.ops, usedInside) ||
      root->getResult(0).getType() != found.x.getType())
    return failure();
  Operation *clone = rewriter.clone(*producer);
  clone->setLoc(rewriter.getFusedLoc({producer->getLoc(), root->getLoc()}));
  clone->setAttr("activation",
                 ActivationKindAttr::get(rewriter.getContext(), found.kind));
  clone->setAttr("activation_alpha", rewriter.getF32FloatAttr(found.alpha));
  clone->setAttr("activation_beta", rewriter.getF32FloatAttr(found.beta));
  rewriter.replaceOp(root, clone->getResults());
  return success();
}

/// Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish and Clip of
/// constant bounds.
template <typename OpTy> struct FuseUnary : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Found found{op.getInput(), ActivationKind::none};
    if (!canTakeActivation(found.x))
      return failure();
    if constexpr (std::is_same_v<OpTy, ReluOp>) {
      found.kind = ActivationKind::relu;
    } else if constexpr (std::is_same_v<OpTy, LeakyReluOp>) {
      found.kind = ActivationKind::leaky_relu;
      found.alpha = op.getAlpha().convertToFloat();
    } else if constexpr (std::is_same_v<OpTy, SigmoidOp>) {
      found.kind = ActivationKind::sigmoid;
    } else if constexpr (std::is_same_v<OpTy, TanhOp>) {
      found.kind = ActivationKind::tanh;
    } else if constexpr (std::is_same_v<OpTy, HardSigmoidOp>) {
      found.kind = ActivationKind::hard_sigmoid;
      found.alpha = op.getAlpha().convertToFloat();
      found.beta = op.getBeta().convertToFloat();
    } else if constexpr (std::is_same_v<OpTy, HardSwishOp>) {
      found.kind = ActivationKind::hard_swish;
    } else {
      static_assert(std::is_same_v<OpTy, ClipOp>);
      float inf = std::numeric_limits<float>::infinity();
      std::optional<double> lo = scalarConstant(op.getMin());
      std::optional<double> hi = scalarConstant(op.getMax());
      if ((op.getMin() && !lo) || (op.getMax() && !hi))
        return failure();
      found.kind = ActivationKind::clip;
      found.alpha = lo ? static_cast<float>(*lo) : -inf;
      found.beta = hi ? static_cast<float>(*hi) : inf;
    }
    return fuse(rewriter, op, found);
  }
};

/// Activations an exporter writes as a product rooted at a Mul: SiLU
/// (x * sigmoid(x)), HardSwish (x * hard_sigmoid(x) with alpha 1/6 and beta
/// 1/2, as opset 13 has no HardSwish) and GELU in its erf and tanh forms.
struct FuseProduct : public OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    for (unsigned side : {0u, 1u}) {
      Value x = op->getOperand(side), gate = op->getOperand(1 - side);
      if (!canTakeActivation(x))
        continue;
      Found found{x, ActivationKind::none};
      if (auto sigmoid = gate.getDefiningOp<SigmoidOp>();
          sigmoid && sigmoid.getInput() == x) {
        found.kind = ActivationKind::silu;
        found.ops.push_back(sigmoid);
      } else if (auto hs = gate.getDefiningOp<HardSigmoidOp>();
                 hs && hs.getInput() == x &&
                 std::abs(hs.getAlpha().convertToDouble() - 1.0 / 6.0) < 1e-6 &&
                 hs.getBeta().convertToDouble() == 0.5) {
        found.kind = ActivationKind::hard_swish;
        found.ops.push_back(hs);
      }
      if (found.kind != ActivationKind::none &&
          succeeded(fuse(rewriter, op, found)))
        return success();
    }
    // GELU: the root's factors hold x, whichever Mul x enters at.
    SmallVector<Value> fs, divs;
    Matcher probe;
    probe.factors(op.getResult(), fs, divs);
    for (Value x : fs) {
      if (!canTakeActivation(x))
        continue;
      Matcher m{x, {}};
      std::optional<ActivationKind> kind = m.matchGelu(op.getResult());
      if (!kind)
        continue;
      Found found{x, *kind};
      found.ops = m.matched;
      llvm::erase(found.ops, op.getOperation());
      if (succeeded(fuse(rewriter, op, found)))
        return success();
    }
    return failure();
  }
};

struct FuseActivationsPass
    : public modelc::impl::FuseActivationsBase<FuseActivationsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns
        .add<FuseUnary<ReluOp>, FuseUnary<LeakyReluOp>, FuseUnary<SigmoidOp>,
             FuseUnary<TanhOp>, FuseUnary<HardSigmoidOp>,
             FuseUnary<HardSwishOp>, FuseUnary<ClipOp>, FuseProduct>(ctx);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
