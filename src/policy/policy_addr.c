/*
 * policy_addr.c - is an address good enough to take?  sendmail's
 * parseaddr verdict as the refusal it gives (SMTP RCPT/MAIL and the
 * command line's recipients alike), and whether a local user exists.
 */
#include "policy/policy.h"
#include "addr/parseaddr.h"
#include "addr/rewrite.h"
#include "cf/cf.h"
#include "cf/mailer.h"
#include "map/map.h"
#include "util/errstream.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* policy_addr_refuse - fill res with a refusal */
static void
policy_addr_refuse(struct policy_result *res, int code, const char *dsn,
    const char *text)
{
	res->action = POLICY_REJECT;
	res->code = code;
	snprintf(res->dsn, sizeof(res->dsn), "%s", dsn);
	buf_reset(&res->text);
	buf_adds(&res->text, text);
}

enum policy_action
policy_parse_addr(struct cf *cf, struct arena *arena, const char *addr,
    int flags, struct addr_result *ar, struct policy_result *res)
{
	struct rw_ctx ctx;
	char *msgs, *nl;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = cf;
	ctx.arena = arena;
	ctx.err = errstream_begin();	/* NULL (no memory): to stderr */
	parseaddr(&ctx, addr, flags, ar);
	msgs = *errstream_text() != '\0' ? xstrdup(errstream_text()) : NULL;
	if (msgs != NULL && (nl = strchr(msgs, '\n')) != NULL)
		*nl = '\0';
	res->action = POLICY_OK;
	/*
	 * Any complaint of the tokenizer refuses the address, even one it
	 * could repair (-bt goes on with the repaired address).
	 */
	if (ar->unparsable || (msgs != NULL && *msgs != '\0' &&
	    (ar->mailer == NULL || strcmp(ar->mailer->name, "*error*") != 0))) {
		const char *m = msgs ? msgs : "";
		const char *dsn = "5.0.0";

		if (strstr(m, "token too long") || strstr(m, "too many tokens") ||
		    strstr(m, "bytes max)"))
			dsn = "5.1.0";
		else if (strstr(m, "Address too long"))
			dsn = "5.1.1";
		policy_addr_refuse(res, 553, dsn, m);
	} else if (ar->mailer != NULL && strcmp(ar->mailer->name, "*error*") == 0) {
		const char *u = ar->user ? ar->user : "";
		int code = 553;

		if (*u == '"')
			u++;
		if (isdigit((unsigned char)u[0]) && isdigit((unsigned char)u[1]) &&
		    isdigit((unsigned char)u[2]))
			code = atoi(u);
		policy_addr_refuse(res, code, ar->host ? ar->host : "5.0.0",
		    msgs ? msgs : addr);
	} else if (ar->mailer == NULL)
		policy_addr_refuse(res, 553, "5.3.5", msgs ? msgs : addr);
	free(msgs);
	return res->action;
}

bool
policy_local_user(struct cf *cf, const char *user)
{
	struct map *aliases = cf_map_find(cf, "aliases");
	struct map_result res;
	bool found = false;

	if (getpwnam(user) != NULL)
		return true;
	if (aliases != NULL) {
		map_result_init(&res);
		map_lookup(aliases, user, NULL, 0, &res);
		found = res.found;
		map_result_free(&res);
	}
	return found;
}
