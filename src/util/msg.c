/* msg.c - leveled diagnostics with a replaceable sink */
#include "util/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *msg_tag_name = "sendmail";
static msg_sink_fn msg_sink;
static void *msg_sink_ctx;
static msg_fatal_hook_fn msg_fatal_hook;
static void *msg_fatal_ctx;

void
msg_set_tag(const char *tag)
{
	msg_tag_name = tag;
}

const char *
msg_tag(void)
{
	return msg_tag_name;
}

void
msg_set_sink(msg_sink_fn fn, void *ctx)
{
	msg_sink = fn;
	msg_sink_ctx = ctx;
}

void
msg_set_fatal_hook(msg_fatal_hook_fn fn, void *ctx)
{
	msg_fatal_hook = fn;
	msg_fatal_ctx = ctx;
}

/* msg_emit - format once, then hand to the sink or stderr */
static void
msg_emit(enum msg_level level, const char *suffix, const char *fmt,
    va_list ap)
{
	char text[2048];
	int n = vsnprintf(text, sizeof(text), fmt, ap);

	if (n >= 0 && suffix != NULL && (size_t)n < sizeof(text))
		snprintf(text + n, sizeof(text) - (size_t)n, ": %s", suffix);
	if (msg_sink != NULL) {
		msg_sink(level, text, msg_sink_ctx);
		return;
	}
	fprintf(stderr, "%s: %s%s\n", msg_tag_name,
	    level == MSG_FATAL ? "fatal: " :
	    level == MSG_PANIC ? "panic: " : "", text);
}

void
msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_emit(MSG_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	msg_emit(MSG_WARN, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
}

void
msg_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_emit(MSG_WARN, NULL, fmt, ap);
	va_end(ap);
}

void
msg_fatal(int exitcode, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_emit(MSG_FATAL, NULL, fmt, ap);
	va_end(ap);
	if (msg_fatal_hook != NULL)
		msg_fatal_hook(exitcode, msg_fatal_ctx);
	exit(exitcode);
}

void
msg_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_emit(MSG_PANIC, NULL, fmt, ap);
	va_end(ap);
	abort();
}
