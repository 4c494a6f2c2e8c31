/*
 * intake_log.c - the line sendmail logs when it has taken a message:
 * "QID: from=<a@b>, size=N, class=N, nrcpts=N, msgid=<id>,
 * bodytype=8BITMIME, proto=ESMTP, daemon=MTA, relay=host [addr]".
 */
#include "msg/intake.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "msg/envelope.h"
#include "util/buf.h"
#include "util/log.h"

#include <string.h>
#include <strings.h>

/* intake_log_msgid - the last live Message-Id (the H line's when the
   sender gave none), or NULL */
static const char *
intake_log_msgid(const struct envelope *e)
{
	const char *id = NULL;
	size_t i;

	/* XXX Resent-Message-Id for a resent message, as intake's
	   {msg_id}: not told here */
	for (i = 0; i < e->headers.n; i++) {
		const struct hdr *h = &e->headers.v[i];

		if (!h->deleted && h->value != NULL &&
		    strcasecmp(h->name, "message-id") == 0)
			id = h->value;
	}
	return id;
}

void
intake_log_from(const struct cf *cf, const struct envelope *e, long msgsize)
{
	const struct macros *mac = cf->macros;
	const char *id = intake_log_msgid(e), *v;
	struct buf l = BUF_INIT;

	buf_addf(&l, "%s: from=", e->qid);
	if (e->sender_paddr != NULL)
		buf_adds(&l, e->sender_paddr);
	else
		buf_addf(&l, "<%s>", e->sender ? e->sender : "");
	buf_addf(&l, ", size=%ld, class=%ld, nrcpts=%zu", msgsize,
	    intake_class(cf, e), e->nrcpts);
	if (id != NULL) {
		while (*id == ' ' || *id == '\t')
			id++;
		/* sendmail keeps at most 100 bytes of it */
		buf_addf(&l, ", msgid=%.100s", id);
	}
	if (e->bodytype != NULL)
		buf_addf(&l, ", bodytype=%s", e->bodytype);
	if ((v = macro_get(mac, 'r')) != NULL && *v != '\0')
		buf_addf(&l, ", proto=%s", v);
	if ((v = macro_get_name(mac, "daemon_name")) != NULL && *v != '\0')
		buf_addf(&l, ", daemon=%s", v);
	if ((v = macro_get(mac, '_')) != NULL && *v != '\0')
		buf_addf(&l, ", relay=%s", v);
	log_line(LOG_INFO, "%s", buf_str(&l));
	buf_free(&l);
}
