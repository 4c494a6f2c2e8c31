/*
 * option_value.c - typed option values, read the way sendmail 8.17 reads
 * them: numbers like atoi/atol (leading blanks, sign, digits, junk after
 * ignored), booleans true only for "" or a leading T/t/Y/y, file modes in
 * octal, durations with w/d/h/m/s units and a per-option default unit.
 * Unlike the C library, overflow saturates instead of being undefined.
 */
#include "cf/option_int.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

/* option_value_bool - "" and T/t/Y/y... are true, anything else false */
bool
option_value_bool(const char *s)
{
	if (s == NULL || *s == '\0')
		return true;
	return strchr("tTyY", *s) != NULL;
}

/* option_value_long - atol with saturation */
long
option_value_long(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	unsigned long v = 0, lim;
	bool neg = false;

	while (isspace(*p))
		p++;
	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	lim = neg ? (unsigned long)LONG_MAX + 1UL : (unsigned long)LONG_MAX;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = *p - '0';

		if (v > (lim - d) / 10) {
			v = lim;
			continue;
		}
		v = v * 10 + d;
	}
	if (neg)
		return v == (unsigned long)LONG_MAX + 1UL ? LONG_MIN : -(long)v;
	return (long)v;
}

/* option_value_int - atoi with saturation */
int
option_value_int(const char *s)
{
	long v = option_value_long(s);

	if (v > INT_MAX)
		return INT_MAX;
	if (v < INT_MIN)
		return INT_MIN;
	return (int)v;
}

/* option_value_octal - leading octal digits, no blanks skipped */
unsigned
option_value_octal(const char *s)
{
	unsigned v = 0;

	for (; s != NULL && *s >= '0' && *s <= '7'; s++)
		v = ((v << 3) | (unsigned)(*s - '0')) & 0xffffffU;
	return v;
}

/* option_value_scale - multiply a count by a unit, saturating */
static long
option_value_scale(long t, int unit)
{
	long mul;

	switch (unit) {
	case 'w':
		mul = 7L * 24 * 3600;
		break;
	case 'h':
		mul = 3600;
		break;
	case 'm':
		mul = 60;
		break;
	case 's':
		mul = 1;
		break;
	default:		/* 'd' and any other default unit */
		mul = 24L * 3600;
		break;
	}
	if (t > LONG_MAX / mul)
		return LONG_MAX;
	return t * mul;
}

/*
 * option_value_time - a duration in seconds ("1h30m", "90", "2d").
 * A number without a unit takes the default unit; every character that
 * is not a unit gives sendmail's "Invalid time unit" warning and counts
 * as the default unit.  "now" is OPTION_TIME_NOW; a leading '-' negates.
 */
long
option_value_time(const struct options *o, const char *s, int unit,
    struct buf *warn)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	long r = 0;
	bool neg = false;

	if (strcasecmp((const char *)p, "now") == 0)
		return OPTION_TIME_NOW;
	if (*p == '-') {
		neg = true;
		p++;
	}
	while (*p != '\0') {
		long t = 0;
		int c;

		while ((c = *p++) != '\0' && c >= '0' && c <= '9') {
			if (t > (LONG_MAX - (c - '0')) / 10)
				t = LONG_MAX;
			else
				t = t * 10 + (c - '0');
		}
		if (c == '\0') {
			c = unit;
			p--;
		} else if (strchr("wdhms", c) == NULL) {
			option_warnf(o, warn, true, "Invalid time unit `%c'",
			    c);
			c = unit;
		}
		t = option_value_scale(t, c);
		r = (r > LONG_MAX - t) ? LONG_MAX : r + t;
	}
	return neg ? -r : r;
}

/*
 * option_value_munch - sendmail's quoted-string reading for the old
 * macro options (SmtpGreetingMessage, UnixFromLine, OperatorChars):
 * double quotes are dropped, a backslash quotes the next character and
 * \r \n \t become control characters.  Caller frees.
 */
char *
option_value_munch(const char *s)
{
	struct buf b = BUF_INIT;
	bool backslash = false;

	for (; s != NULL && *s != '\0'; s++) {
		int c = (unsigned char)*s;

		if (backslash) {
			backslash = false;
			if (c == 'r')
				c = '\r';
			else if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
		} else if (c == '\\') {
			backslash = true;
			continue;
		} else if (c == '"')
			continue;
		buf_addc(&b, c);
	}
	if (b.data == NULL)
		return xstrdup("");
	return buf_steal(&b);
}
