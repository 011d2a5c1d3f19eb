//===- strings.c - String tensors: arena, case, numbers -------------------===//
//
// The functions generated code calls for string tensors: the bump allocator
// of the string arena in the workspace, UTF-8 case changes and comparisons,
// and conversions between numbers and text with numpy's formatting. No heap
// memory, no dependence on the locale: digits come from snprintf's "%.*e"
// (whose decimal point is skipped) and text is parsed into a canonical
// "DIGITSeEXP" form, which strtod/strtof read the same in every locale.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//===----------------------------------------------------------------------===//
// Arena
//===----------------------------------------------------------------------===//

void modelc_string_arena_init(modelc_string_arena *arena, uint64_t capacity) {
  arena->capacity = capacity;
  arena->used = 0;
  arena->exceeded = 0;
}

char *modelc_string_arena_alloc(modelc_string_arena *arena, size_t size) {
  if (!arena)
    return NULL;
  if (arena->exceeded || arena->used > arena->capacity ||
      size > arena->capacity - arena->used) {
    arena->exceeded = 1;
    return NULL;
  }
  char *p = (char *)(arena + 1) + arena->used;
  arena->used += size;
  return p;
}

int32_t modelc_string_arena_ok(const modelc_string_arena *arena) {
  return arena && !arena->exceeded;
}

/// Copies the LENGTH bytes at TEXT and a NUL into ARENA; "" when they do not
/// fit.
static const char *copyToArena(modelc_string_arena *arena, const char *text,
                               size_t length) {
  char *p = modelc_string_arena_alloc(arena, length + 1);
  if (!p)
    return "";
  memcpy(p, text, length);
  p[length] = '\0';
  return p;
}

//===----------------------------------------------------------------------===//
// UTF-8 and case mappings
//===----------------------------------------------------------------------===//

typedef struct case_run {
  uint32_t first;
  uint16_t count;
  uint8_t stride;
  int32_t delta;
} case_run;

#include "case_tables.inc"

/// The code point C mapped by RUNS (sorted by first code point).
static uint32_t mapCodePoint(const case_run *runs, size_t n, uint32_t c) {
  size_t lo = 0, hi = n;
  while (lo < hi) { // The last run with first <= c.
    size_t mid = lo + (hi - lo) / 2;
    if (runs[mid].first <= c)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return c;
  const case_run *r = &runs[lo - 1];
  uint32_t offset = c - r->first;
  if (offset % r->stride != 0 || offset / r->stride >= r->count)
    return c;
  return (uint32_t)((int64_t)c + r->delta);
}

static uint32_t toLower(uint32_t c) {
  if (c < 0x80)
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  return mapCodePoint(to_lower_runs,
                      sizeof(to_lower_runs) / sizeof(to_lower_runs[0]), c);
}

static uint32_t toUpper(uint32_t c) {
  if (c < 0x80)
    return c >= 'a' && c <= 'z' ? c - 32 : c;
  return mapCodePoint(to_upper_runs,
                      sizeof(to_upper_runs) / sizeof(to_upper_runs[0]), c);
}

/// Decodes the UTF-8 sequence at S into *CP and returns its length, or
/// returns 0 when S does not start a valid sequence (an overlong form, a
/// surrogate, beyond U+10FFFF, a stray or missing continuation byte). The
/// NUL that ends S is never a continuation byte, so nothing past it is read.
static size_t decodeUtf8(const unsigned char *s, uint32_t *cp) {
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
#define CONT(i) ((s[i] & 0xC0) == 0x80)
  if (c >= 0xC2 && c <= 0xDF && CONT(1)) {
    *cp = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && CONT(1) && CONT(2)) {
    uint32_t v = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
                 (s[2] & 0x3F);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
      return 0;
    *cp = v;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && CONT(1) && CONT(2) && CONT(3)) {
    uint32_t v = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
                 (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    if (v < 0x10000 || v > 0x10FFFF)
      return 0;
    *cp = v;
    return 4;
  }
#undef CONT
  return 0;
}

/// The UTF-8 length of the code point C (valid, not a surrogate).
static size_t utf8Length(uint32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/// Writes the code point C as UTF-8 at OUT; returns its length.
static size_t encodeUtf8(uint32_t c, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (c < 0x80) {
    o[0] = (unsigned char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (unsigned char)(0xC0 | (c >> 6));
    o[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (c >> 18));
  o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

const char *modelc_string_change_case(modelc_string_arena *arena, const char *s,
                                      int32_t change) {
  if (!s)
    return "";
  if (change != MODELC_STRING_CASE_LOWER && change != MODELC_STRING_CASE_UPPER)
    return s;
  uint32_t (*map)(uint32_t) =
      change == MODELC_STRING_CASE_LOWER ? toLower : toUpper;
  // First the length of the result, and whether anything changes.
  const unsigned char *p = (const unsigned char *)s;
  size_t length = 0;
  int changed = 0;
  while (*p) {
    uint32_t c;
    size_t n = decodeUtf8(p, &c);
    if (n == 0) { // Not UTF-8: the byte stays.
      ++length;
      ++p;
      continue;
    }
    uint32_t m = map(c);
    changed |= m != c;
    length += utf8Length(m);
    p += n;
  }
  if (!changed)
    return s;
  char *out = modelc_string_arena_alloc(arena, length + 1);
  if (!out)
    return "";
  char *o = out;
  p = (const unsigned char *)s;
  while (*p) {
    uint32_t c;
    size_t n = decodeUtf8(p, &c);
    if (n == 0) {
      *o++ = (char)*p++;
      continue;
    }
    o += encodeUtf8(map(c), o);
    p += n;
  }
  *o = '\0';
  return out;
}

int32_t modelc_string_equal(const char *a, const char *b, int32_t ignore_case) {
  if (!a)
    a = "";
  if (!b)
    b = "";
  if (!ignore_case)
    return strcmp(a, b) == 0;
  const unsigned char *p = (const unsigned char *)a;
  const unsigned char *q = (const unsigned char *)b;
  while (*p && *q) {
    uint32_t c, d;
    size_t n = decodeUtf8(p, &c);
    size_t m = decodeUtf8(q, &d);
    if (n == 0 || m == 0) { // Bytes that are not UTF-8 compare as they are.
      if (n != m || *p != *q)
        return 0;
      ++p;
      ++q;
      continue;
    }
    if (toLower(c) != toLower(d))
      return 0;
    p += n;
    q += m;
  }
  return *p == *q;
}

//===----------------------------------------------------------------------===//
// Parsing numbers
//===----------------------------------------------------------------------===//

/// Digits kept of a decimal literal: enough for a correctly rounded double
/// (a halfway point between doubles has at most 767 significant digits); a
/// sticky digit stands for any nonzero digits after them.
#define MAX_DIGITS 800

/// A number read from text: special values, or the decimal literal
/// DIGITS x 10^EXPONENT (DIGITS without leading zeros, NUL-terminated; ""
/// for zero).
typedef struct parsed_number {
  enum { NOT_A_NUMBER, NUMBER, INFINITE, NAN_VALUE } kind;
  int negative;
  int isInteger; ///< Written without '.' and exponent.
  char digits[MAX_DIGITS + 2];
  long exponent;
} parsed_number;

static int isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

static int isDigit(char c) { return c >= '0' && c <= '9'; }

/// Whether S starts with WORD (lower-case ASCII) in any case; advances *S.
static int matchWord(const char **s, const char *word) {
  const char *p = *s;
  for (; *word; ++word, ++p)
    if (*p != *word && *p != *word - 32)
      return 0;
  *s = p;
  return 1;
}

static void parseNumber(const char *text, parsed_number *out) {
  out->kind = NOT_A_NUMBER;
  out->negative = 0;
  out->isInteger = 1;
  out->digits[0] = '\0';
  out->exponent = 0;
  const char *s = text ? text : "";
  while (isSpace(*s))
    ++s;
  if (*s == '+' || *s == '-')
    out->negative = *s++ == '-';
  int kind = NOT_A_NUMBER;
  if (matchWord(&s, "inf")) {
    (void)matchWord(&s, "inity");
    kind = INFINITE;
  } else if (matchWord(&s, "nan")) {
    kind = NAN_VALUE;
  } else {
    size_t n = 0;
    int sticky = 0, anyDigit = 0;
    long shift = 0; // Digits kept after the point, minus digits dropped before.
    for (; isDigit(*s); ++s) {
      anyDigit = 1;
      if (n == 0 && *s == '0')
        continue;
      if (n < MAX_DIGITS)
        out->digits[n++] = *s;
      else {
        sticky |= *s != '0';
        --shift;
      }
    }
    if (*s == '.') {
      out->isInteger = 0;
      for (++s; isDigit(*s); ++s) {
        anyDigit = 1;
        if (n == 0 && *s == '0') {
          ++shift;
          continue;
        }
        if (n < MAX_DIGITS) {
          out->digits[n++] = *s;
          ++shift;
        } else {
          sticky |= *s != '0';
        }
      }
    }
    if (!anyDigit)
      return;
    long exponent = 0;
    if (*s == 'e' || *s == 'E') {
      out->isInteger = 0;
      ++s;
      int negativeExponent = 0;
      if (*s == '+' || *s == '-')
        negativeExponent = *s++ == '-';
      if (!isDigit(*s))
        return;
      for (; isDigit(*s); ++s)
        if (exponent < 100000000L)
          exponent = exponent * 10 + (*s - '0');
      if (negativeExponent)
        exponent = -exponent;
    }
    if (sticky)
      out->digits[n++] = '1';
    out->digits[n] = '\0';
    out->exponent = exponent - shift - (sticky ? 1 : 0);
    kind = NUMBER;
  }
  while (isSpace(*s))
    ++s;
  if (*s == '\0')
    out->kind = kind;
}

/// Writes "DIGITSeEXPONENT" (or "0") of a parsed NUMBER to BUFFER.
static void canonicalText(const parsed_number *number, char *buffer,
                          size_t size) {
  if (number->digits[0] == '\0') {
    snprintf(buffer, size, "0");
    return;
  }
  // Far beyond the range of doubles either way: no need to be exact.
  long exponent = number->exponent;
  if (exponent > 100000)
    exponent = 100000;
  if (exponent < -100000)
    exponent = -100000;
  snprintf(buffer, size, "%se%ld", number->digits, exponent);
}

/// Parses TEXT (modelc_parse_double) into BUFFER, the canonical text of a
/// finite number for strtod/strtof, and *SPECIAL, its value when it is not
/// one (NaN or an infinity; *SPECIAL is then returned as 1). *SIGN is -1
/// for a negative number, else 1.
static int parseCanonical(const char *text, char *buffer, size_t size,
                          double *sign, double *special) {
  parsed_number number;
  parseNumber(text, &number);
  *sign = number.negative ? -1.0 : 1.0;
  switch (number.kind) {
  case NOT_A_NUMBER:
  case NAN_VALUE:
    *special = NAN;
    return 1;
  case INFINITE:
    *special = *sign * INFINITY;
    return 1;
  case NUMBER:
    break;
  }
  canonicalText(&number, buffer, size);
  return 0;
}

double modelc_parse_double(const char *text) {
  char buffer[MAX_DIGITS + 32];
  double sign, special;
  if (parseCanonical(text, buffer, sizeof(buffer), &sign, &special))
    return special;
  int saved = errno;
  double value = strtod(buffer, NULL);
  errno = saved;
  return sign * value;
}

float modelc_parse_float(const char *text) {
  char buffer[MAX_DIGITS + 32];
  double sign, special;
  if (parseCanonical(text, buffer, sizeof(buffer), &sign, &special))
    return (float)special;
  int saved = errno;
  float value = strtof(buffer, NULL);
  errno = saved;
  return (float)sign * value;
}

/// The integer literal of NUMBER as a magnitude, saturated at UINT64_MAX;
/// returns 0 when NUMBER is no integer literal.
static int integerMagnitude(const parsed_number *number, uint64_t *out) {
  if (number->kind != NUMBER || !number->isInteger)
    return 0;
  uint64_t v = 0;
  for (const char *d = number->digits; *d; ++d) {
    unsigned digit = (unsigned)(*d - '0');
    if (v > (UINT64_MAX - digit) / 10) {
      v = UINT64_MAX;
      break;
    }
    v = v * 10 + digit;
  }
  *out = v;
  return 1;
}

int64_t modelc_parse_int64(const char *text) {
  parsed_number number;
  parseNumber(text, &number);
  uint64_t magnitude;
  if (integerMagnitude(&number, &magnitude)) {
    if (number.negative)
      return magnitude >= (uint64_t)INT64_MAX + 1 ? INT64_MIN
                                                  : -(int64_t)magnitude;
    return magnitude > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)magnitude;
  }
  double v = modelc_parse_double(text);
  if (isnan(v))
    return 0;
  if (v >= 9223372036854775808.0)
    return INT64_MAX;
  if (v < -9223372036854775808.0)
    return INT64_MIN;
  return (int64_t)v;
}

uint64_t modelc_parse_uint64(const char *text) {
  parsed_number number;
  parseNumber(text, &number);
  uint64_t magnitude;
  if (integerMagnitude(&number, &magnitude))
    return number.negative ? (uint64_t)0 - magnitude : magnitude;
  double v = modelc_parse_double(text);
  if (isnan(v))
    return 0;
  if (v >= 18446744073709551616.0)
    return UINT64_MAX;
  if (v <= -9223372036854775808.0)
    return (uint64_t)INT64_MIN;
  if (v < 0)
    return (uint64_t)(int64_t)v;
  return (uint64_t)v;
}

int32_t modelc_parse_bool(const char *text) {
  const char *s = text ? text : "";
  while (isSpace(*s))
    ++s;
  int32_t value = -1;
  if (matchWord(&s, "true"))
    value = 1;
  else if (matchWord(&s, "false"))
    value = 0;
  if (value >= 0) {
    while (isSpace(*s))
      ++s;
    if (*s == '\0')
      return value;
  }
  return modelc_parse_double(text) != 0.0;
}

//===----------------------------------------------------------------------===//
// Formatting numbers
//===----------------------------------------------------------------------===//

/// The significant digits (at most 17, NUL-terminated) and decimal exponent
/// of VALUE (finite, nonzero) printed by "%.*e" with PRECISION + 1 digits:
/// VALUE ~ D.DDD x 10^EXPONENT.
static void decimalDigits(double value, int precision, char *digits,
                          int *exponent) {
  char text[64];
  snprintf(text, sizeof(text), "%.*e", precision, value);
  size_t n = 0;
  const char *p = text;
  for (; *p && *p != 'e'; ++p)
    if (isDigit(*p) && n < 17)
      digits[n++] = *p;
  digits[n] = '\0';
  *exponent = *p == 'e' ? atoi(p + 1) : 0;
}

/// The shortest digits of VALUE (a float when IS_FLOAT) that read back as
/// VALUE, and their exponent.
static void shortestDigits(double value, int isFloat, char *digits,
                           int *exponent) {
  int maxDigits = isFloat ? 9 : 17;
  for (int p = 1; p <= maxDigits; ++p) {
    decimalDigits(value, p - 1, digits, exponent);
    parsed_number number;
    number.kind = NUMBER;
    number.negative = 0;
    size_t n = strlen(digits);
    memcpy(number.digits, digits, n + 1);
    number.exponent = *exponent - (long)(n - 1);
    char text[64];
    canonicalText(&number, text, sizeof(text));
    int saved = errno;
    int same = isFloat ? strtof(text, NULL) == (float)value
                       : strtod(text, NULL) == value;
    errno = saved;
    if (same)
      break;
  }
  // No trailing zeros ("%.0e" of 100 is "1e+02"; a longer p only pads).
  size_t n = strlen(digits);
  while (n > 1 && digits[n - 1] == '0')
    digits[--n] = '\0';
}

/// numpy's text for VALUE, a float when IS_FLOAT.
static size_t formatNumber(double value, int isFloat, char *buffer) {
  char *o = buffer;
  if (isnan(value))
    return (size_t)snprintf(buffer, MODELC_FORMAT_BUFFER_SIZE, "nan");
  if (signbit(value))
    *o++ = '-';
  double magnitude = fabs(value);
  if (isinf(value)) {
    memcpy(o, "inf", 4);
    return (size_t)(o + 3 - buffer);
  }
  if (magnitude == 0) {
    memcpy(o, "0.0", 4);
    return (size_t)(o + 3 - buffer);
  }
  char digits[18];
  int exponent;
  shortestDigits(magnitude, isFloat, digits, &exponent);
  int n = (int)strlen(digits);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // Positional: all integer digits, a point, at least one more digit.
    if (exponent >= 0) {
      for (int i = 0; i <= exponent; ++i)
        *o++ = i < n ? digits[i] : '0';
      *o++ = '.';
      if (n > exponent + 1)
        for (int i = exponent + 1; i < n; ++i)
          *o++ = digits[i];
      else
        *o++ = '0';
    } else {
      *o++ = '0';
      *o++ = '.';
      for (int i = 0; i < -exponent - 1; ++i)
        *o++ = '0';
      for (int i = 0; i < n; ++i)
        *o++ = digits[i];
    }
    *o = '\0';
    return (size_t)(o - buffer);
  }
  // Scientific: d[.ddd]e+XX, at least two exponent digits.
  *o++ = digits[0];
  if (n > 1) {
    *o++ = '.';
    for (int i = 1; i < n; ++i)
      *o++ = digits[i];
  }
  int written =
      snprintf(o, MODELC_FORMAT_BUFFER_SIZE - (size_t)(o - buffer), "e%c%02d",
               exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
  return (size_t)(o - buffer) + (size_t)written;
}

size_t modelc_format_float(float value, char *buffer) {
  return formatNumber(value, 1, buffer);
}

size_t modelc_format_double(double value, char *buffer) {
  return formatNumber(value, 0, buffer);
}

const char *modelc_string_from_float(modelc_string_arena *arena, float value) {
  char text[MODELC_FORMAT_BUFFER_SIZE];
  return copyToArena(arena, text, modelc_format_float(value, text));
}

const char *modelc_string_from_double(modelc_string_arena *arena,
                                      double value) {
  char text[MODELC_FORMAT_BUFFER_SIZE];
  return copyToArena(arena, text, modelc_format_double(value, text));
}

const char *modelc_string_from_uint64(modelc_string_arena *arena,
                                      uint64_t value) {
  char text[24];
  char *end = text + sizeof(text), *p = end;
  do {
    *--p = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  return copyToArena(arena, p, (size_t)(end - p));
}

const char *modelc_string_from_int64(modelc_string_arena *arena,
                                     int64_t value) {
  char text[24];
  char *end = text + sizeof(text), *p = end;
  uint64_t magnitude =
      value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
  do {
    *--p = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0)
    *--p = '-';
  return copyToArena(arena, p, (size_t)(end - p));
}

const char *modelc_string_from_bool(int32_t value) {
  return value ? "True" : "False";
}
