/*
 * mode_bm_sender.c - who sends a message given on the command line:
 * the caller's login, the -f sender and whether the caller may set it,
 * the full name ($x: -F, else the password file's gecos for a local
 * sender), and the X-Authentication-Warning headers sendmail adds for a
 * caller it does not trust.
 */
#include "main/mode_bm.h"
#include "main/cmdline.h"
#include "addr/parseaddr.h"
#include "addr/rewrite.h"
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* bm_trusted - may the caller set the sender (sendmail's trusted users)? */
static bool
bm_trusted(struct cf *cf, const char *login)
{
	uid_t uid = getuid();

	if (uid == 0)
		return true;
	if (cf->opts->trusted_uid != 0 && (uid_t)cf->opts->trusted_uid == uid)
		return true;
	return class_has(cf->classes, macro_id(cf->macros, "t", 1), login);
}

void
bm_sender_setup(struct bm_sender *s, struct cf *cf, const struct cmdline *cl)
{
	struct passwd *pw = getpwuid(getuid());
	struct passwd *spw = NULL;
	char idbuf[32];

	memset(s, 0, sizeof(*s));
	buf_init(&s->fullname);
	buf_init(&s->esender);
	if (pw != NULL)
		s->login = xstrdup(pw->pw_name);
	else {
		/* no password entry: sendmail names the uid */
		snprintf(idbuf, sizeof(idbuf), "Unknown UID %ld", (long)getuid());
		s->login = xstrdup(idbuf);
	}
	s->trusted = bm_trusted(cf, s->login);
	if (cl->from != NULL) {
		s->from_flag = true;
		s->flag = cl->from_flag ? cl->from_flag : 'f';
		s->null = cl->from_null;
		s->paddr = xstrdup(cl->from_null ? "<>" : cl->from);
	} else
		s->paddr = xstrdup(s->login);

	s->in.paddr = s->null ? NULL : s->paddr;
	if (!s->null) {
		struct addr_result ar;
		struct rw_ctx ctx;
		struct arena arena = ARENA_INIT;

		memset(&ctx, 0, sizeof(ctx));
		ctx.cf = cf;
		ctx.arena = &arena;
		ctx.err = stdout;	/* the caller's transcript */
		memset(&ar, 0, sizeof(ar));
		parseaddr(&ctx, s->paddr, RF_SENDERADDR, &ar);
		if (s->from_flag &&
		    (ar.mailer == NULL || ar.mailer == mailer_error())) {
			/* sendmail's setsender: a -f address that does not
			   parse (told already) leaves the caller the sender;
			   the message still goes, the exit status says so */
			s->exitstat = ar.mailer != NULL && ar.errstat != 0 ?
			    ar.errstat : ar.status != 0 ? ar.status : EX_USAGE;
			addr_result_free(&ar);
			memset(&ar, 0, sizeof(ar));
			free(s->paddr);
			s->paddr = xstrdup(s->login);
			s->in.paddr = s->paddr;
			parseaddr(&ctx, s->paddr, RF_SENDERADDR, &ar);
		}
		/* $f and $g: the address alone, as setsender's rulesets
		   3, 1 and 4 leave it (-f "Alice <alice@x>" is alice@x) */
		if (sendername(&ctx, s->paddr, &s->esender) == EX_OK &&
		    s->esender.len > 0)
			s->in.sender = buf_str(&s->esender);
		/* the caller at a local mailer: -f needs no warning */
		s->self = ar.mailer != NULL && mailer_flag(ar.mailer, 'l') &&
		    ar.user != NULL && strcmp(ar.user, s->login) == 0;
		/*
		 * a local sender: the mailer keeps password entries (F=w), or
		 * a bare login name that the password file knows
		 */
		if (ar.user != NULL && ar.mailer != NULL &&
		    mailer_flag(ar.mailer, 'w'))
			spw = getpwnam(ar.user);
		if (spw == NULL && strchr(s->paddr, '@') == NULL)
			spw = getpwnam(s->paddr);
		s->user = xstrdup(spw != NULL ? spw->pw_name :
		    ar.user != NULL ? ar.user : s->paddr);
		addr_result_free(&ar);
		arena_free(&arena);
	}
	s->in.user = s->user;
	s->in.local = spw != NULL;
	if (s->in.local) {
		if (cl->fullname != NULL) {
			if (hdr_cf_rfc822_string(cl->fullname,
			    cf->opts->must_quote_chars))
				buf_adds(&s->fullname, cl->fullname);
			else
				hdr_cf_addquotes(cl->fullname, &s->fullname);
		} else
			hdr_cf_fullname(spw->pw_gecos ? spw->pw_gecos : "",
			    spw->pw_name, &s->fullname);
		if (s->fullname.len > 0)
			s->in.fullname = buf_str(&s->fullname);
	}
}

void
bm_sender_warnings(const struct bm_sender *s, struct cf *cf,
    const struct cmdline *cl, struct hdr_list *l)
{
	const char *j = macro_get(cf->macros, 'j');
	char text[1024];

	if (!(cf->opts->privacy & OPT_PRIV_AUTHWARNINGS) || s->trusted)
		return;
	if (j == NULL)
		j = "localhost";
	/* each goes before the earlier ones: sendmail's order backwards */
	if (cl->conffile != NULL) {
		snprintf(text, sizeof(text), "Processed by %s with -C %s",
		    s->login, cl->conffile);
		hdr_cf_auth_warning(l, j, text);
		/* the queue directory came from a configuration the caller
		   named: not one root vouches for */
		if (cf->opts->queue_directory != NULL) {
			snprintf(text, sizeof(text), "Processed from queue %s",
			    cf->opts->queue_directory);
			hdr_cf_auth_warning(l, j, text);
		}
	}
	/* sendmail 8.17: -f naming the caller at the local mailer (alice,
	   alice@$j, <alice@localhost>) is no change of sender */
	if (s->from_flag && !s->self) {
		snprintf(text, sizeof(text), "%s set sender to %s using -%c",
		    s->login, s->paddr, s->flag);
		hdr_cf_auth_warning(l, j, text);
	}
}

void
bm_sender_free(struct bm_sender *s)
{
	free(s->login);
	free(s->paddr);
	free(s->user);
	buf_free(&s->fullname);
	buf_free(&s->esender);
	memset(s, 0, sizeof(*s));
}
