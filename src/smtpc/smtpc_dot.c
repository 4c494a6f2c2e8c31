/* smtpc_dot.c - the message as SMTP DATA: CRLF line ends, dot-stuffed */
#include "smtpc/smtpc.h"

/* smtpc_dot_init - at the start of a line */
void
smtpc_dot_init(struct smtpc_dot *d)
{
	d->bol = true;
	d->cr = false;
}

/* smtpc_dot_add - LF (or CR LF) -> CR LF; a leading "." doubled */
void
smtpc_dot_add(struct smtpc_dot *d, const char *in, size_t len,
    struct buf *out)
{
	size_t i, run;

	buf_reserve(out, len + len / 16 + 8);
	for (i = 0; i < len; ) {
		char c = in[i];

		if (d->cr) {
			/* the held CR: part of CR LF, or a lone one */
			d->cr = false;
			if (c != '\n') {
				buf_addc(out, '\r');
				d->bol = false;
			}
		}
		if (c == '\n') {
			buf_add(out, "\r\n", 2);
			d->bol = true;
			i++;
			continue;
		}
		if (c == '\r') {
			if (d->bol)
				d->bol = false;	/* "\r" starts no dot line */
			d->cr = true;
			i++;
			continue;
		}
		if (d->bol && c == '.')
			buf_addc(out, '.');
		d->bol = false;
		/* copy up to the next line end at once */
		for (run = i; run < len && in[run] != '\n' && in[run] != '\r';
		    run++)
			;
		buf_add(out, in + i, run - i);
		i = run;
	}
}

/* smtpc_dot_end - finish the last line and add the end mark */
void
smtpc_dot_end(struct smtpc_dot *d, struct buf *out)
{
	if (d->cr) {
		buf_addc(out, '\r');
		d->cr = false;
		d->bol = false;
	}
	if (!d->bol)
		buf_add(out, "\r\n", 2);
	buf_add(out, ".\r\n", 3);
	d->bol = true;
}
