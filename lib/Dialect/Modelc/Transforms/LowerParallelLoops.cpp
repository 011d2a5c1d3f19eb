//===- LowerParallelLoops.cpp - scf.parallel on the thread pool -*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
// The outermost scf.parallel loops of a function are linearized: the
// runtime's `modelc_parallel_for(fn, ctx, begin, end)` splits [0, trips)
// over its threads and calls `fn`, an outlined internal llvm.func, for each
// chunk. The values the loop captures travel in a stack array of i64 slots:
// memrefs of static layout as their aligned pointer (shapes, offsets and
// strides are rebuilt in the outlined function), other memrefs as their
// aligned pointer, offset, sizes and strides; scalars as their bits.
// Constants and memref.get_global are cloned instead. Trip counts known only
// at run time (dynamic shapes) are computed at the call site and again in
// the outlined function from the captured bounds.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Transforms/RegionUtils.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_LOWERPARALLELLOOPS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

static constexpr llvm::StringLiteral kParallelFor = "modelc_parallel_for";

/// Constant trip count of a loop dimension, if its bounds are constants.
static std::optional<int64_t> tripCount(Value lb, Value ub, Value step) {
  std::optional<int64_t> l = getConstantIntValue(lb);
  std::optional<int64_t> u = getConstantIntValue(ub);
  std::optional<int64_t> s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  return *u > *l ? (*u - *l + *s - 1) / *s : 0;
}

/// Rough count of the operations that running OP executes.
static int64_t estimateWork(Operation *op) {
  int64_t inner = 1;
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (Operation &nested : block)
        inner += estimateWork(&nested);
  int64_t trips = 1;
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    trips = tripCount(loop.getLowerBound(), loop.getUpperBound(),
                      loop.getStep())
                .value_or(16);
  } else if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
    for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                         loop.getUpperBound(), loop.getStep()))
      trips *= tripCount(lb, ub, step).value_or(16);
  }
  return std::min<int64_t>(trips * inner, int64_t(1) << 50);
}

/// Whether a memref's shape, offset and strides are all static: its
/// descriptor is then rebuilt from the aligned pointer alone.
static bool hasStaticLayout(MemRefType memref) {
  if (!memref.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(getStridesAndOffset(memref, strides, offset)) &&
         !ShapedType::isDynamic(offset) &&
         llvm::none_of(strides, ShapedType::isDynamic);
}

/// The number of i64 slots that carry a value of TYPE.
static int64_t slotWidth(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || hasStaticLayout(memref))
    return 1;
  // Aligned pointer, offset, sizes, strides.
  return 2 + 2 * memref.getRank();
}

/// Whether a captured value can be rebuilt from i64 slots.
static bool isSlotType(Type type) {
  if (auto memref = dyn_cast<MemRefType>(type)) {
    SmallVector<int64_t> strides;
    int64_t offset;
    return succeeded(getStridesAndOffset(memref, strides, offset));
  }
  if (type.isIndex())
    return true;
  if (auto i = dyn_cast<IntegerType>(type))
    return i.getWidth() <= 64;
  if (auto f = dyn_cast<FloatType>(type))
    return f.getWidth() <= 64;
  return false;
}

/// Whether a captured value is cheaper to recreate in the outlined body.
static bool isClonable(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 &&
         (def->hasTrait<OpTrait::ConstantLike>() ||
          isa<memref::GetGlobalOp>(def));
}

/// The LLVM struct of a ranked memref descriptor: allocated and aligned
/// pointers, offset, sizes and strides.
static LLVM::LLVMStructType descriptorType(MLIRContext *ctx, int64_t rank) {
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  Type i64 = IntegerType::get(ctx, 64);
  SmallVector<Type> fields{ptrType, ptrType, i64};
  if (rank > 0) {
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
  }
  return LLVM::LLVMStructType::getLiteral(ctx, fields);
}

/// Packs VALUE into slotWidth(type) i64s (in the parent function).
static SmallVector<Value> packSlots(OpBuilder &b, Location loc, Value value);

/// Rebuilds a value of TYPE from its i64 SLOTS (in the outlined function).
static Value unpackSlots(OpBuilder &b, Location loc, ValueRange slots,
                         Type type);

/// Packs VALUE into an i64 (in the parent function).
static Value packSlot(OpBuilder &b, Location loc, Value value) {
  Type type = value.getType();
  Type i64 = b.getI64Type();
  if (auto memref = dyn_cast<MemRefType>(type)) {
    // The descriptor's aligned pointer, read after conversion to LLVM (the
    // cast pair then cancels). memref.extract_aligned_pointer_as_index
    // would not do: expand-strided-metadata rewrites it to the pointer of a
    // view's source, which loses a memref.view's byte shift.
    MLIRContext *ctx = b.getContext();
    Value desc = b.create<UnrealizedConversionCastOp>(
                      loc, descriptorType(ctx, memref.getRank()), value)
                     .getResult(0);
    Value ptr = b.create<LLVM::ExtractValueOp>(loc, desc, 1);
    return b.create<LLVM::PtrToIntOp>(loc, i64, ptr);
  }
  if (type.isIndex())
    return b.create<arith::IndexCastOp>(loc, i64, value);
  if (auto f = dyn_cast<FloatType>(type)) {
    value = b.create<arith::BitcastOp>(loc, b.getIntegerType(f.getWidth()),
                                       value);
    type = value.getType();
  }
  if (type.getIntOrFloatBitWidth() < 64)
    return b.create<arith::ExtUIOp>(loc, i64, value);
  return value;
}

/// Rebuilds a value of TYPE from its i64 slot (in the outlined function).
static Value unpackSlot(OpBuilder &b, Location loc, Value slot, Type type) {
  MLIRContext *ctx = b.getContext();
  if (auto memref = dyn_cast<MemRefType>(type)) {
    SmallVector<int64_t> strides;
    int64_t offset;
    (void)getStridesAndOffset(memref, strides, offset);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Type i64 = b.getI64Type();
    Value ptr = b.create<LLVM::IntToPtrOp>(loc, ptrType, slot);
    int64_t rank = memref.getRank();
    auto descType = descriptorType(ctx, rank);
    Value desc = b.create<LLVM::UndefOp>(loc, descType);
    auto constant = [&](int64_t v) {
      return b.create<LLVM::ConstantOp>(loc, i64, b.getI64IntegerAttr(v));
    };
    desc = b.create<LLVM::InsertValueOp>(loc, desc, ptr, 0);
    desc = b.create<LLVM::InsertValueOp>(loc, desc, ptr, 1);
    desc = b.create<LLVM::InsertValueOp>(loc, desc, constant(offset), 2);
    for (int64_t i = 0; i < rank; ++i) {
      desc = b.create<LLVM::InsertValueOp>(
          loc, desc, constant(memref.getDimSize(i)), ArrayRef<int64_t>{3, i});
      desc = b.create<LLVM::InsertValueOp>(loc, desc, constant(strides[i]),
                                           ArrayRef<int64_t>{4, i});
    }
    return b.create<UnrealizedConversionCastOp>(loc, type, desc).getResult(0);
  }
  if (type.isIndex())
    return b.create<arith::IndexCastOp>(loc, type, slot);
  unsigned width = type.getIntOrFloatBitWidth();
  Value bits = slot;
  if (width < 64)
    bits = b.create<arith::TruncIOp>(loc, b.getIntegerType(width), slot);
  if (isa<FloatType>(type))
    return b.create<arith::BitcastOp>(loc, type, bits);
  return bits;
}

static SmallVector<Value> packSlots(OpBuilder &b, Location loc, Value value) {
  auto memref = dyn_cast<MemRefType>(value.getType());
  if (!memref || hasStaticLayout(memref))
    return {packSlot(b, loc, value)};
  MLIRContext *ctx = b.getContext();
  int64_t rank = memref.getRank();
  Value desc =
      b.create<UnrealizedConversionCastOp>(loc, descriptorType(ctx, rank), value)
          .getResult(0);
  Type i64 = b.getI64Type();
  SmallVector<Value> slots{b.create<LLVM::PtrToIntOp>(
      loc, i64, b.create<LLVM::ExtractValueOp>(loc, desc, 1))};
  slots.push_back(b.create<LLVM::ExtractValueOp>(loc, desc, 2));
  for (int64_t i = 0; i < rank; ++i)
    slots.push_back(
        b.create<LLVM::ExtractValueOp>(loc, desc, ArrayRef<int64_t>{3, i}));
  for (int64_t i = 0; i < rank; ++i)
    slots.push_back(
        b.create<LLVM::ExtractValueOp>(loc, desc, ArrayRef<int64_t>{4, i}));
  return slots;
}

static Value unpackSlots(OpBuilder &b, Location loc, ValueRange slots,
                         Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || hasStaticLayout(memref))
    return unpackSlot(b, loc, slots.front(), type);
  MLIRContext *ctx = b.getContext();
  int64_t rank = memref.getRank();
  auto descType = descriptorType(ctx, rank);
  Value ptr = b.create<LLVM::IntToPtrOp>(loc, LLVM::LLVMPointerType::get(ctx),
                                         slots[0]);
  Value desc = b.create<LLVM::UndefOp>(loc, descType);
  desc = b.create<LLVM::InsertValueOp>(loc, desc, ptr, 0);
  desc = b.create<LLVM::InsertValueOp>(loc, desc, ptr, 1);
  desc = b.create<LLVM::InsertValueOp>(loc, desc, slots[1], 2);
  for (int64_t i = 0; i < rank; ++i) {
    desc = b.create<LLVM::InsertValueOp>(loc, desc, slots[2 + i],
                                         ArrayRef<int64_t>{3, i});
    desc = b.create<LLVM::InsertValueOp>(loc, desc, slots[2 + rank + i],
                                         ArrayRef<int64_t>{4, i});
  }
  return b.create<UnrealizedConversionCastOp>(loc, type, desc).getResult(0);
}

/// The fewest chunks of work that the flat index of a leaf loop must leave
/// to share out over the threads when its innermost dimension stays a loop.
static constexpr int64_t kMinFlatTrips = 16;

/// Whether LOOP's body runs no loop of its own.
static bool isLeafLoop(scf::ParallelOp loop) {
  WalkResult nested = loop.getBody()->walk([](Operation *op) {
    return isa<LoopLikeOpInterface>(op) ? WalkResult::interrupt()
                                        : WalkResult::advance();
  });
  return !nested.wasInterrupted();
}

namespace {

struct LowerParallelLoopsPass
    : public modelc::impl::LowerParallelLoopsBase<LowerParallelLoopsPass> {
  using LowerParallelLoopsBase::LowerParallelLoopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ParallelOp> loops;
    module.walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>() &&
          loop->getParentOfType<func::FuncOp>())
        loops.push_back(loop);
    });
    unsigned counter = 0;
    for (scf::ParallelOp loop : loops)
      outline(loop, counter);
  }

  LLVM::LLVMFuncOp getOrDeclareParallelFor(OpBuilder &b) {
    ModuleOp module = getOperation();
    if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(kParallelFor))
      return fn;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    MLIRContext *ctx = b.getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = b.getI64Type();
    auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                            {ptr, ptr, i64, i64});
    return b.create<LLVM::LLVMFuncOp>(module.getLoc(), kParallelFor, type);
  }

  void outline(scf::ParallelOp loop, unsigned &counter) {
    if (loop.getNumResults() != 0)
      return;
    // Trip counts: constants, or (dynamic shapes) known at run time, when
    // they are 0 where unknown here.
    SmallVector<int64_t> trips;
    int64_t total = 1;
    bool dynamicTrips = false;
    for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                         loop.getUpperBound(), loop.getStep())) {
      std::optional<int64_t> t = tripCount(lb, ub, step);
      if (!t) {
        std::optional<int64_t> s = getConstantIntValue(step);
        if (!s || *s <= 0)
          return;
        dynamicTrips = true;
      }
      trips.push_back(t.value_or(0));
      total *= t.value_or(16);
    }
    if (total < 2 || estimateWork(loop) < minWork)
      return;
    // The dimensions that the flat index covers: all of them, except that
    // a leaf loop (an elementwise op, a copy, a fill: no loop inside) keeps
    // its innermost dimension as a loop of its own, which LLVM vectorizes,
    // where the outer dimensions leave enough chunks to share out.
    int64_t rank = trips.size();
    int64_t flatRank = rank;
    int64_t flatTotal = total;
    if (rank > 1 && isLeafLoop(loop)) {
      int64_t outer = 1;
      for (int64_t d = 0; d + 1 < rank; ++d)
        outer *= trips[d] > 0 ? trips[d] : 16;
      if (outer >= kMinFlatTrips) {
        flatRank = rank - 1;
        flatTotal = outer;
      }
    }

    // What the body captures: cloned, or passed in a slot.
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(loop.getRegion(), captured);
    for (Value v : loop->getOperands())
      captured.insert(v);
    SmallVector<Value> slots, clones;
    for (Value v : captured) {
      if (isClonable(v))
        clones.push_back(v);
      else if (isSlotType(v.getType()))
        slots.push_back(v);
      else
        return; // Stays a serial loop.
    }

    MLIRContext *ctx = loop.getContext();
    Location loc = loop.getLoc();
    auto func = loop->getParentOfType<func::FuncOp>();
    OpBuilder b(ctx);
    LLVM::LLVMFuncOp parallelFor = getOrDeclareParallelFor(b);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Type i64 = b.getI64Type();

    // The outlined body: void fn(ptr ctx, i64 begin, i64 end), a func.func
    // so that the conversion to LLVM handles its blocks like the parent's.
    b.setInsertionPoint(func);
    std::string name =
        (func.getSymName() + "_parallel_" + Twine(counter++)).str();
    auto fnType = b.getFunctionType({ptrType, i64, i64}, {});
    auto fn = b.create<func::FuncOp>(loc, name, fnType);
    fn.setPrivate();
    fn->setAttr("llvm.linkage",
                LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    Block *entry = fn.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping mapping;
    for (Value v : clones)
      mapping.map(v, b.clone(*v.getDefiningOp())->getResult(0));
    Value ctxArg = entry->getArgument(0);
    int32_t slotIndex = 0;
    for (Value v : slots) {
      SmallVector<Value> words;
      for (int64_t w = 0; w < slotWidth(v.getType()); ++w) {
        Value addr = b.create<LLVM::GEPOp>(
            loc, ptrType, i64, ctxArg, ArrayRef<LLVM::GEPArg>{slotIndex++});
        words.push_back(b.create<LLVM::LoadOp>(loc, i64, addr));
      }
      mapping.map(v, unpackSlots(b, loc, words, v.getType()));
    }
    // Trip counts known only at run time, from the captured bounds.
    auto runtimeTrips = [&](OpBuilder &rb, Location l, int64_t d,
                            const IRMapping *map) -> Value {
      auto lookup = [&](Value v) {
        return map ? map->lookupOrDefault(v) : v;
      };
      if (trips[d] > 0 || tripCount(loop.getLowerBound()[d],
                                    loop.getUpperBound()[d],
                                    loop.getStep()[d]))
        return rb.create<arith::ConstantIndexOp>(l, trips[d]);
      Value lb = lookup(loop.getLowerBound()[d]);
      Value ub = lookup(loop.getUpperBound()[d]);
      Value step = lookup(loop.getStep()[d]);
      Value zero = rb.create<arith::ConstantIndexOp>(l, 0);
      Value span = rb.create<arith::MaxSIOp>(
          l, rb.create<arith::SubIOp>(l, ub, lb), zero);
      return rb.create<arith::CeilDivUIOp>(l, span, step);
    };
    Value begin = b.create<arith::IndexCastOp>(loc, b.getIndexType(),
                                               entry->getArgument(1));
    Value end = b.create<arith::IndexCastOp>(loc, b.getIndexType(),
                                             entry->getArgument(2));
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    auto flatLoop = b.create<scf::ForOp>(loc, begin, end, one);
    b.setInsertionPointToStart(flatLoop.getBody());
    // Delinearize the flat index into the loop's induction variables.
    Value rem = flatLoop.getInductionVar();
    SmallVector<Value> ivs(rank);
    for (int64_t d = flatRank - 1; d >= 0; --d) {
      Value count = runtimeTrips(b, loc, d, &mapping);
      Value idx = d == 0 ? rem : b.create<arith::RemUIOp>(loc, rem, count);
      if (d > 0)
        rem = b.create<arith::DivUIOp>(loc, rem, count);
      Value step = mapping.lookupOrDefault(loop.getStep()[d]);
      Value lb = mapping.lookupOrDefault(loop.getLowerBound()[d]);
      ivs[d] = b.create<arith::AddIOp>(
          loc, lb, b.create<arith::MulIOp>(loc, idx, step));
    }
    // The dimensions left out of the flat index, as loops inside it.
    for (int64_t d = flatRank; d < rank; ++d) {
      auto inner = b.create<scf::ForOp>(
          loc, mapping.lookupOrDefault(loop.getLowerBound()[d]),
          mapping.lookupOrDefault(loop.getUpperBound()[d]),
          mapping.lookupOrDefault(loop.getStep()[d]));
      ivs[d] = inner.getInductionVar();
      b.setInsertionPointToStart(inner.getBody());
    }
    for (auto [iv, value] : llvm::zip(loop.getInductionVars(), ivs))
      mapping.map(iv, value);
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, mapping);
    b.setInsertionPointToEnd(entry);
    b.create<func::ReturnOp>(loc);

    // The call site.
    b.setInsertionPoint(loop);
    // The context lives in the entry block: a loop around the call must not
    // grow the stack at every iteration.
    Value ctxBuf;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&func.getBody().front());
      int64_t words = 0;
      for (Value v : slots)
        words += slotWidth(v.getType());
      Value count = b.create<LLVM::ConstantOp>(
          loc, i64, b.getI64IntegerAttr(std::max<int64_t>(words, 1)));
      ctxBuf = b.create<LLVM::AllocaOp>(loc, ptrType, i64, count, 8);
    }
    slotIndex = 0;
    for (Value v : slots) {
      if (slotWidth(v.getType()) == 1) {
        Value addr = b.create<LLVM::GEPOp>(
            loc, ptrType, i64, ctxBuf, ArrayRef<LLVM::GEPArg>{slotIndex++});
        b.create<LLVM::StoreOp>(loc, packSlot(b, loc, v), addr);
        continue;
      }
      for (Value word : packSlots(b, loc, v)) {
        Value addr = b.create<LLVM::GEPOp>(
            loc, ptrType, i64, ctxBuf, ArrayRef<LLVM::GEPArg>{slotIndex++});
        b.create<LLVM::StoreOp>(loc, word, addr);
      }
    }
    // The function's address: func.constant becomes llvm.mlir.addressof
    // when functions are converted, and the cast then disappears.
    Value fnValue = b.create<func::ConstantOp>(loc, fnType, name);
    Value fnAddr =
        b.create<UnrealizedConversionCastOp>(loc, ptrType, fnValue).getResult(0);
    Value zero = b.create<LLVM::ConstantOp>(loc, i64, b.getI64IntegerAttr(0));
    Value totalValue;
    if (dynamicTrips) {
      Value product = b.create<arith::ConstantIndexOp>(loc, 1);
      for (int64_t d = 0; d < flatRank; ++d)
        product = b.create<arith::MulIOp>(loc, product,
                                          runtimeTrips(b, loc, d, nullptr));
      totalValue = b.create<arith::IndexCastOp>(loc, i64, product);
    } else {
      totalValue =
          b.create<LLVM::ConstantOp>(loc, i64, b.getI64IntegerAttr(flatTotal));
    }
    b.create<LLVM::CallOp>(loc, parallelFor,
                           ValueRange{fnAddr, ctxBuf, zero, totalValue});
    loop.erase();
  }
};

} // namespace
