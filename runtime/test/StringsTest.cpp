//===- StringsTest.cpp - String arena, case, formatting, parsing ----------===//
//
// Unit tests of the string functions that generated code calls for string
// tensors: the arena, modelc_string_change_case/equal, and the conversions
// between numbers and text (numpy's shortest round-trip formatting).
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwctype>
#include <limits>
#include <string>
#include <vector>

namespace {

/// An arena with CAPACITY bytes of data, in suitably aligned storage.
struct Arena {
  explicit Arena(size_t capacity)
      : storage((sizeof(modelc_string_arena) + capacity) / 8 + 1) {
    modelc_string_arena_init(get(), capacity);
  }
  modelc_string_arena *get() {
    return reinterpret_cast<modelc_string_arena *>(storage.data());
  }
  std::vector<uint64_t> storage;
};

uint32_t floatBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

uint64_t doubleBits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

std::string formatFloat(float f) {
  char buffer[MODELC_FORMAT_BUFFER_SIZE];
  size_t n = modelc_format_float(f, buffer);
  EXPECT_EQ(n, std::strlen(buffer));
  return buffer;
}

std::string formatDouble(double d) {
  char buffer[MODELC_FORMAT_BUFFER_SIZE];
  size_t n = modelc_format_double(d, buffer);
  EXPECT_EQ(n, std::strlen(buffer));
  return buffer;
}

/// A deterministic 64-bit generator (splitmix64).
uint64_t nextRandom(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The number of significant digits of a formatted number.
int significantDigits(const std::string &text) {
  int n = 0;
  bool leading = true;
  for (char c : text) {
    if (c == 'e')
      break;
    if (c < '0' || c > '9')
      continue;
    if (leading && c == '0')
      continue;
    leading = false;
    ++n;
  }
  // Positional text pads integers with zeros ("100.0"): those do not count.
  if (text.find('e') == std::string::npos) {
    std::string digits;
    for (char c : text)
      if (c >= '0' && c <= '9')
        digits += c;
    size_t first = digits.find_first_not_of('0');
    size_t last = digits.find_last_not_of('0');
    n = first == std::string::npos ? 0 : static_cast<int>(last - first + 1);
  }
  return n;
}

//===----------------------------------------------------------------------===//
// Arena
//===----------------------------------------------------------------------===//

TEST(StringArenaTest, AllocatesUntilFullThenStaysExceeded) {
  Arena arena(10);
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 1);
  char *a = modelc_string_arena_alloc(arena.get(), 4);
  char *b = modelc_string_arena_alloc(arena.get(), 6); // Exactly full.
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a, reinterpret_cast<char *>(arena.get() + 1));
  EXPECT_EQ(b, a + 4);
  EXPECT_EQ(arena.get()->used, 10u);
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 1);
  EXPECT_EQ(modelc_string_arena_alloc(arena.get(), 1), nullptr);
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 0);
  EXPECT_EQ(arena.get()->used, 10u); // Never beyond the capacity.
  // Sticky: even an empty request fails now.
  EXPECT_EQ(modelc_string_arena_alloc(arena.get(), 0), nullptr);
  modelc_string_arena_init(arena.get(), 10);
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 1);
  EXPECT_EQ(modelc_string_arena_alloc(arena.get(), 10), a);
}

TEST(StringArenaTest, HugeRequestsAndNull) {
  Arena arena(16);
  EXPECT_EQ(modelc_string_arena_alloc(arena.get(), SIZE_MAX), nullptr);
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 0);
  EXPECT_EQ(modelc_string_arena_alloc(nullptr, 1), nullptr);
  EXPECT_EQ(modelc_string_arena_ok(nullptr), 0);
  Arena empty(0);
  EXPECT_EQ(modelc_string_arena_alloc(empty.get(), 1), nullptr);
}

TEST(StringArenaTest, ConversionsWriteIntoTheArena) {
  Arena arena(64);
  const char *s = modelc_string_from_int64(arena.get(), INT64_MIN);
  EXPECT_STREQ(s, "-9223372036854775808");
  EXPECT_EQ(s, reinterpret_cast<char *>(arena.get() + 1));
  EXPECT_EQ(arena.get()->used, 21u);
  EXPECT_STREQ(modelc_string_from_uint64(arena.get(), UINT64_MAX),
               "18446744073709551615");
  EXPECT_STREQ(modelc_string_from_int64(arena.get(), 0), "0");
  EXPECT_STREQ(modelc_string_from_float(arena.get(), 0.25f), "0.25");
  EXPECT_EQ(arena.get()->used, 21u + 21u + 2u + 5u);
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 1);
  // 64 - 49 = 15 bytes left: "-1.7976931348623157e+308" needs 25.
  EXPECT_STREQ(modelc_string_from_double(arena.get(), -1.7976931348623157e308),
               "");
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 0);
  EXPECT_STREQ(modelc_string_from_bool(1), "True");
  EXPECT_STREQ(modelc_string_from_bool(0), "False");
}

//===----------------------------------------------------------------------===//
// Case
//===----------------------------------------------------------------------===//

TEST(StringCaseTest, Ascii) {
  Arena arena(256);
  EXPECT_STREQ(modelc_string_change_case(arena.get(), "Monday 42!",
                                         MODELC_STRING_CASE_UPPER),
               "MONDAY 42!");
  EXPECT_STREQ(modelc_string_change_case(arena.get(), "Monday 42!",
                                         MODELC_STRING_CASE_LOWER),
               "monday 42!");
}

TEST(StringCaseTest, UnchangedStringsAreNotCopied) {
  Arena arena(0);
  const char *s = "already lower";
  EXPECT_EQ(modelc_string_change_case(arena.get(), s, MODELC_STRING_CASE_LOWER),
            s);
  EXPECT_EQ(modelc_string_change_case(arena.get(), s, MODELC_STRING_CASE_NONE),
            s);
  EXPECT_EQ(
      modelc_string_change_case(arena.get(), "", MODELC_STRING_CASE_UPPER)[0],
      '\0');
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 1);
  EXPECT_STREQ(
      modelc_string_change_case(arena.get(), nullptr, MODELC_STRING_CASE_UPPER),
      "");
}

TEST(StringCaseTest, FullArenaGivesEmptyString) {
  Arena arena(5);
  EXPECT_STREQ(
      modelc_string_change_case(arena.get(), "abcd", MODELC_STRING_CASE_UPPER),
      "ABCD");
  EXPECT_STREQ(
      modelc_string_change_case(arena.get(), "abcd", MODELC_STRING_CASE_UPPER),
      "");
  EXPECT_EQ(modelc_string_arena_ok(arena.get()), 0);
}

TEST(StringCaseTest, NonAscii) {
  Arena arena(1024);
  auto upper = [&](const char *s) {
    return std::string(
        modelc_string_change_case(arena.get(), s, MODELC_STRING_CASE_UPPER));
  };
  auto lower = [&](const char *s) {
    return std::string(
        modelc_string_change_case(arena.get(), s, MODELC_STRING_CASE_LOWER));
  };
  EXPECT_EQ(upper("àéîõü ÿ"), "ÀÉÎÕÜ Ÿ");
  EXPECT_EQ(lower("ÀÉÎÕÜ Ÿ"), "àéîõü ÿ");
  EXPECT_EQ(upper("σίσυφος"), "ΣΊΣΥΦΟΣ");
  EXPECT_EQ(upper("ς"), "Σ");
  EXPECT_EQ(lower("ЖУРНАЛ"), "журнал");
  // No one-character upper case: ß stays (a simple mapping).
  EXPECT_EQ(upper("straße"), "STRAßE");
  // Length changes: dotless i (2 bytes) to I (1), Ⱥ (2) to ⱥ (3).
  EXPECT_EQ(upper("ı"), "I");
  EXPECT_EQ(lower("İ"), "i");
  EXPECT_EQ(lower("Ⱥ"), "ⱥ");
  // Characters outside the BMP.
  EXPECT_EQ(upper("\xF0\x90\x90\xA8"), "\xF0\x90\x90\x80"); // Deseret.
  // Characters without case.
  EXPECT_EQ(upper("日本語 123"), "日本語 123");
}

TEST(StringCaseTest, InvalidUtf8BytesStay) {
  Arena arena(1024);
  auto upper = [&](const char *s) {
    return std::string(
        modelc_string_change_case(arena.get(), s, MODELC_STRING_CASE_UPPER));
  };
  EXPECT_EQ(upper("a\xFF"
                  "b\xFE"),
            "A\xFF"
            "B\xFE");
  EXPECT_EQ(upper("\xC0\xAF"
                  "x"),
            "\xC0\xAF"
            "X"); // Overlong '/'.
  EXPECT_EQ(upper("\xED\xA0\x80"
                  "y"),
            "\xED\xA0\x80"
            "Y"); // A surrogate.
  EXPECT_EQ(upper("\xF4\x90\x80\x80"
                  "z"),
            "\xF4\x90\x80\x80"
            "Z");
  EXPECT_EQ(upper("\xC3"), "\xC3"); // Truncated at the end.
  EXPECT_EQ(upper("\xC3"
                  "a"),
            "\xC3"
            "A");
  EXPECT_EQ(upper("\xE0\xA4"
                  "q"),
            "\xE0\xA4"
            "Q");
}

/// Every code point maps as the C library's towlower/towupper map it in
/// the C.UTF-8 locale (from which the tables were generated).
TEST(StringCaseTest, MatchesTheCLibrary) {
  const char *saved = std::setlocale(LC_CTYPE, nullptr);
  std::string previous = saved ? saved : "C";
  if (!std::setlocale(LC_CTYPE, "C.UTF-8"))
    GTEST_SKIP() << "the C.UTF-8 locale is not available";
  std::vector<uint64_t> storage(1024);
  auto *arena = reinterpret_cast<modelc_string_arena *>(storage.data());
  int mismatches = 0;
  for (uint32_t c = 1; c < 0x110000 && mismatches < 10; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    char text[8] = {};
    // Encode C as UTF-8.
    if (c < 0x80) {
      text[0] = static_cast<char>(c);
    } else if (c < 0x800) {
      text[0] = static_cast<char>(0xC0 | (c >> 6));
      text[1] = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      text[0] = static_cast<char>(0xE0 | (c >> 12));
      text[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      text[2] = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      text[0] = static_cast<char>(0xF0 | (c >> 18));
      text[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      text[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      text[3] = static_cast<char>(0x80 | (c & 0x3F));
    }
    for (int change : {MODELC_STRING_CASE_LOWER, MODELC_STRING_CASE_UPPER}) {
      modelc_string_arena_init(arena, 1000);
      const char *out = modelc_string_change_case(arena, text, change);
      wchar_t want = change == MODELC_STRING_CASE_LOWER
                         ? std::towlower(static_cast<wint_t>(c))
                         : std::towupper(static_cast<wint_t>(c));
      wchar_t got = 0;
      std::mbstate_t state{};
      size_t n = std::mbrtowc(&got, out, std::strlen(out), &state);
      if (n != std::strlen(out) ||
          static_cast<uint32_t>(got) != static_cast<uint32_t>(want)) {
        ADD_FAILURE() << std::hex << "U+" << c << " "
                      << (change == MODELC_STRING_CASE_LOWER ? "lower"
                                                             : "upper")
                      << ": got U+" << static_cast<uint32_t>(got) << ", want U+"
                      << static_cast<uint32_t>(want);
        ++mismatches;
      }
    }
  }
  std::setlocale(LC_CTYPE, previous.c_str());
}

TEST(StringEqualTest, CaseSensitiveAndNot) {
  EXPECT_EQ(modelc_string_equal("monday", "monday", 0), 1);
  EXPECT_EQ(modelc_string_equal("Monday", "monday", 0), 0);
  EXPECT_EQ(modelc_string_equal("Monday", "monday", 1), 1);
  EXPECT_EQ(modelc_string_equal("MONDAY", "monday", 1), 1);
  EXPECT_EQ(modelc_string_equal("monday", "mondays", 1), 0);
  EXPECT_EQ(modelc_string_equal("mondays", "monday", 1), 0);
  EXPECT_EQ(modelc_string_equal("", "", 1), 1);
  EXPECT_EQ(modelc_string_equal(nullptr, "", 0), 1);
  EXPECT_EQ(modelc_string_equal("ÀÉ", "àé", 1), 1);
  EXPECT_EQ(modelc_string_equal("ÀÉ", "àé", 0), 0);
  EXPECT_EQ(modelc_string_equal("ΣΊΣΥΦΟΣ", "σίσυφοσ", 1), 1);
  // Simple mappings only: ß is not "ss".
  EXPECT_EQ(modelc_string_equal("STRASSE", "straße", 1), 0);
  // Bytes that are not UTF-8 compare as they are.
  EXPECT_EQ(modelc_string_equal("A\xFF", "a\xFF", 1), 1);
  EXPECT_EQ(modelc_string_equal("A\xFF", "a\xFE", 1), 0);
  EXPECT_EQ(modelc_string_equal("\xC3", "\xC3\xA0", 1), 0);
}

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

TEST(FormatTest, FloatAsNumpy) {
  // str(numpy.float32(x)) for these x.
  EXPECT_EQ(formatFloat(0.039187793f), "0.039187793");
  EXPECT_EQ(formatFloat(0.9767611f), "0.9767611");
  EXPECT_EQ(formatFloat(1.0f), "1.0");
  EXPECT_EQ(formatFloat(100.0f), "100.0");
  EXPECT_EQ(formatFloat(0.1f), "0.1");
  EXPECT_EQ(formatFloat(-2.5f), "-2.5");
  EXPECT_EQ(formatFloat(123456789.0f), "123456790.0");
  EXPECT_EQ(formatFloat(16777216.0f), "16777216.0");
  EXPECT_EQ(formatFloat(1e15f), "1000000000000000.0");
  EXPECT_EQ(formatFloat(1e16f), "1e+16");
  EXPECT_EQ(formatFloat(1.5e16f), "1.5e+16");
  EXPECT_EQ(formatFloat(1e-5f), "1e-05");
  EXPECT_EQ(formatFloat(1e-4f), "1e-04"); // float32(1e-4) < 1e-4.
  EXPECT_EQ(formatFloat(0.0001234f), "0.0001234");
  EXPECT_EQ(formatFloat(3.4028235e38f), "3.4028235e+38");
  EXPECT_EQ(formatFloat(1.17549435e-38f), "1.1754944e-38");
  EXPECT_EQ(formatFloat(1e-45f), "1e-45"); // The smallest subnormal.
  EXPECT_EQ(formatFloat(0.0f), "0.0");
  EXPECT_EQ(formatFloat(-0.0f), "-0.0");
  EXPECT_EQ(formatFloat(std::numeric_limits<float>::infinity()), "inf");
  EXPECT_EQ(formatFloat(-std::numeric_limits<float>::infinity()), "-inf");
  EXPECT_EQ(formatFloat(std::nanf("")), "nan");
  EXPECT_EQ(formatFloat(-std::nanf("")), "nan");
}

TEST(FormatTest, DoubleAsNumpy) {
  EXPECT_EQ(formatDouble(0.1), "0.1");
  EXPECT_EQ(formatDouble(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(formatDouble(100.0), "100.0");
  EXPECT_EQ(formatDouble(1e-4), "0.0001");
  EXPECT_EQ(formatDouble(1e-5), "1e-05");
  EXPECT_EQ(formatDouble(1e16), "1e+16");
  EXPECT_EQ(formatDouble(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(formatDouble(123456789.0), "123456789.0");
  EXPECT_EQ(formatDouble(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(formatDouble(2.2250738585072014e-308), "2.2250738585072014e-308");
  EXPECT_EQ(formatDouble(5e-324), "5e-324");
  EXPECT_EQ(formatDouble(-1.5e-300), "-1.5e-300");
  EXPECT_EQ(formatDouble(-0.0), "-0.0");
  EXPECT_EQ(formatDouble(std::nan("")), "nan");
  EXPECT_EQ(formatDouble(-std::numeric_limits<double>::infinity()), "-inf");
}

/// Random bit patterns (subnormals, huge and tiny values included) read
/// back exactly, with the fewest digits that do: one digit fewer never
/// reads back.
TEST(FormatTest, ShortestRoundTripFloat) {
  uint64_t state = 1;
  for (int i = 0; i < 50000; ++i) {
    uint32_t bits = static_cast<uint32_t>(nextRandom(state));
    if (i < 1000)
      bits &= 0x807FFFFFu; // Subnormals.
    float f;
    std::memcpy(&f, &bits, 4);
    if (std::isnan(f))
      continue;
    std::string text = formatFloat(f);
    ASSERT_EQ(floatBits(modelc_parse_float(text.c_str())), bits) << text;
    int digits = significantDigits(text);
    if (f == 0 || std::isinf(f) || digits <= 1)
      continue;
    char shorter[64];
    std::snprintf(shorter, sizeof(shorter), "%.*e", digits - 2,
                  static_cast<double>(f));
    ASSERT_NE(std::strtof(shorter, nullptr), f) << text << " vs " << shorter;
  }
}

TEST(FormatTest, ShortestRoundTripDouble) {
  uint64_t state = 2;
  for (int i = 0; i < 50000; ++i) {
    uint64_t bits = nextRandom(state);
    if (i < 1000)
      bits &= 0x800FFFFFFFFFFFFFull; // Subnormals.
    double d;
    std::memcpy(&d, &bits, 8);
    if (std::isnan(d))
      continue;
    std::string text = formatDouble(d);
    ASSERT_EQ(doubleBits(modelc_parse_double(text.c_str())), bits) << text;
    int digits = significantDigits(text);
    if (d == 0 || std::isinf(d) || digits <= 1)
      continue;
    char shorter[64];
    std::snprintf(shorter, sizeof(shorter), "%.*e", digits - 2, d);
    ASSERT_NE(std::strtod(shorter, nullptr), d) << text << " vs " << shorter;
  }
}

/// Another locale's decimal comma changes neither the text nor the parsing.
/// Sets LC_NUMERIC to a locale whose decimal separator is a comma. When none
/// is installed, compiles de_DE.UTF-8 with localedef (Debian's `locales`
/// package, which scripts/install-deps installs) into a folder of the build
/// and points LOCPATH at it. Returns the locale's name, or null.
static const char *setCommaLocale() {
  const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                         "fr_FR.utf8"};
  for (const char *name : names)
    if (std::setlocale(LC_NUMERIC, name))
      return name;
  std::string dir = "modelc-test-locales";
  std::string command = "mkdir -p " + dir + " && localedef -i de_DE -f UTF-8 " +
                        dir + "/de_DE.UTF-8 >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0)
    return nullptr;
  setenv("LOCPATH", dir.c_str(), /*overwrite=*/1);
  return std::setlocale(LC_NUMERIC, names[0]) ? names[0] : nullptr;
}

TEST(FormatTest, IndependentOfTheLocale) {
  const char *saved = std::setlocale(LC_NUMERIC, nullptr);
  std::string previous = saved ? saved : "C";
  const char *comma = setCommaLocale();
  ASSERT_NE(comma, nullptr)
      << "no locale with a decimal comma: install Debian's `locales` "
         "package (localedef and de_DE)";
  // The locale really formats with a comma, or the test proves nothing.
  char probe[16];
  std::snprintf(probe, sizeof(probe), "%.1f", 0.5);
  EXPECT_STREQ(probe, "0,5") << comma;
  EXPECT_EQ(formatFloat(0.5f), "0.5");
  EXPECT_EQ(formatDouble(1.25e-7), "1.25e-07");
  EXPECT_EQ(modelc_parse_double("0.5"), 0.5);
  EXPECT_TRUE(std::isnan(modelc_parse_double("0,5")));
  std::setlocale(LC_NUMERIC, previous.c_str());
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

TEST(ParseTest, SpecialValues) {
  float inf = std::numeric_limits<float>::infinity();
  for (const char *s :
       {"INF", "+INF", "inf", "Inf", "infinity", "+Infinity", " inf "})
    EXPECT_EQ(modelc_parse_float(s), inf) << s;
  for (const char *s : {"-INF", "-inf", "-Infinity"})
    EXPECT_EQ(modelc_parse_float(s), -inf) << s;
  for (const char *s : {"NaN", "nan", "NAN", "-nan", "+NaN"})
    EXPECT_TRUE(std::isnan(modelc_parse_float(s))) << s;
  EXPECT_EQ(modelc_parse_double("-INF"),
            -std::numeric_limits<double>::infinity());
}

TEST(ParseTest, Numbers) {
  EXPECT_EQ(modelc_parse_float("0.47892547"), 0.47892547f);
  EXPECT_EQ(modelc_parse_float("3.14"), 3.14f);
  EXPECT_EQ(modelc_parse_float("1000"), 1000.0f);
  EXPECT_EQ(modelc_parse_float("1e-5"), 1e-5f);
  EXPECT_EQ(modelc_parse_float("1E8"), 1e8f);
  EXPECT_EQ(modelc_parse_float(".5"), 0.5f);
  EXPECT_EQ(modelc_parse_float("5."), 5.0f);
  EXPECT_EQ(modelc_parse_float("  -2.5e+3\t"), -2500.0f);
  EXPECT_EQ(modelc_parse_float("1e-50"), 0.0f);
  EXPECT_EQ(modelc_parse_float("1e50"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(modelc_parse_double("1e400"),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(modelc_parse_double("4.9406564584124654e-324"), 5e-324);
  EXPECT_EQ(modelc_parse_double("00000.000001"), 1e-6);
  EXPECT_EQ(modelc_parse_double("1e-99999999999999"), 0.0);
  EXPECT_TRUE(std::signbit(modelc_parse_float("-0")));
  EXPECT_TRUE(std::signbit(modelc_parse_double("-0.0e5")));
  EXPECT_FALSE(std::signbit(modelc_parse_double("0")));
  // float: rounded once, to the nearest float (not through a double).
  EXPECT_EQ(floatBits(modelc_parse_float("1.00000005960464477539062500001")),
            floatBits(1.0000001f));
}

TEST(ParseTest, NotNumbers) {
  for (const char *s : {"", " ", "abc", "1.5x", "1e", "1e+", "--1", "+-1",
                        "0x10", ".", "e5", "1 2", "nan(1)", "infx", "1,5"})
    EXPECT_TRUE(std::isnan(modelc_parse_double(s))) << '"' << s << '"';
  EXPECT_TRUE(std::isnan(modelc_parse_float(nullptr)));
}

/// Halfway cases need every digit: the 54-bit 2^53 + 1 lies halfway
/// between two doubles, and any nonzero digit after it, even the
/// thousandth, rounds it up.
TEST(ParseTest, LongLiteralsRoundCorrectly) {
  EXPECT_EQ(modelc_parse_double("9007199254740993"), 9007199254740992.0);
  EXPECT_EQ(modelc_parse_double("9007199254740993.0000000001"),
            9007199254740994.0);
  std::string far = "9007199254740993." + std::string(1000, '0') + "1";
  EXPECT_EQ(modelc_parse_double(far.c_str()), 9007199254740994.0);
  std::string zeros = "9007199254740993." + std::string(1000, '0');
  EXPECT_EQ(modelc_parse_double(zeros.c_str()), 9007199254740992.0);
  std::string big = "1" + std::string(400, '0');
  EXPECT_EQ(modelc_parse_double(big.c_str()),
            std::numeric_limits<double>::infinity());
  std::string tiny = "0." + std::string(400, '0') + "1";
  EXPECT_EQ(modelc_parse_double(tiny.c_str()), 0.0);
  std::string many = std::string(900, '1') + "e-899";
  EXPECT_EQ(modelc_parse_double(many.c_str()), 1.1111111111111112);
}

/// The parser agrees with the C library's strtod (C locale) on "%.17g" text
/// of random doubles and on random short literals.
TEST(ParseTest, MatchesStrtod) {
  uint64_t state = 3;
  char text[64];
  for (int i = 0; i < 100000; ++i) {
    uint64_t bits = nextRandom(state);
    double d;
    std::memcpy(&d, &bits, 8);
    if (std::isnan(d) || std::isinf(d))
      continue;
    std::snprintf(text, sizeof(text), "%.17g", d);
    ASSERT_EQ(doubleBits(modelc_parse_double(text)),
              doubleBits(std::strtod(text, nullptr)))
        << text;
    std::snprintf(text, sizeof(text), "%llu.%llue%d",
                  static_cast<unsigned long long>(nextRandom(state) % 100000),
                  static_cast<unsigned long long>(nextRandom(state) % 1000000),
                  static_cast<int>(nextRandom(state) % 80) - 40);
    ASSERT_EQ(floatBits(modelc_parse_float(text)),
              floatBits(std::strtof(text, nullptr)))
        << text;
  }
}

TEST(ParseTest, Integers) {
  EXPECT_EQ(modelc_parse_int64("42"), 42);
  EXPECT_EQ(modelc_parse_int64(" -42 "), -42);
  EXPECT_EQ(modelc_parse_int64("+7"), 7);
  EXPECT_EQ(modelc_parse_int64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(modelc_parse_int64("9223372036854775808"), INT64_MAX);
  EXPECT_EQ(modelc_parse_int64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(modelc_parse_int64("-99999999999999999999999"), INT64_MIN);
  EXPECT_EQ(modelc_parse_int64("100.5"), 100);
  EXPECT_EQ(modelc_parse_int64("-2.7"), -2);
  EXPECT_EQ(modelc_parse_int64("1e3"), 1000);
  EXPECT_EQ(modelc_parse_int64("1e30"), INT64_MAX);
  EXPECT_EQ(modelc_parse_int64("-INF"), INT64_MIN);
  EXPECT_EQ(modelc_parse_int64("nan"), 0);
  EXPECT_EQ(modelc_parse_int64("abc"), 0);
  EXPECT_EQ(modelc_parse_uint64("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(modelc_parse_uint64("18446744073709551616"), UINT64_MAX);
  EXPECT_EQ(modelc_parse_uint64("-1"), UINT64_MAX);
  EXPECT_EQ(modelc_parse_uint64("12.9"), 12u);
  EXPECT_EQ(modelc_parse_uint64("1e19"), 10000000000000000000ull);
}

TEST(ParseTest, Bools) {
  EXPECT_EQ(modelc_parse_bool("true"), 1);
  EXPECT_EQ(modelc_parse_bool(" TRUE "), 1);
  EXPECT_EQ(modelc_parse_bool("False"), 0);
  EXPECT_EQ(modelc_parse_bool("0"), 0);
  EXPECT_EQ(modelc_parse_bool("-0.0"), 0);
  EXPECT_EQ(modelc_parse_bool("1"), 1);
  EXPECT_EQ(modelc_parse_bool("0.5"), 1);
  EXPECT_EQ(modelc_parse_bool("nan"), 1);
  EXPECT_EQ(modelc_parse_bool("truex"), 1); // Not a number: NaN.
}

} // namespace
