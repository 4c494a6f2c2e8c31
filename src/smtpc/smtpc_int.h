/*
 * smtpc_int.h - the pieces of smtpc that only smtpc's files share:
 * the connection, TLS, AUTH, the host list and one session.
 */
#ifndef TERN_SMTPC_INT_H
#define TERN_SMTPC_INT_H

#include <openssl/ssl.h>

#include "dns/dns.h"
#include "smtpc/smtpc.h"

/* ---- smtpc_conn.c: a socket (then maybe TLS) with deadlines */
struct smtpc_conn {
	int fd;
	SSL *ssl;		/* after STARTTLS */
	char rbuf[4096];
	size_t rpos, rlen;	/* unread bytes: rbuf[rpos .. rlen) */
	FILE *verbose;
	char err[160];		/* why the last call failed */
	bool timed_out;
};

/*
 * smtpc_conn_open - connect to a:port within timeout seconds.
 * 0, or -1 with c->err ("Connection refused", "Connection timed out").
 */
int smtpc_conn_open(struct smtpc_conn *, const struct dns_addr *a,
    int port, long timeout);
void smtpc_conn_close(struct smtpc_conn *);
/* smtpc_conn_write - all of data within timeout; 0 or -1 */
int smtpc_conn_write(struct smtpc_conn *, const char *data, size_t len,
    long timeout);
/*
 * smtpc_conn_reply - read one whole reply within timeout.
 * 0, or -1 (c->err: timeout, EOF, protocol error).
 */
int smtpc_conn_reply(struct smtpc_conn *, struct smtpc_reply *,
    long timeout);
/* smtpc_conn_wait - ev (POLLIN/POLLOUT) by deadline: 1, 0 timeout, -1 */
int smtpc_conn_wait(struct smtpc_conn *, short ev, long long deadline);
/* smtpc_now_ms - a monotonic clock in milliseconds */
long long smtpc_now_ms(void);
/* smtpc_conn_discard - drop buffered input (before the TLS handshake) */
size_t smtpc_conn_discard(struct smtpc_conn *);

/* ---- smtpc_tls.c */
/*
 * smtpc_tls_ctx - the client context for a job (certificate and key
 * when set and safe, CA for verification).  NULL on failure (logged).
 */
SSL_CTX *smtpc_tls_ctx(const struct smtpc_job *);
/*
 * the client context made only when a server offers STARTTLS (making it
 * reads openssl.cnf and sets up every cipher: over a millisecond that a
 * server without STARTTLS, like the local MTA an MSP talks to, never
 * needs); free ctx after the job
 */
struct smtpc_tls_lazy {
	const struct smtpc_job *j;
	SSL_CTX *ctx;
	bool tried;
};
/* smtpc_tls_lazy_get - the context, made on the first call; NULL if it
   cannot be made (go on in clear) */
SSL_CTX *smtpc_tls_lazy_get(struct smtpc_tls_lazy *);
/*
 * smtpc_tls_start - the TLS handshake on c (SNI = sni unless NULL),
 * recording ${verify} and the cipher in res.  0 or -1.
 */
int smtpc_tls_start(struct smtpc_conn *, SSL_CTX *, const char *sni,
    long timeout, struct smtpc_result *res);
/* smtpc_tls_key_safe - may this key file be used?  (mode, owner; false
 * and *why, e.g. "group readable") */
bool smtpc_tls_key_safe(const char *path, bool group_ok, const char **why);

/* ---- smtpc_auth.c */
/*
 * smtpc_auth - authenticate with the first allowed mechanism the server
 * offers.  0 done (res->auth_mech set), 1 not tried (no usable
 * mechanism, or plain text without TLS), 2 refused by the server (its
 * reply line in *refused when not NULL): go on without AUTH, as sendmail
 * does; -1 the connection broke.
 */
int smtpc_auth(struct smtpc_conn *, const struct smtpc_job *,
    const struct smtpc_ext *, bool tls_on, long timeout,
    struct smtpc_result *res, struct buf *refused);
/* smtpc_auth_plain - base64 of "authzid\0user\0pass" into out */
void smtpc_auth_plain(const char *authzid, const char *user,
    const char *pass, struct buf *out);
/* smtpc_b64 - base64 of in */
void smtpc_b64(const char *in, size_t len, struct buf *out);

/* ---- smtpc_hosts.c */
struct smtpc_host {
	char *name;		/* for relay= and SNI; "[1.2.3.4]" literals */
	bool literal;
	struct dns_addr_list addrs;
	enum dns_status st;	/* of the address lookup */
};

struct smtpc_hosts {
	struct smtpc_host *v;
	size_t n;
	int exitstat;		/* EX_OK, or why there is nothing to try */
	char status[16];
	char *text;		/* for that failure */
	enum dns_status worst;	/* the worst DNS status seen */
};

/* smtpc_hosts_build - the job's hosts, MX-expanded, with addresses */
void smtpc_hosts_build(const struct smtpc_job *, struct smtpc_hosts *);
void smtpc_hosts_free(struct smtpc_hosts *);
/*
 * smtpc_hosts_cut_local - drop the MX hosts of preference >= the local
 * host's.  Returns the number kept, or -1 if the local host is best.
 */
long smtpc_hosts_cut_local(struct dns_mx *v, size_t n,
    bool (*is_local)(const char *, void *), void *arg);

/* ---- smtpc_session.c */
enum smtpc_sess {
	SMTPC_S_DONE,		/* the server answered MAIL: outcomes final */
	SMTPC_S_NEXT,		/* this server failed: try the next address */
	SMTPC_S_TLSFAIL,	/* the TLS handshake failed */
	SMTPC_S_FATAL,		/* a local failure: no other host helps */
};

/*
 * smtpc_session - one dialogue on an open connection.  Fills the
 * recipients' outcomes on SMTPC_S_DONE; res->code/status/reply for
 * the last reply either way.
 */
enum smtpc_sess smtpc_session(struct smtpc_conn *, struct smtpc_job *,
    const char *hostname, bool literal, struct smtpc_tls_lazy *tls,
    struct smtpc_result *res);
/* what a session is asked to do with its connection, and did */
struct smtpc_sess_keep {
	bool keep;		/* in: no QUIT after a 2xx to the message */
	const struct smtpc_ext *reuse; /* in: an open session: RSET, MAIL */
	bool tls_on;		/* in with reuse, out: under TLS */
	bool kept;		/* out: open and in step, not QUIT */
	struct smtpc_ext ext;	/* out: what the server offered */
};
#define SMTPC_S_STALE	(SMTPC_S_FATAL + 1)	/* reuse: RSET not 250 */

/*
 * smtpc_session_ex - smtpc_session, keeping the connection open after
 * a successful transaction (k->keep), or starting on an open one with
 * RSET (k->reuse; SMTPC_S_STALE when its answer is not 250, and
 * nothing else was said).  k NULL: smtpc_session.
 */
int smtpc_session_ex(struct smtpc_conn *, struct smtpc_job *,
    const char *hostname, bool literal, struct smtpc_tls_lazy *tls,
    struct smtpc_result *res, struct smtpc_sess_keep *k);
/* smtpc_timeout - the job's Timeout.* value of index i (enum opt_to) */
long smtpc_timeout(const struct smtpc_job *, int i);
/* smtpc_set_reply - replace *dst with a copy of s */
void smtpc_set_text(char **dst, const char *s);

/* ---- smtpc_cache.c: the entries, for smtpc_deliver.c and tests */
struct smtpc_cached {
	char *key;		/* smtpc_cache_key */
	struct smtpc_conn conn;	/* open, after a 2xx to the message */
	struct smtpc_ext ext;	/* its EHLO keywords */
	bool esmtp, tls_on;
	char verify[16];	/* the result's TLS and AUTH fields */
	char *tls_version, *cipher, *auth_mech;
	int cipher_bits;
	long quit_to;		/* Timeout.quit for the QUIT at the end */
	char *host;		/* whom it talks to, for -v, or NULL */
	long long used_ms;	/* last put back */
};

struct smtpc_cache {
	struct smtpc_cached **v;
	size_t n, max;
	long timeout;		/* seconds idle */
	long long (*now_ms)(void); /* smtpc_now_ms; tests set their own */
};

/* smtpc_cache_key - host, address, port, TLS/AUTH/HELO of the job */
char *smtpc_cache_key(const struct smtpc_job *, const char *host,
    const struct dns_addr *a);
/* smtpc_cached_new - an entry owning a copy of the open connection */
struct smtpc_cached *smtpc_cached_new(const char *key,
    const struct smtpc_conn *);
/* smtpc_cached_free - QUIT when quit, close the connection, free */
void smtpc_cached_free(struct smtpc_cached *, bool quit);
/* smtpc_cache_take - the entry of key, removed, or NULL (expires
 * idle ones first) */
struct smtpc_cached *smtpc_cache_take(struct smtpc_cache *,
    const char *key);
/* smtpc_cache_put - keep e, stamped now; evicts the least recently
 * used when full, an older one of the same key; NULL cache: closes */
void smtpc_cache_put(struct smtpc_cache *, struct smtpc_cached *e);

#endif
