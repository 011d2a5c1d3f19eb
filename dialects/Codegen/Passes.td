//===- Passes.td - modelc code generation passes -----------*- tablegen -*-===//
//
// Part of modelc. Passes that turn linalg on tensors into tiled, vectorized
// code for a target. One pass per file in lib/Codegen/<target>/, one lit
// test per pass in test/Codegen/<target>/.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_CODEGEN_PASSES_TD
#define MODELC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseElementwise : Pass<"modelc-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses elementwise linalg ops, never into a contraction";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` (elementwise producers with
    one use fused into their consumers, reshapes folded by expansion,
    constants folded) with one rule more: no producer is fused into a
    contraction (a MatMul or Gemm generic, or the int8 product of a
    quantized op, marked `modelc.int8_product`). Fused there, a division, a
    bias or a transpose would run in the innermost loop of the product,
    once per step of K, and the product would no longer be recognized as a
    contraction by modelc-cpu-tile-and-vectorize; left outside, it runs once
    per element.
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def PadIntoProducer : Pass<"modelc-pad-into-producer", "::mlir::func::FuncOp"> {
  let summary = "Makes the producer of a padded tensor write into the padded "
                "buffer";
  let description = [{
    `tensor.pad` of a value that a linalg op computes (the op not reading
    its init) with constant pads and padding value becomes a padded tensor
    filled with the padding value, whose interior the producer takes as its
    init, then the producer's result inserted back at the same place. The
    value's other uses (a 1x1 convolution beside the padded 3x3 one) read
    the interior of the padded tensor. Bufferization then writes the producer's result
    straight into the padded buffer: the copy of the whole tensor that a
    pad costs (the input of every padded convolution, depthwise
    convolution and pool) is gone, leaving the fill. Dynamic sizes of the
    result are read from the producer's init. The padded tensor is a
    `bufferization.alloc_tensor`, which CSE leaves alone: two pads of one
    shape merged into one value would make bufferization copy the second.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ConcatIntoProducers : Pass<"modelc-concat-into-producers",
                                "::mlir::func::FuncOp"> {
  let summary = "Makes the producers of a concatenation's inputs write into "
                "its buffer";
  let description = [{
    A concatenation, `tensor.insert_slice` of each input into the
    previous one's result starting from a `tensor.empty`, becomes the same
    chain over a fresh `bufferization.alloc_tensor` in which every input
    that a linalg op computes for the concatenation alone is written in
    place: the op that first writes the input's buffer (the producer, or the
    op computing the init of a producer that accumulates onto it, a
    convolution's bias) takes the input's slice of the concatenation as its
    init, and the producer's result is inserted back at once. Bufferization
    then writes each input straight into the concatenated buffer (the
    branches of a SqueezeNet fire module or an Inception block), where it
    copied every input before. Inputs with another use or no such producer,
    and a producer that runs before the previous in-place input is
    complete, are copied in at the end as before.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def CPUTileAndVectorize
    : Pass<"modelc-cpu-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tiles convolutions, matrix products and pooling for threads, "
                "registers and vectors";
  let description = [{
    Runs on linalg on tensors, before bufferization. Each root op (a
    contraction such as a MatMul/Gemm generic or `linalg.matmul`, a
    channels-last convolution `linalg.conv_2d_nhwc_hwcf` or
    `linalg.depthwise_conv_2d_nhwc_hwc`, channels-last pooling) is tiled in
    three levels with the sizes of the target's tile table
    (lib/Codegen/CPU/TileTables.cpp):

    1. threads: the parallel dimensions become an `scf.forall` (which the
       pipeline runs on the runtime's thread pool), with the elementwise
       consumer of the root (bias, activation, residual add, the layout
       permutation) and the root's accumulator initialization fused in;
    2. registers: the parallel dimensions are tiled to the register block
       (for example 8 x 32 for AVX-512 matrix products), the accumulator
       initialization fused; loops whose size the block does not divide are
       peeled, so that the main tiles stay static. The block's columns (the
       dimension the vectors run along) are whole registers or a power of
       two lanes: other counts are split (24 columns into 16 and 8), since
       LLVM scalarizes loop-carried vectors of other lengths;
    3. reductions: the reduction dimensions are tiled (K by 1 for products;
       KH, KW by 1 and C by a chunk for convolutions).

    Where the root is a convolution or product with a B panel, or a
    depthwise convolution, and its elementwise consumer reads its result
    in the order it is written
    (identity maps: bias, residual add, activation), the consumer is tiled
    at the register block instead and the root fused into it: the
    epilogue works on each block's accumulators, which are stored once,
    and the root's result is never stored whole (a 56 x 56 1x1 convolution
    of 64 to 256 channels with a residual and a relu: 0.72 -> 0.57 ms; a
    112 x 112 x 96 depthwise 3x3 with its Clip 0.107 -> 0.078 ms).
    Otherwise the epilogue is a separate loop over the task's tile.

    A constant B operand (a convolution's filter, B of a product) is
    re-laid at compile time in panels of the register block's columns
    (`[ceil(N / block), ..., block]`, the last panel padded with zeros), and
    each register block reads its own panel: the block's weights for the
    whole reduction are one contiguous run of memory rather than a few
    columns of rows N apart, which for N a multiple of 1024 floats all fall
    into the same cache set.

    Row reductions (a generic whose only reduction is its innermost loop,
    of a static length that the vector width divides: Softmax's maximum and
    sum, LayerNormalization's mean and variance) are first split
    (`linalg::splitReduction`) into a partial reduction into one vector of
    lanes per row, each lane combining every `width`-th element in a fixed
    order, which is tiled and vectorized as a root (tasks of
    `reductionTaskRows` rows), and a reduction of the lanes. The order of
    the operations depends on the target's vector width only, never on the
    thread count.

    A reduction over outer loops whose innermost loop is parallel and read
    contiguously by every operand (a global average pool in NHWC) is a
    root too: the columns in vectors at the pool's register block, tasks
    of columns, the reduced loops stepped one at a time with the
    accumulators in registers.

    An attention (the ops of modelc.attention's lowering, whose product by
    v carries `modelc.attention`, with static sizes) is one root: a task per
    batch index and block of `matmul.rows` rows of the scores computes
    those rows' scores, maxima, exponentials, sums, product by v and the
    division, in tensors of the task's rows (stack buffers after
    bufferization), so that the scores are never stored whole. Both
    products are tiled at the register block as above; the other ops take
    one row at a time, the row in one vector (up to the table's
    `attentionRowElements`, longer rows in peeled steps).

    The int8 product of quantized convolutions and matmuls (Quantized.cpp:
    a linalg.generic of u8 x s8 into i32 whose innermost loop sums four
    consecutive bytes of both operands) is a root with the table's `int8`
    register block and the product's or convolution's task tiles; its
    weights are read in panels too. Its register tile is written out
    directly: for each row of the block, the four bytes of A broadcast to
    every lane as one i32, times each 16 (8, 4) columns' 4 x 16 bytes of
    the panel, summed into the block's i32 accumulators by `vpdpbusd`
    (`int8-dot=vnni512`: zmm, ymm and xmm, AVX512-VNNI; `vnni256`: ymm and
    xmm, AVX-VNNI), by `vpmaddubsw` then `vpmaddwd` by ones (`madd512`:
    AVX-512BW without VNNI; `madd256`: AVX2) or, without those instructions
    or for fewer columns, by widening to i32, multiplying and summing each
    group of four. All are exact: `vpmaddubsw` adds each pair of u8 x s8
    products into an int16 with saturation, so where a constant's pairs of
    weights could reach it (positive weights summing to more than 128 or
    negative ones to less than -128) or B is not a constant, A's bytes are
    split into their low seven bits and their top bit, each exact, and the
    two sums added by `vpmaddwd` by 1 and by 128 (twice the instructions).
    The requantization epilogue works on the accumulators in registers.

    Convolutions are then decomposed to 1-D, and every op of a tile is
    vectorized (remainder tiles of dynamic size with masks where linalg
    allows it); the accumulators are hoisted out of the reduction loops so
    that they stay in registers. Roots that cannot be vectorized are
    counted in the `scalar-roots` statistic and left to the loop lowering.
  }];
  let options = [
    Option<"vectorISA", "isa", "std::string", /*default=*/"\"avx512\"",
           "vector instruction set whose tile table to use: avx512, avx2, "
           "sse2 or neon">,
    Option<"int8Dot", "int8-dot", "std::string", /*default=*/"\"none\"",
           "dot-product instruction of the int8 products: vnni512 "
           "(AVX512-VNNI), vnni256 (AVX-VNNI), madd512 (AVX-512BW), madd256 "
           "(AVX2), usdot (aarch64 i8mm), sdot (aarch64 dotprod, on "
           "activations flipped by modelc-cpu-signed-int8-products) or none "
           "(widening multiplies)">,
  ];
  let statistics = [
    Statistic<"numVectorizedRoots", "vectorized-roots",
              "convolutions, products, pools and row reductions tiled and vectorized">,
    Statistic<"numScalarRoots", "scalar-roots",
              "convolutions, products, pools and row reductions left as scalar loops">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CPUWinograd : Pass<"modelc-cpu-winograd", "::mlir::func::FuncOp"> {
  let summary = "Computes 3x3 stride-1 convolutions as Winograd products";
  let description = [{
    Runs on linalg on tensors, after elementwise fusion. A
    `linalg.conv_2d_nhwc_hwcf` with a constant 3 x 3 filter, unit strides
    and dilations, static spatial sizes and channels, and at least
    `winogradMinChannels` input and output channels (the target's tile
    table, lib/Codegen/CPU/TileTables.cpp, which also picks the output tile
    m: F(2 x 2, 3 x 3), or none) becomes

    1. an input transform `V = B^T d B` of every a x a tile of the input
       (a = m + 2; the input's zero padding grown so that whole tiles fit),
       an `scf.forall` with one task per image, row of tiles and block of
       `winogradChannelBlock` channels, which writes the a * a rows V_k of
       its tiles (one slice of V) in place, a tile and a vector of channels
       per step: the a * a taps read once, `B^T d B` by rows then columns
       with constant coefficients (zeros skipped);
    2. a `linalg.batch_matmul` of the a * a transformed inputs
       `[tiles, C]` by the filters transformed at compile time
       (`U = G g G^T`, `[a * a, C, F]`), which modelc-cpu-tile-and-vectorize
       tiles and vectorizes as any product;
    3. an output transform `A^T M A` accumulated onto the convolution's init
       (its bias) and passed through the elementwise op that follows the
       convolution (its activation, a residual add). Where the filters fill
       vectors, it is vector code (the outputs of tiles that overhang the
       output, odd sizes, written under bounds checks):
       one task per (n, tile row) writes its m rows, a tile and a vector of
       filters per step, the a * a products read once, a bias that the init
       broadcasts read as a vector (the broadcast not materialized) and the
       consumer's body applied on vectors (a consumer reading other than elementwise
       at the same place is left to itself). Otherwise it is a
       `linalg.generic` over the output reading tile (h / m, w / m), fused
       with the consumer (also a layout permutation).

    Each output then costs a * a / m^2 products per channel pair instead of
    9 (4 instead of 9 for m = 2). Results differ from the direct
    convolution by the reassociation of the sums only (m = 2 uses the
    points 0, 1, -1: coefficients 1 and 1/2).
  }];
  let options = [
    Option<"vectorISA", "isa", "std::string", /*default=*/"\"avx512\"",
           "vector instruction set whose tile table to use: avx512, avx2, "
           "sse2 or neon">,
  ];
  let statistics = [
    Statistic<"numWinogradConvs", "winograd-convolutions",
              "convolutions computed as Winograd products">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
  ];
}

def CPUSignedInt8Products
    : Pass<"modelc-cpu-signed-int8-products", "::mlir::func::FuncOp"> {
  let summary = "Flips the u8 activations of int8 products to s8, for dot "
                "products of signed bytes";
  let description = [{
    Runs before `modelc-cpu-tile-and-vectorize` on targets whose int8 dot
    product multiplies signed bytes only (aarch64's `sdot`; the pipeline's
    `int8-products=signed`). The quantized lowering's int8 product
    multiplies u8 activations by s8 weights (x86's `vpdpbusd`). Here its
    activations are read as `sext(a ^ 0x80)`, i.e. a - 128 as an s8, and
    128 times each column's weight sum is added to the accumulator's initial
    value (the int32 bias less the zero point's compensation), so that
    sum(a * w) = sum((a - 128) * w) + 128 * sum(w) is unchanged. Products
    whose weights are not a constant, whose initial value is not the
    lowering's, or where the sum would overflow int32, stay unsigned and
    are then computed by widening multiplies.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def CPUTaskLocalBuffers
    : Pass<"modelc-cpu-task-local-buffers", "::mlir::func::FuncOp"> {
  let summary = "Puts the buffers private to a task of an scf.forall on the "
                "stack";
  let description = [{
    Runs after bufferization, before the workspace is planned. A buffer
    that bufferization allocates inside an `scf.forall` (the tile of a
    fused root that the task computes and consumes itself) is private to
    one iteration, and iterations run on different threads: planned into
    the workspace, it would be shared between them. Such a `memref.alloc`
    becomes a `memref.alloca`, and the body of the loop a
    `memref.alloca_scope`, so that each iteration (on its thread's stack)
    has its own and the stack does not grow from one iteration to the
    next. The tiling bounds these buffers (a task tile is at most a few
    hundred KiB); one above `max-bytes` is an error.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"1048576",
           "largest static buffer that a task may hold on the stack">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def CPULowerVectors : Pass<"modelc-cpu-lower-vectors", "::mlir::func::FuncOp"> {
  let summary = "Lowers contractions to FMAs and transfers to plain loads";
  let description = [{
    Runs after bufferization. `vector.contract` becomes outer products and
    then `vector.fma` (never the horizontal reductions that
    `convert-vector-to-llvm` would pick by default), transfers are lowered
    to 1-D loads and stores (permutation maps to transposes and
    broadcasts), multi-reductions and shape casts to their 1-D forms. Each
    set of patterns is applied in its own greedy round. Self-copies that
    bufferization leaves after in-place tiles (`memref.copy %x, %x`,
    `linalg.copy` of a buffer onto itself) are erased.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
  ];
}

#endif // MODELC_CODEGEN_PASSES_TD
