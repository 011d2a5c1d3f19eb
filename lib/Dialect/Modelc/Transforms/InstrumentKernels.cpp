//===- InstrumentKernels.cpp - kernel timers for the profile ----*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "modelc/Dialect/Modelc/Passes.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_INSTRUMENTKERNELS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

static constexpr llvm::StringLiteral kClock = "modelc_profile_now_ns";
/// Names listed per kernel before "+N more".
static constexpr size_t kMaxNames = 6;

std::string mlir::modelc::kernelName(Operation *kernel) {
  llvm::SetVector<StringRef> names = kernelNodes(kernel);
  if (names.empty())
    return kernel->getName().getStringRef().str();
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(names.getArrayRef().take_front(kMaxNames), os, ", ");
  if (names.size() > kMaxNames)
    os << " +" << names.size() - kMaxNames << " more";
  // One name per line in the table: no line breaks inside.
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

namespace {

struct InstrumentKernelsPass
    : public modelc::impl::InstrumentKernelsBase<InstrumentKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> funcs;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isPrivate() && !func.isExternal() &&
          func.getBody().hasOneBlock())
        funcs.push_back(func);
    for (func::FuncOp func : funcs)
      instrument(module, func);
  }

  void instrument(ModuleOp module, func::FuncOp func) {
    SmallVector<Operation *> kernels;
    for (Operation &op : func.getBody().front())
      if (isKernel(&op))
        kernels.push_back(&op);
    if (kernels.empty())
      return;
    MLIRContext *ctx = &getContext();
    Location loc = func.getLoc();
    OpBuilder b(ctx);
    b.setInsertionPointToStart(module.getBody());
    auto i64 = b.getI64Type();
    if (!module.lookupSymbol(kClock))
      b.create<func::FuncOp>(loc, kClock, b.getFunctionType({}, {i64}))
          .setPrivate();

    int64_t count = kernels.size();
    std::string names;
    for (Operation *kernel : kernels)
      names += kernelName(kernel) + "\n";
    names.push_back('\0');
    std::string prefix = func.getName().str() + "_profile_";
    auto arrayType = LLVM::LLVMArrayType::get(i64, count);
    auto slots = b.create<LLVM::GlobalOp>(
        loc, arrayType, /*isConstant=*/false, LLVM::Linkage::External,
        prefix + "ns",
        DenseElementsAttr::get(RankedTensorType::get({count}, i64),
                               b.getI64IntegerAttr(0).getValue()));
    b.create<LLVM::GlobalOp>(
        loc, LLVM::LLVMArrayType::get(b.getI8Type(), names.size()),
        /*isConstant=*/true, LLVM::Linkage::External, prefix + "names",
        b.getStringAttr(names));
    b.create<LLVM::GlobalOp>(loc, i64, /*isConstant=*/true,
                             LLVM::Linkage::External, prefix + "kernels",
                             b.getI64IntegerAttr(count));

    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    for (auto [index, kernel] : llvm::enumerate(kernels)) {
      Location l = kernel->getLoc();
      b.setInsertionPoint(kernel);
      Value start =
          b.create<func::CallOp>(l, kClock, TypeRange{i64}).getResult(0);
      b.setInsertionPointAfter(kernel);
      Value stop =
          b.create<func::CallOp>(l, kClock, TypeRange{i64}).getResult(0);
      Value elapsed = b.create<arith::SubIOp>(l, stop, start);
      Value base = b.create<LLVM::AddressOfOp>(l, ptrType, slots.getSymName());
      Value slot = b.create<LLVM::GEPOp>(
          l, ptrType, arrayType, base,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      Value total = b.create<LLVM::LoadOp>(l, i64, slot);
      b.create<LLVM::StoreOp>(l, b.create<arith::AddIOp>(l, total, elapsed),
                              slot);
    }
  }
};

} // namespace
