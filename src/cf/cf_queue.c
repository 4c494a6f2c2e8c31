/* cf_queue.c - Q lines: queue groups, checked as sendmail 8.17's makequeue */
#include "cf/cf.h"
#include "cf/cf_int.h"
#include "cf/cf_text.h"
#include "cf/option.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CF_QUEUE_MAX	50	/* sendmail's MAXQUEUEGROUPS */

/* cf_queue_space - sendmail's SM_ISSPACE */
static bool
cf_queue_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* cf_queue_atoi - atoi without its overflow */
static int
cf_queue_atoi(const char *p)
{
	long v = strtol(p, NULL, 10);

	return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

/* cf_queue_enter - keep the group (a name seen before is replaced) */
static void
cf_queue_enter(struct cf *cf, const char *name, const char *raw)
{
	size_t i;

	for (i = 0; i < cf->nqgroups; i++)
		if (strcasecmp(cf->qgroups[i].name, name) == 0) {
			free(cf->qgroups[i].raw);
			cf->qgroups[i].raw = xstrdup(raw);
			return;
		}
	cf->qgroups = xreallocarray(cf->qgroups, cf->nqgroups + 1,
	    sizeof(*cf->qgroups));
	cf->qgroups[cf->nqgroups].name = xstrdup(name);
	cf->qgroups[cf->nqgroups++].raw = xstrdup(raw);
}

/*
 * cf_queue_line - Qname, P=dir, F=flags, I=interval, N=nice, R=runners,
 * r=recipients (J= is accepted too).  The equates are kept as written
 * for the queue code; here only sendmail's complaints are made.
 */
void
cf_queue_line(struct cf *cf, const char *text, int line)
{
	const char *p = text, *delim, *rest;
	struct buf val = BUF_INIT;
	char *name;
	bool path = false, fork_flag = false;
	int runners = -1;

	if (*text == '\0') {
		cf_warn(cf, line, "name required for queue");
		return;
	}
	while (*p != '\0' && *p != ',' && !cf_queue_space((unsigned char)*p))
		p++;
	name = xstrndup(text, (size_t)(p - text));
	if (*p != '\0')
		p++;
	rest = p;
	while (*p != '\0') {
		int code;

		while (*p == ',' || cf_queue_space((unsigned char)*p))
			p++;
		code = (unsigned char)*p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p != '=') {
			cf_warn(cf, line, "queue %s: `=' expected", name);
			goto out;
		}
		p++;
		while (cf_queue_space((unsigned char)*p))
			p++;
		cf_text_munch(cf, p, &delim, ',', &val);
		switch (code) {
		case 'P':
			if (val.len == 0)
				cf_warn(cf, line, "queue %s: empty path name", name);
			else
				path = true;
			break;
		case 'F':
			if (strchr(buf_str(&val), 'f') != NULL)
				fork_flag = true;
			break;
		case 'I':
			(void)cf_text_convtime(cf, buf_str(&val), 'm', line);
			break;
		case 'R': {
			int max = cf->opts->max_queue_children;

			runners = cf_queue_atoi(buf_str(&val));
			if (max > 0 && runners > max) {
				cf_message(cf, "Q=%s: R=%d exceeds MaxQueueChildren=%d, "
				    "set to MaxQueueChildren", name, runners, max);
				runners = max;
			}
			break;
		}
		case 'N': case 'r': case 'J':
			break;
		default:
			cf_warn(cf, line, "Q%s: unknown queue equate %c=", name, code);
			break;
		}
		p = delim;
	}
	if (cf->nqgroups >= CF_QUEUE_MAX) {
		cf_warn(cf, line, "too many queue groups defined (%d max)",
		    CF_QUEUE_MAX);
		goto out;
	}
	if (!path && (cf->opts->queue_directory == NULL ||
	    *cf->opts->queue_directory == '\0')) {
		cf_warn(cf, line, "QueueDir must be defined before queue groups");
		goto out;
	}
	if (runners > 1 && !fork_flag)
		cf_message(cf, "Warning: Q=%s: R=%d: multiple queue runners "
		    "specified\n\tbut flag '%c' is not set", name, runners, 'f');
	cf_queue_enter(cf, name, rest);
out:
	buf_free(&val);
	free(name);
}
