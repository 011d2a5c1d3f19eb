//===- FlattenGlobals.cpp - one-dimensional constant globals ----*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/Passes.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FLATTENGLOBALS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;

namespace {
struct FlattenGlobalsPass
    : public modelc::impl::FlattenGlobalsBase<FlattenGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<memref::GlobalOp> flattened;
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      // Only dense (or uninitialized) globals: other attributes, such as
      // sparse ones, keep their shape.
      Attribute initial = global.getInitialValueAttr();
      if (type.getRank() <= 1 || !type.hasStaticShape() ||
          !type.getLayout().isIdentity() ||
          (initial && !isa<DenseElementsAttr, UnitAttr>(initial)))
        continue;
      auto flatType = MemRefType::get({type.getNumElements()},
                                      type.getElementType());
      global.setType(flatType);
      if (auto value = dyn_cast_or_null<DenseElementsAttr>(
              global.getInitialValueAttr()))
        global.setInitialValueAttr(value.reshape(RankedTensorType::get(
            {type.getNumElements()}, type.getElementType())));
      flattened[global.getSymName()] = global;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getName());
      if (it == flattened.end())
        return;
      MemRefType type = get.getType();
      OpBuilder b(get);
      Value flat = b.create<memref::GetGlobalOp>(
          get.getLoc(), it->second.getType(), get.getName());
      SmallVector<ReassociationIndices> all(1);
      for (int64_t i = 0; i < type.getRank(); ++i)
        all[0].push_back(i);
      Value shaped =
          b.create<memref::ExpandShapeOp>(get.getLoc(), type, flat, all);
      get.replaceAllUsesWith(shaped);
      get.erase();
    });
  }
};
} // namespace
