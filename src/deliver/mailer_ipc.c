/*
 * mailer_ipc.c - the [IPC] mailers (smtp, esmtp, smtp8, dsmtp, relay):
 * one group of recipients, one destination ($h), handed to the SMTP
 * client (smtpc.h) with what the .cf and the envelope say: the port
 * from A= ("TCP $h 587"), MX lookups unless F=0, FallbackMXhost, the
 * DSN parameters, EightBitMode, the Timeout.* values, STARTTLS with the
 * client certificate options.  The replies become the recipients'
 * outcomes, as sendmail logs them ("stat=Sent (<server's text>)").
 */
#include "deliver/deliver.h"
#include "deliver/authinfo.h"
#include "deliver/ipc_child.h"
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "msg/mime.h"
#include "deliver/hoststat.h"
#include "queue/qf.h"
#include "smtpc/smtpc.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* ipc_is_local - is host one of our names (class w)? */
static bool
ipc_is_local(const char *host, void *arg)
{
	const struct cf *cf = arg;
	char tmp[256];
	size_t n = strlen(host);

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, host, n + 1);
	if (tmp[n - 1] == '.')
		tmp[n - 1] = '\0';
	return class_has(cf->classes, 'w', tmp);
}

/* ipc_port - A=TCP $h [port]: the port word, else 25 */
static int
ipc_port(const struct mailer *m)
{
	long p;
	char *end;

	if (m->argc < 3)
		return 25;
	p = strtol(m->argv[2], &end, 10);
	if (*end != '\0' || p <= 0 || p > 65535)
		return 25;
	return (int)p;
}

/* ipc_notify - NOTIFY= for a recipient: NULL when the client gave none */
static const char *
ipc_notify(const struct rcpt *rc, char buf[40])
{
	if (rc->notify == 0 && !(rc->flags & RCPT_PINGS))
		return NULL;
	if (rc->notify & RCPT_NOTIFY_NEVER)
		return "NEVER";
	buf[0] = '\0';
	if (rc->notify & RCPT_NOTIFY_SUCCESS)
		strcat(buf, "SUCCESS,");
	if (rc->notify & RCPT_NOTIFY_FAILURE)
		strcat(buf, "FAILURE,");
	if (rc->notify & RCPT_NOTIFY_DELAY)
		strcat(buf, "DELAY,");
	if (buf[0] == '\0')
		return NULL;
	buf[strlen(buf) - 1] = '\0';
	return buf;
}

/* ipc_reply_text - "Ok: queued" out of "250 2.0.0 Ok: queued" */
static const char *
ipc_reply_text(const char *reply)
{
	const char *p = reply;

	if (p == NULL)
		return "";
	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && (p[3] == ' ' || p[3] == '-')) {
		p += 4;
		if (isdigit((unsigned char)p[0]) && p[1] == '.') {
			while (*p != '\0' && *p != ' ')
				p++;
			while (*p == ' ')
				p++;
		}
	}
	return p;
}

/* ipc_hoststat_dir - HostStatusDirectory (under QueueDirectory when
 * relative), or NULL: none, or the mailer has F=W */
static const char *
ipc_hoststat_dir(const struct options *o, const struct mailer *m,
    struct buf *b)
{
	const char *d = o->host_status_directory;

	if (d == NULL || d[0] == '\0' || mailer_flag(m, 'W'))
		return NULL;
	if (d[0] == '/' || o->queue_directory == NULL)
		return d;
	buf_addf(b, "%s/%s", o->queue_directory, d);
	return buf_str(b);
}

void
mailer_ipc_group(struct dlv_ctx *c, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt **v, size_t n, const char *sender)
{
	const struct mailer *m = v[0]->m;
	const struct options *o = c->cf->opts;
	struct smtpc_job j;
	struct authinfo ai;
	bool have_ai = false;
	struct smtpc_result res;
	struct mime8to7_conf mconf;
	struct smtpc_rcpt *sr;
	struct buf hdrs, envid, *orcpts, hspath = BUF_INIT, hswhy = BUF_INIT;
	const char *hsdir;
	char hsst[16];
	char (*notify)[40];
	size_t k;
	int rc;

	memset(&res, 0, sizeof(res));
	buf_init(&hdrs);
	buf_init(&envid);
	sr = xcalloc(n, sizeof(*sr));
	orcpts = xcalloc(n, sizeof(*orcpts));
	notify = xcalloc(n, sizeof(*notify));
	if (v[0]->host == NULL || v[0]->host[0] == '\0') {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_FAILED, EX_CONFIG, "5.3.5",
			    "Local configuration error: no host for an IPC mailer");
		goto out;
	}
	if (msgout_headers(c, e, m, &hdrs) == EX_TEMPFAIL) {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_TEMPFAIL, EX_TEMPFAIL, "4.0.0",
			    "Deferred: cannot rewrite the header");
		goto out;
	}
	smtpc_job_init(&j);
	/* Timeout.*, FallbackMXhost, EightBitMode, the TLS client files */
	smtpc_job_options(&j, o);
	j.hosts = v[0]->host;
	j.port = ipc_port(m);
	j.mx = !mailer_flag(m, '0');
	j.is_local = ipc_is_local;
	j.is_local_arg = c->cf;
	j.myname = macro_get(c->cf->macros, 'j');
	j.helo = o->helo_name;
	j.sender = sender;
	j.size = e->msgsize > 0 ? (unsigned long)e->msgsize + hdrs.len : 0;
	j.body_type = e->bodytype;
	j.dsn_ret = e->ret == ENV_RET_FULL ? "FULL" :
	    e->ret == ENV_RET_HDRS ? "HDRS" : NULL;
	if (e->envid_xtext != NULL)
		j.dsn_envid = e->envid_xtext;
	else if (e->envid != NULL) {
		qf_xtext_encode(&envid, e->envid, strlen(e->envid));
		j.dsn_envid = buf_str(&envid);
	}
	for (k = 0; k < n; k++) {
		const struct rcpt *orc = &e->rcpts[v[k]->orig];

		buf_init(&orcpts[k]);
		sr[k].addr = v[k]->user;
		sr[k].notify = ipc_notify(orc, notify[k]);
		if (orc->orcpt_xtext != NULL)
			sr[k].orcpt = orc->orcpt_xtext;
		else if (orc->orcpt != NULL) {
			const char *semi = strchr(orc->orcpt, ';');

			/* "rfc822;" then the address as xtext */
			if (semi != NULL) {
				buf_add(&orcpts[k], orc->orcpt,
				    (size_t)(semi - orc->orcpt) + 1);
				qf_xtext_encode(&orcpts[k], semi + 1,
				    strlen(semi + 1));
				sr[k].orcpt = buf_str(&orcpts[k]);
			}
		}
	}
	j.rcpts = sr;
	j.nrcpts = n;
	j.headers = hdrs.data != NULL ? hdrs.data : "";
	j.headers_len = hdrs.len;
	/* the identity the message came with (RFC 4954), passed on */
	j.auth_param = e->auth;
	j.body_fd = open(dfpath, O_RDONLY | O_CLOEXEC);
	if (j.body_fd < 0) {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_TEMPFAIL, EX_TEMPFAIL, "4.3.0",
			    "Deferred: cannot open data file");
		goto out;
	}
	j.body_8bit = (e->flags & QF_F_8BIT) != 0;
	/* EightBitMode: to a server without 8BITMIME, a message labelled
	 * BODY=8BITMIME is converted to 7-bit MIME in every mode, an
	 * unlabelled 8-bit one under mimify; mailers with F=8 send as is */
	memset(&mconf, 0, sizeof(mconf));
	/* XXX intake does not set QF_F_8BIT yet: look at the bytes when
	 * the answer matters (mimify, strict; not for F=8) */
	if (!j.body_8bit && !mailer_flag(m, '8') &&
	    j.eight_bit_mode != SMTPC_8BIT_PASS8)
		j.body_8bit = mime_has8bit(hdrs.data, hdrs.len, j.body_fd) != 0;
	if (!mailer_flag(m, '8') && ((e->bodytype != NULL &&
	    strcasecmp(e->bodytype, "8BITMIME") == 0) ||
	    (j.body_8bit && j.eight_bit_mode == SMTPC_8BIT_MIMIFY))) {
		mconf.charset = o->default_charset;
		mconf.host = j.myname;
		mconf.id = e->qid;
		j.mime8to7 = &mconf;
	}
	j.verbose = c->verbose;
	/* HostStatusDirectory: hosts that failed to connect less than
	 * Timeout.hoststatus ago are not tried again (hoststat.h) */
	hsdir = ipc_hoststat_dir(o, m, &hspath);
	if (hsdir != NULL && hoststat_cached(hsdir, j.hosts, time(NULL),
	    o->to[OPT_TO_HOSTSTATUS], &hswhy, hsst)) {
		for (k = 0; k < n; k++) {
			struct buf t = BUF_INIT;

			buf_addf(&t, "Deferred: %s", buf_str(&hswhy));
			dlv_set(v[k], DLV_TEMPFAIL, EX_TEMPFAIL, hsst,
			    buf_str(&t));
			buf_free(&t);
		}
		close(j.body_fd);
		goto out;
	}
	if (c->verbose != NULL)
		fprintf(c->verbose, "%s... Connecting to %s via %s...\n",
		    v[0]->addr, v[0]->host, m->name);
	/* credentials for this destination (AuthInfo:), read while we may */
	have_ai = authinfo_for(c->cf, v[0]->host, &ai);
	if (have_ai) {
		j.auth_user = ai.user;
		j.auth_pass = ai.pass;
		j.auth_authzid = ai.authzid;
		j.auth_mechs = ai.mechs;
		/* AuthOptions p: no plain-text mechanism without TLS */
		j.auth_clear_ok = !(o->auth_options & OPT_AUTH_p);
	}
	rc = ipc_deliver(&j, &res, o);
	if (have_ai)
		authinfo_free(&ai);
	(void)rc;	/* every recipient has its own outcome */
	if (hsdir != NULL)
		(void)hoststat_record_rcpts(hsdir, res.mta, sr, n, time(NULL));
	close(j.body_fd);
	for (k = 0; k < n; k++) {
		struct buf t;
		int ex = sr[k].exitstat;
		enum dlv_state st = dlv_state_of(ex);

		buf_init(&t);
		if (st == DLV_SENT)
			buf_addf(&t, "Sent (%s)", ipc_reply_text(sr[k].reply));
		else if (st == DLV_TEMPFAIL)
			buf_addf(&t, "Deferred: %s", sr[k].reply ?
			    sr[k].reply : dlv_text_of(ex));
		else
			buf_adds(&t, dlv_text_of(ex));	/* as sendmail logs */
		dlv_set(v[k], st, ex, sr[k].status[0] ? sr[k].status : NULL,
		    buf_str(&t));
		free(v[k]->reply);
		v[k]->reply = st == DLV_FAILED && sr[k].reply != NULL ?
		    xstrdup(sr[k].reply) : NULL;
		buf_free(&t);
		free(v[k]->relay);
		v[k]->relay = res.relay ? xstrdup(res.relay) : NULL;
		free(v[k]->remote_mta);
		v[k]->remote_mta = res.mta ? xstrdup(res.mta) : NULL;
	}
	smtpc_result_free(&j, &res);
out:
	for (k = 0; k < n; k++)
		buf_free(&orcpts[k]);
	free(orcpts);
	free(notify);
	free(sr);
	buf_free(&hdrs);
	buf_free(&envid);
	buf_free(&hspath);
	buf_free(&hswhy);
}
