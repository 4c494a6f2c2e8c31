/*
 * ipc_child - smtpc_deliver in an unprivileged child when we are root
 * (RunAsUser, else DefaultUser; never uid 0), with the same outcome in
 * the job's recipients and the result.
 *
 * Connection caching (ConnectionCacheSize > 0): as root, the first job
 * forks an SMTP agent (unprivileged, only stdio and its socket kept)
 * that lives until ipc_end or this process's exit and runs every job
 * with one smtpc_cache; jobs and the df travel over a SOCK_SEQPACKET
 * socketpair (ipc_wire.h).  An agent that dies defers the current job
 * and is started again by the next.  Not root: the cache lives in this
 * process (nothing to drop).  ConnectionCacheSize 0: a child per job
 * (root) or smtpc_deliver here, as before.
 */
#ifndef TERN_IPC_CHILD_H
#define TERN_IPC_CHILD_H

struct options;
struct smtpc_job;
struct smtpc_result;

int ipc_deliver(struct smtpc_job *, struct smtpc_result *,
    const struct options *);
/* ipc_end - the run is over: QUIT the cached connections (the agent's
 * or ours), wait for the agent */
void ipc_end(void);

#endif
