/*
 * drive.c - run tern's DSN composer (src/deliver/dsn.h) on one case and
 * print the message: the envelope recipient as "rcpt: X", the DSN's
 * headers, a blank line, the body.
 *
 * usage: drive CASE.in
 *
 * CASE.in has "key: value" lines; "rcpt:" starts a recipient, the
 * indented lines after it are its fields.  "transcript:" and "header:"
 * lines add one line each; "body:" names the file of the body.  Times
 * are seconds since the epoch.  See the .in files in tests/golden/dsn/cases.
 */
#include "deliver/dsn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXR 16

static const char *const kinds[] = { "bounce", "warning", "receipt",
    "postmaster", NULL };
static const char *const actions[] = { "failed", "delayed", "delivered",
    "delivered-list", "relayed", "expanded", NULL };

/* pick - index of s in a NULL-ended table, exit on none */
static int
pick(const char *const *t, const char *s)
{
	int i;

	for (i = 0; t[i] != NULL; i++)
		if (strcmp(t[i], s) == 0)
			return i;
	fprintf(stderr, "drive: unknown value %s\n", s);
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct dsn_rcpt rc[MAXR];
	struct dsn_input in;
	struct buf transcript = BUF_INIT, headers = BUF_INIT, body = BUF_INIT;
	struct envelope out;
	char line[4096];
	size_t nr = 0, i;
	struct dsn_rcpt *r = NULL;
	FILE *f;

	if (argc != 2 || (f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: drive CASE.in\n");
		return 2;
	}
	memset(&in, 0, sizeof(in));
	in.hostname = "mx.example.com";
	in.mailer_daemon = "MAILER-DAEMON";
	while (fgets(line, sizeof(line), f) != NULL) {
		char *k = line, *v, *nl = strchr(line, '\n');
		bool sub = line[0] == ' ';

		if (nl != NULL)
			*nl = '\0';
		while (*k == ' ')
			k++;
		if (*k == '#' || *k == '\0' || (v = strstr(k, ": ")) == NULL)
			continue;
		*v = '\0';
		v = strdup(v + 2);
		if (sub && r != NULL) {
			if (!strcmp(k, "alias")) r->alias = v;
			else if (!strcmp(k, "action")) r->action = (enum dsn_action)pick(actions, v);
			else if (!strcmp(k, "list-failed")) r->list_failed = true;
			else if (!strcmp(k, "reason")) r->reason = v;
			else if (!strcmp(k, "orcpt")) r->orcpt = v;
			else if (!strcmp(k, "final")) r->final_rcpt = v;
			else if (!strcmp(k, "actual")) r->actual_rcpt = v;
			else if (!strcmp(k, "status")) r->status = v;
			else if (!strcmp(k, "remote-mta")) r->remote_mta = v;
			else if (!strcmp(k, "diag")) r->diag = v;
			else if (!strcmp(k, "last-attempt")) r->last_attempt = atol(v);
			continue;
		}
		if (!strcmp(k, "rcpt")) {
			if (nr == MAXR)
				return 2;
			r = &rc[nr++];
			r->paddr = v;
		} else if (!strcmp(k, "kind")) in.kind = (enum dsn_kind)pick(kinds, v);
		else if (!strcmp(k, "to")) in.rcpt_addr = v;
		else if (!strcmp(k, "to-header")) in.to_header = v;
		else if (!strcmp(k, "envid")) in.envid = v;
		else if (!strcmp(k, "ret")) in.ret = !strcmp(v, "hdrs") ? ENV_RET_HDRS :
		    !strcmp(v, "full") ? ENV_RET_FULL : ENV_RET_NONE;
		else if (!strcmp(k, "from")) in.from_text = v;
		else if (!strcmp(k, "qid")) in.orig_qid = v;
		else if (!strcmp(k, "new-qid")) in.new_qid = v;
		else if (!strcmp(k, "arrival")) in.arrival = atol(v);
		else if (!strcmp(k, "retry-until")) in.retry_until = atol(v);
		else if (!strcmp(k, "now")) in.now = atol(v);
		else if (!strcmp(k, "received-from-mta")) in.received_from_mta = v;
		else if (!strcmp(k, "warn-after")) in.warn_after = v;
		else if (!strcmp(k, "transcript")) buf_addf(&transcript, "%s\n", v);
		else if (!strcmp(k, "header")) buf_addf(&headers, "%s\n", v);
		else if (!strcmp(k, "body")) in.body_path = v;
	}
	fclose(f);
	in.transcript = buf_str(&transcript);
	in.headers = buf_str(&headers);
	in.rcpts = rc;
	in.nrcpts = nr;
	if (dsn_compose(&in, &out, &body) != 0) {
		perror("drive: dsn_compose");
		return 1;
	}
	printf("rcpt: %s\nsender: <%s>\n", out.rcpts[0].addr, out.sender);
	for (i = 0; i < out.headers.n; i++)
		printf("%s: %s\n", out.headers.v[i].name, out.headers.v[i].value);
	printf("\n%s", buf_str(&body));
	envelope_free(&out);
	return 0;
}
