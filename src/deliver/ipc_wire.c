/* ipc_wire.c - the job and its answer between a delivery process and
 * its SMTP agent; see ipc_wire.h.  The decoder trusts nothing. */
#include "deliver/ipc_wire.h"
#include "cf/option.h"
#include "msg/mime.h"
#include "smtpc/smtpc.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

_Static_assert(OPT_TO_MAX <= 64, "ipc_wire_job.timeouts too small");

#define NOSTR	0xffffffffu

/* ipc_wire_send - see ipc_wire.h */
int
ipc_wire_send(int sock, const struct buf *msg, int fd)
{
	size_t off = 0;
	bool first = true;

	if (msg->len > IPC_WIRE_MAX)
		return -1;
	do {
		char pkt[IPC_WIRE_PKT];
		size_t n = msg->len - off;
		struct iovec iov;
		struct msghdr mh;
		union {
			struct cmsghdr h;
			char space[CMSG_SPACE(sizeof(int))];
		} cm;
		ssize_t w;

		if (n > IPC_WIRE_PKT - 1)
			n = IPC_WIRE_PKT - 1;
		pkt[0] = off + n < msg->len ? 'M' : 'E';
		if (n > 0)
			memcpy(pkt + 1, msg->data + off, n);
		iov.iov_base = pkt;
		iov.iov_len = n + 1;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		if (first && fd >= 0) {
			struct cmsghdr *c;

			memset(&cm, 0, sizeof(cm));
			mh.msg_control = cm.space;
			mh.msg_controllen = sizeof(cm.space);
			c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &fd, sizeof(int));
		}
		do
			w = sendmsg(sock, &mh, MSG_NOSIGNAL);
		while (w < 0 && errno == EINTR);
		if (w < 0 || (size_t)w != n + 1)
			return -1;
		off += n;
		first = false;
	} while (off < msg->len);
	return 0;
}

/* close the descriptors a control message brought, keeping the first
 * one in *keep when keep is not NULL */
static void
take_fds(struct msghdr *mh, int *keep)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		size_t nfd, i;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len < CMSG_LEN(0))
			continue;
		nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfd; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (keep != NULL && *keep < 0)
				*keep = fd;
			else
				close(fd);
		}
	}
}

/* ipc_wire_recv - see ipc_wire.h */
int
ipc_wire_recv(int sock, struct buf *msg, int *fd)
{
	bool first = true;

	buf_reset(msg);
	*fd = -1;
	for (;;) {
		char pkt[IPC_WIRE_PKT];
		struct iovec iov = { pkt, sizeof(pkt) };
		struct msghdr mh;
		union {
			struct cmsghdr h;
			char space[CMSG_SPACE(4 * sizeof(int))];
		} cm;
		ssize_t n;

		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cm.space;
		mh.msg_controllen = sizeof(cm.space);
		do
			n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			goto bad;
		take_fds(&mh, first ? fd : NULL);
		if (n == 0)
			return first ? 0 : -1;
		if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0 ||
		    (pkt[0] != 'M' && pkt[0] != 'E') ||
		    msg->len + (size_t)n - 1 > IPC_WIRE_MAX)
			goto bad;
		buf_add(msg, pkt + 1, (size_t)n - 1);
		first = false;
		if (pkt[0] == 'E')
			return 1;
	}
bad:
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return -1;
}

/* ---- encoding */

static void
put_u8(struct buf *b, unsigned v)
{
	buf_addc(b, (int)(v & 0xff));
}

static void
put_u32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16, v >> 8, v };

	buf_add(b, x, 4);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)(v >> 32));
	put_u32(b, (uint32_t)v);
}

static void
put_mem(struct buf *b, const char *s, size_t len)
{
	if (s == NULL) {
		put_u32(b, NOSTR);
		return;
	}
	put_u32(b, (uint32_t)len);
	buf_add(b, s, len);
}

static void
put_str(struct buf *b, const char *s)
{
	put_mem(b, s, s != NULL ? strlen(s) : 0);
}

/* ipc_wire_job_put - see ipc_wire.h */
void
ipc_wire_job_put(struct buf *b, const struct smtpc_job *j, int cache_size,
    long cache_timeout)
{
	size_t i;

	put_u8(b, IPC_WIRE_VERSION);
	put_str(b, j->hosts);
	put_u32(b, (uint32_t)j->port);
	put_u8(b, j->mx);
	put_str(b, j->fallback_mx);
	put_u32(b, j->families);
	put_u8(b, j->dns_deterministic);
	put_u8(b, j->is_local != NULL);
	put_str(b, j->myname);
	put_str(b, j->helo);
	put_str(b, j->sender);
	put_u64(b, j->size);
	put_str(b, j->body_type);
	put_str(b, j->dsn_ret);
	put_str(b, j->dsn_envid);
	put_str(b, j->auth_param);
	put_u32(b, (uint32_t)j->nrcpts);
	for (i = 0; i < j->nrcpts; i++) {
		put_str(b, j->rcpts[i].addr);
		put_str(b, j->rcpts[i].notify);
		put_str(b, j->rcpts[i].orcpt);
	}
	put_mem(b, j->headers != NULL ? j->headers : "", j->headers_len);
	put_u8(b, j->body_8bit);
	put_u8(b, (unsigned char)j->eight_bit_mode);
	put_u8(b, j->mime8to7 != NULL);
	if (j->mime8to7 != NULL) {
		put_str(b, j->mime8to7->charset);
		put_str(b, j->mime8to7->host);
		put_str(b, j->mime8to7->id);
		put_u32(b, (uint32_t)j->mime8to7->max_depth);
	}
	put_u8(b, j->timeouts != NULL);
	for (i = 0; j->timeouts != NULL && i < OPT_TO_MAX; i++)
		put_u64(b, (uint64_t)j->timeouts[i]);
	put_u8(b, j->starttls);
	put_u8(b, j->tls_fallback_clear);
	put_str(b, j->tls_cert_file);
	put_str(b, j->tls_key_file);
	put_u8(b, j->tls_key_group_ok);
	put_str(b, j->tls_ca_file);
	put_str(b, j->tls_ca_path);
	put_str(b, j->auth_user);
	put_str(b, j->auth_pass);
	put_str(b, j->auth_authzid);
	put_str(b, j->auth_mechs);
	put_u8(b, j->auth_clear_ok);
	put_u8(b, j->verbose != NULL);
	put_u32(b, (uint32_t)(cache_size < 0 ? 0 : cache_size));
	put_u64(b, (uint64_t)(cache_timeout < 0 ? 0 : cache_timeout));
}

/* ---- decoding */

struct dec {
	const unsigned char *p;
	size_t left;
	bool bad;
	struct ipc_wire_job *w;
};

static const unsigned char *
take(struct dec *d, size_t n)
{
	const unsigned char *p = d->p;

	if (d->bad || n > d->left) {
		d->bad = true;
		return NULL;
	}
	d->p += n;
	d->left -= n;
	return p;
}

static unsigned
get_u8(struct dec *d)
{
	const unsigned char *p = take(d, 1);

	return p != NULL ? p[0] : 0;
}

static bool
get_bool(struct dec *d)
{
	unsigned v = get_u8(d);

	if (v > 1)
		d->bad = true;
	return v == 1;
}

static uint32_t
get_u32(struct dec *d)
{
	const unsigned char *p = take(d, 4);

	return p == NULL ? 0 : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
get_u64(struct dec *d)
{
	uint64_t hi = get_u32(d);

	return hi << 32 | get_u32(d);
}

/* a copy the job owns; text: no NUL inside */
static char *
get_mem(struct dec *d, size_t *lenp, bool text)
{
	uint32_t n = get_u32(d);
	const unsigned char *p;
	char *s;

	if (lenp != NULL)
		*lenp = 0;
	if (d->bad || n == NOSTR)
		return NULL;
	p = take(d, n);
	if (p == NULL || (text && memchr(p, '\0', n) != NULL)) {
		d->bad = true;
		return NULL;
	}
	s = xmalloc((size_t)n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	d->w->owned = xrealloc(d->w->owned,
	    (d->w->nowned + 1) * sizeof(*d->w->owned));
	d->w->owned[d->w->nowned++] = s;
	if (lenp != NULL)
		*lenp = n;
	return s;
}

static char *
get_str(struct dec *d)
{
	return get_mem(d, NULL, true);
}

/* ipc_wire_job_get - see ipc_wire.h */
int
ipc_wire_job_get(const char *msg, size_t len, struct smtpc_job *j,
    struct ipc_wire_job *w)
{
	struct dec d = { (const unsigned char *)msg, len, false, w };
	uint32_t n, i;
	uint64_t v;

	memset(w, 0, sizeof(*w));
	smtpc_job_init(j);
	if (get_u8(&d) != IPC_WIRE_VERSION)
		return -1;
	j->hosts = get_str(&d);
	n = get_u32(&d);
	if (n == 0 || n > 65535)
		d.bad = true;
	j->port = (int)n;
	j->mx = get_bool(&d);
	j->fallback_mx = get_str(&d);
	j->families = get_u32(&d);
	j->dns_deterministic = get_bool(&d);
	w->is_local = get_bool(&d);
	j->myname = get_str(&d);
	j->helo = get_str(&d);
	j->sender = get_str(&d);
	v = get_u64(&d);
	if (v > (uint64_t)IPC_WIRE_MAX * 1024 * 1024)
		d.bad = true;
	j->size = (unsigned long)v;
	j->body_type = get_str(&d);
	j->dsn_ret = get_str(&d);
	j->dsn_envid = get_str(&d);
	j->auth_param = get_str(&d);
	n = get_u32(&d);
	/* each recipient takes at least 12 bytes */
	if (d.bad || n == 0 || n > IPC_WIRE_RCPTS || n > d.left / 12)
		goto bad;
	j->rcpts = xcalloc(n, sizeof(*j->rcpts));
	j->nrcpts = n;
	for (i = 0; i < n && !d.bad; i++) {
		j->rcpts[i].addr = get_str(&d);
		j->rcpts[i].notify = get_str(&d);
		j->rcpts[i].orcpt = get_str(&d);
		if (j->rcpts[i].addr == NULL)
			d.bad = true;
	}
	j->headers = get_mem(&d, &j->headers_len, false);
	if (j->headers == NULL)
		d.bad = true;
	j->body_8bit = get_bool(&d);
	j->eight_bit_mode = (char)get_u8(&d);
	if (j->eight_bit_mode != SMTPC_8BIT_PASS8 &&
	    j->eight_bit_mode != SMTPC_8BIT_MIMIFY &&
	    j->eight_bit_mode != SMTPC_8BIT_STRICT)
		d.bad = true;
	if (get_bool(&d)) {
		w->mconf = xcalloc(1, sizeof(*w->mconf));
		w->mconf->charset = get_str(&d);
		w->mconf->host = get_str(&d);
		w->mconf->id = get_str(&d);
		n = get_u32(&d);
		if (n > 1000)
			d.bad = true;
		w->mconf->max_depth = (int)n;
		j->mime8to7 = w->mconf;
	}
	if (get_bool(&d)) {
		for (i = 0; i < OPT_TO_MAX; i++) {
			v = get_u64(&d);
			if (v > 100LL * 365 * 86400)
				d.bad = true;
			w->timeouts[i] = (long)v;
		}
		j->timeouts = w->timeouts;
	}
	j->starttls = get_bool(&d);
	j->tls_fallback_clear = get_bool(&d);
	j->tls_cert_file = get_str(&d);
	j->tls_key_file = get_str(&d);
	j->tls_key_group_ok = get_bool(&d);
	j->tls_ca_file = get_str(&d);
	j->tls_ca_path = get_str(&d);
	j->auth_user = get_str(&d);
	j->auth_pass = get_str(&d);
	j->auth_authzid = get_str(&d);
	j->auth_mechs = get_str(&d);
	j->auth_clear_ok = get_bool(&d);
	w->verbose = get_bool(&d);
	n = get_u32(&d);
	w->cache_size = n > SMTPC_CACHE_MAX ? SMTPC_CACHE_MAX : (int)n;
	v = get_u64(&d);
	if (v > 365LL * 86400)
		d.bad = true;
	w->cache_timeout = (long)v;
	if (d.bad || d.left != 0 || j->hosts == NULL)
		goto bad;
	return 0;
bad:
	ipc_wire_job_free(j, w);
	return -1;
}

/* ipc_wire_job_free - see ipc_wire.h */
void
ipc_wire_job_free(struct smtpc_job *j, struct ipc_wire_job *w)
{
	size_t i;

	for (i = 0; i < w->nowned; i++)
		free(w->owned[i]);
	free(w->owned);
	free(w->mconf);
	free(j->rcpts);
	j->rcpts = NULL;
	j->nrcpts = 0;
	memset(w, 0, sizeof(*w));
}
