/*
 * msgout.c - the message as one mailer gets it, sendmail's putfromline,
 * putheader and putbody: the UNIX From line (unless F=n), the headers
 * rewritten for that mailer, a blank line, then the body with the
 * mailer's line ends (E=), ">From " escaping (F=E), doubled leading dots
 * (F=X, and always for SMTP and LMTP) and bit 8 cleared (F=7).
 */
#include "deliver/deliver.h"
#include "cf/cf.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "msg/intake.h"
#include "queue/qf.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define MSGOUT_CHUNK	65536

int
msgout_headers(struct dlv_ctx *c, const struct envelope *e,
    const struct mailer *m, struct buf *out)
{
	struct hdr_put_ctx pc;
	size_t i;

	memset(&pc, 0, sizeof(pc));
	pc.m = m;
	pc.rw = &c->rw;
	pc.macros = c->cf->macros;
	if (e->flags & QF_F_DELBCC)
		pc.eflags |= INTAKE_DELETE_BCC;
	if (c->cf->opts->old_style_headers)
		pc.eflags |= INTAKE_OLDSTYLE;
	for (i = 0; i < e->headers.n; i++) {
		const struct hdr *h = &e->headers.v[i];

		if (!h->deleted && !h->from_cf && (h->flags & HDR_RESENT))
			pc.eflags |= INTAKE_RESENT;
	}
	return hdr_rewrite_put(&e->headers, &pc, out);
}

/* the output side: a buffer flushed with whole writes */
struct msgout_w {
	int fd;
	char buf[MSGOUT_CHUNK];
	size_t n;
	int err;
};

static void
msgout_flush(struct msgout_w *w)
{
	size_t off = 0;

	while (off < w->n && w->err == 0) {
		ssize_t r = write(w->fd, w->buf + off, w->n - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			w->err = r < 0 ? errno : EIO;
		else
			off += (size_t)r;
	}
	w->n = 0;
}

static void
msgout_put(struct msgout_w *w, const char *p, size_t n)
{
	while (n > 0 && w->err == 0) {
		size_t k = sizeof(w->buf) - w->n;

		if (k > n)
			k = n;
		memcpy(w->buf + w->n, p, k);
		w->n += k;
		p += k;
		n -= k;
		if (w->n == sizeof(w->buf))
			msgout_flush(w);
	}
}

/* the state of the line being written */
struct msgout_line {
	const char *eol;
	size_t eollen;
	bool bol;		/* at the beginning of a line */
	bool dots, escape_from, strip8;
	char pend[5];		/* a line start held back: is it "From "? */
	size_t npend;
};

/* msgout_text - bytes of text with "\n" line ends, as the mailer wants */
static void
msgout_text(struct msgout_w *w, struct msgout_line *ln, const char *p,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (ln->strip8)
			ch &= 0x7f;
		if (ln->npend > 0 || (ln->bol && ln->escape_from && ch == 'F')) {
			/* collecting a possible "From " at a line start */
			ln->pend[ln->npend++] = ch;
			if (memcmp(ln->pend, "From ", ln->npend) != 0 ||
			    ln->npend == 5) {
				if (ln->npend == 5 &&
				    memcmp(ln->pend, "From ", 5) == 0)
					msgout_put(w, ">", 1);
				/* the held bytes may end in a newline */
				{
					char held[5];
					size_t nh = ln->npend, k;

					memcpy(held, ln->pend, nh);
					ln->npend = 0;
					ln->bol = false;
					for (k = 0; k < nh; k++) {
						if (held[k] == '\n') {
							msgout_put(w, ln->eol,
							    ln->eollen);
							ln->bol = true;
						} else
							msgout_put(w, &held[k], 1);
					}
				}
			}
			continue;
		}
		if (ch == '\n') {
			msgout_put(w, ln->eol, ln->eollen);
			ln->bol = true;
			continue;
		}
		if (ln->bol && ln->dots && ch == '.')
			msgout_put(w, ".", 1);
		ln->bol = false;
		msgout_put(w, &ch, 1);
	}
}

int
msgout_write(const struct msgout *mo, int fd)
{
	static struct msgout_w w;	/* 64 KiB: not on the stack */
	struct msgout_line ln;
	char chunk[MSGOUT_CHUNK];
	bool last_nl = true;
	ssize_t r;

	memset(&ln, 0, sizeof(ln));
	w.fd = fd;
	w.n = 0;
	w.err = 0;
	if (mo->crlf)
		ln.eol = "\r\n";
	else
		ln.eol = mo->m->eol != NULL ? mo->m->eol : "\n";
	ln.eollen = strlen(ln.eol);
	ln.bol = true;
	ln.dots = mo->smtp_dots || mailer_flag(mo->m, 'X');
	ln.strip8 = mailer_flag(mo->m, '7');
	if (mo->unixfrom != NULL && !mailer_flag(mo->m, 'n')) {
		msgout_text(&w, &ln, mo->unixfrom, strlen(mo->unixfrom));
		msgout_text(&w, &ln, "\n", 1);
	}
	msgout_text(&w, &ln, mo->headers.data, mo->headers.len);
	msgout_text(&w, &ln, "\n", 1);
	ln.escape_from = mailer_flag(mo->m, 'E');
	if (mo->dfd >= 0) {
		if (lseek(mo->dfd, 0, SEEK_SET) < 0)
			return -1;
		while ((r = read(mo->dfd, chunk, sizeof(chunk))) != 0) {
			if (r < 0) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			msgout_text(&w, &ln, chunk, (size_t)r);
			last_nl = chunk[r - 1] == '\n';
			if (w.err != 0)
				break;
		}
	}
	if (ln.npend > 0) {
		/* a held "Fro" at the very end */
		ln.escape_from = false;
		{
			char held[5];
			size_t nh = ln.npend;

			memcpy(held, ln.pend, nh);
			ln.npend = 0;
			msgout_text(&w, &ln, held, nh);
		}
	}
	if (!last_nl)
		msgout_text(&w, &ln, "\n", 1);
	msgout_flush(&w);
	if (w.err != 0) {
		errno = w.err;
		return -1;
	}
	return 0;
}
