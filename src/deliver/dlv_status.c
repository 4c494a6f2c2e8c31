/*
 * dlv_status.c - what an exit code or a reply code means for a
 * recipient: its DSN status, the short text sendmail logs as stat=,
 * and whether to try again.
 */
#include "deliver/deliver.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

struct dlv_exit {
	int code;
	const char *status;
	const char *text;
};

/* sendmail 8.17's table of exit codes (its stat= and DSN columns) */
static const struct dlv_exit dlv_exits[] = {
	{ EX_OK,		"2.0.0", "Sent" },
	{ EX_USAGE,		"5.5.4", "Bad usage" },
	{ EX_DATAERR,		"5.6.0", "Data format error" },
	{ EX_NOINPUT,		"5.6.0", "Cannot open input" },
	{ EX_NOUSER,		"5.1.1", "User unknown" },
	{ EX_NOHOST,		"5.1.2", "Host unknown" },
	{ EX_UNAVAILABLE,	"5.0.0", "Service unavailable" },
	{ EX_SOFTWARE,		"5.0.0", "Internal error" },
	{ EX_OSERR,		"4.0.0", "Operating system error" },
	{ EX_OSFILE,		"5.3.5", "System file missing" },
	{ EX_CANTCREAT,		"5.0.0", "Can't create output" },
	{ EX_IOERR,		"4.0.0", "I/O error" },
	{ EX_TEMPFAIL,		"4.0.0", "Deferred" },
	{ EX_PROTOCOL,		"5.5.5", "Remote protocol error" },
	{ EX_NOPERM,		"5.0.0", "Insufficient permission" },
	{ EX_CONFIG,		"5.3.5", "Local configuration error" },
};

static const struct dlv_exit *
dlv_exit_find(int code)
{
	size_t i;

	for (i = 0; i < sizeof(dlv_exits) / sizeof(dlv_exits[0]); i++)
		if (dlv_exits[i].code == code)
			return &dlv_exits[i];
	return NULL;
}

const char *
dlv_status_of(int exitstat)
{
	const struct dlv_exit *x = dlv_exit_find(exitstat);

	return x != NULL ? x->status : "5.0.0";
}

const char *
dlv_text_of(int exitstat)
{
	const struct dlv_exit *x = dlv_exit_find(exitstat);

	return x != NULL ? x->text : "Unknown mailer error";
}

enum dlv_state
dlv_state_of(int exitstat)
{
	switch (exitstat) {
	case EX_OK:
		return DLV_SENT;
	case EX_TEMPFAIL:
	case EX_OSERR:
	case EX_IOERR:
		return DLV_TEMPFAIL;
	default:
		return DLV_FAILED;
	}
}

int
dlv_exit_of_reply(int code)
{
	switch (code / 100) {
	case 2:
		return EX_OK;
	case 4:
		return EX_TEMPFAIL;
	case 5:
		/* what a recipient's refusal means; the rest is "unavailable" */
		if (code == 550 || code == 551 || code == 553)
			return EX_NOUSER;
		return EX_UNAVAILABLE;
	default:
		return EX_PROTOCOL;
	}
}

void
dlv_age_text(long s, struct buf *out)
{
	/* sendmail words a timeout in its largest whole unit */
	if (s > 0 && s % 86400 == 0)
		buf_addf(out, "%ld day%s", s / 86400, s == 86400 ? "" : "s");
	else if (s > 0 && s % 3600 == 0)
		buf_addf(out, "%ld hour%s", s / 3600, s == 3600 ? "" : "s");
	else if (s > 0 && s % 60 == 0)
		buf_addf(out, "%ld minute%s", s / 60, s == 60 ? "" : "s");
	else
		buf_addf(out, "%ld second%s", s, s == 1 ? "" : "s");
}
