/* smtpc_status.c - what a server's reply means for a delivery */
#include "smtpc/smtpc.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

/* smtpc_exit_of - sysexits of a reply code, by the phase it answered */
int
smtpc_exit_of(int code, enum smtpc_phase ph)
{
	switch (code / 100) {
	case 2:
	case 3:
		return EX_OK;
	case 4:
		return EX_TEMPFAIL;
	case 5:
		/* a refused recipient is "User unknown" for these codes */
		if (ph == SMTPC_PH_RCPT &&
		    (code == 550 || code == 551 || code == 553))
			return EX_NOUSER;
		if (ph == SMTPC_PH_MAIL && code == 553)
			return EX_DATAERR;	/* a sender it cannot take */
		return EX_UNAVAILABLE;
	default:
		return EX_PROTOCOL;
	}
}

/* smtpc_status_of - the reply's enhanced code, or its class's X.0.0 */
void
smtpc_status_of(const struct smtpc_reply *r, char out[16])
{
	if (r->status[0] != '\0') {
		snprintf(out, 16, "%s", r->status);
		return;
	}
	snprintf(out, 16, "%d.0.0", r->code >= 200 && r->code < 600 ?
	    r->code / 100 : 4);
}
