/* link_strings.c - a C program that links a model with string tensors,
 * compiled by `modelc strings_normalize.onnx --emit=lib -o DIR/words`
 * (test/Driver/link-strings.test): Y = StringNormalizer(X, UPPER, stop
 * words "the" and "a", case-insensitive) of a [1, 4] X declared to keep 3,
 * and Z = Cast(F, to=STRING) of 3 floats. It passes strings in, prints the
 * strings it gets back and where they point (into its own inputs, into the
 * workspace, elsewhere: static strings), runs the model again with the
 * same workspace, and reports the status of runs whose strings do not fit
 * in the string arena (a build with a tiny --string-arena-bytes) or that
 * keep a number of strings other than the declared one. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "words.h"

static const char *where(const char *p, const char *const *inputs, size_t n,
                         const void *workspace, size_t workspace_size) {
  for (size_t i = 0; i < n; ++i)
    if (p >= inputs[i] && p <= inputs[i] + strlen(inputs[i]))
      return "input";
  if ((const char *)p >= (const char *)workspace &&
      (const char *)p < (const char *)workspace + workspace_size)
    return "workspace";
  return "static";
}

static void print(const char *label, const char *const *strings, int n) {
  printf("%s:", label);
  for (int i = 0; i < n; ++i) {
    printf(" \"");
    for (const unsigned char *c = (const unsigned char *)strings[i]; *c; ++c)
      printf(*c < 0x80 ? "%c" : "\\x%02X", *c);
    printf("\"");
  }
  printf("\n");
}

int main(void) {
  printf("dtypes %s %s %s, arena %zu bytes, workspace %s\n",
         modelc_dtype_name(WORDS_INPUT_0_DTYPE),
         modelc_dtype_name(WORDS_OUTPUT_0_DTYPE),
         modelc_dtype_name(WORDS_OUTPUT_1_DTYPE), WORDS_STRING_ARENA_SIZE,
         WORDS_WORKSPACE_SIZE > WORDS_STRING_ARENA_SIZE ? "holds it" : "?");
  /* "GO" has nothing to upper-case: its output is the input itself. The
   * invalid UTF-8 byte \xFF stays as it is. */
  const char *x[WORDS_INPUT_0_NUM_ELEMENTS] = {"The", "Stra\303\237e", "GO",
                                               "caf\303\251\377"};
  const float f[WORDS_INPUT_1_NUM_ELEMENTS] = {0.1f, 1e-5f, -0.0f};
  const char *y[WORDS_OUTPUT_0_NUM_ELEMENTS];
  const char *z[WORDS_OUTPUT_1_NUM_ELEMENTS];
  void *workspace = NULL;
  if (words_workspace_alloc(&workspace) != MODELC_STATUS_OK)
    return 2;

  modelc_status status = words_run(x, f, y, z, workspace);
  printf("run: %s\n", modelc_status_string(status));
  if (status != MODELC_STATUS_OK) { /* The outputs are undefined. */
    words_workspace_free(workspace);
    return 0;
  }
  print("Y", y, WORDS_OUTPUT_0_NUM_ELEMENTS);
  print("Z", z, WORDS_OUTPUT_1_NUM_ELEMENTS);
  printf("Y points to:");
  for (int i = 0; i < WORDS_OUTPUT_0_NUM_ELEMENTS; ++i)
    printf(" %s", where(y[i], x, 4, workspace, WORDS_WORKSPACE_SIZE));
  printf("\nZ points to:");
  for (int i = 0; i < WORDS_OUTPUT_1_NUM_ELEMENTS; ++i)
    printf(" %s", where(z[i], x, 4, workspace, WORDS_WORKSPACE_SIZE));
  printf("\n");

  /* The same workspace again, through the packed entry point: the arena
   * starts empty each run, so the strings land where they did before. */
  const char *first = y[0];
  const void *inputs[] = {x, f};
  const char *y2[WORDS_OUTPUT_0_NUM_ELEMENTS];
  const char *z2[WORDS_OUTPUT_1_NUM_ELEMENTS];
  void *outputs[] = {y2, z2};
  status = words_run_packed(inputs, outputs, workspace);
  printf("again: %s, same place %d\n", modelc_status_string(status),
         y2[0] == first && strcmp(y2[0], "STRA\303\237E") == 0);

  /* One stop word fewer than declared: 4 strings kept, 3 declared. */
  const char *four[WORDS_INPUT_0_NUM_ELEMENTS] = {"one", "two", "three",
                                                  "four"};
  status = words_run(four, f, y, z, workspace);
  printf("four kept: %s\n", modelc_status_string(status));
  words_workspace_free(workspace);
  return 0;
}
