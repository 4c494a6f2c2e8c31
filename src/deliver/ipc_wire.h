/*
 * ipc_wire - the messages between a delivery process and its SMTP agent
 * (ipc_child.c) on a SOCK_SEQPACKET socketpair.
 *
 * A message is one or more packets of at most IPC_WIRE_PKT bytes, each
 * starting with 'M' (more follows) or 'E' (the last); a file descriptor
 * (the df) may ride on the first packet.  A message is at most
 * IPC_WIRE_MAX bytes; the receiver checks every length and count.
 *
 * The job message (version IPC_WIRE_VERSION) carries the smtpc_job's
 * fields as u8/u32/u64 (network order) and strings (u32 length, or
 * 0xffffffff for NULL, then the bytes; no NUL inside); the answer is the
 * report text of ipc_child.c ("H\t..." and "R\t..." lines).
 */
#ifndef TERN_IPC_WIRE_H
#define TERN_IPC_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define IPC_WIRE_VERSION	2
#define IPC_WIRE_PKT		32768
#define IPC_WIRE_MAX		(16 * 1024 * 1024)
#define IPC_WIRE_RCPTS		100000	/* most recipients of one job */

struct smtpc_job;
struct mime8to7_conf;

/* ipc_wire_send - msg as packets, fd (>= 0) with the first; 0 or -1 */
int ipc_wire_send(int sock, const struct buf *msg, int fd);
/*
 * ipc_wire_recv - one whole message into msg (reset first); *fd gets a
 * passed descriptor or -1 (extra ones are closed).  1 a message, 0 the
 * peer closed before one began, -1 an error or a malformed message.
 */
int ipc_wire_recv(int sock, struct buf *msg, int *fd);

/* what the agent keeps of a decoded job: the strings it owns */
struct ipc_wire_job {
	char **owned;
	size_t nowned;
	long timeouts[64];
	struct mime8to7_conf *mconf;
	bool verbose;		/* the job had -v */
	bool is_local;		/* the job asked about class w */
	int cache_size;		/* ConnectionCacheSize */
	long cache_timeout;	/* ConnectionCacheTimeout */
};

/* ipc_wire_job_put - encode j (the caller passes the df separately) */
void ipc_wire_job_put(struct buf *out, const struct smtpc_job *j,
    int cache_size, long cache_timeout);
/*
 * ipc_wire_job_get - decode into j (smtpc_job_init'ed here; is_local,
 * verbose, body_fd and cache are the caller's to set from w).  0, or -1
 * when the message is malformed (nothing to free then).  Free with
 * ipc_wire_job_free after use.
 */
int ipc_wire_job_get(const char *msg, size_t len, struct smtpc_job *j,
    struct ipc_wire_job *w);
void ipc_wire_job_free(struct smtpc_job *j, struct ipc_wire_job *w);

#endif
