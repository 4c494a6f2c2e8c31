/*
 * queue - the durable mail queue, in sendmail 8's own format.
 *
 * A message in the queue is two files in a queue directory: the body
 * (df<ID>) and the control file (qf<ID>, sendmail's version 8 format,
 * queue/qf.h), named after a sendmail-style queue ID (qid.c).  tf<ID> is
 * a control file being written, hf<ID> a quarantined message, Qf<ID> a
 * "lost" one (unreadable, set aside), xf<ID> a delivery transcript.
 * Queue directories come from QueueDirectory and the Q lines (queue
 * groups) exactly as sendmail 8.17 lays them out, including "*"
 * wildcards and qf/, df/, xf/ subdirectories (queue_dir.c).
 *
 * Commit (queue_commit.c), the only way a message enters the queue:
 *
 *   state                       files on disk            after a crash
 *   1 queue_commit_begin        df, tf (O_EXCL, empty;   orphan df and
 *                               tf locked)                 stale tf: no
 *   2 body streamed into df     df (partial), tf           qf, never
 *   3 queue_commit_prepare:                                listed,
 *     fflush df                 df (maybe partial), tf     removable
 *     the control file written  df, tf (whole, locked)
 *     into the tf
 *   4 queue_commit_group, for
 *     every prepared member:
 *     fdatasync df and tf       df, tf (whole)           as in 3
 *     fsync each df directory
 *     apart from its qf's, once
 *   5 rename tf -> qf (or hf),  df, qf (locked)          THE COMMIT POINT:
 *     never replacing a qf                                 whole message
 *                                                          (a tf name left
 *                                                          beside it by
 *                                                          link+unlink:
 *                                                          removable)
 *   6 fsync each qf directory   df, qf durable           whole message
 *     of the group, once
 *   7 member's result 0         the caller may say 250 for that member
 *   8 queue_commit_close        lock released
 *
 * queue_commit() is 3-7 for one message.  A group never acknowledges a
 * member before 6 for its directory: a crash anywhere in 4-6 loses only
 * messages nobody was told about.  A member that fails in 3-5 is
 * dropped alone (its result -1, the caller aborts it: df and tf gone);
 * if the fsync of 6 fails, every member renamed into that directory is
 * answered -1 but stays queued (at worst delivered twice).
 *
 * The rename is renameat2(RENAME_NOREPLACE): atomic and, unlike plain
 * rename(2), never replacing an existing qf; where the file system lacks
 * it, link(2) then unlink of the tf (or, with no hard links either,
 * rename after a check).  The qf ends with sendmail's "." record, so a
 * qf is never partial; queue_recover() reports and removes what states
 * 1-4 can leave.  SuperSafe=False skips the fsyncs (sendmail's meaning:
 * faster, and a crash of the machine may lose acknowledged mail);
 * Interactive skips them only when the caller delivers at once
 * (QUEUE_COMMIT_DELIVERING), True and PostMilter always sync.  Files get
 * QueueFileMode (default 0600; a group-writable mode is applied under
 * umask 002, as sendmail).
 *
 * Locking: the qf is locked with flock(2) -- what Debian's sendmail 8.17
 * uses on Linux (observed: an fcntl lock does not make its mailq show
 * "*", an flock does) -- so a real sendmail and tern never run one
 * message at the same time.  LOCK_EX|LOCK_NB is taken on the tf before
 * it is written and kept through the rename.
 *
 * Errors: functions return 0 or -1 with a one-line reason in err (errno
 * kept where a system call failed); nothing here exits or prints.
 */
#ifndef TERN_QUEUE_H
#define TERN_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "msg/envelope.h"
#include "queue/qf.h"
#include "util/buf.h"

struct cf;

/* ---- queue IDs (qid.c) */

#define QID_MAX		24	/* with the NUL, as envelope.qid; pids past 999999 make it longer */

/* qid_format - sendmail's ID for time t (UTC), sequence 0..3599, pid */
void qid_format(char out[QID_MAX], time_t t, unsigned seq, long pid);

/* qid_new - the next queue ID of this process (waits for the next second
 * after 3600 IDs in one second, as sendmail) */
void qid_new(char out[QID_MAX]);

/* generator state behind qid_new, exposed for tests */
struct qid_gen {
	time_t last_time;	/* 0: not used yet */
	long last_pid;
	unsigned count;		/* IDs given since last_time */
	unsigned offset;	/* random start of the sequence */
};
void qid_next(struct qid_gen *, time_t (*clock)(void), void (*nap)(unsigned),
    long pid, char out[QID_MAX]);

/* qid_valid - eight ID characters then six or more digits */
bool qid_valid(const char *);

/* ---- queue directories and groups (queue_dir.c) */

#define QUEUE_SUBQF	0x1	/* control files in qf/ */
#define QUEUE_SUBDF	0x2	/* data files in df/ */
#define QUEUE_SUBXF	0x4	/* transcripts in xf/ */

struct queue_path {
	char *name;		/* sendmail's qp_name: "." or the path below
				   the base ("q1", "slow", "a/q2") */
	char *dir;		/* its absolute path */
	unsigned subdirs;	/* QUEUE_SUB* */
};

struct queue_group {
	char *name;		/* "mqueue" (always group 0) or the Q line's */
	char *qdir;		/* sendmail's qg_qdir after setup */
	struct queue_path *paths;
	size_t npaths;
	int maxlist;		/* J=: most entries listed or run, 0: all */
	int maxrcpt;		/* r=: most recipients per envelope, 0: any */
	int nice;		/* N= */
	int runners;		/* R= */
	long interval;		/* I=, seconds */
	unsigned char flags[256 / 8];	/* F= letters */
};

struct queue_dirs {
	char *basedir;		/* QueueDirectory without a wildcard, ending '/' */
	struct queue_group *groups;
	size_t ngroups;
};

/*
 * queue_dir_setup - the queue groups of cf: "mqueue" from QueueDirectory
 * (or its own Q line) first, then the Q lines in order; "*" at the end of
 * a path takes every matching subdirectory (in directory order, as
 * sendmail); qf/ df/ xf/ subdirectories are noticed.  On a configuration
 * error returns -1 with sendmail's message in err (e.g. "can not
 * chdir(/var/spool/mqueue/): No such file or directory"); sendmail then
 * exits with EX_CONFIG.
 */
int queue_dir_setup(const struct cf *, struct queue_dirs *, struct buf *err);
void queue_dir_free(struct queue_dirs *);

/*
 * queue_dir_file - the path of a queue file: type is the first letter
 * ('q' 'd' 't' 'x' 'h' 'Q'), placed in the qf/, df/ or xf/ subdirectory
 * as sendmail does.  rel: the name sendmail uses in messages, relative
 * to the base ("./dfX", "q1/df/dfX"); either out may be NULL.
 */
void queue_dir_file(const struct queue_path *, int type, const char *qid,
    struct buf *abs, struct buf *rel);

/* queue_dir_print - sendmail's qid_printqueue: the directory as mailq
 * names it (".../mqueue", ".../q1", ".../mqueue/df" with a df/ subdir) */
void queue_dir_print(const struct queue_group *, const struct queue_path *,
    struct buf *out);

/*
 * queue_dir_safe - sendmail's safety checks on a queue directory: owned
 * by root, RunAsUser or us, not world writable without the sticky bit,
 * not group writable unless QueueFileMode is (the MSP queue) or
 * DontBlameSendmail=GroupWritableDirPathSafe, not a symlink.
 * Returns 0, or an errno value with the reason in why.  sendmail only
 * logs such a directory; callers do the same.
 */
int queue_dir_safe(const struct cf *, const char *dir, struct buf *why);

/* ---- locking (queue_lock.c) */

/* queue_lock_fd - flock fd (LOCK_EX or LOCK_SH), never waiting; 0 or -1 */
int queue_lock_fd(int fd, bool exclusive);

/* queue_lock_busy - is the file on fd locked by someone else (mailq "*")?
 * Tested as sendmail does, with a shared lock that is dropped at once. */
bool queue_lock_busy(int fd);

/*
 * queue_lock_open - open a qf read-write and lock it exclusively for a
 * queue run: 1 when another process holds the lock, or the name no
 * longer refers to the opened file (a rename raced us); QUEUE_LOCK_BOGUS
 * when it is no file to believe (a link, not regular, writable by
 * others, by the group unless group_ok, owned by someone else:
 * sendmail's "bogus queue file"); 0 with *fdp open and locked; -1 on
 * error (errno).  group_ok: UseMSP (a group-writable client queue).
 */
#define QUEUE_LOCK_BOGUS	2
int queue_lock_open(const char *path, bool group_ok, int *fdp);

/* queue_unlock - release and close a lock taken here */
void queue_unlock(int fd);

/* ---- commit (queue_commit.c) */

#define QUEUE_COMMIT_DELIVERING	0x1	/* this process delivers at once:
					   SuperSafe=Interactive skips fsync */
#define QUEUE_COMMIT_NOSYNC	0x2	/* the caller makes the files durable
					   itself before it acknowledges the
					   message (the MSP delivering here
					   and now: only if still queued) */

struct queue_txn {
	char qid[QID_MAX];
	const struct queue_group *group;
	const struct queue_path *path;
	FILE *df;		/* the body goes here (queue_commit_begin) */
	int dfd;
	int tfd;		/* the locked tf while prepared, else -1 */
	int qfd;		/* the locked qf after queue_commit, else -1 */
	bool prepared;		/* queue_commit_prepare done, not yet committed */
	bool committed;
	bool sync;		/* fsync data, control file, directories */
	mode_t mode;		/* QueueFileMode */
	struct buf df_path, tf_path, qf_path;
};

/*
 * queue_commit_begin - pick a queue directory of group (NULL: "mqueue",
 * a random one of its directories as sendmail's pickqdir), assign a
 * queue ID (t->qid: copy it to e->qid before intake_end, which needs $i
 * for the Received: line) and create its df exclusively (a new ID on
 * collision) and its tf, empty and locked.  The caller writes the body
 * to t->df (as sendmail's df holds it: LF line ends, no dot stuffing),
 * then calls queue_commit or queue_commit_abort.  flags:
 * QUEUE_COMMIT_DELIVERING.
 */
int queue_commit_begin(struct queue_txn *t, const struct cf *,
    const struct queue_dirs *, const struct queue_group *group,
    unsigned flags, struct buf *err);

/*
 * queue_commit - make the message durable: sets e->qid, e->ctime (if 0),
 * e->msgsize (df size) and e->qdir, writes the control file as in the
 * table above.  On 0 the message is committed and t->qfd holds its lock
 * (queue_commit_close releases it); on -1 nothing is acknowledged and the
 * caller must call queue_commit_abort.  The same as queue_commit_prepare
 * then a queue_commit_group of one.
 */
int queue_commit(struct queue_txn *t, struct envelope *e, struct buf *err);

/*
 * queue_commit_prepare - states 3: what queue_commit does to e, the df
 * flushed, the control file written into the locked tf begin made;
 * nothing synced, nothing committed.  e is not needed afterwards.  0, or
 * -1 (err, errno): the caller must call queue_commit_abort.
 */
int queue_commit_prepare(struct queue_txn *t, struct envelope *e,
    struct buf *err);

struct queue_commit_result {
	int rc;			/* 0 committed and durable, -1 not acknowledged */
	int errnum;		/* errno of the failure */
	struct buf err;		/* its one-line reason (the caller inits and
				   frees it) */
};

/*
 * queue_commit_group - states 4-7 for n prepared transactions at once:
 * every df and tf synced, each df directory apart synced once, each
 * renamed to its qf, each qf directory synced once.  res[i] tells
 * member i's outcome: 0 as queue_commit's 0 (qfd locked: close it), -1
 * as its -1 (abort it).  One member's failure never fails the others,
 * except a failed fsync of a directory they share.  Returns how many
 * were committed.
 */
size_t queue_commit_group(struct queue_txn *const *tv, size_t n,
    struct queue_commit_result *res);

/*
 * queue_commit_fault - tests only: when set, called before each step of
 * a commit; a non-zero return fails that step with that errno as if the
 * system call had.  QUEUE_STEP_SYNCDIR is called once per directory,
 * with its first member.
 */
enum {
	QUEUE_STEP_TF = 1,	/* writing the tf (prepare) */
	QUEUE_STEP_SYNC,	/* fsync of the df and tf */
	QUEUE_STEP_LINK,	/* the rename to qf */
	QUEUE_STEP_SYNCDIR,	/* fsync of a directory */
};
extern int (*queue_commit_fault)(const struct queue_txn *, int step);

/* queue_commit_abort - remove the df and tf of an uncommitted message
 * (the tf goes, lock and all) */
void queue_commit_abort(struct queue_txn *t);

/* queue_commit_close - after a commit: release the lock, free t */
void queue_commit_close(struct queue_txn *t);

/* ---- after a delivery attempt (queue_update.c) */

struct queue_update_opts {
	mode_t mode;		/* QueueFileMode */
	bool sync;		/* fsync the new control file (SuperSafe) */
};

/*
 * queue_rewrite_qf - replace the control file at qfpath (which the
 * caller holds locked on *lockfd) with e, through a locked tf renamed
 * over it; *lockfd then holds the new file's lock.  0, or -1 with the
 * reason in err (the old qf is then untouched).
 */
int queue_rewrite_qf(const char *qfpath, struct envelope *e, int *lockfd,
    const struct queue_update_opts *, struct buf *err);

/*
 * queue_remove - a message with nothing left to do: the qf, then the df
 * (dfpath may be NULL), then the lock.  0 or -1 (err).
 */
int queue_remove(const char *qfpath, const char *dfpath, int *lockfd,
    struct buf *err);

/* ---- reading (queue_read.c) */

/*
 * queue_read_qf - read a control file from disk into e (see qf_read);
 * rel names it in messages (NULL: path).  QF_OK, QF_EMPTY or QF_ERR
 * (err: sendmail's message, or "cannot open ...: <errno text>").
 */
int queue_read_qf(const char *path, const char *rel, struct envelope *e,
    struct buf *err);

/* ---- scanning (queue_scan.c): sendmail's gatherq and sortq */

/* a -qI / -qR / -qS / -qQ limit */
struct queue_limit {
	char kind;		/* 'I', 'R', 'S' or 'Q' */
	bool negate;		/* "!" given: entries NOT matching */
	const char *match;	/* substring; I: case-sensitive, else not */
};

struct queue_scan_opts {
	char mode;		/* 0 normal (qf), 'Q' quarantined (hf), 'L' lost (Qf) */
	const struct queue_limit *limits;
	size_t nlimits;
	int max_run;		/* MaxQueueRunSize, 0: no limit */
	char sort;		/* QueueSortOrder letter (option.h OPT_QSO_*) */
	long min_age;		/* MinQueueAge, seconds */
	long max_age;		/* MaxQueueAge, seconds */
	bool doall;		/* list everything (mailq); else skip what
				   shouldqueue/too-young would skip */
	int load;		/* current load average, rounded */
	int queue_la;		/* QueueLA */
	long queue_factor;	/* QueueFactor */
	time_t now;
};

struct queue_entry {
	char *name;		/* file name: "qf6AO6pSpi001675" */
	bool locked;		/* someone holds its lock */
	bool tooyoung;		/* tried less than MinQueueAge ago */
	long pri;		/* P line (0x7fffffff if none seen) */
	time_t ctime;		/* T line */
	time_t mtime;		/* of the file */
	char *host;		/* reversed lowercased domain of the first R
				   line with '@' (host sort order), or NULL */
};

struct queue_list {
	struct queue_entry *v;
	size_t n;		/* entries kept, sorted */
	int requests;		/* what mailq calls "N requests" */
};

/*
 * queue_scan - the entries of one queue directory, filtered and sorted
 * as sendmail's gatherq/sortq do (directory order, then qsort with
 * sendmail's comparisons, then the group's J= limit).  Messages sendmail
 * prints while gathering (verbose "gatherq: NAME too long ...") go to
 * diag when not NULL.  0 or -1 (err: "gatherq: cannot open ...").
 */
int queue_scan(const struct queue_group *, const struct queue_path *,
    const struct queue_scan_opts *, struct queue_list *, bool verbose,
    FILE *diag, struct buf *err);
void queue_list_free(struct queue_list *);

/* queue_should_queue - sendmail's shouldqueue: too loaded to run it now */
bool queue_should_queue(const struct queue_scan_opts *, long pri);

/* ---- recovery (queue_recover.c) */

struct queue_recover_stats {
	int stale_tf;		/* tf files nobody holds: incomplete control files */
	int orphan_df;		/* df files with no qf/hf/Qf/tf, older than age */
	int removed;
};

/*
 * queue_recover - look for what an interrupted commit leaves in one queue
 * directory: unlocked tf files (never committed; with min_age > 0 only
 * those QUEUE_TF_SETTLE seconds old or more, past the moment between a
 * tf's create and its lock) and, older than min_age seconds, df files
 * without a control file.  With remove, delete them.  A qf is never
 * touched (it is committed, or sendmail's own).
 */
#define QUEUE_TF_SETTLE	5
int queue_recover(const struct queue_path *, long min_age, bool remove,
    struct queue_recover_stats *, struct buf *err);

#endif
