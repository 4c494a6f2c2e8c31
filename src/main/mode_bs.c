/*
 * mode_bs.c - SMTP on standard input and output (sendmail -bs).
 *
 * The sans-I/O engine (smtp/smtp_server.h) speaks the protocol; this
 * file drives it with blocking reads of fd 0 and writes to fd 1, and
 * answers its questions: addresses through parseaddr and the check_*
 * rulesets (policy/), recipients that are local users checked against
 * the password file and the aliases, and the message through intake
 * (msg/intake.h) into the queue (queue/queue.h).  250 for DATA is said
 * only after queue_commit has put the message safely on disk.
 * Delivery is a later issue: the message stays queued.
 */
#include "main/mode.h"
#include "main/cmdline.h"
#include "addr/parseaddr.h"
#include "auth/auth_sasl.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "deliver/deliver.h"
#include "deliver/queue_run.h"
#include "map/map.h"
#include "msg/envelope.h"
#include "msg/intake.h"
#include "policy/policy.h"
#include "queue/queue.h"
#include "smtp/smtp_server.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

struct bs {
	struct cf *cf;
	struct arena arena;
	struct queue_dirs qd;
	bool qd_ready;
	struct queue_txn txn;
	bool txn_open;
	struct intake in;
	bool in_open;
	struct buf body;
	struct smtp_server *srv;
	char user[256];		/* who runs us: "root" */
	struct auth_sasl *sasl;	/* AUTH, NULL: none */
	int exitstat;		/* the first refusal's, as sendmail's ExitStat */
	/* messages accepted and not yet handed to delivery (DeliveryMode) */
	struct bs_pending {
		char qid[QID_MAX];
		const struct queue_path *path;
	} pending[8];
	int npending;
};

/*
 * bs_save_macros - the macros sendmail keeps with a queued message ($
 * lines of the qf): how it came ($r, $s, $_) and through which daemon,
 * so a later delivery (Received is already bound) and its DSNs name it
 */
static void
bs_save_macros(struct bs *bs, struct envelope *env)
{
	static const char *const names[] = { "r", "s", "_", "{daemon_flags}" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *n = names[i];
		const char *v = n[0] == '{' ?
		    macro_get_name(bs->cf->macros, "daemon_flags") :
		    macro_get(bs->cf->macros, (unsigned char)n[0]);

		if (v != NULL)
			envelope_set_macro(env, n, v);
	}
}

/* bs_status - remember the exit status a permanent refusal stands for */
static void
bs_status(struct bs *bs, const struct smtp_reply *r)
{
	if (bs->exitstat == 0 && r->code / 100 == 5)
		bs->exitstat = addr_error_exitstat(r->enh);
}

/* bs_macro - set a macro by name */
static void
bs_macro(struct bs *bs, const char *name, const char *value)
{
	macro_set(bs->cf->macros, macro_id(bs->cf->macros, name, strlen(name)),
	    value);
}

/* bs_parse - parseaddr on an SMTP address; the reply sendmail gives if bad */
static int
bs_parse(struct bs *bs, const char *addr, int flags, struct addr_result *res,
    struct smtp_reply *r)
{
	struct rw_ctx ctx;
	char *msgs = NULL;
	size_t mlen = 0;
	FILE *err = open_memstream(&msgs, &mlen);
	int rc = SMTP_OK;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = bs->cf;
	ctx.arena = &bs->arena;
	ctx.err = err;
	parseaddr(&ctx, addr, flags, res);
	fclose(err);
	if (msgs != NULL) {
		char *nl = strchr(msgs, '\n');

		if (nl)
			*nl = '\0';
	}
	/*
	 * In SMTP any complaint of the tokenizer refuses the address, even
	 * one it could repair (-bt goes on with the repaired address).
	 */
	if (res->unparsable || (msgs != NULL && *msgs != '\0' &&
	    (res->mailer == NULL || strcmp(res->mailer->name, "*error*") != 0))) {
		const char *m = msgs ? msgs : "";
		const char *dsn = "5.0.0";

		if (strstr(m, "token too long") || strstr(m, "too many tokens") ||
		    strstr(m, "bytes max)"))
			dsn = "5.1.0";
		else if (strstr(m, "Address too long"))
			dsn = "5.1.1";
		smtp_reply_set(r, 553, dsn, "%s", m);
		rc = SMTP_REJECT;
	} else if (res->mailer != NULL && strcmp(res->mailer->name, "*error*") == 0) {
		const char *u = res->user ? res->user : "";
		int code = 553;

		if (*u == '"')
			u++;
		if (isdigit((unsigned char)u[0]) && isdigit((unsigned char)u[1]) &&
		    isdigit((unsigned char)u[2]))
			code = atoi(u);
		smtp_reply_set(r, code, res->host ? res->host : "5.0.0", "%s",
		    msgs ? msgs : addr);
		rc = SMTP_REJECT;
	} else if (res->mailer == NULL) {
		smtp_reply_set(r, 553, "5.3.5", "%s", msgs ? msgs : addr);
		rc = SMTP_REJECT;
	}
	free(msgs);
	arena_reset(&bs->arena);
	return rc;
}

/* bs_addr - the address part of MAIL/RCPT text, NUL-terminated */
static char *
bs_addr(const char *text, size_t len)
{
	return xstrndup(text, len);
}

static int
bs_helo(void *ctx, bool ehlo, const char *name, struct smtp_reply *r)
{
	struct bs *bs = ctx;

	(void)r;
	macro_set(bs->cf->macros, 's', name);
	macro_set(bs->cf->macros, 'r', ehlo ? "ESMTP" : "SMTP");
	return SMTP_OK;
}

static int
bs_parse_mail(void *ctx, const char *text, size_t *addrlen,
    struct smtp_reply *r)
{
	struct bs *bs = ctx;
	struct addr_result res;
	char *addr = bs_addr(text, *addrlen);
	int rc = SMTP_OK;

	/* the null sender is always good */
	if (strcmp(addr, "<>") != 0) {
		rc = bs_parse(bs, addr, RF_SENDERADDR, &res, r);
		addr_result_free(&res);
	}
	free(addr);
	return rc;
}

static int
bs_parse_rcpt(void *ctx, const char *text, size_t *addrlen,
    struct smtp_reply *r)
{
	struct bs *bs = ctx;
	struct addr_result res;
	char *addr = bs_addr(text, *addrlen);
	int rc = bs_parse(bs, addr, 0, &res, r);

	addr_result_free(&res);
	free(addr);
	return rc;
}

/* bs_policy - run a check_* ruleset; a refusal as sendmail words it */
static int
bs_policy(struct bs *bs, const char *ruleset, const char *addr,
    struct smtp_reply *r)
{
	struct policy_result pr;
	struct buf in = BUF_INIT;
	int rc = SMTP_OK;

	policy_result_init(&pr);
	if (*addr == '<')
		buf_adds(&in, addr);
	else
		buf_addf(&in, "<%s>", addr);
	if (policy_check(bs->cf, ruleset, buf_str(&in), NULL, &pr, NULL) ==
	    POLICY_REJECT) {
		/* sendmail names the address in permanent refusals only */
		if (pr.code / 100 == 4)
			smtp_reply_set(r, pr.code, pr.dsn, "%s", buf_str(&pr.text));
		else
			smtp_reply_set(r, pr.code, pr.dsn, "%s... %s", buf_str(&in),
			    buf_str(&pr.text));
		bs_status(bs, r);
		rc = SMTP_REJECT;
	}
	buf_free(&in);
	policy_result_free(&pr);
	return rc;
}

static int
bs_check_mail(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *env, struct smtp_reply *r)
{
	struct bs *bs = ctx;

	(void)p;
	(void)env;
	/* $f is the sender without its angle brackets */
	{
		size_t len = strlen(addr);
		char *f = len >= 2 && addr[0] == '<' && addr[len - 1] == '>' ?
		    xstrndup(addr + 1, len - 2) : xstrdup(addr);

		macro_set(bs->cf->macros, 'f', f);
		free(f);
	}
	return bs_policy(bs, "check_mail", addr, r);
}

/* bs_local_user - is a local recipient known (a user or an alias)? */
static bool
bs_local_user(struct bs *bs, const char *user)
{
	struct map *aliases = cf_map_find(bs->cf, "aliases");
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

static int
bs_check_rcpt(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *env, struct rcpt *rcpt, struct smtp_reply *r)
{
	struct bs *bs = ctx;
	struct addr_result res;
	struct smtp_reply pr;
	struct buf a = BUF_INIT;
	int rc;

	(void)p;
	(void)env;
	(void)rcpt;
	if ((rc = bs_policy(bs, "check_rcpt", addr, r)) != SMTP_OK)
		return rc;
	if (*addr == '<')
		buf_adds(&a, addr);
	else
		buf_addf(&a, "<%s>", addr);
	rc = bs_parse(bs, buf_str(&a), 0, &res, &pr);
	if (rc == SMTP_OK && res.mailer != NULL && res.user != NULL &&
	    strcmp(res.mailer->name, "local") == 0 &&
	    mailer_flag(res.mailer, 'w') && !bs_local_user(bs, res.user)) {
		smtp_reply_set(r, 550, "5.1.1", "%s... User unknown", buf_str(&a));
		rc = SMTP_REJECT;
	} else if (rc != SMTP_OK)
		*r = pr;
	addr_result_free(&res);
	buf_free(&a);
	return rc;
}

#define BS_EXPN_DEPTH	10	/* aliases within aliases, as MaxAliasRecursion */

static void bs_expn_addr(struct bs *, const char *addr, int depth,
    struct smtp_lines *);
static bool bs_vrfy_only;	/* VRFY shows an alias, EXPN opens it */

/* bs_expn_list - a comma list, last first as sendmail hands them on */
static void
bs_expn_list(struct bs *bs, const char *list, int depth,
    struct smtp_lines *lines)
{
	char *copy = xstrdup(list), *p;

	while ((p = strrchr(copy, ',')) != NULL) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			bs_expn_addr(bs, p, depth, lines);
	}
	p = copy;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		bs_expn_addr(bs, p, depth, lines);
	free(copy);
}

/* bs_expn_include - the lines of an :include: file, in file order */
static void
bs_expn_include(struct bs *bs, const char *path, int depth,
    struct smtp_lines *lines)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		return;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] != '#' && line[0] != '\0')
			bs_expn_list(bs, line, depth, lines);
	}
	free(line);
	fclose(f);
}

/* bs_expn_addr - one address: an alias opens up, a user is shown */
static void
bs_expn_addr(struct bs *bs, const char *addr, int depth,
    struct smtp_lines *lines)
{
	struct map *aliases = cf_map_find(bs->cf, "aliases");
	struct addr_result res;
	struct smtp_reply r;
	struct passwd *pw;

	if (strncasecmp(addr, ":include:", 9) == 0) {
		bs_expn_include(bs, addr + 9, depth + 1, lines);
		return;
	}
	if (bs_parse(bs, addr, 0, &res, &r) != SMTP_OK) {
		smtp_lines_add(lines, r.code, r.enh, "%s", r.text);
		addr_result_free(&res);
		return;
	}
	if (res.mailer != NULL && strcmp(res.mailer->name, "local") == 0 &&
	    res.user != NULL) {
		struct map_result mr;

		map_result_init(&mr);
		if (aliases != NULL && depth < BS_EXPN_DEPTH)
			map_lookup(aliases, res.user, NULL, 0, &mr);
		if (mr.found && bs_vrfy_only) {
			smtp_lines_add(lines, 250, "2.1.5", "<%s@%s>", res.user,
			    macro_get(bs->cf->macros, 'j'));
		} else if (mr.found) {
			bs_expn_list(bs, buf_str(&mr.value), depth + 1, lines);
		} else if ((pw = getpwnam(res.user)) != NULL) {
			struct buf name = BUF_INIT;

			hdr_cf_fullname(pw->pw_gecos, pw->pw_name, &name);
			if (name.len > 0)
				smtp_lines_add(lines, 250, "2.1.5", "%s <%s@%s>",
				    buf_str(&name), res.user, macro_get(bs->cf->macros, 'j'));
			else
				smtp_lines_add(lines, 250, "2.1.5", "<%s@%s>",
				    res.user, macro_get(bs->cf->macros, 'j'));
			buf_free(&name);
		} else
			smtp_lines_add(lines, 550, "5.1.1", "%s... User unknown", addr);
		map_result_free(&mr);
	} else if (res.mailer != NULL)
		smtp_lines_add(lines, 250, "2.1.5", "<%s>", res.user ? res.user : addr);
	addr_result_free(&res);
}

static int
bs_vrfy(void *ctx, bool expn, const char *arg, struct smtp_lines *lines)
{
	bs_vrfy_only = !expn;
	bs_expn_addr(ctx, arg, 0, lines);
	bs_vrfy_only = false;
	return SMTP_OK;
}

/* bs_queue_ready - the queue directories, once */
static bool
bs_queue_ready(struct bs *bs, struct smtp_reply *r)
{
	struct buf err = BUF_INIT;

	if (!bs->qd_ready) {
		if (queue_dir_setup(bs->cf, &bs->qd, &err) != 0) {
			smtp_reply_set(r, 451, "4.3.0", "Temporary system failure: %s",
			    buf_str(&err));
			buf_free(&err);
			return false;
		}
		bs->qd_ready = true;
	}
	buf_free(&err);
	return true;
}

static int
bs_data_start(void *ctx, struct envelope *env, struct smtp_reply *r)
{
	struct bs *bs = ctx;
	struct intake_conf conf;
	struct intake_sender sender;
	struct buf err = BUF_INIT;
	size_t i;

	if (!bs_queue_ready(bs, r))
		return SMTP_REJECT;
	if (queue_commit_begin(&bs->txn, bs->cf, &bs->qd, &bs->qd.groups[0], 0,
	    &err) != 0) {
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure: %s",
		    buf_str(&err));
		buf_free(&err);
		return SMTP_REJECT;
	}
	buf_free(&err);
	bs->txn_open = true;
	memcpy(env->qid, bs->txn.qid, sizeof(env->qid));
	env->ctime = time(NULL);
	intake_conf_init(&conf, bs->cf);
	conf.smtp = true;
	conf.via = "localhost";
	memset(&sender, 0, sizeof(sender));
	sender.paddr = env->sender && *env->sender ? env->sender : NULL;
	intake_begin(&bs->in, env, bs->cf, bs->cf->macros, &conf, &sender,
	    env->ctime);
	for (i = 0; i < env->nrcpts; i++)
		intake_rcpt_list(&bs->in, env->rcpts[i].addr);
	bs->in_open = true;
	return SMTP_OK;
}

/* bs_flush_body - what intake set aside as body goes to the data file */
static bool
bs_flush_body(struct bs *bs)
{
	bool ok = true;

	if (bs->body.len > 0 &&
	    fwrite(bs->body.data, 1, bs->body.len, bs->txn.df) != bs->body.len)
		ok = false;
	buf_reset(&bs->body);
	return ok;
}

static int
bs_data_body(void *ctx, const char *p, size_t n, struct smtp_reply *r)
{
	struct bs *bs = ctx;

	intake_feed(&bs->in, p, n, &bs->body);
	if (!bs_flush_body(bs)) {
		smtp_reply_set(r, 452, "4.3.1", "Insufficient disk space; try again later");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* bs_intake_close - end intake, whatever happened */
static void
bs_intake_close(struct bs *bs)
{
	if (bs->in_open) {
		intake_free(&bs->in);
		bs->in_open = false;
	}
}

static int
bs_data_end(void *ctx, struct envelope *env, struct smtp_reply *r)
{
	struct bs *bs = ctx;
	struct buf err = BUF_INIT;
	int st = intake_end(&bs->in, &bs->body);
	long msgsize = bs->in.parse.msgsize;

	if (!bs_flush_body(bs) && st == INTAKE_OK) {
		smtp_reply_set(r, 452, "4.3.1", "Insufficient disk space; try again later");
		st = -1;
	} else if (st != INTAKE_OK) {
		/* intake words the refusal: "552 5.6.0 Headers too large" */
		const char *m = buf_str(&bs->in.errors);
		char *last = xstrdup(m), *nl;

		while ((nl = strrchr(last, '\n')) != NULL && nl[1] == '\0')
			*nl = '\0';
		nl = strrchr(last, '\n');
		m = nl ? nl + 1 : last;
		/* its code and enhanced code are sendmail's: keep both */
		if (isdigit((unsigned char)m[0]) && isdigit((unsigned char)m[1]) &&
		    isdigit((unsigned char)m[2]))
			smtp_reply_parse(r, m);
		else
			smtp_reply_set(r, 554, "5.0.0", "%s", m);
		if (r->enh[0] == '\0')
			snprintf(r->enh, sizeof(r->enh), "%d.0.0", r->code / 100);
		free(last);
	}
	bs_intake_close(bs);
	if (st != INTAKE_OK) {
		queue_commit_abort(&bs->txn);
		bs->txn_open = false;
		return SMTP_REJECT;
	}
	env->priority = intake_priority(bs->cf, env, msgsize);
	bs_save_macros(bs, env);
	if (queue_commit(&bs->txn, env, &err) != 0) {
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure: %s",
		    buf_str(&err));
		queue_commit_abort(&bs->txn);
		bs->txn_open = false;
		buf_free(&err);
		return SMTP_REJECT;
	}
	intake_log_from(bs->cf, env, msgsize);
	smtp_reply_set(r, 250, "2.0.0", "%s Message accepted for delivery",
	    bs->txn.qid);
	if (bs->npending < (int)(sizeof(bs->pending) / sizeof(bs->pending[0]))) {
		struct bs_pending *p = &bs->pending[bs->npending++];

		snprintf(p->qid, sizeof(p->qid), "%s", bs->txn.qid);
		p->path = bs->txn.path;
	}
	queue_commit_close(&bs->txn);
	bs->txn_open = false;
	buf_free(&err);
	return SMTP_OK;
}

static void
bs_data_abort(void *ctx, struct envelope *env)
{
	struct bs *bs = ctx;

	(void)env;
	bs_intake_close(bs);
	if (bs->txn_open) {
		queue_commit_abort(&bs->txn);
		bs->txn_open = false;
	}
	buf_reset(&bs->body);
}

static int
bs_auth(void *ctx, const char *mech, const char *resp, struct smtp_reply *r)
{
	struct bs *bs = ctx;

	return auth_sasl_step(bs->sasl, mech, resp, r);
}

static void
bs_expand(void *ctx, const char *in, struct buf *out)
{
	struct bs *bs = ctx;

	macro_expand(bs->cf->macros, in, out);
}

/*
 * bs_deliver - after the 250 went out: deliver what was accepted, as
 * DeliveryMode says: interactive here and now, background in a child of
 * its own, queue and defer not at all (a queue run does it later).  A
 * message the attempt leaves undelivered simply stays queued.
 */
static void
bs_deliver(struct bs *bs)
{
	char mode = bs->cf->opts->delivery_mode;
	struct dlv_ctx dlv;
	struct qrun q;
	int i;
	pid_t pid;

	if (bs->npending == 0)
		return;
	if (mode != OPT_DM_INTERACTIVE && mode != OPT_DM_BACKGROUND) {
		bs->npending = 0;
		return;
	}
	fflush(NULL);
	if (mode == OPT_DM_BACKGROUND) {
		pid = fork();
		if (pid != 0) {
			if (pid < 0)	/* it stays queued */
				fprintf(stderr, "sendmail: cannot fork: %s\n",
				    strerror(errno));
			bs->npending = 0;
			return;
		}
		/* the child: away from the client's descriptors */
		(void)setsid();
		{
			int fd = open("/dev/null", O_RDWR);

			if (fd >= 0) {
				(void)dup2(fd, 0);
				(void)dup2(fd, 1);
				if (fd > 2)
					close(fd);
			}
		}
	}
	dlv_ctx_init(&dlv, bs->cf);
	memset(&q, 0, sizeof(q));
	q.dlv = &dlv;
	q.qd = &bs->qd;
	q.ignore_min_age = true;
	for (i = 0; i < bs->npending; i++)
		(void)queue_run_id(&q, bs->pending[i].path, bs->pending[i].qid);
	dlv_ctx_free(&dlv);
	bs->npending = 0;
	if (mode == OPT_DM_BACKGROUND)
		_exit(EX_OK);
}

/* bs_write - all of out to fd 1 */
static bool
bs_write(struct buf *out)
{
	size_t off = 0;

	while (off < out->len) {
		ssize_t n = write(1, out->data + off, out->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	buf_reset(out);
	return true;
}

/* bs_help - the HelpFile, read whole */
static char *
bs_help(const struct cf *cf, size_t *len)
{
	FILE *f = cf->opts->help_file ? fopen(cf->opts->help_file, "r") : NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	*len = 0;
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

/*
 * bs_chunking - CHUNKING/BDAT (RFC 3030) is not sendmail 8.17's, so it
 * is off unless the .cf asks with the macro D{TernChunking}True (a
 * macro, not an option: the real sendmail reads such a .cf silently).
 */
static bool
bs_chunking(const struct cf *cf)
{
	const char *v = macro_get_name(cf->macros, "TernChunking");

	return v != NULL && v[0] != '\0' && strchr("tTyY", v[0]) != NULL;
}

int
mode_bs(struct cf *cf, const struct cmdline *cl)
{
	struct smtp_server_config cfg;
	struct smtp_server_cb cb;
	struct bs bs;
	struct buf out = BUF_INIT, greeting = BUF_INIT;
	struct passwd *pw = getpwuid(getuid());
	char client[300], in[8192], *help;
	size_t help_len;
	int act;

	(void)cl;
	/*
	 * A client that goes away must not kill us in write(): the failed
	 * write ends the loop and the open transaction is cleaned up (as
	 * sendmail, which ignores SIGPIPE).  Killed, we would leave the df
	 * of a message whose DATA was just accepted.
	 */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		fprintf(stderr, "sendmail: cannot ignore SIGPIPE\n");
	memset(&bs, 0, sizeof(bs));
	bs.cf = cf;
	cf->diag = stdout;
	snprintf(bs.user, sizeof(bs.user), "%s", pw ? pw->pw_name : "root");
	snprintf(client, sizeof(client), "%s@localhost", bs.user);
	bs_macro(&bs, "opMode", "s");
	macro_set(cf->macros, '_', client);

	smtp_server_config_init(&cfg);
	smtp_server_config_options(&cfg, cf->opts);
	macro_expand(cf->macros, cf->opts->smtp_greeting_message ?
	    cf->opts->smtp_greeting_message : "$j Sendmail $v ready at $b",
	    &greeting);
	cfg.hostname = macro_get(cf->macros, 'j');
	cfg.greeting = buf_str(&greeting);
	cfg.client = client;
	cfg.relay = "localhost";
	cfg.version = macro_get(cf->macros, 'v');
	bs.sasl = auth_sasl_new(cf, cfg.hostname, NULL, NULL);
	cfg.auth_mechs = auth_sasl_mechlist(bs.sasl);
	help = bs_help(cf, &help_len);
	cfg.help_text = help;
	cfg.help_len = help_len;
	cfg.chunking = bs_chunking(cf);

	memset(&cb, 0, sizeof(cb));
	cb.ctx = &bs;
	cb.helo = bs_helo;
	cb.parse_mail = bs_parse_mail;
	cb.parse_rcpt = bs_parse_rcpt;
	cb.check_mail = bs_check_mail;
	cb.check_rcpt = bs_check_rcpt;
	cb.data_start = bs_data_start;
	cb.data_body = bs_data_body;
	cb.data_end = bs_data_end;
	cb.data_abort = bs_data_abort;
	cb.expand = bs_expand;
	cb.vrfy = bs_vrfy;
	cb.auth = bs_auth;

	bs.srv = smtp_server_new(&cfg, &cb);
	act = smtp_server_start(bs.srv, &out);
	for (;;) {
		ssize_t n;

		/* a slow-down holds the reply back: sleep first, then write */
		if (act & SMTP_ACT_DELAY) {
			sleep((unsigned)smtp_server_delay(bs.srv));
			act = smtp_server_resume(bs.srv, &out);
			continue;
		}
		if (!bs_write(&out))
			break;
		bs_deliver(&bs);
		if (act & SMTP_ACT_CLOSE)
			break;
		if (smtp_server_timeout(bs.srv) > 0) {
			struct pollfd pfd = { 0, POLLIN, 0 };
			int pr = poll(&pfd, 1, (int)(smtp_server_timeout(bs.srv) * 1000));

			if (pr == 0) {
				act = smtp_server_timeout_expired(bs.srv, &out);
				continue;
			}
		}
		n = read(0, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			act = smtp_server_eof(bs.srv, &out);
		else
			act = smtp_server_input(bs.srv, in, (size_t)n, &out);
		if (n <= 0) {
			(void)bs_write(&out);
			break;
		}
	}
	bs_deliver(&bs);
	smtp_server_free(bs.srv);
	auth_sasl_free(bs.sasl);
	bs_data_abort(&bs, NULL);
	if (bs.qd_ready)
		queue_dir_free(&bs.qd);
	buf_free(&bs.body);
	buf_free(&out);
	buf_free(&greeting);
	arena_free(&bs.arena);
	free(help);
	return bs.exitstat;
}
