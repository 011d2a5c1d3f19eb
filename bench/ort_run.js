#!/usr/bin/env node
// Runs an ONNX model with ONNX Runtime (onnxruntime-node, CPU), with the
// command-line contract of modelc-run, as the reference for tests and
// benchmarks:
//
//   ort_run.js MODEL.onnx --input-dir DIR [--output-dir OUT] [--threads N]
//              [--bench N] [--warmup K]
//
// Reads DIR/input_K.pb (ONNX TensorProto files, in graph-input order), runs
// the model, and writes OUT/output_K.pb (graph-output order).  With
// --bench N it runs K warm-up iterations (default 1), then N timed ones, and
// prints one JSON line {"median_ms": X, "min_ms": Y, "runs": N} to stdout.
// Outputs, when asked for, come from the first run.
//
// Session: intra-op threads N (ORT's default when --threads is not given),
// inter-op threads 1, sequential execution, graph optimisation level "all"
// (ORT's default), CPU execution provider.
//
// Install ORT with `npm ci --ignore-scripts` in this folder: the package's
// install script tries to download things and fails offline, but the
// package already ships libonnxruntime.so and the node binding.

'use strict';

const fs = require('fs');
const path = require('path');

function usage(msg) {
  if (msg) process.stderr.write(`ort_run.js: ${msg}\n`);
  process.stderr.write(
      'usage: ort_run.js MODEL.onnx --input-dir DIR [--output-dir OUT] ' +
      '[--threads N] [--bench N] [--warmup K]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const args = {model: null, inputDir: null, outputDir: null, threads: null,
                bench: null, warmup: 1};
  const intArg = (name, v, min) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) {
      usage(`${name} needs an integer >= ${min}`);
    }
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const value = () => (v !== undefined ? v : argv[++i]);
    switch (a) {
      case '--input-dir': args.inputDir = value(); break;
      case '--output-dir': args.outputDir = value(); break;
      case '--threads': args.threads = intArg(a, value(), 1); break;
      case '--bench': args.bench = intArg(a, value(), 1); break;
      case '--warmup': args.warmup = intArg(a, value(), 0); break;
      case '-h': case '--help': usage(); break;
      default:
        if (a.startsWith('-')) usage(`unknown option ${a}`);
        if (args.model !== null) usage(`unexpected argument ${a}`);
        args.model = a;
    }
  }
  if (args.model === null) usage('no model given');
  if (args.inputDir === null) usage('--input-dir is required');
  return args;
}

// ---------------------------------------------------------------------------
// Minimal protobuf reader/writer for onnx.TensorProto.

// TensorProto.DataType -> [ORT tensor type, TypedArray, bytes per element]
const DTYPES = {
  1: ['float32', Float32Array, 4],
  2: ['uint8', Uint8Array, 1],
  3: ['int8', Int8Array, 1],
  4: ['uint16', Uint16Array, 2],
  5: ['int16', Int16Array, 2],
  6: ['int32', Int32Array, 4],
  7: ['int64', BigInt64Array, 8],
  8: ['string', null, 0],
  9: ['bool', Uint8Array, 1],
  10: ['float16', Uint16Array, 2],
  11: ['float64', Float64Array, 8],
  12: ['uint32', Uint32Array, 4],
  13: ['uint64', BigUint64Array, 8],
};
const ORT_TO_ONNX = {};
for (const [k, v] of Object.entries(DTYPES)) ORT_TO_ONNX[v[0]] = Number(k);

class Reader {
  constructor(buf, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }
  done() { return this.pos >= this.end; }
  varint() {  // as BigInt
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes() {
    const n = Number(this.varint());
    if (this.pos + n > this.end) throw new Error('truncated field');
    const s = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

// Reads a repeated numeric field, packed (wire 2) or not.  FIXED is the
// element size for fixed-width fields (4 float, 8 double) or 0 for varints.
function readRepeated(r, wire, fixed, out, decode) {
  const one = (rr) => {
    if (fixed === 4) {
      out.push(decode(rr.buf.readFloatLE(rr.pos))); rr.pos += 4;
    } else if (fixed === 8) {
      out.push(decode(rr.buf.readDoubleLE(rr.pos))); rr.pos += 8;
    } else {
      out.push(decode(rr.varint()));
    }
  };
  if (wire === 2) {
    const b = r.bytes();
    const rr = new Reader(Buffer.from(b.buffer, b.byteOffset, b.length));
    while (!rr.done()) one(rr);
  } else {
    one(r);
  }
}

function parseTensorProto(buf) {
  const t = {dims: [], dataType: 0, name: '', raw: null, floatData: [],
             int32Data: [], int64Data: [], doubleData: [], uint64Data: [],
             stringData: [], external: false};
  const r = new Reader(buf);
  while (!r.done()) {
    const key = Number(r.varint());
    const field = key >>> 3;
    const wire = key & 7;
    switch (field) {
      case 1: readRepeated(r, wire, 0, t.dims, (v) => Number(BigInt.asIntN(64, v))); break;
      case 2: t.dataType = Number(r.varint()); break;
      case 4: readRepeated(r, wire, 4, t.floatData, (v) => v); break;
      case 5: readRepeated(r, wire, 0, t.int32Data, (v) => Number(BigInt.asIntN(32, v))); break;
      case 6: t.stringData.push(Buffer.from(r.bytes()).toString('utf8')); break;
      case 7: readRepeated(r, wire, 0, t.int64Data, (v) => BigInt.asIntN(64, v)); break;
      case 8: t.name = Buffer.from(r.bytes()).toString('utf8'); break;
      case 9: t.raw = r.bytes(); break;
      case 10: readRepeated(r, wire, 8, t.doubleData, (v) => v); break;
      case 11: readRepeated(r, wire, 0, t.uint64Data, (v) => BigInt.asUintN(64, v)); break;
      case 13: t.external = true; r.skip(wire); break;
      default: r.skip(wire);
    }
  }
  return t;
}

function tensorFromProto(ort, t, file) {
  const info = DTYPES[t.dataType];
  if (!info) throw new Error(`${file}: unsupported data_type ${t.dataType}`);
  if (t.external) throw new Error(`${file}: external data is not supported`);
  const [type, Arr, size] = info;
  const count = t.dims.reduce((a, b) => a * b, 1);
  let data;
  if (type === 'string') {
    data = t.stringData;
  } else if (t.raw !== null) {
    if (t.raw.length !== count * size) {
      throw new Error(`${file}: raw_data has ${t.raw.length} bytes, ` +
                      `expected ${count * size}`);
    }
    // Copy into an aligned buffer (little-endian, as ONNX's raw_data is).
    const copy = new ArrayBuffer(count * size);
    new Uint8Array(copy).set(t.raw);
    data = new Arr(copy);
  } else {
    let src;
    if (type === 'float32') src = t.floatData;
    else if (type === 'float64') src = t.doubleData;
    else if (type === 'int64') src = t.int64Data;
    else if (type === 'uint64') src = t.uint64Data;
    else if (type === 'uint32') src = t.uint64Data.map(Number);
    else src = t.int32Data;  // int8/16/32, uint8/16, bool, float16 bits
    if (src.length !== count) {
      throw new Error(`${file}: ${src.length} values, expected ${count}`);
    }
    data = Arr.from(src);
  }
  return new ort.Tensor(type, data, t.dims);
}

function varintBytes(v) {  // v: BigInt, encoded as uint64
  v = BigInt.asUintN(64, BigInt(v));
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

function lengthDelimited(field, bytes) {
  return Buffer.concat([Buffer.from(varintBytes((field << 3) | 2)),
                        Buffer.from(varintBytes(bytes.length)),
                        Buffer.from(bytes)]);
}

function serializeTensor(tensor, name) {
  const dataType = ORT_TO_ONNX[tensor.type];
  if (!dataType) throw new Error(`cannot write tensor type ${tensor.type}`);
  const parts = [];
  for (const d of tensor.dims) {
    parts.push(Buffer.from([(1 << 3) | 0, ...varintBytes(d)]));
  }
  parts.push(Buffer.from([(2 << 3) | 0, ...varintBytes(dataType)]));
  parts.push(lengthDelimited(8, Buffer.from(name, 'utf8')));
  if (tensor.type === 'string') {
    for (const s of tensor.data) parts.push(lengthDelimited(6, Buffer.from(s, 'utf8')));
  } else {
    const d = tensor.data;
    let bytes = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    if (tensor.type === 'bool') bytes = Buffer.from(Array.from(d, (x) => (x ? 1 : 0)));
    parts.push(lengthDelimited(9, bytes));
  }
  return Buffer.concat(parts);
}

function numberedFiles(dir, prefix) {
  const re = new RegExp(`^${prefix}_(\\d+)\\.pb$`);
  return fs.readdirSync(dir)
      .map((f) => [f, re.exec(f)])
      .filter(([, m]) => m)
      .sort((a, b) => Number(a[1][1]) - Number(b[1][1]))
      .map(([f]) => path.join(dir, f));
}

// ---------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    throw new Error(`cannot load onnxruntime-node (run "npm ci ` +
                    `--ignore-scripts" in ${__dirname}): ${e.message}`);
  }

  const options = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
  };
  if (args.threads !== null) options.intraOpNumThreads = args.threads;
  const session = await ort.InferenceSession.create(args.model, options);

  const inputFiles = numberedFiles(args.inputDir, 'input');
  if (inputFiles.length !== session.inputNames.length) {
    throw new Error(`model has ${session.inputNames.length} inputs ` +
                    `(${session.inputNames.join(', ')}) but ${args.inputDir} ` +
                    `has ${inputFiles.length} input_K.pb files`);
  }
  const feeds = {};
  session.inputNames.forEach((name, k) => {
    const file = inputFiles[k];
    feeds[name] = tensorFromProto(ort, parseTensorProto(fs.readFileSync(file)), file);
  });

  const results = await session.run(feeds);
  if (args.outputDir !== null) {
    fs.mkdirSync(args.outputDir, {recursive: true});
    session.outputNames.forEach((name, k) => {
      fs.writeFileSync(path.join(args.outputDir, `output_${k}.pb`),
                       serializeTensor(results[name], name));
    });
  }

  if (args.bench !== null) {
    for (let i = 0; i < args.warmup; i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < args.bench; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const n = times.length;
    const median = n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    const round = (x) => Math.round(x * 1e4) / 1e4;
    process.stdout.write(JSON.stringify(
        {median_ms: round(median), min_ms: round(times[0]), runs: n}) + '\n');
  }
  if (typeof session.release === 'function') await session.release();
}

main().catch((e) => {
  process.stderr.write(`ort_run.js: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
