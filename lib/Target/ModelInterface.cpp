//===- ModelInterface.cpp - the C interface of a compiled model -*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Target/ModelInterface.h"

#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::modelc;

bool TensorInfo::isDynamic() const { return llvm::is_contained(shape, -1); }

int64_t TensorInfo::numElements() const {
  if (isDynamic())
    return -1;
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

bool ModelInterface::isDynamic() const {
  return llvm::any_of(inputs, [](const TensorInfo &t) { return t.isDynamic(); }) ||
         llvm::any_of(outputs, [](const TensorInfo &t) { return t.isDynamic(); });
}

std::string mlir::modelc::sanitizeIdentifier(llvm::StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(llvm::isAlnum(c) ? c : '_');
  if (out.empty() || llvm::isDigit(out[0]))
    out.insert(out.begin(), '_');
  return out;
}

/// ONNX data type code of an element type of the modelc dialect.
static int32_t dtypeOf(Type type) {
  if (isa<StringType>(type))
    return 8;
  if (type.isF32()) return 1;
  if (type.isF64()) return 11;
  if (type.isF16()) return 10;
  if (type.isBF16()) return 16;
  if (auto i = dyn_cast<IntegerType>(type)) {
    bool u = i.isUnsigned();
    switch (i.getWidth()) {
    case 1: return 9;
    case 8: return u ? 2 : 3;
    case 16: return u ? 4 : 5;
    case 32: return u ? 12 : 6;
    case 64: return u ? 13 : 7;
    }
  }
  return 0;
}

static const char *cTypeOf(int32_t dtype) {
  switch (dtype) {
  case 1: return "float";
  case 11: return "double";
  case 10: case 16: return "uint16_t";
  case 9: return "bool";
  case 2: return "uint8_t";
  case 3: return "int8_t";
  case 4: return "uint16_t";
  case 5: return "int16_t";
  case 12: return "uint32_t";
  case 6: return "int32_t";
  case 13: return "uint64_t";
  case 7: return "int64_t";
  case 8:
    return "const char *";
  default: return "void";
  }
}

/// The C type of a pointer to the elements of a tensor: `const T *` for an
/// input, `T *` for an output (strings: arrays of `const char *`).
static std::string cPointerType(int32_t dtype, bool input) {
  if (dtype == 8)
    return input ? "const char *const *" : "const char **";
  return (input ? "const " : "") + std::string(cTypeOf(dtype)) + " *";
}

static const char *dtypeEnum(int32_t dtype) {
  switch (dtype) {
  case 1: return "MODELC_DTYPE_FLOAT32";
  case 2: return "MODELC_DTYPE_UINT8";
  case 3: return "MODELC_DTYPE_INT8";
  case 4: return "MODELC_DTYPE_UINT16";
  case 5: return "MODELC_DTYPE_INT16";
  case 6: return "MODELC_DTYPE_INT32";
  case 7: return "MODELC_DTYPE_INT64";
  case 8:
    return "MODELC_DTYPE_STRING";
  case 9: return "MODELC_DTYPE_BOOL";
  case 10: return "MODELC_DTYPE_FLOAT16";
  case 11: return "MODELC_DTYPE_FLOAT64";
  case 12: return "MODELC_DTYPE_UINT32";
  case 13: return "MODELC_DTYPE_UINT64";
  case 16: return "MODELC_DTYPE_BFLOAT16";
  default: return "0";
  }
}

FailureOr<ModelInterface>
mlir::modelc::getModelInterface(func::FuncOp func, llvm::StringRef name) {
  ModelInterface model;
  model.name = sanitizeIdentifier(name);
  llvm::StringSet<> used;
  auto describe = [&](Type type, DictionaryAttr attrs, StringRef kind,
                      unsigned index) -> FailureOr<TensorInfo> {
    auto tensor = dyn_cast<RankedTensorType>(type);
    TensorInfo info;
    StringAttr attr = attrs ? attrs.getAs<StringAttr>(kNameAttr) : StringAttr();
    info.name = attr ? attr.str() : (kind + Twine(index)).str();
    std::string base = sanitizeIdentifier(info.name);
    if (auto position = attrs ? attrs.getAs<IntegerAttr>(kSequenceIndexAttr)
                              : IntegerAttr()) {
      // Element I of a sequence: NAME[I] and NAME_I.
      info.name += "[" + std::to_string(position.getInt()) + "]";
      base += "_" + std::to_string(position.getInt());
    }
    if (auto part =
            attrs ? attrs.getAs<StringAttr>(kSequencePartAttr) : StringAttr()) {
      // A part of a packed sequence: NAME.data and NAME_data.
      info.name += "." + part.str();
      base += "_" + part.str();
    }
    if (!tensor)
      return func.emitError() << kind << " '" << info.name
                              << "' is not a ranked tensor";
    info.dtype = dtypeOf(tensor.getElementType());
    if (!info.dtype)
      return func.emitError() << kind << " '" << info.name
                              << "' has an unsupported element type";
    for (int64_t d : tensor.getShape())
      info.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
    ArrayAttr names =
        attrs ? attrs.getAs<ArrayAttr>(kDimNamesAttr) : ArrayAttr();
    if (names && names.size() == info.shape.size())
      for (Attribute name : names)
        info.dimNames.push_back(cast<StringAttr>(name).str());
    info.cName = base;
    for (int i = 2; !used.insert(info.cName).second; ++i)
      info.cName = base + "_" + std::to_string(i);
    return info;
  };
  FunctionType type = func.getFunctionType();
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    FailureOr<TensorInfo> info =
        describe(type.getInput(i), func.getArgAttrDict(i), "input", i);
    if (failed(info))
      return failure();
    model.inputs.push_back(*info);
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    FailureOr<TensorInfo> info =
        describe(type.getResult(i), func.getResultAttrDict(i), "output", i);
    if (failed(info))
      return failure();
    model.outputs.push_back(*info);
  }
  // The graph's inputs and outputs: listed where sequences are among them,
  // else one per tensor.
  auto group = [&](StringRef attrName, const std::vector<TensorInfo> &tensors,
                   std::vector<GraphValue> &values) -> LogicalResult {
    auto list = func->getAttrOfType<ArrayAttr>(attrName);
    if (!list) {
      for (auto [i, t] : llvm::enumerate(tensors))
        values.push_back({t.name, false, t.dtype, i, 1});
      return success();
    }
    size_t next = 0;
    for (Attribute attr : list) {
      auto entry = dyn_cast<DictionaryAttr>(attr);
      StringAttr name = entry ? entry.getAs<StringAttr>("name") : StringAttr();
      if (!name)
        return func.emitError() << attrName << " lists a value without a name";
      GraphValue value{name.str(), false, 0, next, 1};
      value.isOptional = static_cast<bool>(entry.get("optional"));
      value.isEmpty = static_cast<bool>(entry.get("empty"));
      auto element = entry.getAs<TypeAttr>("element_type");
      value.isPacked = static_cast<bool>(entry.get("packed"));
      value.hasPresence = static_cast<bool>(entry.get("presence"));
      if (auto length = entry.getAs<IntegerAttr>("length")) {
        value.isSequence = true;
        value.count = length.getInt();
      } else if (value.isPacked) {
        value.isSequence = true;
        value.count = value.hasPresence ? 3 : 2;
      } else if (value.isEmpty) {
        value.count = 0;
      } else if (next < tensors.size()) {
        value.dtype = tensors[next].dtype;
      }
      if (value.isSequence || value.isEmpty) {
        value.dtype = element ? dtypeOf(element.getValue()) : 0;
        if (!value.dtype && value.isSequence)
          return func.emitError() << "sequence '" << value.name
                                  << "' has an unsupported element type";
      }
      next += value.count;
      if (next > tensors.size())
        return func.emitError() << attrName << " lists more tensors than the "
                                << "function has";
      values.push_back(value);
    }
    if (next != tensors.size())
      return func.emitError()
             << attrName << " lists " << next << " tensors, the function has "
             << tensors.size();
    return success();
  };
  if (failed(group(kGraphInputsAttr, model.inputs, model.graphInputs)) ||
      failed(group(kGraphOutputsAttr, model.outputs, model.graphOutputs)))
    return failure();
  if (auto frozen = func->getAttrOfType<ArrayAttr>(kFrozenInputsAttr))
    for (auto s : frozen.getAsRange<StringAttr>())
      model.frozenInputs.push_back(s.str());
  return model;
}

/// The status a model that makes strings adds to its run functions.
static std::string capacityNote(const ModelInterface &model, StringRef upper) {
  std::string note;
  if (model.stringArenaSize)
    note += ";\n *         MODELC_STATUS_CAPACITY_EXCEEDED when the strings "
            "the run\n *         makes do not fit in the " +
            upper.str() +
            "_STRING_ARENA_SIZE bytes of its\n *         string arena "
            "(modelc --string-arena-bytes; the outputs\n *         are then "
            "undefined)";
  if (model.capacityChecks)
    note += ";\n *         MODELC_STATUS_CAPACITY_EXCEEDED when a size "
            "computed from\n *         tensor values exceeds the capacity "
            "planned for it (the\n *         outputs are then undefined)";
  if (model.dynamicArenaSize)
    note += ",\n *         or when the buffers whose sizes only the run "
            "knows\n *         exceed the " +
            upper.str() +
            "_DYNAMIC_ARENA_SIZE bytes of its\n *         dynamic arena "
            "(modelc --dynamic-arena-bytes)";
  return note;
}

/// Whether an output has dimensions whose sizes depend on tensor values.
static bool hasDataDependentDims(const ModelInterface &model) {
  return llvm::any_of(model.outputs, [](const TensorInfo &t) {
    return !t.dataDependentDims.empty();
  });
}

/// Whether an output is written into the workspace.
static bool hasWorkspaceOutputs(const ModelInterface &model) {
  return llvm::any_of(model.outputs,
                      [](const TensorInfo &t) { return t.inWorkspace; });
}

/// Whether the model has string inputs or outputs.
static bool hasStrings(const ModelInterface &model) {
  auto isString = [](const TensorInfo &t) { return t.dtype == 8; };
  return llvm::any_of(model.inputs, isString) ||
         llvm::any_of(model.outputs, isString);
}

/// Declarations of a model with dynamic dimensions: NAME_prepare and
/// NAME_run_packed with shapes.
static void writeDynamicDeclarations(llvm::raw_ostream &os,
                                     const ModelInterface &model,
                                     StringRef upper) {
  os << "/**\n * Checks input shapes and gives the output shapes and the "
        "workspace size\n"
     << " * for them.\n *\n"
     << " * @param input_shapes one array per input (" << upper
     << "_INPUT_k_RANK sizes each)\n"
     << " * @param output_shapes one array per output, filled with its sizes\n"
     << (hasDataDependentDims(model)
             ? " *        (for a dimension that depends on tensor values, "
               "its upper\n *        bound: allocate for that)\n"
             : "")
     << (hasWorkspaceOutputs(model)
             ? " *        (-1 for the dynamic dimensions of an output that "
               "the run\n *        writes into the workspace)\n"
             : "")
     << " * @param workspace_size set to the bytes of workspace that "
     << model.name << "_run_packed\n"
     << " *        needs for these shapes (may be NULL)\n"
     << " * @return MODELC_STATUS_OK; MODELC_STATUS_SHAPE_MISMATCH for a "
        "static\n"
     << " *         dimension given another size, a negative size, or a "
        "named\n"
     << " *         dimension given two sizes; MODELC_STATUS_INVALID_ARGUMENT "
        "for\n"
     << " *         NULL arrays (the shape of a 0-D tensor may be NULL)\n */\n"
     << "modelc_status " << model.prepareSymbol()
     << "(const int64_t *const *input_shapes,\n"
     << "    int64_t *const *output_shapes, size_t *workspace_size);\n\n";
  os << "/**\n * Runs the model once on inputs of the given shapes.\n *\n"
     << " * @param inputs the inputs' data, row-major, in the order above\n"
     << " * @param input_shapes their shapes (as for " << model.prepareSymbol()
     << ")\n"
     << " * @param outputs buffers for the outputs, each at least as large "
        "as the\n"
     << " *        shape from " << model.prepareSymbol() << " says"
     << (hasWorkspaceOutputs(model)
             ? "; for an output that the run\n *        writes into the "
               "workspace (_IN_WORKSPACE), a `const void *`\n *        that "
               "the run sets to its data there, valid until the\n *        "
               "workspace serves another call\n"
             : "\n")
     << " * @param output_shapes filled with the outputs' shapes"
     << (hasDataDependentDims(model)
             ? ": after a\n *        successful run, the actual sizes of "
               "the dimensions that\n *        depend on tensor values "
               "(the output's data is dense at\n *        those sizes)\n"
         : hasWorkspaceOutputs(model)
             ? ": after a\n *        successful run, the actual "
               "sizes of the outputs in the\n *        workspace\n"
             : "\n")
     << " * @param workspace at least the bytes " << model.prepareSymbol()
     << " gives, aligned to\n"
     << " *        MODELC_WORKSPACE_ALIGNMENT\n"
     << " * @param workspace_size its size in bytes\n"
     << " * @return MODELC_STATUS_OK; MODELC_STATUS_SHAPE_MISMATCH as for "
     << model.prepareSymbol() << ",\n"
     << " *         or when a size found during the run (from input values)\n"
     << " *         differs from the one the model declares (the outputs are\n"
     << " *         then undefined);\n"
     << " *         MODELC_STATUS_INVALID_ARGUMENT for a NULL pointer, or a "
        "workspace\n"
     << " *         that is misaligned or too small"
     << capacityNote(model, upper) << "\n"
     << " *\n * Thread-safe with distinct workspaces and outputs.\n */\n"
     << "modelc_status " << model.packedSymbol()
     << "(const void *const *inputs,\n"
     << "    const int64_t *const *input_shapes, void *const *outputs,\n"
     << "    int64_t *const *output_shapes, void *workspace, size_t "
        "workspace_size);\n\n";
  os << "/** Allocates a workspace of SIZE bytes (from " << model.prepareSymbol()
     << ")\n *  through the runtime; free it with " << model.name
     << "_workspace_free. */\n"
     << "static inline modelc_status " << model.name
     << "_workspace_alloc(size_t size, void **out_workspace) {\n"
     << "  return modelc_workspace_alloc(size, out_workspace);\n}\n\n";
}

static void writeStaticDeclarations(llvm::raw_ostream &os,
                                    const ModelInterface &model,
                                    StringRef upper);

std::string mlir::modelc::generateHeader(const ModelInterface &model) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string upper = llvm::StringRef(model.name).upper();
  std::string guard = upper + "_H";
  bool dynamic = model.isDynamic();
  os << "/* " << model.name << ".h - generated by modelc; do not edit.\n"
     << " *\n"
     << " * The C interface of the compiled model '" << model.name << "'.\n"
     << " *\n"
     << " * Inference performs no heap allocation: every intermediate tensor\n"
     << " * lives in a caller-provided workspace of "
     << (dynamic ? std::string("the size ") + model.prepareSymbol() + " gives"
                 : upper + "_WORKSPACE_SIZE")
     << "\n"
     << " * bytes, aligned to MODELC_WORKSPACE_ALIGNMENT. Inputs, outputs and\n"
     << " * the workspace stay owned by the caller. One workspace serves one\n"
     << " * call at a time; threads running the model concurrently each need\n"
     << " * their own. Link with lib" << model.name
     << ".a (modelc --emit=lib: model and runtime),\n"
     << " * or with " << model.name
     << ".o and libmodelc_runtime.a (--emit=obj), and -lm -lpthread.\n";
  if (!model.frozenInputs.empty()) {
    os << " *\n * Graph inputs made constants at compile time (--freeze), "
          "which are\n * not arguments:\n";
    for (std::string frozen : model.frozenInputs) {
      // A value such as a file path must not end the comment.
      for (size_t at; (at = frozen.find("*/")) != std::string::npos;)
        frozen.replace(at, 2, "* /");
      os << " *   " << frozen << "\n";
    }
  }
  os << " */\n\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n"
     << "#include \"modelc/runtime.h\"\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  if (hasStrings(model))
    os << "/* String tensors (MODELC_DTYPE_STRING) are arrays of `const char "
          "*`, each\n"
       << " * pointing to a NUL-terminated UTF-8 string. The strings of the "
          "inputs\n"
       << " * stay owned by the caller and must stay valid during the call. "
          "The call\n"
       << " * fills string outputs with pointers into those input strings, "
          "to static\n"
       << " * strings of the model or the runtime, or into the string arena "
          "in the\n"
       << " * workspace: they stay valid until the workspace is used for "
          "another\n"
       << " * call or freed. Never free them one by one. */\n\n";
  os << "/** Number of inputs and outputs. */\n"
     << "#define " << upper << "_NUM_INPUTS " << model.inputs.size() << "\n"
     << "#define " << upper << "_NUM_OUTPUTS " << model.outputs.size()
     << "\n\n";
  // Sequences at the graph's boundary: each element is a tensor of its own.
  auto sequences = [&](const std::vector<GraphValue> &values, StringRef kind) {
    for (const GraphValue &v : values) {
      if (!v.isSequence && !v.isEmpty)
        continue;
      if (v.isEmpty) {
        os << "/** The optional " << kind << " '" << v.name << "' is "
           << (kind == "input" ? "compiled as empty (modelc --absent)"
                               : "empty in this compiled model")
           << ": it has no tensors. */\n";
        continue;
      }
      if (v.isPacked) {
        size_t data = v.first + (v.hasPresence ? 1 : 0);
        os << "/** The " << (v.hasPresence ? "optional " : "") << "sequence "
           << kind << " '" << v.name
           << "', whose length and tensor shapes only the run knows:\n";
        if (v.hasPresence)
          os << " *  " << kind << " " << v.first << " ('" << v.name
             << ".present', a bool) says whether it holds a sequence;\n";
        os << " *  " << kind << " " << data << " ('" << v.name
           << ".data') holds the elements of its tensors one after the "
              "other,\n *  "
           << kind << " " << data + 1 << " ('" << v.name
           << ".shapes') one row of " << kPackedShapeWidth
           << " int64 per tensor: its rank, then its\n *  dimensions, "
              "padded with 1. */\n";
        continue;
      }
      os << "/** The sequence " << kind << " '" << v.name << "' of " << v.count
         << " tensors";
      if (v.count)
        os << ": " << kind << "s " << v.first << " to " << v.first + v.count - 1
           << " ('" << v.name << "[0]' to '" << v.name << "[" << v.count - 1
           << "]')";
      os << ", its length fixed at compile time. */\n";
    }
  };
  sequences(model.graphInputs, "input");
  sequences(model.graphOutputs, "output");
  auto isSequence = [](const GraphValue &v) {
    return v.isSequence || v.isEmpty;
  };
  if (llvm::any_of(model.graphInputs, isSequence) ||
      llvm::any_of(model.graphOutputs, isSequence))
    os << "\n";
  if (dynamic)
    os << "/** The model has dynamic dimensions (-1 in the shapes below): "
          "call\n *  "
       << model.prepareSymbol() << ", then " << model.packedSymbol()
       << ". */\n#define " << upper << "_DYNAMIC 1\n\n";
  else
    os << "/** Bytes of workspace that " << model.name << "_run needs. */\n"
       << "#define " << upper << "_WORKSPACE_SIZE ((size_t)"
       << model.workspaceSize << ")\n\n";
  if (model.stringArenaSize)
    os << "/** Bytes of string data one run may make (part of the "
          "workspace); a run\n *  that needs more returns "
          "MODELC_STATUS_CAPACITY_EXCEEDED. */\n"
       << "#define " << upper << "_STRING_ARENA_SIZE ((size_t)"
       << model.stringArenaSize << ")\n\n";
  if (model.dynamicArenaSize)
    os << "/** Bytes that one run may allocate, in its workspace, for "
          "buffers whose\n *  sizes only the run knows (its dynamic arena); "
          "a run that needs more\n *  returns "
          "MODELC_STATUS_CAPACITY_EXCEEDED. */\n"
       << "#define " << upper << "_DYNAMIC_ARENA_SIZE ((size_t)"
       << model.dynamicArenaSize << ")\n\n";
  auto describe = [&](const TensorInfo &t, StringRef kind, size_t i) {
    std::string p = upper + "_" + kind.upper() + "_" + std::to_string(i);
    os << "/** " << kind << " " << i << ": '" << t.name << "', "
       << cTypeOf(t.dtype) << "[";
    llvm::interleave(t.shape, os, "x");
    os << "]";
    if (t.isDynamic()) {
      os << ", dynamic dimensions";
      for (auto [d, size] : llvm::enumerate(t.shape))
        if (size < 0)
          os << " " << d
             << (d < t.dimNames.size() && !t.dimNames[d].empty()
                     ? " ('" + t.dimNames[d] + "')"
                     : std::string());
    }
    if (!t.dataDependentDims.empty()) {
      os << "; the sizes of dimensions";
      for (int64_t d : t.dataDependentDims)
        os << " " << d;
      os << "\n *  depend on tensor values: " << model.prepareSymbol()
         << " gives an upper bound, " << model.packedSymbol()
         << "\n *  writes the actual size";
    }
    if (t.inWorkspace)
      os << ";\n *  its size depends on tensor values, with no bound "
            "before the run:\n *  "
         << model.packedSymbol()
         << " writes it into the workspace, sets the `const void *`\n *  "
            "at outputs["
         << i << "] to its data and writes its shape";
    os << ". */\n";
    os << "#define " << p << "_NAME \"" << t.name << "\"\n";
    os << "#define " << p << "_DTYPE " << dtypeEnum(t.dtype) << "\n";
    os << "#define " << p << "_RANK " << t.shape.size() << "\n";
    os << "#define " << p << "_SHAPE {";
    llvm::interleaveComma(t.shape, os);
    os << "}\n";
    if (!t.dimNames.empty()) {
      os << "#define " << p << "_DIM_NAMES {";
      llvm::interleaveComma(t.dimNames, os, [&](const std::string &n) {
        os << (n.empty() ? std::string("NULL") : "\"" + n + "\"");
      });
      os << "}\n";
    }
    if (!t.dataDependentDims.empty()) {
      os << "#define " << p << "_DATA_DEPENDENT {";
      for (size_t d = 0; d < t.shape.size(); ++d)
        os << (d ? ", " : "")
           << (llvm::is_contained(t.dataDependentDims, int64_t(d)) ? 1 : 0);
      os << "}\n";
    }
    if (t.inWorkspace)
      os << "#define " << p << "_IN_WORKSPACE 1\n";
    if (!t.isDynamic())
      os << "#define " << p << "_NUM_ELEMENTS " << t.numElements() << "\n";
    os << "\n";
  };
  for (auto [i, t] : llvm::enumerate(model.inputs))
    describe(t, "input", i);
  for (auto [i, t] : llvm::enumerate(model.outputs))
    describe(t, "output", i);

  if (dynamic)
    writeDynamicDeclarations(os, model, upper);
  else
    writeStaticDeclarations(os, model, upper);
  os << "/** Frees a workspace from " << model.name
     << "_workspace_alloc (NULL is a no-op). */\n"
     << "static inline void " << model.name
     << "_workspace_free(void *workspace) {\n"
     << "  modelc_workspace_free(workspace);\n}\n\n";
  os << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n"
     << "#endif /* " << guard << " */\n";
  return text;
}

/// Declarations of a model with static shapes: NAME_run (typed pointers),
/// NAME_run_packed and the fixed-size workspace allocation.
static void writeStaticDeclarations(llvm::raw_ostream &os,
                                    const ModelInterface &model,
                                    StringRef upper) {
  os << "/**\n * Runs the model once.\n *\n";
  for (const TensorInfo &t : model.inputs)
    os << " * @param " << t.cName << " input '" << t.name << "', "
       << t.numElements() << " elements, row-major\n";
  for (const TensorInfo &t : model.outputs)
    os << " * @param " << t.cName << " output '" << t.name << "', "
       << t.numElements() << " elements, written by the call\n";
  os << " * @param workspace at least " << upper
     << "_WORKSPACE_SIZE bytes, aligned to\n"
     << " *        MODELC_WORKSPACE_ALIGNMENT (see " << model.name
     << "_workspace_alloc)\n"
     << " * @return MODELC_STATUS_OK; MODELC_STATUS_INVALID_ARGUMENT for a "
        "NULL\n"
     << " *         pointer or a misaligned workspace; "
        "MODELC_STATUS_SHAPE_MISMATCH\n"
     << " *         when a size found during the run (from input values)\n"
     << " *         differs from the one the model declares (the outputs are\n"
     << " *         then undefined)" << capacityNote(model, upper) << "\n"
     << " *\n * Thread-safe with distinct workspaces and outputs.\n */\n";
  os << "modelc_status " << model.runSymbol() << "(";
  bool first = true;
  for (const TensorInfo &t : model.inputs) {
    os << (first ? "" : ", ") << cPointerType(t.dtype, /*input=*/true)
       << t.cName;
    first = false;
  }
  for (const TensorInfo &t : model.outputs) {
    os << (first ? "" : ", ") << cPointerType(t.dtype, /*input=*/false)
       << t.cName;
    first = false;
  }
  os << ", void *workspace);\n\n";
  os << "/**\n * The same call with the inputs and outputs as arrays of\n"
     << " * pointers, in the order above (used by modelc-run).\n */\n"
     << "modelc_status " << model.packedSymbol()
     << "(const void *const *inputs, void *const *outputs, void "
        "*workspace);\n\n";
  os << "/** Allocates a workspace for " << model.name
     << "_run through the runtime;\n"
     << " *  free it with " << model.name << "_workspace_free. */\n"
     << "static inline modelc_status " << model.name
     << "_workspace_alloc(void **out_workspace) {\n"
     << "  return modelc_workspace_alloc(" << upper
     << "_WORKSPACE_SIZE, out_workspace);\n}\n\n";
}
