/* cmdline_getopt.c - sendmail's BSD-style getopt, reentrant */
#include "main/cmdline_getopt.h"

#include <string.h>

/* cmdline_getopt_init - fresh state for a pass over argv */
void
cmdline_getopt_init(struct cmdline_getopt *g, bool report)
{
	g->ind = 1;
	g->place = "";
	g->arg = NULL;
	g->opt = 0;
	g->report = report;
}

/* cmdline_getopt_tell - complain about the current letter */
static void
cmdline_getopt_tell(const struct cmdline_getopt *g, char *const *argv,
    const char *what, struct buf *msg)
{
	const char *name = argv != NULL && argv[0] != NULL ? argv[0] :
	    "sendmail";

	if (msg == NULL)
		return;
	buf_adds(msg, name);
	buf_adds(msg, what);
	buf_addc(msg, g->opt);
	buf_addc(msg, '\n');
}

/* cmdline_getopt_next - the next option letter, '?' or -1 at the end */
int
cmdline_getopt_next(struct cmdline_getopt *g, int argc, char *const *argv,
    const char *optstring, struct buf *msg)
{
	const char *oli = NULL;

	if (*g->place == '\0') {
		const char *a;

		if (g->ind < 0 || g->ind >= argc || argv[g->ind] == NULL)
			return -1;
		a = argv[g->ind];
		if (a[0] != '-' || a[1] == '\0')
			return -1;	/* an operand, or "-" alone */
		if (a[1] == '-') {	/* "--" or "--word": end, consumed */
			g->ind++;
			return -1;
		}
		g->place = a + 1;
	}
	g->opt = (unsigned char)*g->place++;
	if (g->opt != ':')
		oli = strchr(optstring, g->opt);
	if (oli == NULL) {
		if (*g->place == '\0')
			g->ind++;
		if (g->report) {
			cmdline_getopt_tell(g, argv, ": illegal option -- ", msg);
			return '?';
		}
		/* quiet: sendmail's getopt goes on as if a value were needed */
	}
	if (oli != NULL && oli[1] != ':') {
		g->arg = NULL;
		if (*g->place == '\0')
			g->ind++;
		return g->opt;
	}
	if (*g->place != '\0') {
		g->arg = g->place;		/* glued: -fx */
	} else if (argc <= ++g->ind) {
		g->place = "";
		if (g->report) {
			cmdline_getopt_tell(g, argv,
			    ": option requires an argument -- ", msg);
			return '?';
		}
		/* quiet: arg keeps its old (stale) value, as sendmail's */
	} else {
		g->arg = argv[g->ind];		/* separate: -f x */
	}
	g->place = "";
	g->ind++;
	return g->opt;
}
