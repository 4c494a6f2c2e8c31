/*
 * report.c - the DSNs of one delivery attempt (see deliver.h).
 * Composition is dsn.c's; this file decides who gets what.
 */
#include "deliver/deliver.h"
#include "msg/envelope.h"
#include "util/log.h"

#include <string.h>

void
dlv_report(struct dlv_ctx *c, const struct queue_dirs *qd,
    const struct envelope *e, const char *dfpath, const struct dlv_list *l,
    bool warn)
{
	size_t i;
	int failed = 0;

	(void)c, (void)qd, (void)dfpath, (void)warn;
	for (i = 0; i < l->n; i++)
		if (l->v[i].state == DLV_FAILED)
			failed++;
	if (failed > 0)
		log_line(LOG_INFO, "%s: %d recipient(s) failed; DSN composer "
		    "not wired in yet", e->qid, failed);
}
