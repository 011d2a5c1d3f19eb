//===- KernelReport.cpp - what each kernel does, for the report -*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_KERNELREPORT
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// The bytes of TYPE, a memref of static shape; -1 otherwise.
static int64_t bytesOf(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape())
    return -1;
  Type element = memref.getElementType();
  int64_t bits = element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 64;
  return memref.getNumElements() * std::max<int64_t>(bits / 8, 1);
}

static std::string typeText(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto memref = dyn_cast<MemRefType>(type)) {
    for (int64_t d : memref.getShape())
      os << (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d))
         << "x";
    os << memref.getElementType();
  } else {
    os << type;
  }
  return text;
}

/// The FLOPs one execution of OP does: arithmetic on floats (a fused
/// multiply-add counts two), times the lanes of a vector.
static int64_t opFlops(Operation *op) {
  if (op->getNumResults() != 1)
    return 0;
  Type type = op->getResult(0).getType();
  int64_t lanes = 1;
  if (auto vector = dyn_cast<VectorType>(type)) {
    lanes = vector.getNumElements();
    type = vector.getElementType();
  }
  if (auto contract = dyn_cast<vector::ContractionOp>(op)) {
    // 2 x the product of every iteration dimension.
    SmallVector<int64_t> bounds;
    contract.getIterationBounds(bounds);
    int64_t n = 2;
    for (int64_t size : bounds)
      n *= size;
    return n;
  }
  if (!isa<FloatType>(type))
    return 0;
  if (isa<vector::FMAOp, math::FmaOp>(op))
    return 2 * lanes;
  if (isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
          arith::MaximumFOp, arith::MinimumFOp, arith::MaxNumFOp,
          arith::MinNumFOp, arith::NegFOp>(op) ||
      op->getDialect()->getNamespace() == "math")
    return lanes;
  return 0;
}

/// The trip count of a loop-like OP (scf.for, scf.parallel, scf.forall),
/// or of a linalg op's iteration domain; -1 when not static.
static int64_t tripCount(Operation *op) {
  auto constant = [](OpFoldResult v) -> std::optional<int64_t> {
    return getConstantIntValue(v);
  };
  auto range = [&](OpFoldResult lb, OpFoldResult ub,
                   OpFoldResult step) -> int64_t {
    auto l = constant(lb), u = constant(ub), s = constant(step);
    if (!l || !u || !s || *s <= 0)
      return -1;
    return *u > *l ? (*u - *l + *s - 1) / *s : 0;
  };
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return range(loop.getLowerBound(), loop.getUpperBound(), loop.getStep());
  int64_t n = 1;
  auto multiply = [&](ArrayRef<OpFoldResult> lbs, ArrayRef<OpFoldResult> ubs,
                      ArrayRef<OpFoldResult> steps) {
    for (auto [l, u, s] : llvm::zip(lbs, ubs, steps)) {
      int64_t t = range(l, u, s);
      if (t < 0 || n < 0)
        n = -1;
      else
        n *= t;
    }
  };
  if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
    multiply(getAsOpFoldResult(loop.getLowerBound()),
             getAsOpFoldResult(loop.getUpperBound()),
             getAsOpFoldResult(loop.getStep()));
    return n;
  }
  if (auto loop = dyn_cast<scf::ForallOp>(op)) {
    multiply(loop.getMixedLowerBound(), loop.getMixedUpperBound(),
             loop.getMixedStep());
    return n;
  }
  if (auto linalg = dyn_cast<linalg::LinalgOp>(op)) {
    for (int64_t size : linalg.getStaticLoopRanges()) {
      if (ShapedType::isDynamic(size))
        return -1;
      n *= size;
    }
    return n;
  }
  return 1;
}

/// The FLOPs of the ops in REGION, each multiplied by its loops' trip
/// counts; UNKNOWN is set where a trip count is not static.
static int64_t regionFlops(Region &region, bool &unknown);

static int64_t nestedFlops(Operation *op, bool &unknown) {
  int64_t inner = opFlops(op);
  for (Region &region : op->getRegions())
    inner += regionFlops(region, unknown);
  if (op->getNumRegions() == 0 || isa<scf::IfOp>(op))
    return inner;
  int64_t trips = tripCount(op);
  if (trips < 0) {
    unknown = true;
    return inner;
  }
  return inner * trips;
}

static int64_t regionFlops(Region &region, bool &unknown) {
  int64_t total = 0;
  for (Block &block : region)
    for (Operation &op : block)
      total += nestedFlops(&op, unknown);
  return total;
}

namespace {

/// A buffer a kernel reads or writes: a view of the workspace, a global
/// (weights), an argument of the function, or something else.
struct Buffer {
  std::string kind, name, type;
  int64_t bytes = -1, offset = -1, first = -1, last = -1;
};

struct KernelReportPass
    : public modelc::impl::KernelReportBase<KernelReportPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The entry function: the one modelc-plan-workspace gave the workspace
    // argument.
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.getBody().hasOneBlock() ||
          func.getNumArguments() == 0)
        continue;
      auto name = func.getArgAttrOfType<StringAttr>(func.getNumArguments() - 1,
                                                    kNameAttr);
      if (name && name.getValue() == "workspace") {
        report(module, func);
        return;
      }
    }
  }

  /// The buffer VALUE is a view of, through views, subviews and casts: a
  /// memref.view of an argument, a get_global, an argument, or any other
  /// defining op.
  Value root(Value value) {
    while (Operation *def = value.getDefiningOp()) {
      if (isa<memref::ViewOp, memref::GetGlobalOp>(def))
        return value;
      auto view = dyn_cast<ViewLikeOpInterface>(def);
      if (!view)
        return value;
      value = view.getViewSource();
    }
    return value;
  }

  unsigned bufferOf(Value rootValue, func::FuncOp func,
                    llvm::MapVector<Value, Buffer> &buffers) {
    auto [it, inserted] = buffers.insert({rootValue, Buffer()});
    if (inserted) {
      Buffer &b = it->second;
      b.type = typeText(rootValue.getType());
      b.bytes = bytesOf(rootValue.getType());
      if (auto view = rootValue.getDefiningOp<memref::ViewOp>()) {
        b.kind = "workspace";
        if (auto offset = getConstantIntValue(view.getByteShift()))
          b.offset = *offset;
      } else if (auto global = rootValue.getDefiningOp<memref::GetGlobalOp>()) {
        b.kind = "weights";
        b.name = global.getName().str();
      } else if (auto arg = dyn_cast<BlockArgument>(rootValue);
                 arg && arg.getOwner()->getParentOp() == func) {
        b.kind = "argument";
        if (auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                          kNameAttr))
          b.name = name.getValue().str();
      } else {
        b.kind = "other";
      }
    }
    return std::distance(buffers.begin(), it);
  }

  void report(ModuleOp module, func::FuncOp func) {
    MLIRContext *ctx = &getContext();
    Builder b(ctx);
    llvm::MapVector<Value, Buffer> buffers;
    struct Kernel {
      Operation *op;
      llvm::SetVector<unsigned> reads, writes;
    };
    SmallVector<Kernel> kernels;
    // The buffers the memory effects of OP and the ops in it touch, into
    // KERNEL's sets.
    auto addEffects = [&](Operation *op, Kernel &kernel) {
      op->walk([&](Operation *inner) {
        auto effects = dyn_cast<MemoryEffectOpInterface>(inner);
        if (!effects)
          return;
        SmallVector<MemoryEffects::EffectInstance> instances;
        effects.getEffects(instances);
        for (MemoryEffects::EffectInstance &effect : instances) {
          Value value = effect.getValue();
          if (!value || !isa<MemRefType>(value.getType()))
            continue;
          Value r = root(value);
          // Buffers made inside the kernel are its own.
          Operation *owner = r.getParentBlock()->getParentOp();
          if (owner != func && op->isAncestor(owner))
            continue;
          unsigned id = bufferOf(r, func, buffers);
          if (isa<MemoryEffects::Write>(effect.getEffect()))
            kernel.writes.insert(id);
          else if (isa<MemoryEffects::Read>(effect.getEffect()))
            kernel.reads.insert(id);
        }
      });
    };
    for (Operation &op : func.getBody().front()) {
      if (isKernel(&op)) {
        kernels.push_back({&op, {}, {}});
        addEffects(&op, kernels.back());
      } else if (!kernels.empty() && !isa<func::ReturnOp>(op)) {
        // A top-level read or write between kernels (the store of a
        // vector a loop computed) belongs to the kernel before it.
        addEffects(&op, kernels.back());
      }
    }
    SmallVector<Attribute> kernelAttrs;
    for (auto [index, kernel] : llvm::enumerate(kernels)) {
      for (const llvm::SetVector<unsigned> *set :
           {&kernel.reads, &kernel.writes}) {
        for (unsigned id : *set) {
          Buffer &buffer = std::next(buffers.begin(), id)->second;
          if (buffer.first < 0)
            buffer.first = index;
          buffer.last = index;
        }
      }
      bool unknown = false;
      int64_t flops = nestedFlops(kernel.op, unknown);
      SmallVector<Attribute> nodes;
      for (StringRef node : kernelNodes(kernel.op))
        nodes.push_back(b.getStringAttr(node));
      auto ids = [&](const llvm::SetVector<unsigned> &set) {
        SmallVector<int64_t> out(set.begin(), set.end());
        return b.getDenseI64ArrayAttr(out);
      };
      kernelAttrs.push_back(b.getDictionaryAttr({
          b.getNamedAttr("name", b.getStringAttr(kernelName(kernel.op))),
          b.getNamedAttr("nodes", b.getArrayAttr(nodes)),
          b.getNamedAttr("flops", b.getI64IntegerAttr(flops)),
          b.getNamedAttr("flops_known", b.getBoolAttr(!unknown)),
          b.getNamedAttr("reads", ids(kernel.reads)),
          b.getNamedAttr("writes", ids(kernel.writes)),
      }));
    }
    SmallVector<Attribute> bufferAttrs;
    for (auto &entry : buffers) {
      const Buffer &buffer = entry.second;
      bufferAttrs.push_back(b.getDictionaryAttr({
          b.getNamedAttr("kind", b.getStringAttr(buffer.kind)),
          b.getNamedAttr("name", b.getStringAttr(buffer.name)),
          b.getNamedAttr("type", b.getStringAttr(buffer.type)),
          b.getNamedAttr("bytes", b.getI64IntegerAttr(buffer.bytes)),
          b.getNamedAttr("offset", b.getI64IntegerAttr(buffer.offset)),
          b.getNamedAttr("first", b.getI64IntegerAttr(buffer.first)),
          b.getNamedAttr("last", b.getI64IntegerAttr(buffer.last)),
      }));
    }
    module->setAttr(kKernelReportAttr,
                    b.getDictionaryAttr({
                        b.getNamedAttr("function", func.getSymNameAttr()),
                        b.getNamedAttr("kernels", b.getArrayAttr(kernelAttrs)),
                        b.getNamedAttr("buffers", b.getArrayAttr(bufferAttrs)),
                    }));
  }
};

} // namespace
