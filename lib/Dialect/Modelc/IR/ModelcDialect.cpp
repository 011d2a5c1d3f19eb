//===- ModelcDialect.cpp - modelc dialect -----------------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::modelc;

#include "Modelc/ModelcDialect.cpp.inc"
#include "Modelc/ModelcEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "Modelc/ModelcAttrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "Modelc/ModelcTypes.cpp.inc"

void ModelcDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "Modelc/ModelcAttrs.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "Modelc/ModelcTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "Modelc/ModelcOps.cpp.inc"
      >();
}

bool mlir::modelc::isStringTensor(Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  return tensor && isa<StringType>(tensor.getElementType());
}

Operation *ModelcDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, elements);
}
