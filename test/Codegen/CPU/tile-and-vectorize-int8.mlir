// RUN: modelc-opt %s -modelc-cpu-tile-and-vectorize="int8-dot=vnni512" | FileCheck %s --check-prefix=VNNI
// RUN: modelc-opt %s -modelc-cpu-tile-and-vectorize="int8-dot=none" | FileCheck %s --check-prefix=WIDEN
// RUN: modelc-opt %s -modelc-cpu-tile-and-vectorize="int8-dot=madd512" | FileCheck %s --check-prefix=MADD
// RUN: modelc-opt %s -modelc-cpu-tile-and-vectorize="isa=avx2 int8-dot=madd256" | FileCheck %s --check-prefix=MADD256

// The int8 product of a quantized 1x1 convolution (Quantized.cpp): 8 output
// positions x 32 channels per register block (the AVX-512 table's int8
// block), the filter read in panels of 32 channels x 4 bytes
// ([2, 1, 1, 4, 128]), 4 input channels per step. Each step reads each
// panel's two 64-byte rows once and, for each of the 8 positions, the four
// input bytes as one i32 broadcast to every lane: 16 vpdpbusd
// (int8-dot=vnni512), or widening multiplies summed by four (none).
//
// Without VNNI (madd512: AVX-512BW), vpmaddubsw sums each pair of u8 x s8
// products into an int16, with saturation, and vpmaddwd by ones sums the
// pairs into the i32 lanes. These weights (bytes 0x00 to 0xFA: pairs like
// 0x7E, 0x7F) could saturate it, so each row's four bytes are split into
// their low seven bits (& 0x7f7f7f7f) and their top bit (>> 7 & 0x01010101),
// each exact, summed by vpmaddwd by 1 and by 128: 2 x 16 of each.

// MADD-LABEL: func.func @conv1x1
// MADD: arith.constant dense<128> : vector<32xi16>
// MADD: %[[ACC:[0-9]+]] = scf.for {{.*}} -> (vector<1x1x8x32xi32>)
// MADD-COUNT-2: vector.transfer_read %{{.*}} : tensor<2x1x1x4x128xi8>, vector<64xi8>
// MADD: %[[A:.*]] = vector.extract %{{.*}}[0] : i32 from vector<1xi32>
// MADD: arith.andi %[[A]], %c2139062143_i32 : i32
// MADD: %[[TOP:.*]] = arith.shrui %[[A]], %c7_i32 : i32
// MADD: arith.andi %[[TOP]], %c16843009_i32 : i32
// MADD-COUNT-64: llvm.call_intrinsic "llvm.x86.avx512.pmadd{{ubs.w|w.d}}.512"
// MADD-NOT: llvm.call_intrinsic
// MADD: scf.yield

// VNNI-LABEL: func.func @conv1x1
// VNNI: scf.forall
// VNNI: scf.for
// VNNI: %[[ACC:[0-9]+]] = scf.for {{.*}} -> (vector<1x1x8x32xi32>)
// VNNI-COUNT-2: vector.transfer_read %{{.*}} : tensor<2x1x1x4x128xi8>, vector<64xi8>
// VNNI: vector.transfer_read %{{.*}} : tensor<1x8x8x4x4xi8>, vector<4xi8>
// VNNI: vector.bitcast %{{.*}} : vector<4xi8> to vector<1xi32>
// VNNI-COUNT-16: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// VNNI-NOT: llvm.call_intrinsic
// VNNI: scf.yield
// VNNI: vector.transfer_write %[[ACC]]

// WIDEN-LABEL: func.func @conv1x1
// WIDEN-NOT: llvm.call_intrinsic
// WIDEN: arith.extsi %{{.*}} : vector<16x4xi8> to vector<16x4xi32>
// WIDEN: arith.extui %{{.*}} : vector<4xi8> to vector<4xi32>
// WIDEN: vector.contract
func.func @conv1x1(%x: tensor<1x8x8x4x4xi8>) -> tensor<1x8x8x64xi32> {
  %w = arith.constant dense<"0x000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FA000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FA000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FA000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FA000102030405060708090A0B0C0D0E0F10111213"> : tensor<1x1x4x256xi8>
  %bias = arith.constant dense<7> : tensor<64xi32>
  %e = tensor.empty() : tensor<1x8x8x64xi32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<64xi32>) outs(%e : tensor<1x8x8x64xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<1x8x8x64xi32>
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d4, d2 + d5, d6, d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3 * 4 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x8x4x4xi8>, tensor<1x1x4x256xi8>) outs(%init : tensor<1x8x8x64xi32>) attrs = {modelc.int8_product} {
  ^bb0(%a: i8, %b: i8, %out: i32):
    %0 = arith.extui %a : i8 to i32
    %1 = arith.extsi %b : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %out, %2 : i32
    linalg.yield %3 : i32
  } -> tensor<1x8x8x64xi32>
  return %acc : tensor<1x8x8x64xi32>
}

// Weights whose pairs cannot saturate vpmaddubsw: 127 beside -128 (at
// most 255 x 127 = 32385 and at least 255 x -128 = -32640 in an int16),
// and a splat of 64 (255 x 128 = 32640): one vpmaddubsw and one vpmaddwd
// per row and 16 columns, no split of A's bytes. (The exactness at these
// bounds is checked by test/quantization/qoperator_test.py's adversarial
// cases.)

// MADD-LABEL: func.func @conv1x1_pairs_fit
// MADD-NOT: dense<128>
// MADD-NOT: arith.shrui
// MADD-COUNT-32: llvm.call_intrinsic "llvm.x86.avx512.pmadd{{ubs.w|w.d}}.512"
// MADD-NOT: llvm.call_intrinsic
// MADD: scf.yield

// The same with ymm (madd256: AVX2) and the AVX2 table's 4 x 16 block:
// 4 rows x 2 blocks of 8 columns.

// MADD256-LABEL: func.func @conv1x1_pairs_fit
// MADD256-NOT: arith.shrui
// MADD256-COUNT-16: llvm.call_intrinsic "llvm.x86.avx2.pmadd.{{ub.sw|wd}}"
// MADD256-NOT: llvm.call_intrinsic
// MADD256: scf.yield
func.func @conv1x1_pairs_fit(%x: tensor<1x8x8x4x4xi8>) -> tensor<1x8x8x64xi32> {
  %w = arith.constant dense<"0x7F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F807F80"> : tensor<1x1x4x256xi8>
  %e = arith.constant dense<0> : tensor<1x8x8x64xi32>
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d4, d2 + d5, d6, d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3 * 4 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x8x4x4xi8>, tensor<1x1x4x256xi8>) outs(%e : tensor<1x8x8x64xi32>) attrs = {modelc.int8_product} {
  ^bb0(%a: i8, %b: i8, %out: i32):
    %0 = arith.extui %a : i8 to i32
    %1 = arith.extsi %b : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %out, %2 : i32
    linalg.yield %3 : i32
  } -> tensor<1x8x8x64xi32>
  return %acc : tensor<1x8x8x64xi32>
}

// MADD-LABEL: func.func @conv1x1_splat_64
// MADD-NOT: arith.shrui
// MADD-COUNT-32: llvm.call_intrinsic "llvm.x86.avx512.pmadd{{ubs.w|w.d}}.512"
// MADD-NOT: llvm.call_intrinsic
// MADD: scf.yield
func.func @conv1x1_splat_64(%x: tensor<1x8x8x4x4xi8>) -> tensor<1x8x8x64xi32> {
  %w = arith.constant dense<64> : tensor<1x1x4x256xi8>
  %e = arith.constant dense<0> : tensor<1x8x8x64xi32>
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d4, d2 + d5, d6, d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3 * 4 + d7)>, affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x8x4x4xi8>, tensor<1x1x4x256xi8>) outs(%e : tensor<1x8x8x64xi32>) attrs = {modelc.int8_product} {
  ^bb0(%a: i8, %b: i8, %out: i32):
    %0 = arith.extui %a : i8 to i32
    %1 = arith.extsi %b : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %out, %2 : i32
    linalg.yield %3 : i32
  } -> tensor<1x8x8x64xi32>
  return %acc : tensor<1x8x8x64xi32>
}
