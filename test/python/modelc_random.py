"""A numpy reference of modelc's random generators, for the tests.

modelc's random ops (modelc.random_uniform, random_normal, bernoulli,
multinomial, dropout; see their descriptions in dialects/Modelc/ModelcOps.td)
draw their bits from Philox4x32-10: the element at row-major position i of
the result gets the four 32-bit words philox4x32_10(counter = (i mod 2^32,
i / 2^32, 0, 0), key = (seed mod 2^32, seed / 2^32)).  This module computes
the same values with numpy, so that the tests can compare a compiled model's
outputs with them.  `seed` is the op's 64-bit key: for an ONNX node with a
float `seed` attribute, float_seed_key(seed).
"""

import numpy as np

M32 = np.uint64(0xFFFFFFFF)
PHILOX_M0, PHILOX_M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
PHILOX_W0, PHILOX_W1 = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)


def float_seed_key(seed):
    """The key of an ONNX float `seed` attribute: its float32 bits."""
    return int(np.float32(seed).view(np.uint32))


def philox4x32_10(c0, c1, c2, c3, key):
    """Philox4x32-10 of the counters (uint64 arrays of 32-bit values)
    under KEY (a 64-bit integer); returns the four words as uint64 arrays
    of 32-bit values."""
    key = int(key) & 0xFFFFFFFFFFFFFFFF
    k0, k1 = np.uint64(key & 0xFFFFFFFF), np.uint64(key >> 32)
    c = [np.asarray(x, np.uint64) for x in (c0, c1, c2, c3)]
    for r in range(10):
        if r:
            k0 = (k0 + PHILOX_W0) & M32
            k1 = (k1 + PHILOX_W1) & M32
        p0 = PHILOX_M0 * c[0]
        p1 = PHILOX_M1 * c[2]
        c = [(p1 >> np.uint64(32)) ^ c[1] ^ k0, p1 & M32,
             (p0 >> np.uint64(32)) ^ c[3] ^ k1, p0 & M32]
    return c


def words(count, seed):
    """The words of the elements at positions 0 .. COUNT - 1."""
    i = np.arange(count, dtype=np.uint64)
    zero = np.zeros(count, np.uint64)
    return philox4x32_10(i & M32, i >> np.uint64(32), zero, zero, seed)


def compute_type(dtype):
    """The type a float type's values are generated in."""
    return np.float64 if np.dtype(dtype) == np.float64 else np.float32


def uniform01(w, ctype, first=0):
    """Uniform numbers in [0, 1): 24 bits of word FIRST (float32) or 53
    bits of words FIRST and FIRST + 1 (float64)."""
    if ctype == np.float32:
        return (w[first] >> np.uint64(8)).astype(np.float32) * np.float32(
            2.0 ** -24)
    bits = ((w[first] << np.uint64(32)) | w[first + 1]) >> np.uint64(11)
    return bits.astype(np.float64) * 2.0 ** -53


def _bound(dtype, value, above, strict):
    """The value of DTYPE nearest VALUE on its side ABOVE (or below), never
    VALUE itself with STRICT."""
    dtype = np.dtype(dtype)
    r = dtype.type(value)
    if above and (float(r) < value or (strict and float(r) == value)):
        r = np.nextafter(r, dtype.type(np.inf))
    if not above and (float(r) > value or (strict and float(r) == value)):
        r = np.nextafter(r, dtype.type(-np.inf))
    return r


def random_uniform(shape, low, high, dtype, seed):
    """modelc.random_uniform (float16, float32, float64 results)."""
    dtype = np.dtype(dtype)
    low, high = float(np.float32(low)), float(np.float32(high))
    n = int(np.prod(shape, dtype=np.int64))
    if low == high:
        return np.full(shape, low, dtype)
    ctype = compute_type(dtype)
    u = uniform01(words(n, seed), ctype)
    v = ctype(low) + u * ctype(high - low)
    v = v.astype(dtype)
    v = np.maximum(v, _bound(dtype, low, True, False))
    v = np.minimum(v, _bound(dtype, high, False, True))
    return v.reshape(shape)


def random_normal(shape, mean, scale, dtype, seed):
    """modelc.random_normal: Box-Muller."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64))
    ctype = compute_type(dtype)
    w = words(n, seed)
    wide = ctype == np.float64
    u1 = ctype(1.0) - uniform01(w, ctype, 0)
    u2 = uniform01(w, ctype, 2 if wide else 1)
    radius = np.sqrt(ctype(-2.0) * np.log(u1))
    z = radius * np.cos(ctype(2.0 * np.pi) * u2)
    v = ctype(np.float32(mean)) + ctype(np.float32(scale)) * z
    return v.astype(dtype).reshape(shape)


def bernoulli(p, dtype, seed):
    """modelc.bernoulli: 1 where u < p."""
    ctype = compute_type(p.dtype)
    u = uniform01(words(p.size, seed), ctype).reshape(p.shape)
    return (u < p.astype(ctype)).astype(dtype)


def dropout(x, ratio, training, seed):
    """modelc.dropout: (output, mask)."""
    ratio = np.asarray(ratio)
    rtype = compute_type(ratio.dtype)
    xtype = compute_type(x.dtype)
    u = uniform01(words(x.size, seed), rtype).reshape(x.shape)
    keep = u >= ratio.astype(rtype).reshape(())
    scale = xtype(1.0) - ratio.astype(xtype).reshape(())
    scaled = (x.astype(xtype) / scale).astype(x.dtype)
    if not bool(np.asarray(training).reshape(())):
        return x.copy(), np.ones(x.shape, bool)
    return np.where(keep, scaled, x.dtype.type(0)), keep


def multinomial(logits, sample_size, dtype, seed):
    """modelc.multinomial: batch x sample_size class indices."""
    ctype = compute_type(logits.dtype)
    batch, classes = logits.shape
    u = uniform01(words(batch * sample_size, seed), ctype).reshape(
        batch, sample_size)
    out = np.zeros((batch, sample_size), dtype)
    for b in range(batch):
        x = logits[b].astype(ctype)
        e = np.exp(x - x.max())
        total = e.sum(dtype=ctype)
        running = np.cumsum(e, dtype=ctype)
        possible = np.nonzero(e > 0)[0]
        for s in range(sample_size):
            hits = np.nonzero(running > u[b, s] * total)[0]
            out[b, s] = hits[0] if len(hits) else possible[-1]
    return out
