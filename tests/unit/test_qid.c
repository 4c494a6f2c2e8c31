/* test_qid.c - queue IDs as sendmail 8.17 forms them */
#include "queue/queue.h"
#include "t.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static time_t fake_now;
static int naps;

/* fake_clock - a clock the test moves */
static time_t
fake_clock(void)
{
	return fake_now;
}

/* fake_nap - sleeping moves the clock */
static void
fake_nap(unsigned n)
{
	naps++;
	fake_now += n;
}

/* utc - seconds since the epoch for a UTC date */
static time_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* cmpstr - qsort on strings */
static int
cmpstr(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
main(void)
{
	char id[QID_MAX];
	struct qid_gen gen;
	static char ids[7300][QID_MAX];
	int i, dups;

	/* seen from the real sendmail 8.17: 6AO6pSpi001675 at
	   2026-11-24 06:51:28 UTC, pid 1675; "pi" = 51 * 60 + 44 */
	qid_format(id, utc(2026, 11, 24, 6, 51, 28), 51 * 60 + 44, 1675);
	T_STREQ(id, "6AO6pSpi001675");
	qid_format(id, utc(2026, 11, 24, 6, 53, 18), 58 * 60 + 34, 3062);
	T_STREQ(id, "6AO6rIwY003062");
	/* year % 60, January = 0, the first day is 1 */
	qid_format(id, utc(2000, 1, 1, 0, 0, 0), 0, 1);
	T_STREQ(id, "e0100000000001");
	qid_format(id, utc(2059, 12, 31, 23, 59, 59), 3599, 4194304);
	T_STREQ(id, "dBVNxxxx4194304");
	qid_format(id, utc(2016, 12, 31, 23, 59, 59), 0, 99);
	T_STREQ(id, "uBVNxx00000099");
	qid_format(id, utc(2026, 1, 1, 0, 0, 0), 3600 + 61, 5);
	T_STREQ(id, "60100011000005");
	T_INTEQ(strlen(id), 14);

	T_CHECK(qid_valid("6AO6pSpi001675"));
	T_CHECK(qid_valid("dBVNxxxx4194304"));
	T_CHECK(!qid_valid("6AO6pSpi00167"));
	T_CHECK(!qid_valid("6AO6pSp!001675"));
	T_CHECK(!qid_valid("6AO6pSpi00167x"));
	T_CHECK(!qid_valid("../../etc/passwd"));
	T_CHECK(!qid_valid(""));

	/* a process: consecutive sequence numbers, one second */
	memset(&gen, 0, sizeof(gen));
	fake_now = utc(2026, 11, 24, 6, 51, 28);
	naps = 0;
	for (i = 0; i < 7200; i++)
		qid_next(&gen, fake_clock, fake_nap, 1675, ids[i]);
	T_INTEQ(naps, 1);			/* 3600 used: wait a second */
	T_CHECK(strncmp(ids[0], "6AO6pS", 6) == 0);
	T_CHECK(strncmp(ids[3599], "6AO6pS", 6) == 0);
	T_CHECK(strncmp(ids[3600], "6AO6pT", 6) == 0);
	qsort(ids, 7200, QID_MAX, cmpstr);
	for (dups = 0, i = 1; i < 7200; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			dups++;
	T_INTEQ(dups, 0);

	/* a new pid (fork) starts over at once, same offset */
	naps = 0;
	qid_next(&gen, fake_clock, fake_nap, 1676, id);
	T_INTEQ(naps, 0);
	T_CHECK(strcmp(id + 8, "001676") == 0);

	/* the real thing */
	qid_new(id);
	T_CHECK(qid_valid(id));
	T_DONE();
}
