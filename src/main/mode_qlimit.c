/* mode_qlimit.c - the -qI/-qR/-qS/-qQ limits as the queue code takes them */
#include "main/mode.h"
#include "main/cmdline.h"
#include "queue/queue.h"

struct queue_limit *
mode_queue_limits(const struct cmdline *cl)
{
	struct queue_limit *lim;
	size_t i;

	if (cl->nqlimits == 0)
		return NULL;
	lim = xcalloc(cl->nqlimits, sizeof(*lim));
	for (i = 0; i < cl->nqlimits; i++) {
		lim[i].kind = cl->qlimits[i].kind;
		lim[i].negate = cl->qlimits[i].negate;
		lim[i].match = cl->qlimits[i].match;
	}
	return lim;
}
