/* dsn.c - compose a DSN as sendmail 8.17 writes it (see dsn.h) */
#include "deliver/dsn.h"
#include "msg/hdr.h"
#include "msg/intake.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* dsn_date - sendmail's arpadate(ctime(&t)) */
static void
dsn_date(time_t t, time_t now, char out[MSGDATE_ARPA])
{
	char ud[MSGDATE_CTIME];

	msgdate_ctime(t, ud);
	msgdate_arpa(ud, now, out);
}

/* dsn_line - one line of the body */
static void
dsn_line(struct buf *b, const char *s)
{
	buf_adds(b, s);
	buf_addc(b, '\n');
}

/* dsn_field - "name: value" when value is set */
static void
dsn_field(struct buf *b, const char *name, const char *value)
{
	if (value != NULL)
		buf_addf(b, "%s: %s\n", name, value);
}

static const char *const dsn_actions[] = {
	"failed", "delayed", "delivered (to mailbox)",
	"delivered (to mailing list)", "relayed (to non-DSN-aware mailer)",
	"expanded (to multi-recipient alias)",
};

/* dsn_human - the readable part, from the banner to the transcript */
static void
dsn_human(const struct dsn_input *in, time_t now, struct buf *b)
{
	char date[MSGDATE_ARPA];
	const char *what;
	bool head;
	size_t i;

	if (in->kind == DSN_WARNING) {
		dsn_line(b, "    **********************************************");
		dsn_line(b, "    **      THIS IS A WARNING MESSAGE ONLY      **");
		dsn_line(b, "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **");
		dsn_line(b, "    **********************************************");
		dsn_line(b, "");
	}
	dsn_date(in->arrival, now, date);
	buf_addf(b, "The original message was received at %s\n", date);
	buf_addf(b, "from %s\n", in->from_text ? in->from_text : "");
	if (in->kind == DSN_POSTMASTER && in->orig_qid != NULL)
		buf_addf(b, "with id %s\n", in->orig_qid);
	dsn_line(b, "");

	for (head = true, i = 0; i < in->nrcpts; i++) {
		const struct dsn_rcpt *r = &in->rcpts[i];

		if (r->action != DSN_ACT_FAILED || !r->list_failed)
			continue;
		if (head)
			dsn_line(b, "   ----- The following addresses had permanent fatal errors -----");
		head = false;
		dsn_line(b, r->paddr);
		if (r->reason != NULL)
			buf_addf(b, "    (reason: %s)\n", r->reason);
		if (r->alias != NULL)
			buf_addf(b, "    (expanded from: %s)\n", r->alias);
	}
	if (!head)
		dsn_line(b, "");
	/*
	 * 8.17 lists no "transient non-fatal errors" in the warnings it
	 * was seen to send (tests/golden/dsn/cases/delay.mbox): delayed
	 * recipients appear in the delivery-status part only.
	 */
	for (head = true, i = 0; i < in->nrcpts; i++) {
		const struct dsn_rcpt *r = &in->rcpts[i];

		switch (r->action) {
		case DSN_ACT_DELIVERED:
			what = "successfully delivered to mailbox";
			break;
		case DSN_ACT_DELIVERED_LIST:
			what = "successfully delivered to mailing list";
			break;
		case DSN_ACT_RELAYED:
			what = "relayed to non-DSN-aware mailer";
			break;
		case DSN_ACT_EXPANDED:
			what = "expanded by alias";
			break;
		default:
			continue;
		}
		if (head)
			dsn_line(b, "   ----- The following addresses had successful delivery notifications -----");
		head = false;
		buf_addf(b, "%s  (%s)\n", r->paddr, what);
		if (r->alias != NULL)
			buf_addf(b, "    (expanded from: %s)\n", r->alias);
	}
	if (!head)
		dsn_line(b, "");

	if (in->transcript == NULL)
		dsn_line(b, "   ----- Transcript of session is unavailable -----");
	else if (in->transcript[0] != '\0') {
		dsn_line(b, "   ----- Transcript of session follows -----");
		buf_adds(b, in->transcript);
		if (b->len > 0 && buf_str(b)[b->len - 1] != '\n')
			buf_addc(b, '\n');
	}
}

/* dsn_status_part - the message/delivery-status fields */
static void
dsn_status_part(const struct dsn_input *in, time_t now, struct buf *b)
{
	char date[MSGDATE_ARPA];
	size_t i;

	dsn_field(b, "Original-Envelope-Id", in->envid);
	buf_addf(b, "Reporting-MTA: dns; %s\n", in->hostname);
	dsn_field(b, "Received-From-MTA", in->received_from_mta);
	dsn_date(in->arrival, now, date);
	dsn_field(b, "Arrival-Date", date);
	for (i = 0; i < in->nrcpts; i++) {
		const struct dsn_rcpt *r = &in->rcpts[i];
		const char *status = r->status;

		if (status == NULL)
			status = r->action == DSN_ACT_FAILED ? "5.0.0" :
			    r->action == DSN_ACT_DELAYED ? "4.0.0" : "2.0.0";
		dsn_line(b, "");
		dsn_field(b, "Original-Recipient", r->orcpt);
		dsn_field(b, "Final-Recipient", r->final_rcpt);
		dsn_field(b, "X-Actual-Recipient", r->actual_rcpt);
		dsn_field(b, "Action", dsn_actions[r->action]);
		dsn_field(b, "Status", status);
		if (r->remote_mta != NULL) {
			size_t n = strlen(r->remote_mta);

			/* sendmail cuts the trailing dot of a host name */
			if (n > 0 && r->remote_mta[n - 1] == '.')
				n--;
			buf_addf(b, "Remote-MTA: %.*s\n", (int)n, r->remote_mta);
		}
		dsn_field(b, "Diagnostic-Code", r->diag);
		dsn_date(r->last_attempt ? r->last_attempt : now, now, date);
		dsn_field(b, "Last-Attempt-Date", date);
		if (r->action == DSN_ACT_DELAYED) {
			dsn_date(in->retry_until, now, date);
			dsn_field(b, "Will-Retry-Until", date);
		}
	}
}

/* dsn_body_file - append the df file */
static int
dsn_body_file(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "re");
	int err = 0;

	if (f == NULL)
		return errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f))
		err = EIO;
	if (fclose(f) != 0 && err == 0)
		err = errno;
	return err;
}

/* dsn_compose - see dsn.h */
int
dsn_compose(const struct dsn_input *in, struct envelope *out, struct buf *body)
{
	time_t now = in->now ? in->now : time(NULL);
	const char *qid = in->new_qid ? in->new_qid : in->orig_qid;
	const char *subject, *auto_sub;
	struct buf boundary = BUF_INIT, v = BUF_INIT;
	bool sendbody;
	int err = 0;

	buf_reset(body);
	envelope_init(out);
	out->sender = xstrdup("");
	out->sender_paddr = xstrdup("<>");
	out->ctime = now;
	envelope_add_rcpt(out, in->rcpt_addr);

	switch (in->kind) {
	case DSN_WARNING:
		buf_addf(&v, "Warning: could not send message for past %s",
		    in->warn_after ? in->warn_after : "");
		subject = buf_str(&v);
		auto_sub = "auto-generated (warning-timeout)";
		break;
	case DSN_RECEIPT:
		subject = "Return receipt";
		auto_sub = "auto-generated (return-receipt)";
		break;
	case DSN_POSTMASTER:
		subject = "Postmaster notify: see transcript for details";
		auto_sub = "auto-generated (postmaster-notification)";
		break;
	default:
		subject = "Returned mail: see transcript for details";
		auto_sub = "auto-generated (failure)";
		break;
	}
	buf_addf(&boundary, "%s.%lld/%s", qid ? qid : "NOQUEUE",
	    (long long)now, in->hostname);

	{
		struct buf h = BUF_INIT;

		/* unqualified, as sendmail queues it: the mailer's header
		   rules add the domain where the mailer wants one */
		buf_addf(&h, "Mail Delivery Subsystem <%s>",
		    in->mailer_daemon ? in->mailer_daemon : "MAILER-DAEMON");
		hdr_add(&out->headers, "From", buf_str(&h));
		hdr_add(&out->headers, "To", in->to_header ? in->to_header :
		    in->rcpt_addr);
		hdr_add(&out->headers, "MIME-Version", "1.0");
		buf_reset(&h);
		buf_addf(&h, "multipart/report; report-type=delivery-status;\n"
		    "\tboundary=\"%s\"", buf_str(&boundary));
		hdr_add(&out->headers, "Content-Type", buf_str(&h));
		hdr_add(&out->headers, "Subject", subject);
		hdr_add(&out->headers, "Auto-Submitted", auto_sub);
		buf_free(&h);
	}

	dsn_line(body, "This is a MIME-encapsulated message");
	dsn_line(body, "");
	buf_addf(body, "--%s\n\n", buf_str(&boundary));
	dsn_human(in, now, body);
	buf_addf(body, "\n--%s\n", buf_str(&boundary));
	dsn_line(body, "Content-Type: message/delivery-status");
	dsn_line(body, "");
	dsn_status_part(in, now, body);

	/* receipts return the header only unless RET=FULL asked for more */
	sendbody = in->ret != ENV_RET_HDRS &&
	    !(in->kind == DSN_RECEIPT && in->ret != ENV_RET_FULL);
	dsn_line(body, "");
	buf_addf(body, "--%s\n", buf_str(&boundary));
	buf_addf(body, "Content-Type: %s\n",
	    sendbody ? "message/rfc822" : "text/rfc822-headers");
	dsn_field(body, "Content-Transfer-Encoding", in->cte);
	dsn_line(body, "");
	buf_adds(body, in->headers ? in->headers : "");
	if (sendbody) {
		dsn_line(body, "");
		if (in->body_path != NULL)
			err = dsn_body_file(in->body_path, body);
		else if (in->body_text != NULL)
			buf_adds(body, in->body_text);
		if (body->len > 0 && buf_str(body)[body->len - 1] != '\n')
			buf_addc(body, '\n');
	}
	buf_addf(body, "\n--%s--\n\n", buf_str(&boundary));
	out->msgsize = (long)body->len;
	buf_free(&boundary);
	buf_free(&v);
	if (err != 0) {
		envelope_free(out);
		buf_reset(body);
	}
	return err;
}
