/*
 * test_scan.c - scan_eol and scan_high at every offset and length
 * around a machine word, against the byte-at-a-time answers.
 */
#include "t.h"
#include "util/scan.h"

#include <string.h>

static size_t
slow_eol(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] != '\r' && s[i] != '\n'; i++)
		;
	return i;
}

static bool
slow_high(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] & 0x80)
			return true;
	return false;
}

int
main(void)
{
	unsigned char buf[40];
	size_t at, len, k;
	int bad = 0;

	for (k = 0; k < 4; k++) {
		for (at = 0; at < 20; at++) {
			memset(buf, 'a', sizeof(buf));
			buf[39] = '\0';		/* NULs are plain bytes here */
			if (k == 1)
				buf[at] = '\n';
			else if (k == 2)
				buf[at] = '\r';
			else if (k == 3) {
				buf[at] = 0x80;
				buf[at + 3] = '\n';
			}
			for (len = 0; len <= sizeof(buf); len++) {
				if (scan_eol(buf, len) != slow_eol(buf, len) ||
				    scan_high(buf, len) != slow_high(buf, len))
					bad++;
			}
		}
	}
	T_INTEQ(bad, 0);
	T_INTEQ((int)scan_eol("abc\r\ndef", 8), 3);
	T_INTEQ((int)scan_eol("abc\ndef\r", 8), 3);
	T_INTEQ((int)scan_eol("abcdef", 6), 6);
	T_CHECK(scan_high("abcdefgh\xe9", 9));
	T_CHECK(!scan_high("abcdefgh\xe9", 8));
	T_DONE();
}
