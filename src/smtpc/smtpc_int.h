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
 * smtpc_tls_start - the TLS handshake on c (SNI = sni unless NULL),
 * recording ${verify} and the cipher in res.  0 or -1.
 */
int smtpc_tls_start(struct smtpc_conn *, SSL_CTX *, const char *sni,
    long timeout, struct smtpc_result *res);
/* smtpc_tls_key_safe - may this key file be used?  (mode, owner) */
bool smtpc_tls_key_safe(const char *path, bool group_ok);

/* ---- smtpc_auth.c */
/*
 * smtpc_auth - authenticate with the first allowed mechanism the server
 * offers.  0 done (res->auth_mech set), 1 not done (none usable, or
 * refused: go on without), -1 the connection broke.
 */
int smtpc_auth(struct smtpc_conn *, const struct smtpc_job *,
    const struct smtpc_ext *, bool tls_on, long timeout,
    struct smtpc_result *res);
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
    const char *hostname, bool literal, SSL_CTX *tls,
    struct smtpc_result *res);
/* smtpc_timeout - the job's Timeout.* value of index i (enum opt_to) */
long smtpc_timeout(const struct smtpc_job *, int i);
/* smtpc_set_reply - replace *dst with a copy of s */
void smtpc_set_text(char **dst, const char *s);

#endif
