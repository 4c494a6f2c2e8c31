/*
 * mailq.c - sendmail 8.17's queue listing (printqueue and
 * print_single_queue), byte for byte; mailq.h has the format.
 */
#include "queue/mailq.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAILQ_MAXLINE	2048	/* sendmail's MAXLINE: the line buffer */
#define MAILQ_MAXNAME	256	/* the body type buffer, less one */

/* mailq_prtstr - sendmail's prtstr */
void
mailq_prtstr(FILE *out, const char *s, int ml)
{
	int c;

	if (s == NULL)
		return;
	while (ml-- > 0 && (c = (unsigned char)*s++) != '\0') {
		if (c == '\\') {
			if (ml-- > 0) {
				putc(c, out);
				putc(c, out);
			}
		} else if (isascii(c) && isprint(c))
			putc(c, out);
		else if ((ml -= 3) > 0)
			fprintf(out, "\\%03o", c & 0xff);
	}
}

/* mailq_load - the load average as sendmail rounds it */
int
mailq_load(void)
{
	double la;

	if (getloadavg(&la, 1) != 1)
		return 0;
	return (int)(la + 0.5);
}

/* mailq_ctime - ctime(3) text (the same libc as sendmail's), or NULL */
static const char *
mailq_ctime(time_t t, char buf[64])
{
	return ctime_r(&t, buf);
}

/* mailq_permitted - restrictmailq: the caller is in the queue's group */
static bool
mailq_permitted(const char *dir, FILE *out)
{
	struct stat st;
	gid_t groups[256];
	int n, i;

	if (stat(dir, &st) < 0) {
		fprintf(out, "Cannot stat %s: %s\n", dir, strerror(errno));
		return false;
	}
	if (getgid() == st.st_gid)
		return true;
	n = getgroups((int)(sizeof(groups) / sizeof(groups[0])), groups);
	for (i = 0; i < n; i++)
		if (groups[i] == st.st_gid)
			return true;
	fprintf(out, "You are not permitted to see the queue\n");
	return false;
}

/*
 * mailq_nodf - the df is not where it should be: sendmail reads the
 * whole qf to find out; tern prints readqf's complaints (mailq.h).
 * Returns the df size if readqf would find it elsewhere, else -1.
 */
static long
mailq_nodf(FILE *out, const struct queue_group *g, const struct queue_path *qp,
    const char *qid, bool verbose)
{
	struct buf qf = BUF_INIT, rel = BUF_INIT, err = BUF_INIT;
	struct buf dabs = BUF_INIT, drel = BUF_INIT;
	struct envelope e;
	struct stat st;
	long size = -1;
	int fd, r;
	size_t i;

	envelope_init(&e);
	queue_dir_file(qp, 'q', qid, &qf, &rel);
	r = queue_lock_open(buf_str(&qf), true, &fd);	/* only listed */
	if (r == QUEUE_LOCK_BOGUS)
		goto out;	/* not one of ours: a runner sets it aside */
	if (r == 1) {
		if (verbose)
			fprintf(out, "%s: locked\n", qid);
		goto out;
	}
	if (r < 0) {
		if (errno != ENOENT)
			fprintf(out, "readqf: no control file %s: %s\n",
			    buf_str(&rel), strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		queue_unlock(fd);
		goto out;
	}
	r = queue_read_qf(buf_str(&qf), buf_str(&rel), &e, &err);
	queue_unlock(fd);
	if (r == QF_ERR) {
		fprintf(out, "%s\n", buf_str(&err));
		goto out;
	}
	if (r == QF_EMPTY)
		goto out;
	/* a d line names the directory of the df */
	queue_dir_file(qp, 'd', qid, &dabs, &drel);
	if (e.dfdir != NULL)
		for (i = 0; i < g->npaths; i++)
			if (strcmp(g->paths[i].name, e.dfdir) == 0)
				queue_dir_file(&g->paths[i], 'd', qid, &dabs, &drel);
	if (stat(buf_str(&dabs), &st) == 0)
		size = (long)st.st_size;
	else
		fprintf(out, "readqf: cannot open %s: %s\n", buf_str(&drel),
		    strerror(errno));
out:
	envelope_free(&e);
	buf_free(&qf);
	buf_free(&rel);
	buf_free(&err);
	buf_free(&dabs);
	buf_free(&drel);
	return size;
}

/* mailq_entry - one message of the listing */
static void
mailq_entry(FILE *out, const struct queue_group *g, const struct queue_path *qp,
    const struct queue_entry *w, const struct mailq_opts *o)
{
	char buf[MAILQ_MAXLINE], statmsg[MAILQ_MAXLINE];
	char quarmsg[MAILQ_MAXLINE];
	char bodytype[MAILQ_MAXNAME + 1], tbuf[64];
	struct buf path = BUF_INIT;
	const char *qid = w->name + 2, *ct;
	struct stat st;
	time_t submittime = 0;
	bool warned = false;
	long dfsize;
	int qfver = 0;
	FILE *f;

	fprintf(out, "%13s", qid);
	queue_dir_file(qp, w->name[0], qid, &path, NULL);
	if ((f = fopen(buf_str(&path), "r")) == NULL) {
		if (errno == EPERM)
			fprintf(out, " (permission denied)\n");
		else if (errno == ENOENT)
			fprintf(out, " (job completed)\n");
		else
			fprintf(out, " (%s)\n", strerror(errno));
		buf_free(&path);
		return;
	}
	queue_dir_file(qp, 'd', qid, &path, NULL);
	if (stat(buf_str(&path), &st) >= 0)
		dfsize = (long)st.st_size;
	else
		dfsize = mailq_nodf(out, g, qp, qid, o->verbose);
	buf_free(&path);
	if (w->locked)
		putc('*', out);
	else if (o->scan.mode == 'L')
		putc('?', out);
	else if (w->tooyoung)
		putc('-', out);
	else if (queue_should_queue(&o->scan, w->pri))
		putc('X', out);
	else
		putc(' ', out);

	quarmsg[0] = statmsg[0] = bodytype[0] = '\0';
	while (fgets(buf, sizeof(buf), f) != NULL) {
		char *p = strchr(buf, '\n');
		size_t i;

		/* sendmail's fixcrlf(buf, true) */
		if (p != NULL) {
			if (p > buf && p[-1] == '\r')
				p--;
			*p = '\0';
		}
		switch (buf[0]) {
		case 'V':
			qfver = atoi(buf + 1);
			break;
		case 'M':
			memcpy(statmsg, buf + 1, strlen(buf + 1) + 1);
			break;
		case 'q':
			memcpy(quarmsg, buf + 1, strlen(buf + 1) + 1);
			break;
		case 'B':
			i = strlen(buf + 1);
			if (i >= sizeof(bodytype))
				i = sizeof(bodytype) - 1;
			memcpy(bodytype, buf + 1, i);
			bodytype[i] = '\0';
			break;
		case 'S':
			ct = mailq_ctime(submittime, tbuf);
			if (o->verbose) {
				fprintf(out, "%8ld %10ld%c%.12s ", dfsize, w->pri,
				    warned ? '+' : ' ', ct != NULL ? ct + 4 : "(null)");
				mailq_prtstr(out, buf + 1, 78);
			} else {
				fprintf(out, "%8ld %.16s ", dfsize,
				    ct != NULL ? ct : "(null)");
				mailq_prtstr(out, buf + 1, 39);
			}
			if (quarmsg[0] != '\0') {
				fprintf(out, "\n     QUARANTINE: %.*s",
				    o->verbose ? 100 : 60, quarmsg);
				quarmsg[0] = '\0';
			}
			if (statmsg[0] != '\0' || bodytype[0] != '\0') {
				fprintf(out, "\n    %10.10s", bodytype);
				if (statmsg[0] != '\0')
					fprintf(out, "   (%.*s)",
					    o->verbose ? 100 : 60, statmsg);
				statmsg[0] = '\0';
			}
			break;
		case 'C':
			if (o->verbose)
				fprintf(out, "\n\t\t\t\t\t\t(---%.64s---)", buf + 1);
			break;
		case 'R':
			p = buf + 1;
			if (qfver >= 1) {
				if ((p = strchr(p, ':')) == NULL)
					break;
				p++;
			}
			if (o->verbose) {
				fprintf(out, "\n\t\t\t\t\t\t");
				mailq_prtstr(out, p, 71);
			} else {
				fprintf(out, "\n\t\t\t\t\t ");
				mailq_prtstr(out, p, 38);
			}
			if (o->verbose && statmsg[0] != '\0') {
				fprintf(out, "\n\t\t (%.100s)", statmsg);
				statmsg[0] = '\0';
			}
			break;
		case 'T':
			submittime = (time_t)strtol(buf + 1, NULL, 10);
			break;
		case 'F':
			if (strchr(buf + 1, 'w') != NULL)
				warned = true;
			break;
		default:
			break;
		}
	}
	if (submittime == 0)
		fprintf(out, " (no control file)");
	putc('\n', out);
	(void)fclose(f);
}

/* mailq_single - one queue directory (sendmail's print_single_queue) */
static int
mailq_single(FILE *out, const struct queue_group *g, const struct queue_path *qp,
    const struct mailq_opts *o)
{
	struct queue_list l;
	struct buf name = BUF_INIT, err = BUF_INIT;
	size_t i;
	int n;

	queue_dir_print(g, qp, &name);
	if (o->restrict_mailq && !o->privileged) {
		struct buf qd = BUF_INIT;
		bool ok;

		buf_adds(&qd, qp->dir);
		if (qp->subdirs & QUEUE_SUBQF)
			buf_adds(&qd, "/qf");
		ok = mailq_permitted(buf_str(&qd), out);
		buf_free(&qd);
		if (!ok) {
			buf_free(&name);
			return 0;
		}
	}
	if (queue_scan(g, qp, &o->scan, &l, o->verbose, out, &err) < 0) {
		fprintf(out, "%s\n", buf_str(&err));
		memset(&l, 0, sizeof(l));
	}
	n = l.requests;
	if (n <= 0) {
		fprintf(out, "%s is empty\n", buf_str(&name));
		goto out;
	}
	fprintf(out, "\t\t%s (%d request%s", buf_str(&name), n, n == 1 ? "" : "s");
	if (o->scan.max_run > 0 && n > o->scan.max_run)
		fprintf(out, ", only %d printed", o->scan.max_run);
	if (o->verbose)
		fprintf(out, ")\n-----Q-ID----- --Size-- -Priority- ---Q-Time--- "
		    "--------Sender/Recipient--------\n");
	else
		fprintf(out, ")\n-----Q-ID----- --Size-- -----Q-Time----- "
		    "------------Sender/Recipient-----------\n");
	for (i = 0; i < l.n; i++)
		mailq_entry(out, g, qp, &l.v[i], o);
out:
	queue_list_free(&l);
	buf_free(&name);
	buf_free(&err);
	return n;
}

/* mailq_print - the whole listing (sendmail's printqueue) */
int
mailq_print(FILE *out, const struct queue_dirs *qd, const struct mailq_opts *o)
{
	size_t i, j;
	int k = 0, total = 0;

	for (i = 0; i < qd->ngroups; i++) {
		k++;
		for (j = 0; j < qd->groups[i].npaths; j++) {
			total += mailq_single(out, &qd->groups[i],
			    &qd->groups[i].paths[j], o);
			k++;
		}
	}
	if (k > 1)
		fprintf(out, "\t\tTotal requests: %d\n", total);
	return total;
}
