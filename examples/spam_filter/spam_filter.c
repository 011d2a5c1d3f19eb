/*
 * spam_filter.c - scores e-mail messages with the model compiled by modelc
 * (spam_filter.onnx, trained by train.py) and applies a business rule:
 *
 *   p >= 0.90          junk     (move to the spam folder)
 *   0.50 <= p < 0.90   flagged  (stay in the inbox, marked for the user)
 *   p < 0.50           inbox
 *
 *   spam-filter [--threads N] FILE...
 *       one line per message: PATH<TAB>PROBABILITY<TAB>DECISION
 *   spam-filter [--threads N] --maildir DIR [--dry-run]
 *       scores DIR/new and DIR/cur and applies the rule with rename() only:
 *       junk goes to DIR/.Junk/cur (created when missing), a flagged message
 *       gets the F flag in its file name (a message of new/ moves to cur/, as
 *       the Maildir format wants flags there). A destination that exists is
 *       never overwritten, and a failed move leaves the message where it was
 *       and is reported. Lines: PATH<TAB>PROBABILITY<TAB>DECISION<TAB>ACTION.
 *   spam-filter --dump-window FILE...
 *       prints the model's input row for each message in hex (for tests of
 *       the preprocessing against train.py's message_window).
 *
 * A summary line on stderr gives the counts and the messages per second.
 * Exit status: 0, or 1 when a message could not be read or moved (the others
 * are still processed), 2 on a usage error.
 *
 * The preprocessing is the C twin of message_window() in train.py: carriage
 * returns are dropped, then a leading mbox "From " line; the message is split
 * at its first blank line; the first SPAM_HEADER_BYTES bytes of the headers
 * and the first SPAM_BODY_BYTES bytes of the body, zero-padded, form the
 * model's uint8 input row. Everything else (the byte embedding, the
 * convolutions) is in the model: no tokenizer here. The workspace is
 * allocated once; scoring a message allocates nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spam_filter.h"

#define SPAM_HEADER_BYTES 1024
#define SPAM_BODY_BYTES 2048
#define SPAM_WINDOW (SPAM_HEADER_BYTES + SPAM_BODY_BYTES)
#define JUNK_THRESHOLD 0.90f
#define FLAG_THRESHOLD 0.50f

#if SPAM_FILTER_INPUT_0_NUM_ELEMENTS != SPAM_WINDOW ||                         \
    SPAM_FILTER_OUTPUT_0_NUM_ELEMENTS != 1
#error "spam_filter.onnx must be compiled with its input pinned to 1x3072"
#endif

static const char *prog = "spam-filter";

/* ------------------------------------------------------------------------ */
/* Preprocessing                                                             */

enum window_state { CHECK_FROM, SKIP_LINE, HEADER, BODY };

struct window {
  uint8_t *row;
  enum window_state state;
  char prefix[5]; /* the first bytes, while deciding on a "From " line */
  int prefix_len;
  int pending_newline; /* a '\n' of the headers not yet known not to end them */
  size_t header_len, body_len;
};

static void header_byte(struct window *w, uint8_t b) {
  if (w->header_len < SPAM_HEADER_BYTES)
    w->row[w->header_len++] = b;
}

/* One byte of the message after the From-line check. */
static void content_byte(struct window *w, uint8_t b) {
  if (w->state == BODY) {
    if (w->body_len < SPAM_BODY_BYTES)
      w->row[SPAM_HEADER_BYTES + w->body_len++] = b;
    return;
  }
  if (b == '\n') {
    if (w->pending_newline) { /* a blank line: the body starts */
      w->pending_newline = 0;
      w->state = BODY;
    } else {
      w->pending_newline = 1;
    }
    return;
  }
  if (w->pending_newline) {
    header_byte(w, '\n');
    w->pending_newline = 0;
  }
  header_byte(w, b);
}

static void window_byte(struct window *w, uint8_t b) {
  int i;
  if (b == '\r')
    return;
  switch (w->state) {
  case CHECK_FROM:
    w->prefix[w->prefix_len++] = (char)b;
    if (memcmp(w->prefix, "From ", (size_t)w->prefix_len) != 0) {
      w->state = HEADER; /* not a From line: the bytes are headers */
      for (i = 0; i < w->prefix_len; ++i)
        content_byte(w, (uint8_t)w->prefix[i]);
    } else if (w->prefix_len == 5) {
      w->state = SKIP_LINE;
    }
    return;
  case SKIP_LINE:
    if (b == '\n')
      w->state = HEADER;
    return;
  default:
    content_byte(w, b);
  }
}

static void window_end(struct window *w) {
  int i;
  if (w->state == CHECK_FROM) { /* shorter than "From " */
    w->state = HEADER;
    for (i = 0; i < w->prefix_len; ++i)
      content_byte(w, (uint8_t)w->prefix[i]);
  }
  if (w->state == HEADER && w->pending_newline)
    header_byte(w, '\n');
}

/* Reads the message at `path` into `row` (SPAM_WINDOW bytes). Returns 0, or
 * errno's value when the file cannot be read. Stops reading once the body
 * window is full. */
static int read_window(const char *path, uint8_t *row) {
  static uint8_t buffer[1 << 16];
  struct window w;
  size_t n, i;
  int err = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return errno;
  memset(row, 0, SPAM_WINDOW);
  memset(&w, 0, sizeof w);
  w.row = row;
  w.state = CHECK_FROM;
  while (!(w.state == BODY && w.body_len == SPAM_BODY_BYTES) &&
         (n = fread(buffer, 1, sizeof buffer, f)) > 0) {
    for (i = 0; i < n; ++i)
      window_byte(&w, buffer[i]);
  }
  if (ferror(f))
    err = errno ? errno : EIO;
  fclose(f);
  if (err)
    return err;
  window_end(&w);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Scoring                                                                   */

static uint8_t input_row[SPAM_WINDOW];
static void *workspace;

enum decision { INBOX, FLAGGED, JUNK };
static const char *const decision_names[] = {"inbox", "flagged", "junk"};

static enum decision decide(float p) {
  return p >= JUNK_THRESHOLD ? JUNK : p >= FLAG_THRESHOLD ? FLAGGED : INBOX;
}

/* Scores one message. Returns 0 with *p set, or -1 after reporting. */
static int score(const char *path, float *p) {
  modelc_status st;
  float out[1];
  int err = read_window(path, input_row);
  if (err) {
    fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(err));
    return -1;
  }
  st = spam_filter_run(input_row, out, workspace);
  if (st != MODELC_STATUS_OK) {
    fprintf(stderr, "%s: %s: the model failed: %s\n", prog, path,
            modelc_status_string(st));
    return -1;
  }
  *p = out[0];
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Maildir                                                                   */

struct counts {
  unsigned long messages, junk, flagged, inbox, errors;
};

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Renames `from` to `to` unless `to` exists. Returns 0 or an errno value. */
static int move_no_replace(const char *from, const char *to) {
#ifdef RENAME_NOREPLACE
  if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return errno;
    /* The file system cannot rename without replacing: check, then rename. */
#endif
  {
    struct stat st;
    if (lstat(to, &st) == 0)
      return EEXIST;
    if (rename(from, to) != 0)
      return errno;
  }
  return 0;
}

/* The Maildir name of a message in cur/ with the flag F added: NAME:2,FLAGS
 * with the flags in ASCII order. Returns 0 when it already had F, 1 when
 * `out` is the new name, -1 when it does not fit. */
static int flagged_name(const char *name, int in_new, char *out, size_t size) {
  const char *info = strstr(name, ":2,");
  char flags[64];
  size_t base, nflags, i;
  if (in_new || !info) {
    /* new/NAME (or a cur/ name without info) -> NAME:2,F */
    base = in_new && info ? (size_t)(info - name) : strlen(name);
    if ((size_t)snprintf(out, size, "%.*s:2,F", (int)base, name) >= size)
      return -1;
    return 1;
  }
  if (strchr(info + 3, 'F'))
    return 0;
  base = (size_t)(info - name);
  nflags = strlen(info + 3);
  if (nflags + 2 > sizeof flags)
    return -1;
  /* Insert F in ASCII order. */
  for (i = 0; i < nflags && (unsigned char)info[3 + i] < 'F'; ++i)
    flags[i] = info[3 + i];
  flags[i] = 'F';
  memcpy(flags + i + 1, info + 3 + i, nflags - i);
  flags[nflags + 1] = '\0';
  if ((size_t)snprintf(out, size, "%.*s:2,%s", (int)base, name, flags) >= size)
    return -1;
  return 1;
}

/* Creates DIR/.Junk with cur, new and tmp where missing. 0 or errno. */
static int make_junk_folder(const char *dir) {
  static const char *const parts[] = {"", "/cur", "/new", "/tmp"};
  char path[4096];
  size_t i;
  for (i = 0; i < sizeof parts / sizeof parts[0]; ++i) {
    if ((size_t)snprintf(path, sizeof path, "%s/.Junk%s", dir, parts[i]) >=
        sizeof path)
      return ENAMETOOLONG;
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
      return errno;
    if (!is_dir(path))
      return ENOTDIR;
  }
  return 0;
}

static int skip_entry(const struct dirent *e) { return e->d_name[0] != '.'; }

static void maildir_message(const char *dir, const char *sub, const char *name,
                            int dry_run, struct counts *c) {
  char path[4096], dest[4096], newname[1024];
  const char *action = "kept";
  enum decision d;
  float p;
  int err = 0, r = 1;

  if ((size_t)snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name) >=
      sizeof path) {
    fprintf(stderr, "%s: %s/%s/%s: path too long\n", prog, dir, sub, name);
    ++c->errors;
    return;
  }
  ++c->messages;
  if (score(path, &p) != 0) {
    ++c->errors;
    return;
  }
  d = decide(p);
  dest[0] = '\0';
  if (d == JUNK) {
    ++c->junk;
    /* A message of new/ gets the info suffix when it moves into a cur/. */
    r = snprintf(dest, sizeof dest, "%s/.Junk/cur/%s%s", dir, name,
                 strcmp(sub, "new") == 0 && !strstr(name, ":2,") ? ":2," : "");
    if ((size_t)r >= sizeof dest)
      err = ENAMETOOLONG;
    else if (dry_run)
      action = "would move to";
    else if ((err = make_junk_folder(dir)) == 0 &&
             (err = move_no_replace(path, dest)) == 0)
      action = "moved to";
  } else if (d == FLAGGED) {
    ++c->flagged;
    r = flagged_name(name, strcmp(sub, "new") == 0, newname, sizeof newname);
    if (r < 0) {
      err = ENAMETOOLONG;
    } else if (r == 0) {
      action = "already flagged";
    } else if ((size_t)snprintf(dest, sizeof dest, "%s/cur/%s", dir, newname) >=
               sizeof dest) {
      err = ENAMETOOLONG;
    } else if (dry_run) {
      action = "would rename to";
    } else if ((err = move_no_replace(path, dest)) == 0) {
      action = "renamed to";
    }
  } else {
    ++c->inbox;
  }
  if (err) {
    ++c->errors;
    printf("%s\t%.6f\t%s\tleft in place\n", path, (double)p, decision_names[d]);
    fprintf(stderr, "%s: %s: cannot move to %s: %s (left in place)\n", prog,
            path, dest[0] ? dest : "its destination", strerror(err));
    return;
  }
  if (d == INBOX || r == 0) /* kept, already flagged */
    printf("%s\t%.6f\t%s\t%s\n", path, (double)p, decision_names[d], action);
  else
    printf("%s\t%.6f\t%s\t%s %s\n", path, (double)p, decision_names[d], action,
           dest);
}

static int run_maildir(const char *dir, int dry_run, struct counts *c) {
  static const char *const subs[] = {"new", "cur"};
  struct dirent **entries[2] = {NULL, NULL};
  int counts[2] = {0, 0}, rc = 0, s, i;
  char path[4096];
  /* Both folders are listed before any rename, so that a message that moves
   * from new/ to cur/ is not seen twice. */
  for (s = 0; s < 2 && rc == 0; ++s) {
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, subs[s]) >=
        sizeof path) {
      fprintf(stderr, "%s: %s: path too long\n", prog, dir);
      rc = -1;
    } else if (!is_dir(path)) {
      fprintf(stderr, "%s: %s is not a Maildir: no folder %s\n", prog, dir,
              path);
      rc = -1;
    } else if ((counts[s] = scandir(path, &entries[s], skip_entry, alphasort)) <
               0) {
      fprintf(stderr, "%s: cannot read %s: %s\n", prog, path, strerror(errno));
      counts[s] = 0;
      rc = -1;
    }
  }
  for (s = 0; s < 2; ++s) {
    for (i = 0; i < counts[s]; ++i) {
      struct stat st;
      if (rc == 0 &&
          (size_t)snprintf(path, sizeof path, "%s/%s/%s", dir, subs[s],
                           entries[s][i]->d_name) < sizeof path &&
          stat(path, &st) == 0 && S_ISREG(st.st_mode))
        maildir_message(dir, subs[s], entries[s][i]->d_name, dry_run, c);
      free(entries[s][i]);
    }
    free(entries[s]);
  }
  return rc;
}

/* ------------------------------------------------------------------------ */

static void usage(FILE *f) {
  fprintf(f,
          "usage: %s [--threads N] FILE...\n"
          "       %s [--threads N] --maildir DIR [--dry-run]\n"
          "       %s --dump-window FILE...\n"
          "Scores RFC 822 messages with the spam model: junk (p >= 0.90), "
          "flagged (p >= 0.50) or inbox.\n",
          prog, prog, prog);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  const char *maildir = NULL;
  int dry_run = 0, dump = 0, a, first_file = 0, rc = 0;
  long threads = 0;
  struct counts c = {0, 0, 0, 0, 0};
  modelc_status st;
  double t0, seconds;

  for (a = 1; a < argc; ++a) {
    const char *opt = argv[a];
    if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(opt, "--maildir") || !strcmp(opt, "--threads")) {
      if (a + 1 >= argc) {
        fprintf(stderr, "%s: %s needs a value\n", prog, opt);
        return 2;
      }
      if (!strcmp(opt, "--maildir")) {
        maildir = argv[++a];
      } else {
        char *end;
        threads = strtol(argv[++a], &end, 10);
        if (*end || threads < 1) {
          fprintf(stderr, "%s: --threads takes a number >= 1, not '%s'\n", prog,
                  argv[a]);
          return 2;
        }
      }
    } else if (!strcmp(opt, "--dry-run")) {
      dry_run = 1;
    } else if (!strcmp(opt, "--dump-window")) {
      dump = 1;
    } else if (!strcmp(opt, "--")) {
      first_file = a + 1;
      break;
    } else if (opt[0] == '-' && opt[1]) {
      fprintf(stderr, "%s: unknown option '%s'\n", prog, opt);
      usage(stderr);
      return 2;
    } else {
      first_file = a;
      break;
    }
  }
  if (first_file == 0)
    first_file = argc;
  if (maildir ? first_file < argc : first_file >= argc) {
    usage(stderr);
    return 2;
  }
  if (dry_run && !maildir) {
    fprintf(stderr, "%s: --dry-run needs --maildir\n", prog);
    return 2;
  }
  if (dump && maildir) {
    fprintf(stderr, "%s: --dump-window takes files, not --maildir\n", prog);
    return 2;
  }

  if (dump) {
    for (a = first_file; a < argc; ++a) {
      int err = read_window(argv[a], input_row), i;
      if (err) {
        fprintf(stderr, "%s: %s: %s\n", prog, argv[a], strerror(err));
        rc = 1;
        continue;
      }
      printf("%s\t", argv[a]);
      for (i = 0; i < SPAM_WINDOW; ++i)
        printf("%02x", input_row[i]);
      putchar('\n');
    }
    return rc;
  }

  if (threads > 0)
    modelc_set_num_threads((int)threads);
  st = spam_filter_workspace_alloc(&workspace);
  if (st != MODELC_STATUS_OK) {
    fprintf(stderr, "%s: cannot allocate the model's workspace: %s\n", prog,
            modelc_status_string(st));
    return 1;
  }

  t0 = now();
  if (maildir) {
    if (run_maildir(maildir, dry_run, &c) != 0)
      rc = 1;
  } else {
    for (a = first_file; a < argc; ++a) {
      float p;
      ++c.messages;
      if (score(argv[a], &p) != 0) {
        ++c.errors;
        continue;
      }
      switch (decide(p)) {
      case JUNK:
        ++c.junk;
        break;
      case FLAGGED:
        ++c.flagged;
        break;
      default:
        ++c.inbox;
      }
      printf("%s\t%.6f\t%s\n", argv[a], (double)p, decision_names[decide(p)]);
    }
  }
  seconds = now() - t0;
  fflush(stdout);
  fprintf(stderr,
          "%s: %lu messages: %lu junk, %lu flagged, %lu inbox, %lu errors%s; "
          "%.1f messages/s\n",
          prog, c.messages, c.junk, c.flagged, c.inbox, c.errors,
          dry_run ? " (dry run: nothing moved)" : "",
          seconds > 0 ? (double)c.messages / seconds : 0.0);
  spam_filter_workspace_free(workspace);
  if (c.errors)
    rc = 1;
  return rc;
}
