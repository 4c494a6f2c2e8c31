/*
 * policy - the check_* rulesets, called as sendmail calls them.
 *
 * The SMTP front end and -bs ask: may this client connect (check_relay),
 * use this sender (check_mail), this recipient (check_rcpt), go on with
 * this message (check_data, check_eom)?  The answer comes from the .cf:
 * the ruleset runs on "input" (two parts joined by $| when given), and
 * a result that begins with $# decides: $#error rejects with the code,
 * enhanced status and text it names, $#discard accepts and drops the
 * message, $#quarantine holds it; anything else accepts.  A ruleset the
 * .cf lacks accepts.  A temporary failure while rewriting (a map that
 * could not be read) rejects temporarily, as sendmail does.
 *
 * The macros the rulesets look at (${client_addr}, ${client_name},
 * $&f, ${daemon_flags} ...) are the caller's to set in cf->macros first.
 */
#ifndef TERN_POLICY_H
#define TERN_POLICY_H

#include <stdbool.h>
#include <stdio.h>

#include "util/buf.h"

struct cf;
struct arena;
struct addr_result;

enum policy_action {
	POLICY_OK,		/* go on */
	POLICY_REJECT,		/* refuse with code/dsn/text */
	POLICY_DISCARD,		/* accept, then throw the message away */
	POLICY_QUARANTINE,	/* accept and hold, reason in text */
};

struct policy_result {
	enum policy_action action;
	int code;		/* SMTP reply code for POLICY_REJECT */
	char dsn[16];		/* enhanced status ("5.7.1") */
	struct buf text;	/* the message without code and status */
	struct buf decision;	/* the mailer name after $#, as sendmail logs it */
};

void policy_result_init(struct policy_result *);
void policy_result_free(struct policy_result *);

/*
 * policy_check - run ruleset name on input (and input2, joined with $|
 * when not NULL).  trace, when not NULL, gets the rewriting trace.
 * Returns the action (also in res->action).
 */
enum policy_action policy_check(struct cf *, const char *ruleset,
    const char *input, const char *input2, struct policy_result *res,
    FILE *trace);

/*
 * policy_parse_addr (policy_addr.c) - parseaddr on addr (flags RF_*),
 * and the refusal sendmail gives when it is bad: any complaint of the
 * tokenizer, an $#error triple (its code and status), no mailer.
 * Returns POLICY_OK or POLICY_REJECT (res says why); ar is the triple
 * (addr_result_free it either way).  Strings come from arena.
 */
enum policy_action policy_parse_addr(struct cf *, struct arena *,
    const char *addr, int flags, struct addr_result *ar,
    struct policy_result *res);
/* policy_local_user - is a local recipient known: a user or an alias? */
bool policy_local_user(struct cf *, const char *user);

#endif
