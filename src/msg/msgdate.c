/* msgdate.c - the dates sendmail puts in messages: $a $b $d $t */
#include "msg/intake.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* msgdate_zone - minutes east of GMT now, as sendmail's arpadate finds it */
static int
msgdate_zone(time_t now)
{
	struct tm gmt, lt;
	int off;

	gmtime_r(&now, &gmt);
	localtime_r(&now, &lt);
	off = (lt.tm_hour - gmt.tm_hour) * 60 + lt.tm_min - gmt.tm_min;
	/* the offset is less than a day; the day may differ */
	if (lt.tm_year < gmt.tm_year)
		off -= 24 * 60;
	else if (lt.tm_year > gmt.tm_year)
		off += 24 * 60;
	else if (lt.tm_yday < gmt.tm_yday)
		off -= 24 * 60;
	else if (lt.tm_yday > gmt.tm_yday)
		off += 24 * 60;
	return off;
}

static const char *const msgdate_dow[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", NULL
};
static const char *const msgdate_mon[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	"Oct", "Nov", "Dec", NULL
};

/* msgdate_ctime - ctime without its newline ($d) */
void
msgdate_ctime(time_t t, char out[MSGDATE_CTIME])
{
	struct tm tm;

	/* ctime(3) without its newline, whatever the locale */
	localtime_r(&t, &tm);
	snprintf(out, MSGDATE_CTIME, "%.3s %.3s %2d %02d:%02d:%02d %d",
	    msgdate_dow[tm.tm_wday % 7], msgdate_mon[tm.tm_mon % 12],
	    tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
	    tm.tm_sec % 100, (tm.tm_year + 1900) % 10000);
}

/* msgdate_arpa - sendmail's arpadate ($b, $a) */
void
msgdate_arpa(const char *ud, time_t now, char out[MSGDATE_ARPA])
{
	char u[25];
	char *q = out;
	size_t n;
	int off;

	/* ud is a ctime string; bytes past its end read as NULs */
	memset(u, 0, sizeof(u));
	n = strlen(ud);
	memcpy(u, ud, n < sizeof(u) - 1 ? n : sizeof(u) - 1);

	memcpy(q, u, 3);		/* Mon */
	q += 3;
	*q++ = ',';
	*q++ = ' ';
	if (u[8] != ' ')		/* 16 */
		*q++ = u[8];
	*q++ = u[9];
	*q++ = ' ';
	memcpy(q, u + 4, 3);		/* Sep */
	q += 3;
	*q++ = ' ';
	memcpy(q, u + 20, 4);		/* 1979 */
	q += 4;
	*q++ = ' ';
	memcpy(q, u + 11, 8);		/* 01:03:52 */
	q += 8;
	*q++ = ' ';
	off = msgdate_zone(now);
	if (off == 0) {
		memcpy(q, "GMT", 3);
		q += 3;
	} else {
		if (off < 0) {
			off = -off;
			*q++ = '-';
		} else
			*q++ = '+';
		if (off >= 24 * 60)
			off = 23 * 60 + 59;
		*q++ = (char)('0' + off / 600);
		*q++ = (char)('0' + off / 60 % 10);
		off %= 60;
		*q++ = (char)('0' + off / 10);
		*q++ = (char)('0' + off % 10);
	}
	/* a NUL copied from a short ud ends the result there, as in sendmail */
	*q = '\0';
}

/* msgdate_stamp - $t: YYYYMMDDhhmm in GMT */
void
msgdate_stamp(time_t t, char out[MSGDATE_STAMP])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, MSGDATE_STAMP, "%04u%02u%02u%02u%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000,
	    (unsigned)(tm.tm_mon + 1) % 100, (unsigned)tm.tm_mday % 100,
	    (unsigned)tm.tm_hour % 100, (unsigned)tm.tm_min % 100);
}

/* msgdate_word - is s (at least 3 bytes) one of the words in list? */
static int
msgdate_word(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strncmp(*list, s, 3) == 0)
			return 1;
	return 0;
}

/* msgdate_unixfrom - the date of a UNIX From line */
bool
msgdate_unixfrom(const char *line, time_t now, char out[MSGDATE_ARPA])
{
	const char *p = line;
	char date[25];

	/* the first word followed by a ctime date, as eatfrom looks */
	while (*p != '\0') {
		while (*p != '\0' && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
		if (strlen(p) < 17)
			return false;
		if (!((unsigned char)*p >= 'A' && (unsigned char)*p <= 'Z') ||
		    p[3] != ' ' || p[13] != ':' || p[16] != ':')
			continue;
		if (!msgdate_word(p, msgdate_dow))
			continue;
		if (msgdate_word(p + 4, msgdate_mon))
			break;
	}
	if (*p == '\0')
		return false;
	snprintf(date, sizeof(date), "%s", p);
	msgdate_arpa(date, now, out);
	return true;
}
