/*
 * session_etrn.c - ETRN: the check_etrn ruleset, then a queue run for
 * the host (or "#group") through the store, as sendmail starts one.
 */
#include "session/session_int.h"
#include "cf/cf.h"
#include "policy/policy.h"

#include <stdbool.h>
#include <string.h>

/* session_etrn_group - is name a queue group: mqueue, or a Q line's? */
static bool
session_etrn_group(const struct cf *cf, const char *name)
{
	size_t i;

	if (strcmp(name, "mqueue") == 0)
		return true;
	for (i = 0; i < cf->nqgroups; i++)
		if (strcmp(cf->qgroups[i].name, name) == 0)
			return true;
	return false;
}

int
session_etrn(void *ctx, const char *arg, struct smtp_reply *r)
{
	struct session *s = ctx;
	struct policy_result pr;
	int rc = SMTP_OK;

	session_enter(s);
	policy_result_init(&pr);
	if (policy_check(s->cf, "check_etrn", arg, NULL, &pr, NULL) ==
	    POLICY_REJECT) {
		smtp_reply_set(r, pr.code ? pr.code : 550, pr.dsn[0] ? pr.dsn :
		    "5.7.1", "%s", buf_str(&pr.text));
		rc = SMTP_REJECT;
	}
	policy_result_free(&pr);
	session_leave(s);
	if (rc != SMTP_OK)
		return rc;
	/* "#group": only a queue group the .cf has (else the engine's 459) */
	if (arg[0] == '#' && !session_etrn_group(s->cf, arg + 1))
		return SMTP_OK;
	if (s->store.run != NULL && !s->store.run(s->store.ctx, s, arg)) {
		smtp_reply_set(r, 451, "4.3.0", "Unable to start queue run");
		return SMTP_REJECT;
	}
	if (arg[0] == '#')
		smtp_reply_set(r, 250, "2.0.0", "Queuing for queue group %s "
		    "started", arg + 1);
	return SMTP_OK;	/* r unset: "250 2.0.0 Queuing for node ARG started" */
}
