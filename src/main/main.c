/*
 * main.c - the sendmail command: parse the command line, pick the mode.
 *
 * Order follows sendmail 8.17's main(): the command line (with the
 * program name: mailq, newaliases, ...), -D and -d, the -d0.101 version
 * exit, usage errors, -X, then the .cf the mode calls for (submit.cf
 * for -bm/-bs/-t when present, sendmail.cf otherwise; -Ac, -Am, -C),
 * then exactly one mode from mode.h.  Nothing else lives here.
 */
#include "cf/cf.h"
#include "cf/macro.h"
#include "main/cmdline.h"
#include "main/mode.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <syslog.h>
#include <unistd.h>

/* main_exists - does a file exist (sendmail's stat test for submit.cf)? */
static bool
main_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* main_is_submit - is this .cf the MSP's (named submit.cf)? */
static bool
main_is_submit(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base != NULL ? base + 1 : path, "submit.cf") == 0;
}

/* main_say - print cl->msgs[from, to) on their streams, in order */
static void
main_say(const struct cmdline *cl, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && i < cl->nmsgs; i++) {
		FILE *fp = cl->msgs[i].fd == 2 ? stderr : stdout;

		fflush(stdout);
		fwrite(cl->msgs[i].text, 1, cl->msgs[i].len, fp);
		fflush(fp);
	}
}

/* main_log - the command line's notes to syslog, facility mail */
static void
main_log(const struct cmdline *cl)
{
	size_t i;

	if (cl->nwarnings == 0)
		return;
	openlog(msg_tag(), LOG_PID, LOG_MAIL);
	for (i = 0; i < cl->nwarnings; i++)
		syslog(LOG_INFO, "%s", cl->warnings[i]);
	closelog();
}

/*
 * main_drop_group - give up set-group-ID privileges before a file the
 * caller names (-C, -D, -X) is read or written, as sendmail's
 * drop_privileges(true).  Root keeps its ids.
 */
static int
main_drop_group(void)
{
	gid_t gid = getgid();

	if (getuid() == 0 || getegid() == gid)
		return 0;
	if (setresgid(gid, gid, gid) != 0 || getegid() != gid) {
		printf("drop_privileges: setresgid(%ld) failed: %s\n",
		    (long)gid, strerror(errno));
		return EX_OSERR;
	}
	return 0;
}

/*
 * main_option_safe - may a caller without root give this option to the
 * set-group-ID submission program and keep its group?  Only what a
 * submission needs (sendmail's "safe" options of that kind); anything
 * naming files, directories, users or limits drops the privilege.
 */
static bool
main_option_safe(const char *name, bool is_long)
{
	static const char *const letters = "cdefimov78j";
	static const char *const names[] = {
		"DeliveryMode", "ErrorMode", "IgnoreDots", "MeToo", "Verbose",
		"SaveFromLine", "HoldExpensive",
		"OldStyleHeaders", "SevenBitInput", "EightBitMode",
		"SendMimeErrors", "NoRecipientAction", "Timeout.queuewarn",
		"Timeout.queuereturn", "CheckpointInterval",
	};
	size_t i;

	if (!is_long && name[0] != '\0' && name[1] == '\0')
		return strchr(letters, name[0]) != NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}

/* main_options_unsafe - does the command line give an unsafe option? */
static bool
main_options_unsafe(const struct cmdline *cl)
{
	size_t i;

	for (i = 0; i < cl->noptions; i++)
		if (!main_option_safe(cl->options[i].name,
		    cl->options_long != NULL && cl->options_long[i]))
			return true;
	return false;
}

/*
 * main_scrub_env - a set-group-ID run starts with an environment of our
 * making: nothing the caller set reaches a program we start, a map, the
 * resolver or the C library (LD_*, IFS, TZ files, RES_OPTIONS, ...).  A
 * TZ that is a plain zone name or POSIX rule stays, so dates stay local.
 */
static void
main_scrub_env(void)
{
	const char *tz = getenv("TZ");
	char keep[64] = "";

	if (tz != NULL && strlen(tz) < sizeof(keep) && strchr(tz, '/') == NULL &&
	    strstr(tz, "..") == NULL && tz[0] != ':')
		snprintf(keep, sizeof(keep), "%s", tz);
	if (clearenv() != 0) {
		/* cannot trust what is left: run without an environment */
		environ = NULL;
	}
	(void)setenv("PATH", "/usr/bin:/bin", 1);
	if (keep[0] != '\0')
		(void)setenv("TZ", keep, 1);
}

/* main_open_debug - -D file: trace output goes there, appended */
static int
main_open_debug(const struct cmdline *cl)
{
	FILE *fp;

	if (cl->debug_file == NULL)
		return 0;
	if ((fp = fopen(cl->debug_file, "a")) == NULL) {
		printf("cannot open %s: %s\n", cl->debug_file, strerror(errno));
		return EX_CANTCREAT;
	}
	setvbuf(fp, NULL, _IONBF, 0);
	trace_set_file(fp);
	return 0;
}

/* main_open_traffic - -X file: a FIFO is opened for writing, else appended */
static int
main_open_traffic(struct cmdline *cl)
{
	struct stat st;
	FILE *fp;

	if (cl->traffic_file == NULL)
		return 0;
	if (stat(cl->traffic_file, &st) == 0 && S_ISFIFO(st.st_mode))
		fp = fopen(cl->traffic_file, "w");
	else
		fp = fopen(cl->traffic_file, "a");
	if (fp == NULL) {
		printf("cannot open %s: %s\n", cl->traffic_file,
		    strerror(errno));
		return EX_CANTCREAT;
	}
	setvbuf(fp, NULL, _IOLBF, 0);
	cl->traffic = fp;
	return 0;
}

/* main_dispatch - run the one mode the command line chose */
static int
main_dispatch(struct cf *cf, const struct cmdline *cl)
{
	switch (cl->mode) {
	case CMDLINE_DELIVER:
		return mode_bm(cf, cl);
	case CMDLINE_SMTP:
		return mode_bs(cf, cl);
	case CMDLINE_ARPAFTP:
		return mode_ba(cf, cl);
	case CMDLINE_DAEMON:
	case CMDLINE_FGDAEMON:
		return mode_bd(cf, cl);
	case CMDLINE_QUEUERUN:
		return mode_q(cf, cl);
	case CMDLINE_PRINT:
	case CMDLINE_PRINTNQE:
		return mode_bp(cf, cl);
	case CMDLINE_INITALIAS:
		return mode_bi(cf, cl);
	case CMDLINE_TEST:
		return mode_bt(cf, cl);
	case CMDLINE_VERIFY:
		return mode_bv(cf, cl);
	case CMDLINE_HOSTSTAT:
	case CMDLINE_PURGESTAT:
		return mode_bh(cf, cl);
	case CMDLINE_CHECKCONFIG:
		return mode_bC(cf, cl);
	}
	return mode_unavailable(cl);
}

/* main_banner - -d0.1: who this is and who it thinks the host is */
static void
main_banner(struct cf *cf)
{
	const char *w = macro_get(cf->macros, 'w'), *j = macro_get(cf->macros, 'j');
	const char *m = macro_get(cf->macros, 'm'), *k = macro_get(cf->macros, 'k');

	trace_printf("============ SYSTEM IDENTITY (after readcf) ============\n");
	trace_printf("      (short domain name) $w = %s\n", w ? w : "");
	trace_printf("  (canonical domain name) $j = %s\n", j ? j : "");
	trace_printf("         (subdomain name) $m = %s\n", m ? m : "");
	trace_printf("              (node name) $k = %s\n", k ? k : "");
	trace_printf("========================================================\n\n");
}

/* main_run - everything after the parse; returns the exit status */
static int
main_run(struct cmdline *cl, int rc)
{
	struct cf_load_args args;
	struct cf *cf;
	const char *path;
	size_t i;
	int st;

	/* the obsolete pre-pass and the first pass stop before -d applies */
	main_say(cl, 0, cl->nmsgs_pass1);
	if (rc != 0 && !cl->pass2)
		return rc;
	if (cl->mode == CMDLINE_PRINTOPTS)
		return mode_bO(cl);

	if (cl->label != NULL)
		msg_set_tag(cl->label);
	main_log(cl);
	/*
	 * a caller's configuration, debug or traffic file, -d or unsafe
	 * option cannot borrow the set-group-ID privilege (the client queue)
	 */
	if ((cl->conffile != NULL || cl->debug_file != NULL ||
	    cl->traffic_file != NULL || cl->ndspecs > 0 ||
	    main_options_unsafe(cl)) && (st = main_drop_group()) != 0)
		return st;
	if ((st = main_open_debug(cl)) != 0)
		cl->exitstat = st;
	for (i = 0; i < cl->ndspecs; i++)
		trace_set(cl->dspecs[i]);
	if (trace_on(0, 101)) {
		trace_printf("Version %s\n", TERN_VERSION);
		return 0;
	}

	main_say(cl, cl->nmsgs_pass1, cl->nmsgs);
	if (rc != 0)
		return rc;
	if ((st = main_open_traffic(cl)) != 0)
		cl->exitstat = st;
	if (cl->exitstat != 0 && cl->mode != CMDLINE_TEST &&
	    cl->mode != CMDLINE_CHECKCONFIG)
		return cl->exitstat;

	path = cmdline_cf_path(cl, TERN_ETC_DIR, main_exists);
	memset(&args, 0, sizeof(args));
	args.path = path;
	args.options = cl->options;
	args.noptions = cl->noptions;
	args.macros = cl->macros;
	args.nmacros = cl->nmacros;
	args.is_submit = main_is_submit(path);
	args.diag = stdout;		/* sendmail reports .cf trouble there */
	if (trace_on(0, 1))
		trace_printf("Version %s\n Compiled with: %s\n\n", TERN_VERSION,
		    TERN_COMPILED_WITH);
	fflush(stdout);
	args.test_mode = cl->mode == CMDLINE_TEST ||
	    cl->mode == CMDLINE_CHECKCONFIG;
	if ((cf = cf_load(&args)) == NULL) {
		fflush(stdout);
		return EX_OSFILE;
	}
	/* a fatal option stops sendmail before any mode runs */
	if (cf->fatal) {
		st = cf->exitstat;
		fflush(stdout);
		cf_free(cf);
		return st;
	}
	if (trace_on(0, 1))
		main_banner(cf);
	st = main_dispatch(cf, cl);
	if (st == 0)
		st = cf->exitstat;
	fflush(stdout);
#ifdef __SANITIZE_ADDRESS__
	/* the process ends now, and the kernel takes its memory back faster
	   than free() (a sixth of a millisecond of every submission); the
	   sanitizer builds free it, so their leak checks keep meaning */
	cf_free(cf);
#endif
	return st != 0 ? st : cl->exitstat;
}

/* main - sendmail */
int
main(int argc, char **argv)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;
	int rc;

	cmdline_init(&cl);
	cl.extraprivs = getuid() != 0 &&
	    (geteuid() != getuid() || getegid() != getgid());
	if (cl.extraprivs)
		main_scrub_env();
	rc = cmdline_parse(argc, argv, &cl, &err);
	rc = main_run(&cl, rc);
	fflush(stdout);
	msg_set_tag("sendmail");	/* cl.label dies with cl */
	cmdline_free(&cl);
	buf_free(&err);
	return rc;
}
