/*
 * parseaddr - from an address to a mailer triple, and to the form a
 * mailer is sent, as sendmail's parseaddr/buildaddr/remotename.
 *
 * parseaddr tokenizes, runs rulesets 3 and 0, takes the $#mailer
 * $@host $:user triple apart, moves local "|prog", "/file" and
 * ":include:" users to their built-in mailers, and rewrites the user
 * part through ruleset 2 (1 for senders), the mailer's R= (S=) ruleset
 * and ruleset 4.  remotename gives the address a mailer sees.
 *
 * Diagnostics sendmail shows the user ("addr... Invalid route address")
 * go to the context's err stream.
 */
#ifndef TERN_PARSEADDR_H
#define TERN_PARSEADDR_H

#include <stdbool.h>

#include "addr/rewrite.h"
#include "util/buf.h"

struct mailer;

#define RF_SENDERADDR	0x01	/* a sender, not a recipient */
#define RF_HEADERADDR	0x02	/* a header address, not the envelope */

struct addr_result {
	struct mailer *mailer;	/* NULL if it did not resolve */
	char *host;		/* NULL when the triple had none */
	char *user;
	int status;		/* sysexits from the rewriting */
	bool unparsable;	/* the address did not tokenize */
	int errstat;		/* for $#error: the exit status it stands
				   for (0 for a temporary error) */
};

/*
 * addr_error_exitstat - the exit status an $#error triple's host part
 * means, as sendmail 8.17 maps it: a DSN status (5.1.1 is EX_NOUSER,
 * 4.x.x none at all), a sysexits name (nouser, nohost, ...), or a number.
 */
int addr_error_exitstat(const char *host);

int parseaddr(struct rw_ctx *, const char *addr, int flags,
    struct addr_result *);
void addr_result_free(struct addr_result *);

/*
 * addr_ruleset5 - sendmail's maplocaluser: a local user (of a mailer
 * with F=5) through ruleset 5.  True when it names a destination (res
 * then holds the triple, as parseaddr's), or failed temporarily
 * (res->status EX_TEMPFAIL, no mailer); false when it left the address
 * alone.  The caller sets $u, $h, $z and {addr_type} first.
 */
bool addr_ruleset5(struct rw_ctx *, const char *user, struct addr_result *res);

/* remotename - the address as mailer m gets it; returns the status */
int remotename(struct rw_ctx *, const char *addr, const struct mailer *m,
    int flags, struct buf *out);

/* sendername - a sender through rulesets 3, 1 and 4 (-bt /sender) */
int sendername(struct rw_ctx *, const char *addr, struct buf *out);

/*
 * cataddr - tokens [a, b) joined as sendmail joins them: no separator,
 * except spacesub (if not '\0') between two adjacent words.
 */
void cataddr(const struct ws *, size_t a, size_t b, int spacesub,
    const char *opchars, struct buf *out);
/* cataddr_space - would cataddr put spacesub between these two tokens? */
bool cataddr_space(const char *a, const char *b, const char *opchars);
/* cataddr_bounded - the same into at most size bytes (0: no bound) */
void cataddr_bounded(const struct ws *, size_t a, size_t b, int spacesub,
    const char *opchars, size_t size, struct buf *out);

#endif
