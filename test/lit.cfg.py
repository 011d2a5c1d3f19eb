# -*- Python -*-
# lit configuration of modelc's FileCheck tests.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "modelc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "onnx_backend", "models", "python"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.modelc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Debian's python with python3-onnx, for scripts that write test models.
# (lit's default %python is the interpreter running lit, which may be
# another python without onnx: replace it.)
config.substitutions = [(k, v) for k, v in config.substitutions
                        if k != "%python"]
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(
    ("%gen_model", "/usr/bin/python3 " +
     os.path.join(config.modelc_src_root, "test", "Inputs", "gen_model.py")))
# Reads, writes and compares ONNX TensorProto files (input_K.pb/output_K.pb).
# (Substitution names must not start with a lit default such as %t or %p.)
config.substitutions.append(
    ("%onnx_tensor", "/usr/bin/python3 " +
     os.path.join(config.modelc_src_root, "test", "Inputs", "tensor_tool.py")))
# test/Inputs, for sources that tests compile (link_main.c).
config.substitutions.append(("%inputs",
                             os.path.join(config.modelc_src_root, "test",
                                          "Inputs")))
config.substitutions.append(("%runtime_include",
                             os.path.join(config.modelc_src_root, "runtime",
                                          "include")))
config.substitutions.append(("%modelc_lib", os.path.join(config.modelc_obj_root,
                                                         "lib")))

tools = ["modelc", "modelc-opt", "modelc-run"]
llvm_config.add_tool_substitutions(tools, [config.modelc_tools_dir])

# MLIR's own runner (Debian's mlir-19-tools), for tests that execute lowered
# IR that modelc's pipeline cannot compile yet (sizes that depend on tensor
# values). %mlir_runner_utils is the folder of its support libraries.
runner_utils = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
if (shutil.which("mlir-cpu-runner", path=config.llvm_tools_dir) and
        shutil.which("mlir-opt", path=config.llvm_tools_dir) and
        os.path.exists(os.path.join(runner_utils,
                                    "libmlir_c_runner_utils.so"))):
    config.available_features.add("mlir-cpu-runner")
config.substitutions.append(("%mlir_runner_utils", runner_utils))
