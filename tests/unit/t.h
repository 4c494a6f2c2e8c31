/*
 * t.h - a tiny table-friendly unit test harness.
 *
 * Each test binary defines tests with T_CASE and ends main() with
 * T_DONE(), which prints "N passed, N failed" (read by CI) and exits
 * non-zero on any failure.
 */
#ifndef TERN_T_H
#define TERN_T_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

#define T_CHECK(cond) do { \
	if (cond) t_passed++; \
	else { t_failed++; fprintf(stderr, "%s:%d: FAIL: %s\n", \
	    __FILE__, __LINE__, #cond); } \
} while (0)

#define T_STREQ(got, want) do { \
	const char *t_g = (got), *t_w = (want); \
	if (t_g != NULL && t_w != NULL && strcmp(t_g, t_w) == 0) t_passed++; \
	else { t_failed++; fprintf(stderr, "%s:%d: FAIL: %s\n  got:  [%s]\n" \
	    "  want: [%s]\n", __FILE__, __LINE__, #got, \
	    t_g ? t_g : "(null)", t_w ? t_w : "(null)"); } \
} while (0)

#define T_INTEQ(got, want) do { \
	long long t_g = (long long)(got), t_w = (long long)(want); \
	if (t_g == t_w) t_passed++; \
	else { t_failed++; fprintf(stderr, "%s:%d: FAIL: %s = %lld, want %lld\n", \
	    __FILE__, __LINE__, #got, t_g, t_w); } \
} while (0)

#define T_DONE() do { \
	printf("%s: %d passed, %d failed\n", __FILE__, t_passed, t_failed); \
	return t_failed ? 1 : 0; \
} while (0)

#endif
