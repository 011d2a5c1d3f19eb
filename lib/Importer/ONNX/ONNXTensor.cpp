//===- ONNXTensor.cpp - reading and writing ONNX TensorProtos ---*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Importer/ONNXTensor.h"

#include "onnx/onnx_pb.h"
// After onnx_pb.h, which defines ONNX_API.
#include "onnx/onnx-data.pb.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::modelc;
using llvm::createStringError;
using llvm::inconvertibleErrorCode;

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

size_t mlir::modelc::onnxElementSize(int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
    return 8;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return 2;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return 1;
  default:
    return 0;
  }
}

llvm::StringRef mlir::modelc::onnxTypeName(int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::FLOAT: return "float";
  case onnx::TensorProto::UINT8: return "uint8";
  case onnx::TensorProto::INT8: return "int8";
  case onnx::TensorProto::UINT16: return "uint16";
  case onnx::TensorProto::INT16: return "int16";
  case onnx::TensorProto::INT32: return "int32";
  case onnx::TensorProto::INT64: return "int64";
  case onnx::TensorProto::STRING: return "string";
  case onnx::TensorProto::BOOL: return "bool";
  case onnx::TensorProto::FLOAT16: return "float16";
  case onnx::TensorProto::DOUBLE: return "double";
  case onnx::TensorProto::UINT32: return "uint32";
  case onnx::TensorProto::UINT64: return "uint64";
  case onnx::TensorProto::COMPLEX64: return "complex64";
  case onnx::TensorProto::COMPLEX128: return "complex128";
  case onnx::TensorProto::BFLOAT16: return "bfloat16";
  default: return "undefined";
  }
}

/// Reads external data named by PROTO from inside BASEDIR.
static llvm::Expected<std::vector<char>>
readExternalData(const onnx::TensorProto &proto, llvm::StringRef baseDir,
                 size_t expected) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : proto.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset")
      offset = std::strtoll(entry.value().c_str(), nullptr, 10);
    else if (entry.key() == "length")
      length = std::strtoll(entry.value().c_str(), nullptr, 10);
  }
  if (location.empty())
    return createStringError(inconvertibleErrorCode(),
                             "tensor '%s' has external data without a location",
                             proto.name().c_str());
  if (llvm::sys::path::is_absolute(location))
    return createStringError(
        inconvertibleErrorCode(),
        "external data of tensor '%s' names an absolute path '%s'; only files "
        "inside the model's directory are read",
        proto.name().c_str(), location.c_str());
  llvm::SmallString<256> dir, path;
  if (llvm::sys::fs::real_path(baseDir.empty() ? "." : baseDir, dir))
    return createStringError(inconvertibleErrorCode(),
                             "cannot resolve the model's directory");
  llvm::SmallString<256> joined(dir);
  llvm::sys::path::append(joined, location);
  if (llvm::sys::fs::real_path(joined, path))
    return createStringError(inconvertibleErrorCode(),
                             "external data file '%s' of tensor '%s' not found",
                             location.c_str(), proto.name().c_str());
  llvm::SmallString<256> prefix(dir);
  llvm::sys::path::append(prefix, "");
  if (!llvm::StringRef(path).starts_with(prefix))
    return createStringError(
        inconvertibleErrorCode(),
        "external data file '%s' of tensor '%s' is outside the model's "
        "directory",
        location.c_str(), proto.name().c_str());
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(inconvertibleErrorCode(), "cannot read '%s'",
                             path.c_str());
  size_t size = (*buffer)->getBufferSize();
  if (length < 0)
    length = expected;
  if (offset < 0 || static_cast<size_t>(offset + length) > size ||
      static_cast<size_t>(length) != expected)
    return createStringError(
        inconvertibleErrorCode(),
        "external data of tensor '%s' has %lld bytes at offset %lld in '%s' "
        "(file size %zu) but needs %zu",
        proto.name().c_str(), (long long)length, (long long)offset,
        location.c_str(), size, expected);
  const char *begin = (*buffer)->getBufferStart() + offset;
  return std::vector<char>(begin, begin + length);
}

template <typename From, typename To>
static void appendConverted(std::vector<char> &bytes,
                            const google::protobuf::RepeatedField<From> &values) {
  for (From v : values) {
    To t = static_cast<To>(v);
    const char *p = reinterpret_cast<const char *>(&t);
    bytes.insert(bytes.end(), p, p + sizeof(To));
  }
}

llvm::Expected<HostTensor>
mlir::modelc::decodeTensor(const onnx::TensorProto &proto,
                           llvm::StringRef baseDir) {
  HostTensor tensor;
  tensor.name = proto.name();
  tensor.dtype = proto.data_type();
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return createStringError(inconvertibleErrorCode(),
                               "tensor '%s' has a negative dimension",
                               proto.name().c_str());
    tensor.shape.push_back(d);
  }
  // The element count (and below, the byte size) must fit the address
  // space: numElements() is used from here on.
  int64_t count = 1;
  for (int64_t d : tensor.shape)
    if (llvm::MulOverflow(count, d, count))
      return createStringError(inconvertibleErrorCode(),
                               "tensor '%s' has more elements than the "
                               "address space holds",
                               proto.name().c_str());
  if (tensor.dtype == onnx::TensorProto::STRING) {
    if (proto.data_location() == onnx::TensorProto::EXTERNAL)
      return createStringError(inconvertibleErrorCode(),
                               "string tensor '%s' has external data",
                               proto.name().c_str());
    tensor.strings.assign(proto.string_data().begin(),
                          proto.string_data().end());
    if (static_cast<int64_t>(tensor.strings.size()) != tensor.numElements())
      return createStringError(
          inconvertibleErrorCode(),
          "string tensor '%s' holds %zu strings but its shape needs %lld",
          proto.name().c_str(), tensor.strings.size(),
          (long long)tensor.numElements());
    return tensor;
  }
  size_t elementSize = onnxElementSize(tensor.dtype);
  if (elementSize == 0)
    return createStringError(inconvertibleErrorCode(),
                             "tensor '%s' has unsupported element type %s",
                             proto.name().c_str(),
                             onnxTypeName(tensor.dtype).str().c_str());
  int64_t bytes = 0;
  if (llvm::MulOverflow(count, static_cast<int64_t>(elementSize), bytes))
    return createStringError(inconvertibleErrorCode(),
                             "tensor '%s' has more bytes than the address "
                             "space holds",
                             proto.name().c_str());
  size_t expected = static_cast<size_t>(bytes);
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    auto data = readExternalData(proto, baseDir, expected);
    if (!data)
      return data.takeError();
    tensor.bytes = std::move(*data);
    return tensor;
  }
  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    tensor.bytes.assign(raw.begin(), raw.end());
  } else {
    std::vector<char> &b = tensor.bytes;
    switch (tensor.dtype) {
    case onnx::TensorProto::FLOAT:
      appendConverted<float, float>(b, proto.float_data());
      break;
    case onnx::TensorProto::DOUBLE:
      appendConverted<double, double>(b, proto.double_data());
      break;
    case onnx::TensorProto::INT64:
      appendConverted<int64_t, int64_t>(b, proto.int64_data());
      break;
    case onnx::TensorProto::UINT32:
      appendConverted<uint64_t, uint32_t>(b, proto.uint64_data());
      break;
    case onnx::TensorProto::UINT64:
      appendConverted<uint64_t, uint64_t>(b, proto.uint64_data());
      break;
    case onnx::TensorProto::INT32:
      appendConverted<int32_t, int32_t>(b, proto.int32_data());
      break;
    case onnx::TensorProto::INT16:
      appendConverted<int32_t, int16_t>(b, proto.int32_data());
      break;
    case onnx::TensorProto::UINT16:
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      appendConverted<int32_t, uint16_t>(b, proto.int32_data());
      break;
    case onnx::TensorProto::INT8:
      appendConverted<int32_t, int8_t>(b, proto.int32_data());
      break;
    case onnx::TensorProto::UINT8:
    case onnx::TensorProto::BOOL:
      appendConverted<int32_t, uint8_t>(b, proto.int32_data());
      break;
    }
  }
  if (tensor.bytes.size() != expected)
    return createStringError(
        inconvertibleErrorCode(),
        "tensor '%s' holds %zu bytes of data but its shape needs %zu",
        proto.name().c_str(), tensor.bytes.size(), expected);
  return tensor;
}

/// Reads the file at PATH into MESSAGE; KIND names it in errors.
static llvm::Error readMessage(llvm::StringRef path,
                               google::protobuf::MessageLite &message,
                               const char *kind) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(inconvertibleErrorCode(), "cannot read '%s': %s",
                             path.str().c_str(),
                             buffer.getError().message().c_str());
  if (!message.ParseFromArray((*buffer)->getBufferStart(),
                              (*buffer)->getBufferSize()))
    return createStringError(inconvertibleErrorCode(),
                             "'%s' is not a valid ONNX %s file",
                             path.str().c_str(), kind);
  return llvm::Error::success();
}

/// Writes MESSAGE serialized to PATH.
static llvm::Error writeMessage(llvm::StringRef path,
                                const google::protobuf::MessageLite &message) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                             ec.message().c_str());
  std::string data;
  message.SerializeToString(&data);
  os << data;
  return llvm::Error::success();
}

/// TENSOR as a TensorProto (raw_data, or string_data for strings).
static void encodeTensor(const HostTensor &tensor, onnx::TensorProto &proto) {
  proto.set_name(tensor.name);
  proto.set_data_type(tensor.dtype);
  for (int64_t d : tensor.shape)
    proto.add_dims(d);
  if (tensor.dtype == onnx::TensorProto::STRING) {
    for (const std::string &s : tensor.strings)
      proto.add_string_data(s);
  } else {
    proto.set_raw_data(tensor.bytes.data(), tensor.bytes.size());
  }
}

llvm::Expected<HostTensor> mlir::modelc::readTensorFile(llvm::StringRef path) {
  onnx::TensorProto proto;
  if (llvm::Error e = readMessage(path, proto, "TensorProto"))
    return std::move(e);
  return decodeTensor(proto, llvm::sys::path::parent_path(path));
}

llvm::Error mlir::modelc::writeTensorFile(llvm::StringRef path,
                                          const HostTensor &tensor) {
  onnx::TensorProto proto;
  encodeTensor(tensor, proto);
  return writeMessage(path, proto);
}

llvm::Expected<std::vector<HostTensor>>
mlir::modelc::readTensorSequenceFile(llvm::StringRef path) {
  onnx::SequenceProto proto;
  if (llvm::Error e = readMessage(path, proto, "SequenceProto"))
    return std::move(e);
  if (proto.elem_type() != onnx::SequenceProto::TENSOR &&
      proto.elem_type() != onnx::SequenceProto::UNDEFINED)
    return createStringError(inconvertibleErrorCode(),
                             "'%s' is a sequence of non-tensors (elem_type "
                             "%d): only sequences of tensors are supported",
                             path.str().c_str(), proto.elem_type());
  std::vector<HostTensor> tensors;
  for (const onnx::TensorProto &t : proto.tensor_values()) {
    llvm::Expected<HostTensor> tensor =
        decodeTensor(t, llvm::sys::path::parent_path(path));
    if (!tensor)
      return tensor.takeError();
    tensors.push_back(std::move(*tensor));
  }
  return tensors;
}

llvm::Error
mlir::modelc::writeTensorSequenceFile(llvm::StringRef path,
                                      llvm::StringRef name,
                                      const std::vector<HostTensor> &tensors) {
  onnx::SequenceProto proto;
  proto.set_name(name.str());
  proto.set_elem_type(onnx::SequenceProto::TENSOR);
  for (const HostTensor &tensor : tensors)
    encodeTensor(tensor, *proto.add_tensor_values());
  return writeMessage(path, proto);
}

llvm::Expected<HostOptional>
mlir::modelc::readOptionalFile(llvm::StringRef path) {
  onnx::OptionalProto proto;
  if (llvm::Error e = readMessage(path, proto, "OptionalProto"))
    return std::move(e);
  HostOptional value;
  llvm::StringRef baseDir = llvm::sys::path::parent_path(path);
  if (proto.has_tensor_value()) {
    llvm::Expected<HostTensor> tensor =
        decodeTensor(proto.tensor_value(), baseDir);
    if (!tensor)
      return tensor.takeError();
    value.hasValue = true;
    value.tensors.push_back(std::move(*tensor));
    return value;
  }
  if (proto.has_sequence_value()) {
    const onnx::SequenceProto &seq = proto.sequence_value();
    value.hasValue = true;
    value.isSequence = true;
    for (const onnx::TensorProto &t : seq.tensor_values()) {
      llvm::Expected<HostTensor> tensor = decodeTensor(t, baseDir);
      if (!tensor)
        return tensor.takeError();
      value.tensors.push_back(std::move(*tensor));
    }
    return value;
  }
  if (proto.elem_type() != onnx::OptionalProto::UNDEFINED &&
      proto.elem_type() != onnx::OptionalProto::TENSOR &&
      proto.elem_type() != onnx::OptionalProto::SEQUENCE)
    return createStringError(inconvertibleErrorCode(),
                             "'%s' is an optional of neither a tensor nor a "
                             "sequence (elem_type %d)",
                             path.str().c_str(), proto.elem_type());
  return value;
}

llvm::Error mlir::modelc::writeOptionalFile(llvm::StringRef path,
                                            llvm::StringRef name,
                                            const HostOptional &value) {
  onnx::OptionalProto proto;
  proto.set_name(name.str());
  proto.set_elem_type(value.isSequence ? onnx::OptionalProto::SEQUENCE
                                       : onnx::OptionalProto::TENSOR);
  if (value.hasValue && value.isSequence) {
    onnx::SequenceProto *seq = proto.mutable_sequence_value();
    seq->set_name(name.str());
    seq->set_elem_type(onnx::SequenceProto::TENSOR);
    for (const HostTensor &tensor : value.tensors)
      encodeTensor(tensor, *seq->add_tensor_values());
  } else if (value.hasValue && !value.tensors.empty()) {
    encodeTensor(value.tensors.front(), *proto.mutable_tensor_value());
  }
  return writeMessage(path, proto);
}
