/*
 * mode_bm.c - a message on standard input: sendmail -bm (the default
 * mode) and -t.
 *
 * As sendmail: the message is collected into a queue transaction of the
 * .cf's queue (the client queue for an MSP's submit.cf), committed, and
 * then delivered as DeliveryMode says: interactive (submit.cf's i) here
 * and now, background in a detached child, queue and defer not at all.
 * A message is never lost in between: once committed, whatever the
 * attempt does not deliver stays queued for the next queue run, and the
 * command exits 0 ("delivered or safely queued").  Addresses refused at
 * intake (unparsable, unknown local user) are told on stdout and bounced
 * to the sender, as sendmail's returntosender does.
 */
#include "main/mode.h"
#include "main/mode_bm.h"
#include "main/cmdline.h"
#include "daemon/daemon_privs.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "addr/parseaddr.h"
#include "addr/rewrite.h"
#include "deliver/deliver.h"
#include "deliver/mbox_from.h"
#include "deliver/queue_run.h"
#include "msg/envelope.h"
#include "queue/qf.h"
#include "queue/queue.h"
#include "queue/queue_io.h"
#include "util/detach.h"
#include "util/log.h"
#include "util/traffic.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* what one -bm run holds */
struct bm {
	struct cf *cf;
	const struct cmdline *cl;
	struct bm_sender sender;
	struct bm_rcpts rcpts;
	struct queue_dirs qd;
	bool qd_ready;
	struct queue_txn txn;
	bool txn_open;
	struct envelope env;
	struct intake in;
	bool in_open;
	struct buf body;
	long msgsize;
	struct traffic tr;		/* -X */
	bool settle;			/* committed without its syncs: bm_settle
					   makes them if the message stays */
	/* DSNs queued at intake, delivered with the message */
	struct {
		char qid[24];
		const struct queue_path *path;
	} dsn[DLV_MAX_QUEUED];
	int ndsn;
};

/* bm_say - intake's messages as sendmail prints them: without the code */
static void
bm_say(const char *lines)
{
	const char *p = lines;

	while (*p != '\0') {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *t = p;

		/* "552 5.6.0 text" -> "text" */
		if (n > 4 && t[0] >= '2' && t[0] <= '5' && t[3] == ' ') {
			const char *sp = memchr(t + 4, ' ', n - 4);

			if (sp != NULL && sp[-1] >= '0' && sp[-1] <= '9')
				t = sp + 1;
			else
				t += 4;
		}
		fwrite(t, 1, n - (size_t)(t - p), stdout);
		fputc('\n', stdout);
		p += n;
		if (*p == '\n')
			p++;
	}
	fflush(stdout);
}

/* bm_flush_body - what intake set aside as body, into the df */
static bool
bm_flush_body(struct bm *b)
{
	bool ok = true;

	if (b->body.len > 0 &&
	    fwrite(b->body.data, 1, b->body.len, b->txn.df) != b->body.len)
		ok = false;
	buf_reset(&b->body);
	return ok;
}

/* bm_read - standard input through intake into the df */
static bool
bm_read(struct bm *b)
{
	char in[65536];
	bool ok = true;

	for (;;) {
		ssize_t n = read(0, in, sizeof(in));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			printf("collect: read error: %s\n", strerror(errno));
			ok = false;
			break;
		}
		if (n == 0)
			break;
		traffic_in(&b->tr, in, (size_t)n);
		intake_feed(&b->in, in, (size_t)n, &b->body);
		if (!bm_flush_body(b))
			ok = false;
		if (b->in.parse.state == HDR_PARSE_DONE)
			break;	/* a lone "." (without -i) */
	}
	return ok;
}

/* bm_save_macros - the macros a queued message keeps ($r $s $_) */
static void
bm_save_macros(struct bm *b)
{
	static const char *const names[] = { "r", "s", "_" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = macro_get_name(b->cf->macros, names[i]);

		if (v != NULL)
			envelope_set_macro(&b->env, names[i], v);
	}
}

/* bm_dsn_params - -N, -R, -V and -B into the envelope */
static unsigned
bm_dsn_params(struct bm *b)
{
	const struct cmdline *cl = b->cl;
	unsigned notify = 0;

	if (cl->notify & CMDLINE_NOTIFY_SET) {
		if (cl->notify & CMDLINE_NOTIFY_SUCCESS)
			notify |= RCPT_NOTIFY_SUCCESS;
		if (cl->notify & CMDLINE_NOTIFY_FAILURE)
			notify |= RCPT_NOTIFY_FAILURE;
		if (cl->notify & CMDLINE_NOTIFY_DELAY)
			notify |= RCPT_NOTIFY_DELAY;
		if (notify == 0)
			notify = RCPT_NOTIFY_NEVER;
	}
	if (cl->dsn_ret != NULL)
		b->env.ret = cl->ret_hdrs ? ENV_RET_HDRS : ENV_RET_FULL;
	if (cl->envid != NULL)
		b->env.envid = xstrdup(cl->envid);
	if (cl->bodytype != NULL &&
	    cmdline_bodytype(cl->bodytype) == CMDLINE_BODY_8BITMIME)
		b->env.bodytype = xstrdup("8BITMIME");
	else if (cl->bodytype != NULL &&
	    cmdline_bodytype(cl->bodytype) == CMDLINE_BODY_7BIT)
		b->env.bodytype = xstrdup("7BIT");
	return notify;
}

/*
 * bm_bounce - the refused recipients (e->rcpts[first..]) bounced to the
 * sender now, as sendmail's returntosender at the end of intake
 */
static void
bm_bounce(struct bm *b, size_t first, struct dlv_ctx *dlv)
{
	struct dlv_list list;
	size_t i;
	int k;

	memset(&list, 0, sizeof(list));
	for (i = first; i < b->env.nrcpts; i++) {
		const struct rcpt *r = &b->env.rcpts[i];
		struct dlv_rcpt *d = dlv_list_add(&list, i, -1, r->addr);
		const char *reply = r->reply ? r->reply : "550 5.0.0 refused";
		/* the reason: the reply's text, without "addr... " */
		const char *why = strstr(reply, "... ");
		const char *st = r->status ? r->status : "5.0.0";
		int ex = addr_error_exitstat(st);

		if (why != NULL)
			why += 4;
		else if ((why = strchr(reply, ' ')) != NULL &&
		    (why = strchr(why + 1, ' ')) != NULL)
			why++;
		else
			why = reply;
		dlv_set(d, DLV_FAILED, ex ? ex : EX_UNAVAILABLE, st, why);
		d->reply = xstrdup(reply);
		d->attempted = true;
	}
	if (list.n > 0)
		dlv_report(dlv, &b->qd, &b->env, buf_str(&b->txn.df_path), &list,
		    false);
	dlv_list_free(&list);
	for (k = 0; k < dlv->nqueued && b->ndsn < DLV_MAX_QUEUED; k++) {
		memcpy(b->dsn[b->ndsn].qid, dlv->queued[k].qid,
		    sizeof(b->dsn[b->ndsn].qid));
		b->dsn[b->ndsn++].path = dlv->queued[k].path;
	}
	dlv->nqueued = 0;
}

/* bm_find_line - the first line of text that starts with prefix, or NULL */
static const char *
bm_find_line(const char *text, const char *prefix, struct buf *out)
{
	const char *p = text;

	while (p != NULL && *p != '\0') {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			buf_reset(out);
			buf_add(out, p, n);
			return buf_str(out);
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

/*
 * bm_dead_letter - a message that cannot be queued at all (too many
 * hops) goes to the caller's ~/dead.letter, as sendmail's savemail
 */
static void
bm_dead_letter(struct bm *b)
{
	struct passwd *pw = getpwuid(getuid());
	struct mailer *local = mailer_find(b->cf, "local");
	struct hdr_put_ctx pc;
	struct rw_ctx rw;
	struct arena arena = ARENA_INIT;
	struct buf path = BUF_INIT, out = BUF_INIT;
	FILE *df;
	int fd;

	if (pw == NULL || pw->pw_dir == NULL)
		return;
	buf_addf(&path, "%s/dead.letter", pw->pw_dir);
	mbox_from_line(&out, b->sender.null ? "MAILER-DAEMON" : b->sender.paddr,
	    b->env.ctime);
	memset(&rw, 0, sizeof(rw));
	rw.cf = b->cf;
	rw.arena = &arena;
	memset(&pc, 0, sizeof(pc));
	pc.m = local;
	pc.rw = &rw;
	pc.macros = b->cf->macros;
	pc.eflags = b->in.eflags;
	macro_set(b->cf->macros, 'g', b->sender.null ? "<>" : b->sender.paddr);
	(void)hdr_rewrite_put(&b->env.headers, &pc, &out);
	buf_addc(&out, '\n');
	fflush(b->txn.df);
	if ((df = fopen(buf_str(&b->txn.df_path), "r")) != NULL) {
		char tmp[8192];
		size_t n;

		while ((n = fread(tmp, 1, sizeof(tmp), df)) > 0)
			buf_add(&out, tmp, n);
		fclose(df);
	}
	if (out.len > 0 && out.data[out.len - 1] != '\n')
		buf_addc(&out, '\n');
	buf_addc(&out, '\n');
	fd = open(buf_str(&path), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd >= 0 && write(fd, out.data, out.len) == (ssize_t)out.len &&
	    fsync(fd) == 0)
		printf("%s... Saved message in %s\n", buf_str(&path),
		    buf_str(&path));
	else
		printf("%s... cannot save: %s\n", buf_str(&path), strerror(errno));
	if (fd >= 0)
		close(fd);
	arena_free(&arena);
	buf_free(&path);
	buf_free(&out);
}

/*
 * bm_log_queued - DeliveryMode queue or defer: sendmail logs each
 * recipient as queued ("to=alice, delay=00:00:00, mailer=local,
 * pri=30047, stat=queued"); the taken ones are e->rcpts[0..n), in the
 * order of b->rcpts.v
 */
static void
bm_log_queued(struct bm *b, size_t n)
{
	char mode = b->cf->opts->delivery_mode;
	struct buf l = BUF_INIT;
	size_t i;

	if (mode != OPT_DM_QUEUE && mode != OPT_DM_DEFER)
		return;
	for (i = 0; i < n && i < b->rcpts.n; i++) {
		const struct rcpt *r = &b->env.rcpts[i];

		buf_reset(&l);
		buf_addf(&l, "%s: to=%s, delay=", b->env.qid,
		    r->paddr != NULL ? r->paddr : r->addr);
		log_delay(&l, time(NULL) - b->env.ctime);
		buf_addf(&l, ", mailer=%s, pri=%ld, stat=queued",
		    b->rcpts.v[i].mailer, b->env.priority);
		log_line(LOG_INFO, "%s", buf_str(&l));
	}
	buf_free(&l);
}

/* bm_deliver - the delivery DeliveryMode asks for; the exit status */
static int
bm_deliver(struct bm *b, struct dlv_ctx *dlv, bool message)
{
	char mode = b->cf->opts->delivery_mode;
	struct qrun q;
	int i;

	if (mode != OPT_DM_INTERACTIVE && mode != OPT_DM_BACKGROUND)
		return EX_OK;
	if (!message && b->ndsn == 0)
		return EX_OK;
	if (mode == OPT_DM_BACKGROUND) {
		/* it stays queued if the fork fails */
		int r = proc_detach();

		if (r == DETACH_FAILED)
			log_line(LOG_ERR, "%s: cannot fork for delivery: %s",
			    b->env.qid, strerror(errno));
		if (r != DETACH_CHILD)
			return EX_OK;
	} else
		fflush(NULL);
	memset(&q, 0, sizeof(q));
	q.dlv = dlv;
	q.qd = &b->qd;
	q.ignore_min_age = true;
	q.verbose = dlv->verbose;
	/* -v shows each outcome already */
	q.tell = mode == OPT_DM_INTERACTIVE && dlv->verbose == NULL ? stdout :
	    NULL;
	if (message)
		(void)queue_run_id(&q, b->txn.path, b->env.qid);
	for (i = 0; i < b->ndsn; i++)
		(void)queue_run_id(&q, b->dsn[i].path, b->dsn[i].qid);
	if (mode == OPT_DM_BACKGROUND)
		_exit(EX_OK);
	return q.stats.failed_exit;
}

/* bm_same_dir - do a and b lie in one directory? */
static bool
bm_same_dir(const char *a, const char *b)
{
	char *da = queue_io_dirof(a), *db = queue_io_dirof(b);
	bool same = strcmp(da, db) == 0;

	free(da);
	free(db);
	return same;
}

/*
 * bm_settle - a commit made without its syncs (SuperSafe=interactive,
 * delivery here and now): whatever is still queued is made durable
 * before the command says 0.  Until then nobody was told the message
 * was taken, so a crash in between loses nothing anyone relied on.
 */
static int
bm_settle(const char *qfpath, const char *dfpath)
{
	const char *paths[2] = { dfpath, qfpath };
	int i, fd, rc = EX_OK;

	/* the effective ids: access() would ask for the caller's, who
	   cannot look into the client queue */
	if (faccessat(AT_FDCWD, qfpath, F_OK, AT_EACCESS) != 0 &&
	    errno == ENOENT)
		return EX_OK;		/* delivered (or bounced): removed */
	for (i = 0; i < 2; i++) {
		fd = open(paths[i], O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0) {
			if (i == 0 && errno == ENOENT)
				continue;	/* a df in a queue group apart */
			rc = EX_TEMPFAIL;
			continue;
		}
		if (fsync(fd) < 0)
			rc = EX_TEMPFAIL;
		(void)close(fd);
	}
	if (queue_io_syncdir(qfpath) < 0)
		rc = EX_TEMPFAIL;
	else if (!bm_same_dir(dfpath, qfpath) && queue_io_syncdir(dfpath) < 0)
		rc = EX_TEMPFAIL;
	if (rc != EX_OK)
		printf("cannot make the queued message durable: %s\n",
		    strerror(errno));
	return rc;
}

/* bm_free - everything b holds; an open transaction is abandoned */
static void
bm_free(struct bm *b)
{
	if (b->in_open)
		intake_free(&b->in);
	if (b->txn_open)
		queue_commit_abort(&b->txn);
	if (b->qd_ready)
		queue_dir_free(&b->qd);
	envelope_free(&b->env);
	bm_rcpts_free(&b->rcpts);
	bm_sender_free(&b->sender);
	buf_free(&b->body);
	traffic_end(&b->tr);
}

/*
 * bm_auth_param - a message the caller sends as itself carries the
 * caller as its AUTH= identity (RFC 4954), "login@$j" as sendmail's MSP
 * passes it on MAIL to a server that offers AUTH; not with another -f
 */
static void
bm_auth_param(struct bm *b)
{
	const char *j = macro_get(b->cf->macros, 'j');
	struct buf id = BUF_INIT, x = BUF_INIT;

	if (b->sender.null || (b->sender.from_flag && !b->sender.self))
		return;
	buf_addf(&id, "%s@%s", b->sender.login, j != NULL ? j : "localhost");
	qf_xtext_encode(&x, id.data, id.len);
	b->env.auth = buf_steal(&x);
	buf_free(&id);
}

/*
 * bm_run_as - root running the submission program (cron, root's mail
 * clients) with a RunAsUser (submit.cf's smmsp) becomes that user once
 * it knows who the sender is: the client queue is its, and nothing
 * after this (the message, the server's replies) is parsed as root
 */
static bool
bm_run_as(struct cf *cf)
{
	struct buf err = BUF_INIT;
	bool ok = daemon_privs_run_as(cf->opts, &err) == 0;

	if (!ok)
		printf("cannot become RunAsUser %s: %s", cf->opts->run_as_user ?
		    cf->opts->run_as_user : "?", buf_str(&err));
	buf_free(&err);
	return ok;
}

/* bm_begin - the queue transaction and intake; false with the status */
static bool
bm_begin(struct bm *b, int *status)
{
	struct intake_conf conf;
	struct buf err = BUF_INIT;
	const struct cmdline *cl = b->cl;
	int i;

	if (queue_dir_setup(b->cf, &b->qd, &err) != 0) {
		printf("%s\n", buf_str(&err));
		buf_free(&err);
		*status = EX_TEMPFAIL;
		return false;
	}
	b->qd_ready = true;
	/*
	 * delivered here and now (the MSP's DeliveryMode=i): the exit
	 * status is the acknowledgement, so the commit leaves the syncs to
	 * bm_settle, which makes them only if the message is still queued
	 * when the command ends; a delivered message costs no disk flush
	 * (SuperSafe=False keeps its meaning: no syncs at all)
	 */
	b->settle = b->cf->opts->delivery_mode == OPT_DM_INTERACTIVE &&
	    b->cf->opts->super_safe != OPT_SAFE_FALSE;
	if (queue_commit_begin(&b->txn, b->cf, &b->qd, &b->qd.groups[0],
	    b->settle ? QUEUE_COMMIT_NOSYNC | QUEUE_COMMIT_DELIVERING : 0,
	    &err) != 0) {
		printf("cannot create a queue file: %s\n", buf_str(&err));
		buf_free(&err);
		*status = EX_TEMPFAIL;
		return false;
	}
	buf_free(&err);
	b->txn_open = true;

	envelope_init(&b->env);
	snprintf(b->env.qid, sizeof(b->env.qid), "%s", b->txn.qid);
	b->env.ctime = time(NULL);
	b->env.sender = xstrdup(b->sender.null ? "" : b->sender.paddr);
	bm_auth_param(b);
	b->env.sender_paddr = xstrdup(b->sender.paddr);
	intake_conf_init(&conf, b->cf);
	conf.grab_to = cl->grab_to;
	if (cl->ignore_dots)
		conf.ignore_dots = true;
	conf.hopcount = cl->hop_set ? cl->hopcount : 0;
	intake_begin(&b->in, &b->env, b->cf, b->cf->macros, &conf,
	    &b->sender.in, b->env.ctime);
	b->in_open = true;
	b->in.add_rcpt = bm_rcpt_add;
	b->in.add_rcpt_arg = &b->rcpts;
	bm_sender_warnings(&b->sender, b->cf, cl, &b->env.headers);
	for (i = 0; i < cl->nrcpts; i++)
		intake_rcpt_list(&b->in, cl->rcpts[i]);
	return true;
}

int
mode_bm(struct cf *cf, const struct cmdline *cl)
{
	struct bm b;
	struct dlv_ctx dlv;
	struct buf err = BUF_INIT, line = BUF_INIT;
	const char *all_reply;
	struct buf qfpath = BUF_INIT, dfpath = BUF_INIT;
	bool toobig = false, toolarge = false;
	int sstat;
	size_t first_bad;
	unsigned notify;
	int st, status = EX_OK, dstat;
	bool live;

	if (!cl->grab_to && cl->nrcpts == 0) {
		printf("Recipient names must be specified\n");
		return EX_USAGE;
	}
	/* a reader that goes away must not kill us mid-commit */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		fprintf(stderr, "sendmail: cannot ignore SIGPIPE\n");
	cf->diag = stdout;
	memset(&b, 0, sizeof(b));
	b.cf = cf;
	b.cl = cl;
	buf_init(&b.body);
	traffic_init(&b.tr, cl->traffic);
	macro_set(cf->macros, macro_id(cf->macros, "opMode", 6), "m");
	bm_sender_setup(&b.sender, cf, cl);
	if (!bm_run_as(cf)) {
		bm_free(&b);
		return EX_OSERR;
	}
	bm_rcpts_init(&b.rcpts, cf, &b.env);
	b.rcpts.tell = true;
	/* who runs us, for Received's "(from user@localhost)": never
	   what the caller says (-oM_ is ignored, as by sendmail) */
	buf_addf(&line, "%s@localhost", b.sender.login);
	macro_set(cf->macros, '_', buf_str(&line));
	buf_reset(&line);
	if (!bm_begin(&b, &status)) {
		bm_free(&b);
		return status;
	}
	if (!bm_read(&b)) {
		printf("cannot write the message to the queue: %s\n",
		    strerror(errno));
		bm_free(&b);
		return EX_TEMPFAIL;
	}
	st = intake_end(&b.in, &b.body);
	b.msgsize = b.in.parse.msgsize;
	if (!bm_flush_body(&b)) {
		printf("cannot write the message to the queue: %s\n",
		    strerror(errno));
		bm_free(&b);
		return EX_TEMPFAIL;
	}
	/*
	 * MaxMessageSize: the whole message was read (and is in the df for
	 * the bounce, which returns its header); it is refused, as in SMTP
	 */
	if (st == INTAKE_OK && cf->opts->max_message_size > 0 &&
	    b.msgsize > cf->opts->max_message_size) {
		buf_reset(&line);
		buf_addf(&line, "552 5.2.3 Message exceeds maximum fixed size "
		    "(%ld)", cf->opts->max_message_size);
		bm_say(buf_str(&line));
		toolarge = true;
	}
	if (b.in.eflags & INTAKE_DELETE_BCC)
		b.env.flags |= QF_F_DELBCC;
	if (b.in.eflags & INTAKE_HAS8BIT)
		b.env.flags |= QF_F_8BIT;

	all_reply = NULL;
	switch (st) {
	case INTAKE_ERR_NORCPT:
		/* sendmail says so and exits 0: nothing to deliver */
		bm_say(buf_str(&b.in.errors));
		bm_free(&b);
		buf_free(&line);
		return EX_OK;
	case INTAKE_ERR_HOPS:
		/* the reason goes with the message into dead.letter */
		bm_dead_letter(&b);
		bm_free(&b);
		buf_free(&line);
		return EX_UNAVAILABLE;
	case INTAKE_ERR_TOOBIG:
		/* the message is refused; its sender hears why (exit 0) */
		bm_say(buf_str(&b.in.errors));
		all_reply = bm_find_line(buf_str(&b.in.errors), "552 ", &line);
		if (all_reply == NULL)
			all_reply = "552 5.6.0 Headers too large";
		toobig = true;
		break;
	default:
		if (toolarge) {
			all_reply = buf_str(&line);
			status = EX_DATAERR;
			break;
		}
		/* a header sendmail could not read fails every recipient */
		all_reply = bm_find_line(buf_str(&b.in.errors), "553 5.3.0 ",
		    &line);
		if (all_reply != NULL) {
			bm_say(buf_str(&b.in.errors));
			status = EX_SOFTWARE;
		}
		break;
	}
	if (status == EX_OK && b.sender.exitstat != 0)
		status = b.sender.exitstat;
	if (status == EX_OK && !toobig && b.rcpts.exitstat != 0)
		status = b.rcpts.exitstat;
	notify = bm_dsn_params(&b);
	if (toolarge)	/* its bounce returns the header only, as 8.17's */
		b.env.ret = ENV_RET_HDRS;
	first_bad = bm_rcpts_finish(&b.rcpts, notify, all_reply);
	live = first_bad > 0;
	b.env.priority = intake_priority(cf, &b.env, b.msgsize);
	bm_save_macros(&b);
	if (queue_commit(&b.txn, &b.env, &err) != 0) {
		printf("cannot queue the message: %s\n", buf_str(&err));
		buf_free(&err);
		buf_free(&line);
		bm_free(&b);
		return EX_TEMPFAIL;
	}
	intake_log_from(cf, &b.env, b.msgsize);
	bm_log_queued(&b, first_bad);
	dlv_ctx_init(&dlv, cf);
	if (cl->verbose)
		dlv.verbose = stdout;
	bm_bounce(&b, first_bad, &dlv);
	if (!live) {
		/* everyone refused and told: the message itself is done */
		if (queue_remove(buf_str(&b.txn.qf_path), buf_str(&b.txn.df_path),
		    &b.txn.qfd, &err) < 0)
			log_line(LOG_ERR, "%s: %s", b.env.qid, buf_str(&err));
	}
	buf_set(&qfpath, buf_str(&b.txn.qf_path));
	buf_set(&dfpath, buf_str(&b.txn.df_path));
	queue_commit_close(&b.txn);
	b.txn_open = false;
	intake_free(&b.in);
	b.in_open = false;
	fflush(stdout);
	dstat = bm_deliver(&b, &dlv, live);
	if (status == EX_OK)
		status = dstat;
	if (b.settle && live && (sstat = bm_settle(buf_str(&qfpath),
	    buf_str(&dfpath))) != EX_OK)
		status = sstat;
	buf_free(&qfpath);
	buf_free(&dfpath);
	dlv_ctx_free(&dlv);
	buf_free(&err);
	buf_free(&line);
	bm_free(&b);
	return status;
}
