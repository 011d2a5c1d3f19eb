//===- ModelcPasses.td - modelc transformation passes ------*- tablegen -*-===//
//
// Part of modelc. Passes on the modelc dialect and on the bufferized model.
// One pass per file in lib/Dialect/Modelc/Transforms/, one lit test per pass
// in test/Transforms/.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_TD
#define MODELC_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"modelc-fold-batchnorm", "::mlir::func::FuncOp"> {
  let summary = "Folds BatchNormalization into the Conv, ConvTranspose, Gemm "
                "or MatMul before it";
  let description = [{
    A graph pass. `batch_normalization(p(x, W, b))`, where p is a float
    Conv, ConvTranspose, Gemm or MatMul (with a 2-D B) whose output
    channels lie along axis 1 (the normalized axis), with constant W, b
    and normalization parameters, no fused activation and no other user,
    becomes one op with `W'[m] = W[m] * s[m]` and
    `b'[m] = (b[m] - mean[m]) * s[m] + beta[m]`,
    `s = scale / sqrt(var + epsilon)`, computed at compile time in double
    precision (a Gemm's C becomes `beta * C * s + t` with beta 1). PyTorch's
    exporter folds these itself; other exporters (TensorFlow's, older ones)
    leave them.
  }];
}

def FoldChannelAffine : Pass<"modelc-fold-channel-affine",
                             "::mlir::func::FuncOp"> {
  let summary = "Folds Mul, Div, Add and Sub by per-channel constants into "
                "the Conv, ConvTranspose, Gemm or MatMul before them";
  let description = [{
    A graph pass. `p(x, W, b) * k`, `/ k`, `+ k` and `- k`, where p is a
    float Conv, ConvTranspose, Gemm or MatMul (with a 2-D B) with no fused
    activation and no other user, and k a constant that varies along p's
    output-channel axis at most (axis 1, or the last of a MatMul; a scalar
    counts), become one op: a product or quotient scales the constant
    weights and the bias, a sum or difference shifts the bias (given to
    the op where it has none: a MatMul gets its fused `bias`). Computed at
    compile time in double precision. A Linear layer exported as MatMul
    then Add becomes one MatMul with a bias, a normalization written as
    Mul and Add folds into the convolution before it.
  }];
}

def FuseResidualAdd : Pass<"modelc-fuse-residual-add", "::mlir::func::FuncOp"> {
  let summary = "Accumulates a residual Add onto the Conv or MatMul before it";
  let description = [{
    A graph pass. `add(p(...), r)` (either operand order), where p is a Conv
    or MatMul with no fused activation or residual and no other user, and r
    has p's result type (no broadcasting), becomes p with `residual r`: the
    op adds r to its result before its activation, so the skip connection
    of a residual block (ResNet's, a transformer's) costs no pass over
    memory of its own and a following Relu fuses too.
  }];
}

def FuseActivations : Pass<"modelc-fuse-activations", "::mlir::func::FuncOp"> {
  let summary = "Fuses activations into the Conv, Gemm or MatMul before them";
  let description = [{
    A graph pass. An activation of the float result of a Conv, Gemm or
    MatMul without one, where nothing else uses that result or the
    activation's intermediate values, becomes the op's `activation`
    attribute: Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish,
    Clip with constant bounds (Relu6), and the forms exporters write as
    several ops: SiLU `x * sigmoid(x)`, HardSwish `x * hard_sigmoid(x)`
    (alpha 1/6, beta 1/2), GELU `x/2 * (1 + erf(x / sqrt(2)))` and its tanh
    approximation `x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))`,
    recognised in any order and association of their products and sums
    (a division by a constant counting as a product, x^3 as a Pow or a
    product). Run after modelc-fuse-residual-add, so that
    `relu(conv(x) + r)` becomes one convolution.
  }];
}

def FoldQDQ : Pass<"modelc-fold-qdq", "::mlir::func::FuncOp"> {
  let summary = "Folds QuantizeLinear / DequantizeLinear pairs into int8 ops";
  let description = [{
    A graph pass for QDQ models (QuantizeLinear and DequantizeLinear around
    float ops, as ONNX Runtime's quantize_static writes them; the importer
    makes them modelc.quantize and modelc.dequantize where their scales and
    zero points are constants):
    `quantize(conv(dequantize(x), dequantize(w), b))` becomes modelc.conv on
    the quantized types (u8 activations, constant s8 weights symmetric per
    tensor or per output channel, a 1-D or 2-D convolution of one group, a fused
    Relu or Clip, static shapes), the float bias becoming int32 at
    x_scale * w_scale; the
    same for modelc.matmul by a constant 2-D B (per column); data movement
    (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Identity, Slice) and
    MaxPool between a dequantize and a quantize of the same type work on
    the quantized tensor; `quantize(dequantize(x))` of one type is x. The
    int8 ops then run on the int8 kernels, and no float tensor remains
    between two of them. Elementwise float ops between a dequantize and a
    quantize (a residual Add) stay, and their lowering fuses them into one
    loop from int8 to int8. Runs after modelc-fuse-activations (a Relu
    before the quantize is the convolution's) and before
    modelc-to-channels-last.
  }];
}

def FuseAttention : Pass<"modelc-fuse-attention", "::mlir::func::FuncOp"> {
  let summary = "Fuses the attention pattern (MatMul, scale, mask Add, "
                "Softmax, MatMul) into one modelc.attention";
  let description = [{
    A graph pass. `matmul(softmax(s * matmul(q, k) + mask), v)`, the Softmax
    along the last axis, the scale `s` (a Mul or Div by a one-element
    constant, of the scores, of q or of k; absent means 1) and the mask
    Add optional, each intermediate used only by the next op, becomes one
    `modelc.attention`: the code generation then computes the scores and
    the probabilities of a few rows at a time and never stores them whole.
    The MatMuls carry no fused bias, residual or activation; q, k and v
    have the same rank and the same static shapes in their batch
    dimensions (no broadcasting among them; their other dimensions may be
    dynamic), and the mask broadcasts to the scores without enlarging them.
  }];
}

def Conv1DAs2D : Pass<"modelc-conv1d-as-2d", "::mlir::func::FuncOp"> {
  let summary = "Runs 1-D convolutions and pooling as 2-D ones of height 1";
  let description = [{
    A graph pass. Every float `modelc.conv`, `modelc.max_pool` (without
    Indices) and `modelc.average_pool` over N x C x L data, and every int8
    `modelc.conv` and `modelc.max_pool` (per-tensor quantized activations;
    the weight, a storage_cast of a constant, is unsqueezed in its storage
    integers), becomes the 2-D
    op over N x C x 1 x L between an unsqueeze of axis 2 (of the input, and
    of a convolution's weight and residual) and a squeeze of it: kernel
    1 x k, strides 1 x s, dilations 1 x d, pads 0 and p on each side. The
    2-D ops then take modelc-to-channels-last and the tiled, vectorized
    kernels of 2-D convolutions and pools (text and audio networks of
    Conv1d layers otherwise run on plain loops). A squeeze followed by the
    unsqueeze of the same axes folds away, so the layers of a 1-D network
    pass their N x C x 1 x L data on directly. Runs before
    modelc-to-channels-last; an op whose `auto_pad` the lowering resolves
    at run time stays 1-D.
  }];
}

def ToChannelsLast : Pass<"modelc-to-channels-last", "::mlir::func::FuncOp"> {
  let summary = "Runs 2-D convolutions and pooling channels-last, cancelling "
                "the transposes this introduces";
  let description = [{
    A graph pass on the modelc dialect. Every 2-D float `modelc.conv` of one
    group or depthwise, `modelc.max_pool` (without Indices) and
    `modelc.average_pool` becomes the same op with `channels_last` between
    two transposes: NCHW to NHWC on its input (and on a convolution's
    residual), NHWC to NCHW on its result.
    The transposes back to NCHW then sink through the ops that commute with
    a permutation (`LayoutAgnostic`: elementwise unary and broadcasting
    binary ops, Clip; an operand that is not such a transpose gets the
    inverse transpose, and one of rank 0 or all ones stays as it is) and
    through Concat of such transposes (the axis permuted), and two
    consecutive transposes compose, cancelling where they are inverse. A
    BatchNormalization with constant parameters after such a transpose
    becomes a multiply and an add by per-channel constants, which the
    transpose then sinks through. GlobalAveragePool and GlobalMaxPool of
    such a transpose become a mean and a max over axes 1 and 2 of the NHWC
    data (channels innermost, where they vectorize) followed by the
    transpose of N x 1 x 1 x C. A convolution network then keeps its
    activations NHWC from its first layer to its last; the model's
    interface stays NCHW, and the transposes that remain (before a
    Flatten, a Gemm) fuse into their consumers when lowered.
  }];
}

def MaterializeResults : Pass<"modelc-materialize-results", "::mlir::ModuleOp"> {
  let summary = "Gives every returned tensor a buffer of its own";
  let description = [{
    Runs on tensors, just before bufferization. A function result that is a
    function argument, a constant, or a value returned more than once
    becomes a `linalg.copy` into a new tensor, so that every result is
    computed into a buffer that bufferization can turn into the caller's
    output buffer. Tensor arguments, the model's inputs that the caller
    passes as const pointers, are marked `bufferization.writable = false`:
    an op that updates a tensor in place (a scatter) then works on a copy.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ScalarizeShapeMath : Pass<"modelc-scalarize-shape-math", "::mlir::func::FuncOp"> {
  let summary = "Unrolls tiny shape computations into scalars";
  let description = [{
    Shape computations of ONNX models (Shape, Gather, Concat, Unsqueeze,
    arithmetic on the dimensions they give) run on tiny integer tensors.
    This pass unrolls every `linalg.generic` whose operands and results
    are static tensors of at most `max-elements` elements, integers or
    floats built of constants and scalars it unrolled before (sizes scaled
    and floored in float, as exporters write Resize sizes; never a float
    tensor of the model's data), into
    `tensor.extract`, scalar ops and `tensor.from_elements`, and folds
    `tensor.extract` through `tensor.insert_slice`, `tensor.extract_slice`,
    `tensor.expand_shape` and `tensor.collapse_shape`, and the dimensions of loop-carried tensors
    (iter_args and results of `scf.for` and `scf.while` whose iterations
    keep their shape) to those of their initial values. Canonicalization
    then reduces the sizes
    of dynamic tensors to arithmetic on the input dimensions, which the
    workspace planner and the generated size functions need.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"16",
           "Largest result (in elements) to unroll">,
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def RefineCheckedDims : Pass<"modelc-refine-checked-dims", "::mlir::func::FuncOp"> {
  let summary = "Uses sizes that run-time checks fix as constants";
  let description = [{
    Runs on linalg-on-tensors after canonicalization. A `modelc.check` of
    `size == C`, C a constant and `size` an index computed in the function's
    body (from tensor values, say the length of a Range, or from an input
    dimension), moves to just after the op that computes `size`, and every
    other use of `size` becomes C: when the check fails the model returns
    before any of them runs. Canonicalization then gives the tensors built
    on that size static shapes, so a data-dependent size that the model
    declares (a graph output of known shape) needs no dynamic buffer.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def LowerChecks : Pass<"modelc-lower-checks", "::mlir::ModuleOp"> {
  let summary = "Turns run-time checks into an early return of a status";
  let description = [{
    Runs after bufferization and workspace planning. Each model entry
    function (public, with a body, not a generated size function) gets an
    `i32` result: 0, or the status of the first `modelc.check` whose
    condition is false (`MODELC_STATUS_SHAPE_MISMATCH`, 5, unless the check
    names another). The operations after a check,
    up to the end of its block, move into the `then` region of an `scf.if`
    on the condition, so nothing runs after a failed check. A check in the
    body of an `scf.for` or of the `after` region of an `scf.while` (ONNX
    Loop and Scan bodies) clears a flag (a stack slot) when it fails and
    skips the rest of the iteration, which yields the iter_args it got
    (and zeros for the scalars an `scf.while` body yields beyond them);
    while loops also stop at their next condition, and a check of the flag
    after the loop's op in the body block makes the early return. In the
    `before` region of an `scf.while` (where bufferization copies buffers
    that iterations replace), a failed check forwards the region's first
    arguments with a false condition. Checks elsewhere (in an `scf.if`
    branch) are reported.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def OutputShapeFunction : Pass<"modelc-output-shape-function", "::mlir::ModuleOp"> {
  let summary = "Adds a function computing the dynamic output dimensions";
  let description = [{
    Runs on linalg-on-tensors, before bufferization. For an entry function
    whose results have dynamic dimensions, adds `NAME_output_dims`, which
    takes the same arguments and returns (as `index` values, in order) every
    dynamic dimension of every result, and names it with the
    `modelc.output_dims_fn` attribute. The copy of the body is reduced to
    the arithmetic on argument dimensions that gives those sizes (ops whose
    results it does not use go, even those with side effects such as calls
    of the runtime's string functions: the copy is never run for them). A
    result dimension computed from a `modelc.bounded_size` (NonZero's count,
    say) gives its bound, the capacity the caller allocates, and is listed
    in the entry function's `modelc.data_dependent_dims` (an array with a
    `DenseI64ArrayAttr` of dimensions per result), which
    `modelc-data-dependent-outputs` reads. A result with a dimension that
    depends on tensor values without a bound (a Loop's trip count read from
    an input) gets none of its dimensions from the function: it is listed
    in `modelc.workspace_outputs` (a `DenseI64ArrayAttr` of result indices)
    and stays in the workspace, where the run gives its address and sizes.
    The caller learns the other output sizes, and how much to allocate,
    before running the model.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def DataDependentOutputs : Pass<"modelc-data-dependent-outputs", "::mlir::ModuleOp"> {
  let summary = "Writes outputs whose size depends on tensor values at their actual size";
  let description = [{
    Runs after bufferization and `buffer-results-to-out-params`, before
    workspace planning. An output dimension that depends on tensor values
    (listed in the entry function's `modelc.data_dependent_dims` by
    `modelc-output-shape-function`) arrives with the capacity the caller
    allocated, the bound that the output-dims function gave. For each such
    output the copy of the result into the caller's buffer is redirected
    into a dense view of that buffer at the result's actual sizes, after a
    `modelc.check` (status `MODELC_STATUS_CAPACITY_EXCEEDED`) that they fit
    in it, and a new `memref<RANKxi64>` argument after the outputs (the
    caller's shape array of that output, named `NAME shape`) receives the
    actual sizes.

    An output listed in `modelc.workspace_outputs` has no caller's buffer:
    its argument becomes a `memref<1xi64>` that receives the address of the
    output's data, which stays in the workspace's dynamic arena (a
    `memref.alloc` marked `modelc.arena`), and its shape argument the
    sizes. A result computed in a buffer of its own is that data; any other
    (a view, an input, a constant) is copied into a new arena buffer.

    ```mlir
    // Before: the result %r : memref<2x?xi64> copied into %out, of capacity.
    linalg.copy ins(%r : memref<2x?xi64>) outs(%out : memref<2x?xi64>)
    // After:
    %n = memref.dim %r, %c1 : memref<2x?xi64>
    modelc.check %fits, "..." {status = 6 : i32}
    %view = memref.reinterpret_cast %out to offset: [0], sizes: [2, %n], strides: [%n, 1]
    linalg.copy ins(%r : memref<2x?xi64>) outs(%view : memref<2x?xi64>)
    memref.store %n64, %shape[%c1] : memref<2xi64>
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def PlanWorkspace : Pass<"modelc-plan-workspace", "::mlir::ModuleOp"> {
  let summary = "Places every intermediate buffer in one caller-provided workspace";
  let description = [{
    Runs after bufferization. Each `memref.alloc` with a static shape in the
    model's entry function becomes a `memref.view` into a new trailing
    `workspace` argument of type `memref<Nxi8>`. Buffers whose lifetimes do
    not overlap share bytes: lifetimes are intervals over the entry block's
    operations, extended through every alias (subviews, reshapes, casts),
    and buffers are placed largest first at the lowest offset free for
    their whole lifetime (aligned to `alignment` bytes).

    The workspace size is recorded on the function as the
    `modelc.workspace_size` attribute (an i64), which the driver writes into
    the generated header. Inference then performs no heap allocation.

    A buffer allocated inside a loop or a branch (the bodies of ONNX If,
    Loop and Scan) lives as long as the entry-block op that holds it, and
    longer when that op's results alias it (an `scf.if` that yields it, a
    loop that takes it as an iter_arg); one that a loop iteration passes to
    the next is reported, as the next iteration's buffer would take its
    place.

    Buffers with dynamic sizes (a model with dynamic dimensions) follow the
    static ones, at offsets computed at run time. Those whose dynamic sizes
    are the same values (a batch dimension, say) form a group planned like
    the static buffers in units of the product P of those sizes: a buffer
    of F * P bytes gets the offset O * P, O its offset in a plan of the
    sizes F, so buffers of different shapes share memory wherever their
    lifetimes allow, as in a model of static shapes. Buffers of fewer than
    16 alignments per unit of P (which such a plan would pad to whole
    alignments), and buffers whose sizes depend on bounded sizes, take
    slots instead: buffers whose sizes are the same expression of the
    input dimensions and whose lifetimes do not overlap share a slot. The workspace argument is then `memref<?xi8>`, and
    the pass adds a function `NAME_workspace_size` taking the entry
    function's other arguments (only their dimensions are read) and
    returning the bytes needed, named by the `modelc.workspace_size_fn`
    attribute. A size computed from a `modelc.bounded_size` gets a slot
    sized for its upper bound, by interval arithmetic (a bounded size lies
    between 0 and its bound) on the index ops that compute it; a buffer
    whose size is derived from one (not the bounded size itself) gets a
    `modelc.check` that it fits, of status 6
    (`MODELC_STATUS_CAPACITY_EXCEEDED`), and the function the
    `modelc.capacity_checks` attribute. The pass then replaces every
    `modelc.bounded_size` by its size.

    Buffers whose sizes only the run knows (read from tensors without a
    bound, or computed inside a loop or branch), and buffers marked
    `modelc.arena`, go to the dynamic arena, which follows the static
    buffers (and the string arena): a header of `alignment` bytes, whose
    first 8 hold the bytes in use (stored 0 when the function starts), then
    `dynamic-arena-bytes` of data. Each such `memref.alloc` takes the next
    aligned bytes when it runs, after a `modelc.check` of status 6 that
    they fit (computed without overflow, whatever the sizes read); nothing
    is freed before the next run, so a buffer that a loop iteration passes
    on stays valid. The `modelc.dynamic_arena_size` attribute records the
    capacity. The address of an arena buffer
    (`memref.extract_aligned_pointer_as_index`) becomes the workspace's
    plus its offset.

    A function that uses `modelc.string_arena` (ops that make strings) gets
    the string arena after its static buffers: a `modelc_string_arena`
    header and `string-arena-bytes` of string data, emptied by a call of
    `modelc_string_arena_init` at the start of the function. Each
    `modelc.string_arena` becomes the arena's address, and the
    `modelc.string_arena_size` attribute records the capacity.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "byte alignment of every buffer in the workspace">,
    Option<"stringArenaBytes", "string-arena-bytes", "int64_t",
           /*default=*/"65536",
           "bytes of string data that one run may make (the capacity of "
           "the string arena)">,
    Option<"dynamicArenaBytes", "dynamic-arena-bytes", "int64_t",
           /*default=*/"1048576",
           "bytes that one run may allocate for buffers whose sizes only "
           "the run knows (the capacity of the dynamic arena)">,
  ];
  let statistics = [
    Statistic<"numBuffers", "num-buffers", "buffers placed in the workspace">,
    Statistic<"workspaceBytes", "workspace-bytes", "size of the workspace">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::modelc::ModelcDialect"];
}

def CopiesToLinalg : Pass<"modelc-copies-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Turns memref.copy into linalg.copy";
  let description = [{
    Bufferization writes some copies (a tensor.pad's interior, a result
    that is a view) as `memref.copy`, whose conversion to LLVM calls a
    support library for strided memrefs. As `linalg.copy` they lower to
    (parallel) loops like every other kernel and need no library.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def FlattenGlobals : Pass<"modelc-flatten-globals", "::mlir::ModuleOp"> {
  let summary = "Stores constant tensors as one-dimensional globals";
  let description = [{
    Rewrites every `memref.global` of rank above one into a 1-D global of
    the same bytes, and each `memref.get_global` of it into a get of the
    1-D global followed by `memref.expand_shape`. LLVM then holds each
    weight tensor as one flat constant array instead of nested arrays with
    one uniqued constant per inner row, which makes translation and code
    generation of large models fast.
  }];
}

def KernelReport : Pass<"modelc-kernel-report", "::mlir::ModuleOp"> {
  let summary = "Records what each kernel of a model does, for the compile "
                "report";
  let description = [{
    For `modelc --report`. Runs where modelc-instrument-kernels does, on
    the same kernels (the top-level ops of the entry function, the one with
    the `workspace` argument, that do work), so that the report's kernels
    are the profile's, in the same order and with the same names. Changes
    no op: it sets the module attribute `modelc.kernel_report`, a
    dictionary of `function`, `kernels` and `buffers`. Each kernel has its
    `name` (as the profile prints it), its ONNX `nodes`, its `flops` (the
    float arithmetic of its ops times their loops' static trip counts and
    vector lanes, a fused multiply-add counting two; `flops_known` false
    where a trip count is not static) and the indices of the buffers it
    `reads` and `writes` (by the memory effects of its ops, through views
    and casts). Each buffer has its `kind` (`workspace`: a view of the
    workspace at `offset`; `weights`: a global; `argument`: an input or
    output, named; `other`), `type`, `bytes` (-1 when dynamic) and the
    `first` and `last` kernel that touch it: the workspace plan over time.
  }];
}

def InstrumentKernels : Pass<"modelc-instrument-kernels", "::mlir::ModuleOp"> {
  let summary = "Times each kernel of a model for the profile";
  let description = [{
    For `modelc-run --profile` (`--profile` of the compiler). Runs on loops
    over buffers. In every public function F, each top-level op that does
    work (a loop nest, a linalg op, any op with regions) is a kernel: the
    runtime's `modelc_profile_now_ns` is read before and after it, and the
    difference added to its slot of the external global `F_profile_ns`
    (i64 x K). `F_profile_kernels` holds K and `F_profile_names` the K
    kernel names, one per line: the ONNX nodes that each kernel computes
    (the names of the ops' locations, in order, fused ops included).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect"];
}

def LowerParallelLoops : Pass<"modelc-lower-parallel-loops", "::mlir::ModuleOp"> {
  let summary = "Runs outermost scf.parallel loops on the runtime's thread pool";
  let description = [{
    Outlines the body of every outermost `scf.parallel` loop of the model
    into a function over a range of its first dimension and replaces the
    loop by a call to the runtime's `modelc_parallel_for`, passing the
    captured values through a stack-allocated context. Trip counts and
    memref shapes known only at run time (dynamic dimensions) travel in the
    context too. Loops with less work than `min-work` iterations (unknown
    trip counts estimated as 16) stay serial.

    The chunks are ranges of the loop's linearized dimensions, all of them
    except where the loop is a leaf (its body runs no loop: an elementwise
    op, a copy, a fill) and its outer dimensions give at least 16 chunks:
    its innermost dimension then stays a loop inside the outlined
    function, which LLVM vectorizes, instead of one division and remainder
    per dimension for every element.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"4096",
           "minimum total iterations of a loop nest to run it in parallel">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def ApproximateMath : Pass<"modelc-approximate-math", "::mlir::ModuleOp"> {
  let summary = "Replaces transcendental math ops by polynomial approximations";
  let description = [{
    Rewrites `math.tanh`, `math.erf`, `math.exp`, `math.log` and friends on
    f32 (scalars and vectors) into arithmetic with MLIR's polynomial
    approximations, so that they vectorize and the generated code does not
    call libm for them. f16 and bf16 math is computed in f32 first.
    `math.asin` and `math.acos` are left to libm: MLIR's approximations of
    them are not accurate enough.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // MODELC_PASSES_TD
