/*
 * msg - leveled diagnostics: info, warn (with errno), warnx, fatal, panic.
 *
 * Messages go to stderr prefixed with the program tag (see msg_set_tag,
 * normally from -L) unless a sink is installed; tests install one to
 * assert on what was said.  msg_fatal exits with a sysexits code after
 * calling the optional fatal hook; msg_panic is for bugs and aborts.
 */
#ifndef TERN_MSG_H
#define TERN_MSG_H

#include <stdarg.h>

enum msg_level { MSG_INFO, MSG_WARN, MSG_FATAL, MSG_PANIC };

typedef void (*msg_sink_fn)(enum msg_level, const char *text, void *ctx);
typedef void (*msg_fatal_hook_fn)(int exitcode, void *ctx);

void msg_set_tag(const char *tag);
const char *msg_tag(void);
void msg_set_sink(msg_sink_fn, void *ctx);	/* NULL restores stderr */
void msg_set_fatal_hook(msg_fatal_hook_fn, void *ctx);

void msg_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void msg_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void msg_fatal(int exitcode, const char *, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void msg_panic(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
