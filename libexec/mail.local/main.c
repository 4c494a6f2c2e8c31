/*
 * mail.local - tern's local delivery agent.  DANGEROUS: runs as root;
 * see local.h for how it sheds that before touching a mailbox.
 *
 *   mail.local [-7] [-b] [-d] [-M] [-D pw] [-f from | -r from]
 *              [-h file] [-p dir] user ...      message on stdin
 *   mail.local -l [-7] [-b] [-M] [-h file] [-p dir]   LMTP on stdin/stdout
 *
 *   -l       LMTP (RFC 2033); sendmail.cf's local mailer uses this
 *   -f, -r   envelope sender for the From_ line (default: the invoker)
 *   -p dir   mbox directory instead of /var/mail (tern's own option)
 *   -h file  deliver to ~user/file instead; "file/" means a Maildir
 *   -M       the mailbox is a Maildir (dir/user/{tmp,new,cur})
 *   -b       a full quota is a permanent failure (552 5.2.2)
 *   -7       do not announce 8BITMIME in LHLO
 *   -d       ignored (compatibility: "deliver")
 *   -D pw    mailbox database: only the password file exists here
 *
 * Exit status (non-LMTP): 0 when every recipient got the message, else
 * a sysexits code: EX_TEMPFAIL if any failure was temporary (the caller
 * retries; a duplicate beats a loss), otherwise the first failure's code.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "local.h"
#include "util/msg.h"

static void
usage(void)
{
	fprintf(stderr, "usage: mail.local [-7] [-b] [-d] [-M] [-D pw] "
	    "[-f from] [-h file] [-p dir] user ...\n"
	    "       mail.local -l [-7] [-b] [-M] [-h file] [-p dir]\n");
	exit(EX_USAGE);
}

/* deliver_args - the classic mode: stdin to every user named */
static int
deliver_args(const struct local_opts *o, const char *sender, char **users)
{
	struct local_in *in = xmalloc(sizeof(*in));
	struct mbox_status st;
	struct local_rcpt r;
	int spool_fd, spool_err, rc = EX_OK;

	spool_fd = local_spool_open();
	if (spool_fd < 0)
		msg_fatal(EX_TEMPFAIL, "cannot create a spool file: %m");
	local_in_init(in, 0);
	(void)local_spool_read(in, 0, spool_fd, &spool_err);
	free(in);
	if (spool_err != 0)
		msg_fatal(EX_TEMPFAIL, "cannot write the spool file: %s",
		    strerror(spool_err));
	for (; *users; users++) {
		if (local_user_lookup(o, *users, &r, &st) == 0) {
			(void)local_user_deliver(o, &r, spool_fd, sender, &st);
			local_user_free(&r);
		}
		if (st.ex == EX_OK)
			continue;
		msg_warnx("%s", mbox_status_text(&st));
		if (rc == EX_OK || st.ex == EX_TEMPFAIL)
			rc = st.ex;
	}
	(void)close(spool_fd);
	return rc;
}

int
main(int argc, char **argv)
{
	struct local_opts o = { LOCAL_SPOOL_DIR, NULL, 0, 0, 0 };
	const char *sender = NULL;
	struct passwd *pw;
	int c, lmtp = 0;

	msg_set_tag("mail.local");
	(void)umask(077);
	while ((c = getopt(argc, argv, "7bdD:f:h:lMp:r:")) != -1) {
		switch (c) {
		case '7':
			o.no8bit = 1;
			break;
		case 'b':
			o.quota_permanent = 1;
			break;
		case 'd':
			break;
		case 'D':
			if (strcmp(optarg, "pw") != 0)
				msg_fatal(EX_USAGE, "-D %s: only the password "
				    "file (pw) is supported", optarg);
			break;
		case 'f':
		case 'r':
			if (sender != NULL)
				msg_fatal(EX_USAGE, "multiple -f options");
			sender = optarg;
			break;
		case 'h':
			if (*optarg == '\0' || *optarg == '/' ||
			    strstr(optarg, "..") != NULL)
				msg_fatal(EX_USAGE, "-h %s: a file name "
				    "relative to the home directory, please",
				    optarg);
			o.home_file = optarg;
			break;
		case 'l':
			lmtp = 1;
			break;
		case 'M':
			o.maildir = 1;
			break;
		case 'p':
			o.spool_dir = optarg;
			break;
		default:
			usage();
		}
	}
	argv += optind;
	if (lmtp) {
		if (*argv != NULL)
			usage();
		return local_lmtp(&o);
	}
	if (*argv == NULL)
		usage();
	if (sender == NULL) {
		pw = getpwuid(getuid());
		sender = pw ? pw->pw_name : "MAILER-DAEMON";
		sender = xstrdup(sender);
	}
	return deliver_args(&o, sender, argv);
}
