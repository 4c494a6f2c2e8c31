/*
 * traffic - the -X file: every line a mode reads from or writes to its
 * peer, as sendmail logs it ("PID <<< line" for what came in, "PID >>>
 * line" for what went out; the pid zero-padded to five digits).
 */
#ifndef TERN_TRAFFIC_H
#define TERN_TRAFFIC_H

#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

struct traffic {
	FILE *fp;		/* NULL: no -X */
	struct buf in, out;	/* partial lines not yet logged */
};

void traffic_init(struct traffic *, FILE *fp);
/* traffic_in / traffic_out - n bytes read / written; whole lines logged */
void traffic_in(struct traffic *, const void *p, size_t n);
void traffic_out(struct traffic *, const void *p, size_t n);
/* traffic_end - log what is left of partial lines; free */
void traffic_end(struct traffic *);

#endif
