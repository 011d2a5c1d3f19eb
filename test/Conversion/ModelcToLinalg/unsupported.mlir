// RUN: modelc-opt %s -split-input-file -convert-modelc-to-linalg -verify-diagnostics

// Ops that the lowering cannot handle: each is reported with the op's name and
// the reason, and the pass fails. Ops without the DynamicShapes trait reject
// dynamic dimensions before any pattern runs (one_hot_dynamic_depth below;
// dynamic-shapes.mlir and the op families' tests have the ops that take
// them).

// The weight's shape gives the kernel: it must be static.
func.func @conv_dynamic_weight(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x?x3xf32>) -> tensor<?x4x?x6xf32> {
  // expected-error @+2 {{cannot lower 'modelc.conv': the weight must have a static shape}}
  // expected-error @+1 {{failed to legalize operation 'modelc.conv' that was explicitly marked illegal}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<?x3x8x8xf32>, tensor<4x3x?x3xf32>) -> tensor<?x4x?x6xf32>
  return %0 : tensor<?x4x?x6xf32>
}

// -----

func.func @conv_mixed_types(%x: tensor<1x3x8x8xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x4x6x6xi32> {
  // expected-error @+2 {{cannot lower 'modelc.conv': input, weight and result must have one element type (ConvInteger casts to i32 first)}}
  // expected-error @+1 {{failed to legalize operation 'modelc.conv' that was explicitly marked illegal}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xi8>, tensor<4x3x3x3xi8>) -> tensor<1x4x6x6xi32>
  return %0 : tensor<1x4x6x6xi32>
}

// -----

func.func @average_pool_int(%x: tensor<1x3x8x8xi32>) -> tensor<1x3x4x4xi32> {
  // expected-error @+2 {{cannot lower 'modelc.average_pool': only floating-point averages are supported}}
  // expected-error @+1 {{failed to legalize operation 'modelc.average_pool' that was explicitly marked illegal}}
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xi32>) -> tensor<1x3x4x4xi32>
  return %0 : tensor<1x3x4x4xi32>
}

// -----

func.func @batch_norm_dynamic_channels(%x: tensor<?x?x8x8xf32>, %c: tensor<?xf32>) -> tensor<?x?x8x8xf32> {
  // expected-error @+2 {{cannot lower 'modelc.batch_normalization': the channel count must be static (in the input or the parameters)}}
  // expected-error @+1 {{failed to legalize operation 'modelc.batch_normalization' that was explicitly marked illegal}}
  %0 = modelc.batch_normalization %x, %c, %c, %c, %c : (tensor<?x?x8x8xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
  return %0 : tensor<?x?x8x8xf32>
}

// -----

func.func @reduce_mean_int(%x: tensor<2x8xi32>) -> tensor<2x1xi32> {
  // expected-error @+2 {{cannot lower 'modelc.reduce_mean': needs a floating-point input}}
  // expected-error @+1 {{failed to legalize operation 'modelc.reduce_mean' that was explicitly marked illegal}}
  %0 = modelc.reduce_mean %x {axes = array<i64: 1>} : (tensor<2x8xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

func.func @reduce_log_sum_exp_int(%x: tensor<2x8xi32>) -> tensor<2x1xi32> {
  // expected-error @+2 {{cannot lower 'modelc.reduce_log_sum_exp': needs a floating-point input}}
  // expected-error @+1 {{failed to legalize operation 'modelc.reduce_log_sum_exp' that was explicitly marked illegal}}
  %0 = modelc.reduce_log_sum_exp %x {axes = array<i64: 1>} : (tensor<2x8xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

func.func @arg_max_int(%x: tensor<2x8xi32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{cannot lower 'modelc.arg_max': only floating-point inputs are supported}}
  // expected-error @+1 {{failed to legalize operation 'modelc.arg_max' that was explicitly marked illegal}}
  %0 = modelc.arg_max %x {axis = 1 : i64} : (tensor<2x8xi32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @sparse_unsigned_constant() -> tensor<2x3xui8> {
  // expected-error @+2 {{cannot lower 'modelc.constant': cannot retype this constant}}
  // expected-error @+1 {{failed to legalize operation 'modelc.constant' that was explicitly marked illegal}}
  %0 = modelc.constant sparse<[[0, 1]], [7]> : tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// -----

// DepthToSpace splits the channels into blocks: they must be static.
func.func @depth_to_space_dynamic_channels(%x: tensor<1x?x2x3xf32>) -> tensor<1x?x4x6xf32> {
  // expected-error @+2 {{cannot lower 'modelc.depth_to_space': the channel count must be static}}
  // expected-error @+1 {{failed to legalize operation 'modelc.depth_to_space' that was explicitly marked illegal}}
  %0 = modelc.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x?x2x3xf32>) -> tensor<1x?x4x6xf32>
  return %0 : tensor<1x?x4x6xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<8xf32>) -> tensor<2xf32> {
  %s = modelc.constant dense<0> : tensor<1xi64>
  %e = modelc.constant dense<2> : tensor<1xi64>
  // expected-error @+2 {{cannot lower 'modelc.slice': a step is zero}}
  // expected-error @+1 {{failed to legalize operation 'modelc.slice' that was explicitly marked illegal}}
  %0 = modelc.slice %x, %s, %e, %s, %s : (tensor<8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @slice_wrong_result(%x: tensor<8xf32>) -> tensor<3xf32> {
  %s = modelc.constant dense<0> : tensor<1xi64>
  %e = modelc.constant dense<2> : tensor<1xi64>
  %t = modelc.constant dense<1> : tensor<1xi64>
  // expected-error @+2 {{cannot lower 'modelc.slice': the result type does not match the slice}}
  // expected-error @+1 {{failed to legalize operation 'modelc.slice' that was explicitly marked illegal}}
  %0 = modelc.slice %x, %s, %e, %s, %t : (tensor<8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @constant_of_shape_value(%s: tensor<1xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{cannot lower 'modelc.constant_of_shape': value must be a one-element dense tensor}}
  // expected-error @+1 {{failed to legalize operation 'modelc.constant_of_shape' that was explicitly marked illegal}}
  %0 = modelc.constant_of_shape %s {value = dense<[0.0, 1.0]> : tensor<2xf32>} : (tensor<1xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pad_runtime_count(%x: tensor<2xf32>, %p: tensor<4xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{cannot lower 'modelc.pad': pads must have two values per axis}}
  // expected-error @+1 {{failed to legalize operation 'modelc.pad' that was explicitly marked illegal}}
  %0 = modelc.pad %x, %p : (tensor<2xf32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pad_count(%x: tensor<2xf32>) -> tensor<4xf32> {
  %p = modelc.constant dense<[1, 1, 0, 0]> : tensor<4xi64>
  // expected-error @+2 {{cannot lower 'modelc.pad': pads must have two values per axis}}
  // expected-error @+1 {{failed to legalize operation 'modelc.pad' that was explicitly marked illegal}}
  %0 = modelc.pad %x, %p : (tensor<2xf32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pad_mode(%x: tensor<2xf32>) -> tensor<4xf32> {
  %p = modelc.constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+2 {{cannot lower 'modelc.pad': unknown mode 'mirror'}}
  // expected-error @+1 {{failed to legalize operation 'modelc.pad' that was explicitly marked illegal}}
  %0 = modelc.pad %x, %p {mode = "mirror"} : (tensor<2xf32>, tensor<2xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A constant k gives the result its size along the axis.
func.func @top_k_constant_k_dynamic(%x: tensor<3x4xf32>) -> (tensor<3x?xf32>, tensor<3x?xi64>) {
  %k = modelc.constant dense<2> : tensor<1xi64>
  // expected-error @+2 {{cannot lower 'modelc.top_k': the result size along the axis must be static when k is a constant}}
  // expected-error @+1 {{failed to legalize operation 'modelc.top_k' that was explicitly marked illegal}}
  %v, %i = modelc.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return %v, %i : tensor<3x?xf32>, tensor<3x?xi64>
}

// -----

// The depth of OneHot is the result's dimension.
func.func @one_hot_dynamic_depth(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<2xf32>) -> tensor<3x?xf32> {
  // expected-error @+1 {{cannot lower 'modelc.one_hot' with dynamic dimensions yet; give the model's inputs static shapes with --shape NAME=DxDx...}}
  %0 = modelc.one_hot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

func.func @lstm_dynamic_weights(%x: tensor<?x2x5xf32>, %w: tensor<1x16x?xf32>, %r: tensor<1x16x4xf32>) -> tensor<1x2x4xf32> {
  // expected-error @+2 {{cannot lower 'modelc.lstm': the weights must have static shapes}}
  // expected-error @+1 {{failed to legalize operation 'modelc.lstm' that was explicitly marked illegal}}
  %y, %y_h, %y_c = modelc.lstm %x, %w, %r {hidden_size = 4 : i64} : (tensor<?x2x5xf32>, tensor<1x16x?xf32>, tensor<1x16x4xf32>) -> (tensor<?x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return %y_h : tensor<1x2x4xf32>
}

// -----

// InstanceNormalization takes dynamic batch and spatial dimensions, but its
// per-channel scale and bias need a static channel count.
func.func @instance_norm_dynamic_channels(%x: tensor<1x?x4xf32>, %s: tensor<?xf32>) -> tensor<1x?x4xf32> {
  // expected-error @+2 {{cannot lower 'modelc.instance_normalization': the channel dimension must be static}}
  // expected-error @+1 {{failed to legalize operation 'modelc.instance_normalization' that was explicitly marked illegal}}
  %0 = modelc.instance_normalization %x, %s, %s : (tensor<1x?x4xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<1x?x4xf32>
  return %0 : tensor<1x?x4xf32>
}

// -----

func.func @grid_sample_dynamic(%x: tensor<?x1x4x4xf32>, %g: tensor<?x2x2x2xf32>) -> tensor<?x1x2x2xf32> {
  // expected-error @+1 {{cannot lower 'modelc.grid_sample' with dynamic dimensions yet; give the model's inputs static shapes with --shape NAME=DxDx...}}
  %0 = modelc.grid_sample %x, %g : (tensor<?x1x4x4xf32>, tensor<?x2x2x2xf32>) -> tensor<?x1x2x2xf32>
  return %0 : tensor<?x1x2x2xf32>
}

// -----

func.func @dft_dynamic(%x: tensor<2x?x1xf32>) -> tensor<2x?x2xf32> {
  // expected-error @+1 {{cannot lower 'modelc.dft' with dynamic dimensions yet; give the model's inputs static shapes with --shape NAME=DxDx...}}
  %0 = modelc.dft %x {axis = 1 : i64} : (tensor<2x?x1xf32>) -> tensor<2x?x2xf32>
  return %0 : tensor<2x?x2xf32>
}

// -----

// A scan output of a loop that stops by its condition alone: nothing bounds
// its length.
func.func @loop_scan_output_early_exit(%cond: tensor<i1>, %y: tensor<f32>) -> tensor<?xf32> {
  // expected-error @+2 {{cannot lower 'modelc.loop': scan outputs of a Loop whose condition the body computes need a trip count, which bounds their length}}
  // expected-error @+1 {{failed to legalize operation 'modelc.loop' that was explicitly marked illegal}}
  %0:2 = modelc.loop condition(%cond : tensor<i1>) iter_args(%y : tensor<f32>) -> (tensor<f32>, tensor<?xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<f32>):
    %n = modelc.add %yi, %yi : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %go = modelc.less %n, %y : (tensor<f32>, tensor<f32>) -> tensor<i1>
    modelc.yield %go, %n, %n : tensor<i1>, tensor<f32>, tensor<f32>
  }
  return %0#1 : tensor<?xf32>
}

// -----

// No set of one axis reduces 3x2x2 to 3x3x2.
func.func @reduce_dynamic_axes_no_candidate(%x: tensor<3x2x2xf32>, %axes: tensor<1xi64>) -> tensor<3x3x2xf32> {
  // expected-error @+2 {{cannot lower 'modelc.reduce_sum': no set of 1 axes reduces the input shape to the result shape}}
  // expected-error @+1 {{failed to legalize operation 'modelc.reduce_sum' that was explicitly marked illegal}}
  %0 = modelc.reduce_sum %x, %axes {axes = array<i64>} : (tensor<3x2x2xf32>, tensor<1xi64>) -> tensor<3x3x2xf32>
  return %0 : tensor<3x3x2xf32>
}

// -----

// Only ops with the StringElements trait take strings: arithmetic on the
// addresses that stand for them would be wrong.
func.func @add_strings(%x: tensor<2x!modelc.string>) -> tensor<2x!modelc.string> {
  // expected-error @+1 {{cannot lower 'modelc.add' on strings: string tensors are supported by Cast, StringNormalizer, constants and data movement (Identity, Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Slice, Gather)}}
  %0 = modelc.add %x, %x : (tensor<2x!modelc.string>, tensor<2x!modelc.string>) -> tensor<2x!modelc.string>
  return %0 : tensor<2x!modelc.string>
}

// -----

func.func @cast_strings_to_half(%x: tensor<2x!modelc.string>) -> tensor<2xf16> {
  // expected-error @+2 {{cannot lower 'modelc.cast': casts between strings and f16 are not supported (only float32, float64, integers and bool)}}
  // expected-error @+1 {{failed to legalize operation 'modelc.cast' that was explicitly marked illegal}}
  %0 = modelc.cast %x : (tensor<2x!modelc.string>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

func.func @cast_bfloat_to_strings(%x: tensor<2xbf16>) -> tensor<2x!modelc.string> {
  // expected-error @+2 {{cannot lower 'modelc.cast': casts between strings and bf16 are not supported (only float32, float64, integers and bool)}}
  // expected-error @+1 {{failed to legalize operation 'modelc.cast' that was explicitly marked illegal}}
  %0 = modelc.cast %x : (tensor<2xbf16>) -> tensor<2x!modelc.string>
  return %0 : tensor<2x!modelc.string>
}

// -----

// A run-time split needs one value per result.
func.func @split_runtime_count(%x: tensor<5xf32>, %s: tensor<3xi64>) -> (tensor<2xf32>, tensor<3xf32>) {
  // expected-error @+2 {{cannot lower 'modelc.split': the split must have one value per result}}
  // expected-error @+1 {{failed to legalize operation 'modelc.split' that was explicitly marked illegal}}
  %0:2 = modelc.split %x, %s {axis = 0 : i64, sizes = array<i64: 2, 3>} : (tensor<5xf32>, tensor<3xi64>) -> (tensor<2xf32>, tensor<3xf32>)
  return %0#0, %0#1 : tensor<2xf32>, tensor<3xf32>
}

// -----

// Run-time axes of an unsqueeze: one per inserted axis, and static shapes.
func.func @unsqueeze_runtime_axes_count(%x: tensor<4xf32>, %a: tensor<2xi64>) -> tensor<1x4xf32> {
  // expected-error @+2 {{cannot lower 'modelc.unsqueeze': the axes must have 1 values}}
  // expected-error @+1 {{failed to legalize operation 'modelc.unsqueeze' that was explicitly marked illegal}}
  %0 = modelc.unsqueeze %x, %a {axes = array<i64: 0>} : (tensor<4xf32>, tensor<2xi64>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @squeeze_runtime_axes_dynamic(%x: tensor<1x?xf32>, %a: tensor<1xi64>) -> tensor<?xf32> {
  // expected-error @+2 {{cannot lower 'modelc.squeeze': axes that are data need static shapes}}
  // expected-error @+1 {{failed to legalize operation 'modelc.squeeze' that was explicitly marked illegal}}
  %0 = modelc.squeeze %x, %a {axes = array<i64: 0>} : (tensor<1x?xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Expand aligns its shape with the result's last dimensions: its length must
// be known.
func.func @expand_dynamic_shape_length(%x: tensor<4xf32>, %s: tensor<?xi64>) -> tensor<?x4xf32> {
  // expected-error @+2 {{cannot lower 'modelc.expand': the shape's length must be static}}
  // expected-error @+1 {{failed to legalize operation 'modelc.expand' that was explicitly marked illegal}}
  %0 = modelc.expand %x, %s : (tensor<4xf32>, tensor<?xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
