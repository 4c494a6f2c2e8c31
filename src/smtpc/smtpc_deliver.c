/* smtpc_deliver.c - one message to one destination: hosts in order,
 * each address in turn, until a server takes the transaction */
#include "smtpc/smtpc_int.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cf/option.h"

/* smtpc_job_init - the defaults */
void
smtpc_job_init(struct smtpc_job *j)
{
	memset(j, 0, sizeof *j);
	j->port = 25;
	j->mx = true;
	j->families = DNS_ANY;
	j->starttls = true;
	j->eight_bit_mode = SMTPC_8BIT_PASS8;
	j->body_fd = -1;
}

/* smtpc_result_free - the strings of res and of the recipients */
void
smtpc_result_free(struct smtpc_job *j, struct smtpc_result *res)
{
	size_t i;

	for (i = 0; j != NULL && i < j->nrcpts; i++) {
		free(j->rcpts[i].reply);
		j->rcpts[i].reply = NULL;
	}
	free(res->relay);
	free(res->mta);
	free(res->reply);
	free(res->tls_version);
	free(res->cipher);
	free(res->auth_mech);
	memset(res, 0, sizeof *res);
}

/* relay= as sendmail logs it: "name. [addr]", "[addr] [addr]" */
static void
set_relay(struct smtpc_result *res, const struct smtpc_host *h,
    const struct dns_addr *a)
{
	struct buf b = BUF_INIT;

	if (h->literal)
		buf_addf(&b, "[%s] [%s]", a->text, a->text);
	else
		buf_addf(&b, "%s. [%s]", h->name, a->text);
	free(res->relay);
	res->relay = buf_steal(&b);
	smtpc_set_text(&res->mta, h->name);
}

/* a cached session's TLS and AUTH state into res */
static void
cached_to_res(const struct smtpc_cached *e, struct smtpc_result *res)
{
	res->esmtp = e->esmtp;
	snprintf(res->verify, sizeof res->verify, "%s", e->verify);
	smtpc_set_text(&res->tls_version, e->tls_version);
	smtpc_set_text(&res->cipher, e->cipher);
	smtpc_set_text(&res->auth_mech, e->auth_mech);
	res->cipher_bits = e->cipher_bits;
}

/* res as before any connection (after a stale cached one) */
static void
res_fresh(struct smtpc_result *res)
{
	res->code = 0;
	res->status[0] = '\0';
	smtpc_set_text(&res->reply, NULL);
	res->esmtp = false;
	snprintf(res->verify, sizeof res->verify, "NONE");
	smtpc_set_text(&res->tls_version, NULL);
	smtpc_set_text(&res->cipher, NULL);
	smtpc_set_text(&res->auth_mech, NULL);
	res->cipher_bits = 0;
}

/* what a kept session established, into its cache entry */
static void
res_to_cached(const struct smtpc_result *res,
    const struct smtpc_sess_keep *k, const struct smtpc_job *j,
    struct smtpc_cached *e)
{
	e->ext = k->ext;
	e->tls_on = k->tls_on;
	e->esmtp = res->esmtp;
	snprintf(e->verify, sizeof e->verify, "%s", res->verify);
	smtpc_set_text(&e->tls_version, res->tls_version);
	smtpc_set_text(&e->cipher, res->cipher);
	smtpc_set_text(&e->auth_mech, res->auth_mech);
	e->cipher_bits = res->cipher_bits;
	e->quit_to = smtpc_timeout(j, OPT_TO_QUIT);
	/* for -v's "Closing connection to [127.0.0.1]" */
	free(e->host);
	e->host = res->relay != NULL ?
	    xstrndup(res->relay, strcspn(res->relay, " ")) : NULL;
}

/* the attempt's outcome from the recipients' */
static int
summary(const struct smtpc_job *j)
{
	size_t i;
	int first = EX_OK;

	for (i = 0; i < j->nrcpts; i++) {
		if (j->rcpts[i].exitstat == EX_OK)
			return EX_OK;
		if (first == EX_OK)
			first = j->rcpts[i].exitstat;
	}
	for (i = 0; i < j->nrcpts; i++)
		if (j->rcpts[i].exitstat == EX_TEMPFAIL)
			return EX_TEMPFAIL;
	return first == EX_OK ? EX_TEMPFAIL : first;
}

/* nobody got the message: every recipient gets the one reason */
static int
fail_all(struct smtpc_job *j, struct smtpc_result *res, int exitstat,
    const char *status, const char *text)
{
	size_t i;

	for (i = 0; i < j->nrcpts; i++) {
		struct smtpc_rcpt *rc = &j->rcpts[i];

		rc->exitstat = exitstat;
		rc->code = res->code;
		snprintf(rc->status, sizeof rc->status, "%s", status);
		smtpc_set_text(&rc->reply, text);
	}
	if (res->reply == NULL || res->code == 0) {
		snprintf(res->status, sizeof res->status, "%s", status);
		smtpc_set_text(&res->reply, text);
	}
	return exitstat;
}

/* a command argument with a line break would smuggle in a command */
static bool
bad_arg(const char *s)
{
	return s != NULL && strpbrk(s, "\r\n") != NULL;
}

static bool
job_args_bad(const struct smtpc_job *j)
{
	size_t i;

	if (bad_arg(j->sender) || bad_arg(j->helo) || bad_arg(j->myname) ||
	    bad_arg(j->body_type) || bad_arg(j->dsn_ret) ||
	    bad_arg(j->dsn_envid) || bad_arg(j->auth_user) ||
	    bad_arg(j->auth_authzid))
		return true;
	for (i = 0; i < j->nrcpts; i++)
		if (j->rcpts[i].addr == NULL || bad_arg(j->rcpts[i].addr) ||
		    bad_arg(j->rcpts[i].notify) || bad_arg(j->rcpts[i].orcpt))
			return true;
	return false;
}

/* smtpc_deliver - see smtpc.h */
int
smtpc_deliver(struct smtpc_job *j, struct smtpc_result *res)
{
	struct smtpc_hosts h;
	struct smtpc_tls_lazy tls = { j, NULL, false };
	bool connected = false, temp = false, done = false;
	struct buf why = BUF_INIT;
	size_t i, k;
	int rc;

	memset(res, 0, sizeof *res);
	snprintf(res->verify, sizeof res->verify, "NONE");
	for (i = 0; i < j->nrcpts; i++) {
		j->rcpts[i].exitstat = EX_TEMPFAIL;
		j->rcpts[i].code = 0;
		j->rcpts[i].status[0] = '\0';
		j->rcpts[i].reply = NULL;
	}
	if (job_args_bad(j))
		return fail_all(j, res, EX_SOFTWARE, "5.3.0",
		    "line break in an SMTP command argument");
	smtpc_hosts_build(j, &h);
	if (h.exitstat == EX_TEMPFAIL)
		temp = true;

	for (i = 0; i < h.n && !done; i++) {
		struct smtpc_host *hp = &h.v[i];
		enum dns_status st;

		st = dns_addrs(hp->name, j->families, 0, &hp->addrs);
		if (st != DNS_OK) {
			if (st == DNS_TEMPFAIL)
				temp = true;
			buf_reset(&why);
			if (st == DNS_TEMPFAIL)
				buf_addf(&why, "Name server: %s: host name "
				    "lookup failure", hp->name);
			else
				buf_addf(&why, "Host unknown (Name server: %s: "
				    "host not found)", hp->name);
			continue;
		}
		for (k = 0; k < hp->addrs.n && !done; k++) {
			struct smtpc_conn c;
			struct smtpc_sess_keep kp;
			struct smtpc_cached *ce = NULL;
			char *key = NULL;
			bool try_tls = true;
			int s;

			memset(&c, 0, sizeof c);
			memset(&kp, 0, sizeof kp);
			kp.keep = j->cache != NULL;
			if (j->cache != NULL) {
				key = smtpc_cache_key(j, hp->name,
				    &hp->addrs.v[k]);
				ce = smtpc_cache_take(j->cache, key);
			}
			if (ce != NULL) {
				set_relay(res, hp, &hp->addrs.v[k]);
				if (j->verbose != NULL)
					fprintf(j->verbose, "Using cached "
					    "%sSMTP connection to %s...\n",
					    ce->esmtp ? "E" : "", res->relay);
				cached_to_res(ce, res);
				kp.reuse = &ce->ext;
				kp.tls_on = ce->tls_on;
				s = smtpc_session_ex(&ce->conn, j, hp->name,
				    hp->literal, NULL, res, &kp);
				if (s != SMTPC_S_STALE) {
					connected = true;
					goto outcome;
				}
				/* gone stale: a fresh connection, no failure */
				smtpc_cached_free(ce, false);
				ce = NULL;
				res_fresh(res);
				kp.reuse = NULL;
				kp.tls_on = false;
			}
again:
			set_relay(res, hp, &hp->addrs.v[k]);
			if (j->verbose != NULL)
				fprintf(j->verbose, "Connecting to %s port "
				    "%d...\n", res->relay, j->port);
			if (smtpc_conn_open(&c, &hp->addrs.v[k], j->port,
			    smtpc_timeout(j, OPT_TO_CONNECT)) < 0) {
				temp = true;
				buf_reset(&why);
				buf_addf(&why, "%s by %s", c.err, hp->name);
				if (j->verbose != NULL)
					fprintf(j->verbose, "%s\n",
					    buf_str(&why));
				free(key);
				continue;
			}
			connected = true;
			s = smtpc_session_ex(&c, j, hp->name, hp->literal,
			    try_tls ? &tls : NULL, res, &kp);
			if (kp.kept)
				ce = smtpc_cached_new(key, &c);
			else
				smtpc_conn_close(&c);
outcome:
			if (kp.kept) {
				res_to_cached(res, &kp, j, ce);
				smtpc_cache_put(j->cache, ce);
			} else if (ce != NULL)
				smtpc_cached_free(ce, false);	/* QUIT said */
			ce = NULL;
			free(key);
			key = NULL;
			switch (s) {
			case SMTPC_S_DONE:
				done = true;
				break;
			case SMTPC_S_TLSFAIL:
				if (j->tls_fallback_clear && try_tls) {
					try_tls = false;
					if (j->cache != NULL)
						key = smtpc_cache_key(j,
						    hp->name, &hp->addrs.v[k]);
					goto again;
				}
				/* FALLTHROUGH */
			case SMTPC_S_NEXT:
				if (res->code == 0 || res->code / 100 != 5)
					temp = true;
				buf_reset(&why);
				buf_adds(&why, res->reply ? res->reply :
				    "protocol error");
				break;
			case SMTPC_S_FATAL:
				done = true;
				break;
			}
		}
	}

	if (done)
		rc = summary(j);
	else if (h.n == 0 || (!connected && !temp && why.len == 0))
		rc = fail_all(j, res, h.exitstat == EX_OK ? EX_NOHOST :
		    h.exitstat, h.status[0] ? h.status : "5.1.2",
		    h.text ? h.text : "Host unknown");
	else if (!connected && !temp)
		rc = fail_all(j, res, EX_NOHOST, "5.1.2", buf_str(&why));
	else if (temp || res->code == 0)
		rc = fail_all(j, res, EX_TEMPFAIL, res->code ?
		    res->status : "4.4.1", why.len ? buf_str(&why) :
		    h.text ? h.text : "Deferred");
	else	/* every server refused us for good */
		rc = fail_all(j, res, EX_UNAVAILABLE, res->status,
		    buf_str(&why));
	if (tls.ctx != NULL)
		SSL_CTX_free(tls.ctx);
	buf_free(&why);
	smtpc_hosts_free(&h);
	return rc;
}
