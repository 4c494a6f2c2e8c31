/* test_trace.c - the -dN.M table, checked against sendmail 8.17.1.9 */
#include "t.h"
#include "util/trace.h"

#include <limits.h>
#include <stdio.h>

/* one spec applied to a clean table: the expected levels of some categories */
struct trace_case {
	const char *spec;
	int cat[4];		/* categories to look at ... */
	int level[4];		/* ... and their levels afterwards */
};

/*
 * Each row was checked with the real binary, through tTd(0,101) (prints
 * "Version 8.17.1.9" and exits) and tTd(0,1) (prints compile options).
 */
static const struct trace_case cases[] = {
	{ "0.101", { 0, 1, 99, -1 }, { 101, 0, 0, 0 } },
	{ "21.12", { 21, 20, 22, 0 }, { 12, 0, 0, 0 } },
	{ "0.357", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },	/* modulo 256 */
	{ "0.256", { 0, 1, 1, 1 }, { 0, 0, 0, 0 } },
	{ "0.612", { 0, 1, 1, 1 }, { 100, 0, 0, 0 } },
	{ "0.4294967296", { 0, 1, 1, 1 }, { 0, 0, 0, 0 } },
	{ "0.4294967397", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "0.99999999999999999999999999999", { 0, 1, 1, 1 }, { 255, 0, 0, 0 } },
	{ "0-0.101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "5-0.101", { 0, 5, 3, 1 }, { 0, 0, 0, 0 } },	/* first > last: nothing */
	{ "0-5.101", { 0, 5, 6, 3 }, { 101, 101, 0, 101 } },
	{ "1000.101", { 0, 99, 98, 1 }, { 0, 101, 0, 0 } },	/* clamped to 99 */
	{ "99999999999999999999.7", { 0, 99, 98, 1 }, { 0, 7, 0, 0 } },
	{ "0-99999999999.3", { 0, 50, 99, 1 }, { 3, 3, 3, 3 } },
	{ ",0.101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ " 0.101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "\t0.101 ", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "0.101junk", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "0x.101", { 0, 1, 1, 1 }, { 1, 0, 0, 0 } },	/* junk, level 1 */
	{ "-1.101", { 0, 1, 99, 1 }, { 0, 0, 0, 0 } },	/* a name: no number */
	{ "-0.101", { 0, 1, 99, 1 }, { 0, 0, 0, 0 } },
	{ ".101", { 0, 1, 99, 1 }, { 0, 0, 0, 0 } },
	{ "0.-1", { 0, 1, 1, 1 }, { 0, 0, 0, 0 } },
	{ "0.", { 0, 1, 1, 1 }, { 0, 0, 0, 0 } },
	{ "0-.101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "x,0.101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "0.101,x", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "a.b,0.101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "0.101 1.2", { 0, 1, 2, 1 }, { 101, 2, 0, 2 } },
	{ "1,2.3", { 1, 2, 0, 3 }, { 1, 3, 0, 0 } },
	{ "0.1010", { 0, 1, 1, 1 }, { 242, 0, 0, 0 } },
	{ "0.00101", { 0, 1, 1, 1 }, { 101, 0, 0, 0 } },
	{ "0099.4", { 99, 0, 1, 1 }, { 4, 0, 0, 0 } },
	{ "0", { 0, 1, 1, 1 }, { 1, 0, 0, 0 } },
	{ "0-99.1", { 0, 50, 99, 1 }, { 1, 1, 1, 1 } },
	{ "", { 0, 50, 99, 1 }, { 1, 1, 1, 1 } },		/* TRACE_DEFAULT */
	{ NULL, { 0, 50, 99, 1 }, { 1, 1, 1, 1 } },
	{ ",,, \t", { 0, 1, 1, 1 }, { 0, 0, 0, 0 } },
	{ "\xff\x80.9,3.3", { 3, 0, 1, 1 }, { 3, 0, 0, 0 } },
};

int
main(void)
{
	size_t i;
	int k;
	char big[300];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		trace_reset();
		trace_set(cases[i].spec);
		for (k = 0; k < 4; k++) {
			if (trace_level(cases[i].cat[k]) != cases[i].level[k])
				fprintf(stderr, "case [%s] cat %d\n",
				    cases[i].spec ? cases[i].spec : "(null)",
				    cases[i].cat[k]);
			T_INTEQ(trace_level(cases[i].cat[k]), cases[i].level[k]);
		}
	}

	/* tTd semantics */
	trace_reset();
	T_CHECK(!trace_active());
	trace_set("21.12");
	T_CHECK(trace_active());
	T_CHECK(trace_on(21, 12));
	T_CHECK(trace_on(21, 1));
	T_CHECK(!trace_on(21, 13));
	T_CHECK(trace_on(20, 0));
	T_CHECK(!trace_on(20, 1));
	T_CHECK(!trace_on(-1, 0));
	T_CHECK(!trace_on(TRACE_NCAT, 0));
	T_CHECK(!trace_on(INT_MAX, 0));
	T_INTEQ(trace_level(-5), 0);
	T_INTEQ(trace_level(1000), 0);
	trace_set("21.0");
	T_CHECK(!trace_on(21, 1));
	T_CHECK(!trace_active());

	/* settings accumulate across calls; later ones win */
	trace_reset();
	trace_set("0-10.2");
	trace_set("5.7");
	T_INTEQ(trace_level(4), 2);
	T_INTEQ(trace_level(5), 7);
	T_INTEQ(trace_level(10), 2);

	/* named (libsm-style) settings */
	trace_reset();
	T_INTEQ(trace_named("sm_trace_heap"), 0);
	trace_set("");
	T_INTEQ(trace_named("sm_trace_heap"), 1);	/* *_trace_*.1 */
	T_INTEQ(trace_named("no_persistent_restart"), 0);
	trace_set("no_persistent_restart");
	T_INTEQ(trace_named("no_persistent_restart"), 1);
	trace_set("sm_trace_heap.5");
	T_INTEQ(trace_named("sm_trace_heap"), 5);
	trace_set("*_trace_*.2");
	T_INTEQ(trace_named("sm_trace_heap"), 2);	/* newest wins */
	trace_set("huge.99999999999999999999999");
	T_INTEQ(trace_named("huge"), INT_MAX);
	trace_set("-1.101");
	T_INTEQ(trace_named("-1"), 101);
	T_INTEQ(trace_level(1), 1);	/* from the "" above: untouched */
	T_INTEQ(trace_named(NULL), 0);

	/* a pattern longer than TRACE_NAME_MAX is cut, not overflowed */
	for (k = 0; k < (int)sizeof(big) - 3; k++)
		big[k] = 'a';
	big[k++] = '.';
	big[k++] = '3';
	big[k] = '\0';
	trace_set(big);
	big[TRACE_NAME_MAX] = '\0';
	T_INTEQ(trace_named(big), 3);

	/* more settings than kept: the oldest go */
	trace_reset();
	trace_set("first.9");
	for (k = 0; k < TRACE_NAMED_MAX; k++)
		trace_set("other.1");
	T_INTEQ(trace_named("first"), 0);
	T_INTEQ(trace_named("other"), 1);

	/* output */
	T_CHECK(trace_file() == stdout);
	trace_set_file(stderr);
	T_CHECK(trace_file() == stderr);
	trace_set_file(NULL);
	T_CHECK(trace_file() == stdout);

	trace_reset();
	T_DONE();
}
