//===- Sequence.h - ONNX sequence values at import time ---------*- C++ -*-===//
//
// Part of modelc. An ONNX sequence value is resolved at import time where
// its structure is known then: a Sequence is the compile-time list of the
// tensor Values at its positions, which the sequence operators edit
// (SequenceInsert, SequenceErase, ...) and read back as tensors
// (SequenceAt, SequenceLength, ConcatFromSequence). Where its length or
// its tensors' shapes depend on run-time values (a Loop with a run-time
// trip count that carries it, an insertion at a run-time position), it is
// *packed* instead: two tensors that the run computes, its tensors'
// elements one after the other and one row per tensor with its rank and
// dimensions (PackedSequence.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_IMPORTER_ONNX_SEQUENCE_H
#define MODELC_LIB_IMPORTER_ONNX_SEQUENCE_H

#include "modelc/Dialect/Modelc/ModelcDialect.h"

#include "mlir/IR/Value.h"
#include "mlir/IR/ValueRange.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

#include <string>

namespace mlir::modelc::onnx_import {

/// An ONNX sequence value: either resolved, with its length and elements
/// known at import time, or packed, with both known only at run time.
///
/// An element of a resolved sequence may be *unresolved*: it counts for the
/// length, but its tensor has a shape that depends on run-time values (a
/// SplitToSequence with a run-time split), so it cannot be used.
///
/// A packed sequence is two tensors: `data` (tensor<?xT>), the elements of
/// its tensors one after the other in row-major order, and `shapes`
/// (tensor<?x9xi64>), one row per tensor: its rank, then its dimensions,
/// padded with 1. A packed sequence may also be an optional whose presence
/// only the run knows: `present` (tensor<i1>) says whether it holds the
/// sequence; when it does not, the sequence is empty.
class Sequence {
public:
  /// An empty sequence of tensors with element type ELEMENTTYPE.
  explicit Sequence(Type elementType) : elementType(elementType) {}

  /// A packed sequence (see above); RANK is the rank of all its tensors
  /// where the compiler knows one.
  static Sequence packed(Type elementType, Value data, Value shapes,
                         Value present = {},
                         std::optional<int64_t> rank = std::nullopt) {
    Sequence seq(elementType);
    seq.data = data;
    seq.shapes = shapes;
    seq.present = present;
    seq.rank = rank;
    return seq;
  }

  /// The packed sequence like LIKE (its element type, presence flag or not,
  /// and rank) whose packedValues() are those of VALUES from NEXT on (block
  /// arguments, an op's results); advances NEXT past them.
  static Sequence packedLike(const Sequence &like, ValueRange values,
                             unsigned &next) {
    Value present = like.present ? values[next++] : Value();
    Value data = values[next++];
    Value shapes = values[next++];
    return packed(like.elementType, data, shapes, present, like.rank);
  }

  /// The element type of the sequence's tensors (f32, i64, ...).
  Type getElementType() const { return elementType; }

  /// Whether the sequence is packed: its length and tensors are run-time
  /// values, and the accessors of resolved sequences below do not apply.
  bool isPacked() const { return static_cast<bool>(data); }
  Value getData() const { return data; }
  Value getShapes() const { return shapes; }
  /// The presence flag of an optional packed sequence; null otherwise.
  Value getPresent() const { return present; }
  /// The rank of all the tensors of a packed sequence, where known.
  std::optional<int64_t> getRank() const { return rank; }
  /// The values that stand for a packed sequence where it crosses a region
  /// boundary: the presence flag (if any), the data and the shapes.
  SmallVector<Value> packedValues() const {
    SmallVector<Value> values;
    if (present)
      values.push_back(present);
    values.push_back(data);
    values.push_back(shapes);
    return values;
  }

  int64_t size() const {
    assert(!isPacked() &&
           "the length of a packed sequence is a run-time value");
    return elements.size();
  }
  bool empty() const { return size() == 0; }

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
  // Packed sequences only.
  Value data, shapes, present;
  std::optional<int64_t> rank;
};

/// Whether the ONNX operator OPTYPE (default domain) takes sequence
/// operands or produces sequence results, so that its import function
/// works on Sequences rather than on types from ONNX shape inference.
bool isSequenceOp(StringRef opType);

} // namespace mlir::modelc::onnx_import

#endif // MODELC_LIB_IMPORTER_ONNX_SEQUENCE_H
