/* hdr_hops.c - sendmail's loop detection: trace headers against MaxHopCount */
#include "msg/intake.h"

#include <stdio.h>

/* hdr_hops_count - the trace headers: sendmail's hop count */
int
hdr_hops_count(const struct hdr_list *l)
{
	size_t i;
	int n = 0;

	for (i = 0; i < l->n; i++)
		if (!l->v[i].deleted && (l->v[i].flags & HDR_TRACE))
			n++;
	return n;
}

/* hdr_hops_check - MaxHopCount against the hops, with sendmail's text */
bool
hdr_hops_check(int hops, int max_hops, const char *from, const char *via,
    const char *to, struct buf *msg)
{
	if (hops <= max_hops)
		return true;
	if (msg != NULL)
		buf_addf(msg, "554 5.4.6 Too many hops %d (%d max): from %s "
		    "via %s, to %s\n", hops, max_hops,
		    from != NULL ? from : "<>",
		    via != NULL ? via : "localhost",
		    to != NULL ? to : "(nobody)");
	return false;
}
