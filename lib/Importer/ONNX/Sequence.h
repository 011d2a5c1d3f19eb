//===- Sequence.h - ONNX sequence values at import time ---------*- C++ -*-===//
//
// Part of modelc. modelc compiles a model to static code that allocates
// nothing at inference, so an ONNX sequence value cannot exist at run time.
// The importer resolves it instead: a Sequence is the compile-time list of
// the tensor Values at its positions, which the sequence operators edit
// (SequenceInsert, SequenceErase, ...) and read back as tensors
// (SequenceAt, SequenceLength, ConcatFromSequence).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_IMPORTER_ONNX_SEQUENCE_H
#define MODELC_LIB_IMPORTER_ONNX_SEQUENCE_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::modelc::onnx_import {

/// An ONNX sequence value whose length and elements are known at import
/// time. An element may be *unresolved*: it counts for the length, but its
/// tensor has a shape that depends on run-time values (a SplitToSequence
/// with a run-time split), so it cannot be used.
class Sequence {
public:
  /// An empty sequence of tensors with element type ELEMENTTYPE.
  explicit Sequence(Type elementType) : elementType(elementType) {}

  /// The element type of the sequence's tensors (f32, i64, ...).
  Type getElementType() const { return elementType; }
  int64_t size() const { return elements.size(); }
  bool empty() const { return elements.empty(); }

  /// The tensor at position I (0 <= I < size()); null when unresolved.
  Value operator[](int64_t i) const { return elements[i]; }
  ArrayRef<Value> getElements() const { return elements; }

  /// Inserts VALUE at position POS (0 <= POS <= size()).
  void insert(int64_t pos, Value value) {
    elements.insert(elements.begin() + pos, value);
  }
  /// Appends VALUE.
  void push_back(Value value) { elements.push_back(value); }
  /// Removes the element at POS (0 <= POS < size()).
  void erase(int64_t pos) { elements.erase(elements.begin() + pos); }

  /// Appends an unresolved element; REASON says why its value is unknown
  /// ("it comes from ...").
  void pushUnresolved(StringRef reason) {
    elements.push_back(Value());
    unresolvedReason = reason.str();
  }
  /// Why the unresolved elements are unknown ("" when there are none).
  StringRef getUnresolvedReason() const { return unresolvedReason; }

private:
  Type elementType;
  SmallVector<Value> elements;
  std::string unresolvedReason;
};

/// Whether the ONNX operator OPTYPE (default domain) takes sequence
/// operands or produces sequence results, so that its import function
/// works on Sequences rather than on types from ONNX shape inference.
bool isSequenceOp(StringRef opType);

} // namespace mlir::modelc::onnx_import

#endif // MODELC_LIB_IMPORTER_ONNX_SEQUENCE_H
