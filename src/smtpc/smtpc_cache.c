/*
 * smtpc_cache.c - open SMTP connections kept between messages
 * (ConnectionCacheSize, ConnectionCacheTimeout), as sendmail's client
 * keeps them for one process's lifetime.
 *
 * An entry is a connection after a successful transaction, with what
 * its session established (EHLO keywords, TLS, AUTH).  It is keyed by
 * everything that made that session what it is: the host name (SNI,
 * relay=), the address and port actually connected, the STARTTLS
 * setting and client files, the AUTH identity and the HELO name; a job
 * whose key differs in any of them never gets it.  Taking an entry
 * removes it (one user at a time); putting it back stamps it as used.
 * The cache evicts the least recently used entry when full and the ones
 * idle past the timeout when asked (smtpc_cache_expire, and before
 * every take), each with QUIT.
 */
#include "smtpc/smtpc_int.h"

#include <stdlib.h>
#include <string.h>

/* smtpc_cache_new - see smtpc.h */
struct smtpc_cache *
smtpc_cache_new(int size, long timeout)
{
	struct smtpc_cache *c;

	if (size <= 0)
		return NULL;
	if (size > SMTPC_CACHE_MAX)
		size = SMTPC_CACHE_MAX;
	c = xcalloc(1, sizeof *c);
	c->v = xcalloc((size_t)size, sizeof *c->v);
	c->max = (size_t)size;
	c->timeout = timeout > 0 ? timeout : 300;
	c->now_ms = smtpc_now_ms;
	return c;
}

/* key_add - one part of a key, length first: no two keys run together */
static void
key_add(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "-;");
	else
		buf_addf(b, "%zu:%s;", strlen(s), s);
}

/* smtpc_cache_key - the key of a job's session with host at a */
char *
smtpc_cache_key(const struct smtpc_job *j, const char *host,
    const struct dns_addr *a)
{
	struct buf b = BUF_INIT;

	key_add(&b, host);
	key_add(&b, a->text);
	buf_addf(&b, "%d;%d;%d;", j->port, j->starttls ? 1 : 0,
	    j->auth_clear_ok ? 1 : 0);
	key_add(&b, j->tls_cert_file);
	key_add(&b, j->tls_key_file);
	key_add(&b, j->tls_ca_file);
	key_add(&b, j->tls_ca_path);
	key_add(&b, j->auth_user);
	key_add(&b, j->auth_authzid);
	key_add(&b, j->auth_mechs);
	key_add(&b, j->helo != NULL ? j->helo : j->myname);
	return buf_steal(&b);
}

/* smtpc_cached_new - an entry for the open connection c (moved in) */
struct smtpc_cached *
smtpc_cached_new(const char *key, const struct smtpc_conn *c)
{
	struct smtpc_cached *e = xcalloc(1, sizeof *e);

	e->key = xstrdup(key);
	e->conn = *c;
	e->quit_to = 120;
	return e;
}

/* smtpc_cached_free - QUIT (when quit), close, free */
void
smtpc_cached_free(struct smtpc_cached *e, bool quit)
{
	if (e == NULL)
		return;
	if (quit && e->conn.fd >= 0) {
		struct smtpc_reply r;

		if (e->conn.verbose != NULL && e->host != NULL)
			fprintf(e->conn.verbose, "Closing connection to %s\n",
			    e->host);
		if (e->conn.verbose != NULL)
			fprintf(e->conn.verbose, ">>> QUIT\n");
		/* the 221 is awaited only to show it (-v): like Postfix's
		   smtp_skip_quit_response, nothing depends on it, and the
		   wait was a round trip of every submission */
		if (smtpc_conn_write(&e->conn, "QUIT\r\n", 6, e->quit_to) == 0 &&
		    e->conn.verbose != NULL) {
			smtpc_reply_init(&r);
			(void)smtpc_conn_reply(&e->conn, &r, e->quit_to);
			smtpc_reply_free(&r);
		}
	}
	smtpc_conn_close(&e->conn);
	free(e->key);
	free(e->host);
	free(e->tls_version);
	free(e->cipher);
	free(e->auth_mech);
	free(e);
}

/* the oldest entry, or -1 */
static long
cache_oldest(const struct smtpc_cache *c)
{
	long best = -1;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (best < 0 || c->v[i]->used_ms < c->v[best]->used_ms)
			best = (long)i;
	return best;
}

/* drop entry i, keeping the others in order */
static struct smtpc_cached *
cache_remove(struct smtpc_cache *c, size_t i)
{
	struct smtpc_cached *e = c->v[i];

	memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof *c->v);
	c->n--;
	return e;
}

/* smtpc_cache_expire - see smtpc.h */
long
smtpc_cache_expire(struct smtpc_cache *c)
{
	long long now, next = -1;
	size_t i;

	if (c == NULL)
		return -1;
	now = c->now_ms();
	for (i = 0; i < c->n;) {
		long long end = c->v[i]->used_ms + c->timeout * 1000LL;

		if (end <= now) {
			smtpc_cached_free(cache_remove(c, i), true);
			continue;
		}
		if (next < 0 || end - now < next)
			next = end - now;
		i++;
	}
	return next < 0 ? -1 : (long)((next + 999) / 1000);
}

/* smtpc_cache_take - the entry for key, removed from the cache, or NULL */
struct smtpc_cached *
smtpc_cache_take(struct smtpc_cache *c, const char *key)
{
	size_t i;

	if (c == NULL)
		return NULL;
	(void)smtpc_cache_expire(c);
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i]->key, key) == 0)
			return cache_remove(c, i);
	return NULL;
}

/* smtpc_cache_put - keep e (stamped now); the least recently used
 * entry goes (with QUIT) when the cache is full */
void
smtpc_cache_put(struct smtpc_cache *c, struct smtpc_cached *e)
{
	size_t i;

	if (c == NULL) {
		smtpc_cached_free(e, true);
		return;
	}
	e->used_ms = c->now_ms();
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i]->key, e->key) == 0) {
			smtpc_cached_free(cache_remove(c, i), true);
			break;
		}
	if (c->n >= c->max)
		smtpc_cached_free(cache_remove(c, (size_t)cache_oldest(c)),
		    true);
	c->v[c->n++] = e;
}

/* smtpc_cache_count - see smtpc.h */
size_t
smtpc_cache_count(const struct smtpc_cache *c)
{
	return c != NULL ? c->n : 0;
}

/* smtpc_cache_free - see smtpc.h */
void
smtpc_cache_free(struct smtpc_cache *c)
{
	if (c == NULL)
		return;
	while (c->n > 0)
		smtpc_cached_free(cache_remove(c, 0), true);
	free(c->v);
	free(c);
}
