/*
 * hdr_parse.c - the bytes of a message into header lines and body, as
 * sendmail 8.17's collect() reads them.
 *
 * Two state machines, as in sendmail: the input one turns CR LF into LF
 * (a bare CR stays) and, for -bm without -i, handles a line holding only
 * "." (the end) and a leading ".." (one dot); the message one collects
 * lines: the first may be a UNIX "From " line, then header lines (a line
 * is one when sendmail's isheader says so; one that starts with a blank
 * continues the previous line, whose newline is kept), then the body,
 * which starts after the first line that is not a header (a blank line
 * is dropped, any other line is body).  Every byte is looked at once;
 * lines grow in a buf, so time is linear in the input.
 */
#include "msg/intake.h"
#include "util/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { IS_NORM, IS_BOL, IS_DOT, IS_DOTCR, IS_CR };

/* hdr_parse_init - a parser for a new message */
void
hdr_parse_init(struct hdr_parse *p, int flags, long max_headers)
{
	memset(p, 0, sizeof(*p));
	p->flags = flags;
	p->max_headers = max_headers;
	p->state = HDR_PARSE_HEADER;
	p->istate = IS_BOL;
	p->first = !(flags & HDR_PARSE_SAVE_FROM);
	p->hard_max = HDR_PARSE_HARD_MAX;
	buf_init(&p->line);
}

/* hdr_parse_free - release a parser */
void
hdr_parse_free(struct hdr_parse *p)
{
	size_t i;

	for (i = 0; i < p->nq; i++)
		free(p->q[i].text);
	free(p->q);
	buf_free(&p->line);
	memset(p, 0, sizeof(*p));
}

/* hdr_parse_isheader - sendmail's isheader */
bool
hdr_parse_isheader(const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	const unsigned char *end = s + len;

	/* "--" starts a MIME boundary, never a header */
	if (len >= 2 && s[0] == '-' && s[1] == '-')
		return false;
	/* sendmail's signed-char test: 0x21..0x7f, bytes >= 0x80 stop it */
	while (s < end && *s > ' ' && *s < 0x80 && *s != ':')
		s++;
	if (s == (const unsigned char *)line)
		return false;
	while (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		s++;
	return s < end && *s == ':';
}

/* hdr_parse_release - free the line handed out last; empty the queue if done */
static void
hdr_parse_release(struct hdr_parse *p)
{
	if (p->qhead > 0 && p->q[p->qhead - 1].text != NULL) {
		free(p->q[p->qhead - 1].text);
		p->q[p->qhead - 1].text = NULL;
	}
	if (p->qhead >= p->nq)
		p->nq = p->qhead = 0;
}

/* hdr_parse_emit - queue a line for hdr_parse_next */
static void
hdr_parse_emit(struct hdr_parse *p, enum hdr_line_kind kind, const char *s,
    size_t len)
{
	struct hdr_parse_line *l;

	hdr_parse_release(p);
	if (p->nq == p->qcap) {
		p->qcap = p->qcap ? p->qcap * 2 : 16;
		p->q = xreallocarray(p->q, p->qcap, sizeof(*p->q));
	}
	l = &p->q[p->nq++];
	l->kind = kind;
	l->text = xstrndup(s, len);
	l->len = strlen(l->text);
}

/* hdr_parse_next - the next line the parser has ready */
const struct hdr_parse_line *
hdr_parse_next(struct hdr_parse *p)
{
	/* the line handed out last time is freed now */
	hdr_parse_release(p);
	if (p->qhead >= p->nq)
		return NULL;
	return &p->q[p->qhead++];
}

/* hdr_parse_longname - does the header line name pass HDR_PARSE_MAXNAME? */
static bool
hdr_parse_longname(const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	const unsigned char *end = s + len, *name = s;

	/* chompheader's name: graphic ASCII up to ':', then blanks, ':' */
	while (s < end && *s > ' ' && *s < 0x7f && *s != ':')
		s++;
	if ((size_t)(s - name) <= HDR_PARSE_MAXNAME)
		return false;
	while (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		s++;
	/* a syntax error is chompheader's to report, not the end */
	return s < end && *s == ':';
}

/* hdr_parse_eoh - the header ends (once) */
static void
hdr_parse_eoh(struct hdr_parse *p)
{
	if (!p->eoh) {
		p->eoh = true;
		p->has8bit_eoh = p->has8bit;
	}
}

/* hdr_parse_to_body - the header has ended; line (not blank) goes to body */
static void
hdr_parse_to_body(struct hdr_parse *p, const char *s, size_t len,
    struct buf *body)
{
	p->state = HDR_PARSE_BODY;
	hdr_parse_eoh(p);
	if ((len == 1 && s[0] == '\n') ||
	    (len == 2 && s[0] == '\r' && s[1] == '\n'))
		return;
	buf_add(body, s, len);
}

/* hdr_parse_header_done - the pending header line did not continue */
static void
hdr_parse_header_done(struct hdr_parse *p, struct buf *body)
{
	size_t len = p->line.len;
	const char *s = buf_str(&p->line);

	p->pending = false;
	/* without its LF or CR LF */
	if (len > 0 && s[len - 1] == '\n') {
		len--;
		if (len > 0 && s[len - 1] == '\r')
			len--;
	}
	if (hdr_parse_longname(s, len)) {
		/* sendmail's H_EOH: the line, without its end, starts the body */
		p->state = HDR_PARSE_BODY;
		hdr_parse_eoh(p);
		buf_add(body, s, len);
	} else {
		hdr_parse_emit(p, HDR_LINE_HEADER, s, len);
		p->numhdrs++;
	}
	buf_reset(&p->line);
}

/* hdr_parse_line_done - a whole line (ending in LF) is in p->line */
static void
hdr_parse_line_done(struct hdr_parse *p, struct buf *body)
{
	const char *s = buf_str(&p->line);
	size_t len = p->line.len;

	if (p->first) {
		p->first = false;
		if (len >= 5 && memcmp(s, "From ", 5) == 0) {
			hdr_parse_emit(p, HDR_LINE_UNIXFROM, s, len - 1);
			buf_reset(&p->line);
			return;
		}
	}
	if (!hdr_parse_isheader(s, len)) {
		hdr_parse_to_body(p, s, len, body);
		buf_reset(&p->line);
		return;
	}
	/* the next byte says whether the header line goes on */
	p->pending = true;
}

/* hdr_parse_toobig - MaxHeadersLength passed: the rest is thrown away */
static void
hdr_parse_toobig(struct hdr_parse *p)
{
	p->toobig = true;
	p->state = HDR_PARSE_DISCARD;
	hdr_parse_eoh(p);
	if (p->max_headers > 0)
		snprintf(p->error, sizeof(p->error),
		    "552 5.6.0 Headers too large (%ld max)", p->max_headers);
	else
		snprintf(p->error, sizeof(p->error),
		    "552 5.6.0 Headers too large");
	buf_free(&p->line);
	p->pending = false;
}

/* hdr_parse_char - one byte after the input state machine */
static void
hdr_parse_char(struct hdr_parse *p, int c, struct buf *body)
{
	long max;

	p->msgsize++;
	switch (p->state) {
	case HDR_PARSE_BODY:
		buf_addc(body, c);
		return;
	case HDR_PARSE_DISCARD:
	case HDR_PARSE_DONE:
		return;
	case HDR_PARSE_HEADER:
		break;
	}
	if (c != '\0') {
		buf_addc(&p->line, c);
		p->hdrslen++;
		max = p->max_headers > 0 ? p->max_headers : p->hard_max;
		if (max > 0 && p->hdrslen > max) {
			hdr_parse_toobig(p);
			return;
		}
	}
	if (p->istate == IS_BOL)
		hdr_parse_line_done(p, body);
}

/* hdr_parse_input - one byte of input (or one given back) */
static void
hdr_parse_input(struct hdr_parse *p, int c, struct buf *body)
{
	bool dots = !(p->flags & (HDR_PARSE_SMTP | HDR_PARSE_IGNORE_DOTS));

	for (;;) {
		switch (p->istate) {
		case IS_BOL:
			if (c == '.' && dots) {
				p->istate = IS_DOT;
				goto next;
			}
			break;
		case IS_DOT:
			if (c == '\n') {
				p->state = HDR_PARSE_DONE;
				return;
			}
			if (c == '\r') {
				p->istate = IS_DOTCR;
				goto next;
			}
			if (c != '.') {
				/* the dot stays, c comes again */
				p->push[p->npush++] = (unsigned char)c;
				c = '.';
			}
			/* ".." is one dot */
			break;
		case IS_DOTCR:
			if (c == '\n') {
				p->state = HDR_PARSE_DONE;
				return;
			}
			p->push[p->npush++] = (unsigned char)c;
			p->push[p->npush++] = '\r';
			c = '.';
			break;
		case IS_CR:
			if (c == '\n')
				p->istate = IS_BOL;
			else {
				/* a bare CR is kept; c is read again */
				p->push[p->npush++] = (unsigned char)c;
				c = '\r';
				p->istate = IS_NORM;
			}
			hdr_parse_char(p, c, body);
			goto next;
		}
		if (c == '\r') {
			p->istate = IS_CR;
			goto next;
		}
		p->istate = c == '\n' ? IS_BOL : IS_NORM;
		hdr_parse_char(p, c, body);
next:
		if (p->state == HDR_PARSE_DONE || p->npush == 0)
			return;
		/* (the stack is always empty when a line ends, so no byte
		   given back is ever the one that says it continues) */
		c = p->push[--p->npush];
	}
}

/* hdr_parse_feed - more bytes of the message */
void
hdr_parse_feed(struct hdr_parse *p, const void *data, size_t n,
    struct buf *body)
{
	const unsigned char *s = data;
	bool dots = !(p->flags & (HDR_PARSE_SMTP | HDR_PARSE_IGNORE_DOTS));
	size_t i;
	int c;

	for (i = 0; i < n; i++) {
		if (p->state == HDR_PARSE_DONE)
			return;
		/*
		 * the body: a run goes to body whole (the state machine
		 * would add it a byte at a time, to the same effect).  When
		 * dots mean nothing here (SMTP unstuffed them) the run goes
		 * on over line ends up to the next CR, the one byte the
		 * machine treats specially: a whole chunk at once; else it
		 * stops at the line's end.
		 */
		if (p->state == HDR_PARSE_BODY && !p->pending &&
		    p->npush == 0 && !(p->flags & HDR_PARSE_SEVEN_BIT) &&
		    (p->istate == IS_NORM || (p->istate == IS_BOL && !dots))) {
			const unsigned char *cr;
			size_t j;

			if (dots)
				j = i + scan_eol(s + i, n - i);
			else if ((cr = memchr(s + i, '\r', n - i)) != NULL)
				j = (size_t)(cr - s);
			else
				j = n;
			if (j > i) {
				buf_add(body, s + i, j - i);
				p->msgsize += (long)(j - i);
				if (!p->has8bit && scan_high(s + i, j - i))
					p->has8bit = true;
				p->istate = s[j - 1] == '\n' ? IS_BOL : IS_NORM;
				i = j - 1;
				continue;
			}
		}
		c = s[i];
		if (p->pending) {
			/* sendmail peeks at the raw next byte: a blank continues */
			if (c == ' ' || c == '\t')
				p->pending = false;
			else
				hdr_parse_header_done(p, body);
		}
		if (p->flags & HDR_PARSE_SEVEN_BIT)
			c &= 0x7f;
		else if (c & 0x80)
			p->has8bit = true;
		hdr_parse_input(p, c, body);
	}
}

/* hdr_parse_end - the end of the input */
void
hdr_parse_end(struct hdr_parse *p, struct buf *body)
{
	if (p->pending)
		hdr_parse_header_done(p, body);
	/* a header line without its newline is lost, as in sendmail */
	buf_reset(&p->line);
	if (p->state == HDR_PARSE_HEADER)
		p->state = HDR_PARSE_BODY;
	hdr_parse_eoh(p);
}
