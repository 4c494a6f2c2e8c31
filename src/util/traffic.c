/*
 * traffic.c - the -X traffic log, line by line.
 */
#include "util/traffic.h"

#include <string.h>
#include <unistd.h>

void
traffic_init(struct traffic *t, FILE *fp)
{
	t->fp = fp;
	buf_init(&t->in);
	buf_init(&t->out);
}

/* traffic_line - one line (without its end) with its direction */
static void
traffic_line(struct traffic *t, const char *dir, const char *p, size_t n)
{
	if (n > 0 && p[n - 1] == '\r')
		n--;
	fprintf(t->fp, "%05d %s ", (int)getpid(), dir);
	fwrite(p, 1, n, t->fp);
	fputc('\n', t->fp);
}

/* traffic_feed - bytes into the partial line; complete ones logged */
static void
traffic_feed(struct traffic *t, struct buf *b, const char *dir, const void *p,
    size_t n)
{
	const char *s = p, *e = s + n;

	if (t->fp == NULL)
		return;
	while (s < e) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));

		if (nl == NULL) {
			buf_add(b, s, (size_t)(e - s));
			break;
		}
		if (b->len > 0) {
			buf_add(b, s, (size_t)(nl - s));
			traffic_line(t, dir, b->data, b->len);
			buf_reset(b);
		} else
			traffic_line(t, dir, s, (size_t)(nl - s));
		s = nl + 1;
	}
	fflush(t->fp);
}

void
traffic_in(struct traffic *t, const void *p, size_t n)
{
	traffic_feed(t, &t->in, "<<<", p, n);
}

void
traffic_out(struct traffic *t, const void *p, size_t n)
{
	traffic_feed(t, &t->out, ">>>", p, n);
}

void
traffic_end(struct traffic *t)
{
	if (t->fp != NULL) {
		if (t->in.len > 0)
			traffic_line(t, "<<<", t->in.data, t->in.len);
		if (t->out.len > 0)
			traffic_line(t, ">>>", t->out.data, t->out.len);
		fflush(t->fp);
	}
	buf_free(&t->in);
	buf_free(&t->out);
}
