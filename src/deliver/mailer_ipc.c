/*
 * mailer_ipc.c - the [IPC] mailers: SMTP to another host through smtpc.
 * (The SMTP client is being written; until it is wired in here, remote
 * recipients stay queued with a temporary status.)
 */
#include "deliver/deliver.h"

#include <sysexits.h>

void
mailer_ipc_group(struct dlv_ctx *c, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt **v, size_t n, const char *sender)
{
	size_t k;

	(void)c, (void)e, (void)dfpath, (void)sender;
	for (k = 0; k < n; k++)
		dlv_set(v[k], DLV_TEMPFAIL, EX_TEMPFAIL, "4.0.0",
		    "Deferred: remote delivery not wired in yet");
}
