/*
 * qid.c - queue IDs as sendmail 8.17 forms them.
 *
 * "6AO6pSpi001675": year % 60, month, day, hour, minute, second (UTC)
 * as one character each from 0-9A-Za-x (minutes and seconds may reach
 * y, z for leap seconds), two characters of a per-process sequence
 * number (0..3599, starting at a random offset), then the pid, at least
 * six digits.  A process that has used 3600 IDs within one second, or
 * whose pid changed (fork), waits for the next second, as sendmail
 * does; so two IDs can only collide when a pid is reused within the
 * same second, which O_EXCL on the data and control files catches.
 */
#include "queue/queue.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define QID_CHARS	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define QID_LEN		60	/* the usual range of every position */
#define QID_LEN_R	62	/* minutes and seconds: up to 61 */
#define QID_SEQS	(QID_LEN * QID_LEN)

/* qid_format - sendmail's queue ID for time t, sequence seq, pid */
void
qid_format(char out[QID_MAX], time_t t, unsigned seq, long pid)
{
	static const char c[] = QID_CHARS;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	seq %= QID_SEQS;
	out[0] = c[((tm.tm_year % QID_LEN) + QID_LEN) % QID_LEN];
	out[1] = c[tm.tm_mon % QID_LEN];
	out[2] = c[tm.tm_mday % QID_LEN];
	out[3] = c[tm.tm_hour % QID_LEN];
	out[4] = c[tm.tm_min % QID_LEN_R];
	out[5] = c[tm.tm_sec % QID_LEN_R];
	out[6] = c[seq / QID_LEN];
	out[7] = c[seq % QID_LEN];
	(void)snprintf(out + 8, QID_MAX - 8, "%06ld", pid);
}

/* qid_random - a random start for the sequence */
static unsigned
qid_random(void)
{
	unsigned r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (unsigned)time(NULL) ^ (unsigned)getpid() * 2654435761U;
	return r % QID_SEQS;
}

/* qid_next - the next ID from gen (see qid_new); clock and nap injectable */
void
qid_next(struct qid_gen *gen, time_t (*clock)(void), void (*nap)(unsigned),
    long pid, char out[QID_MAX])
{
	if (gen->count >= QID_SEQS || gen->last_time == 0 ||
	    gen->last_pid != pid) {
		time_t then = gen->last_time, now;

		if (gen->last_time == 0)
			gen->offset = qid_random();
		while ((now = clock()) == then && gen->last_pid == pid)
			nap(1);
		gen->last_time = now;
		gen->last_pid = pid;
		gen->count = 0;
	}
	qid_format(out, gen->last_time, (gen->count + gen->offset) % QID_SEQS,
	    pid);
	gen->count++;
}

/* qid_clock - time(NULL) */
static time_t
qid_clock(void)
{
	return time(NULL);
}

/* qid_nap - sleep(n) */
static void
qid_nap(unsigned n)
{
	(void)sleep(n);
}

/* qid_new - the next queue ID of this process */
void
qid_new(char out[QID_MAX])
{
	static struct qid_gen gen;

	qid_next(&gen, qid_clock, qid_nap, (long)getpid(), out);
}

/* qid_valid - a plausible queue ID: 8 ID characters, then 6+ digits */
bool
qid_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n < 14 || n >= QID_MAX)
		return false;
	for (i = 0; i < 8; i++)
		if (strchr(QID_CHARS, id[i]) == NULL || id[i] == '\0')
			return false;
	for (; i < n; i++)
		if (id[i] < '0' || id[i] > '9')
			return false;
	return true;
}
