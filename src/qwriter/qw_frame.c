/*
 * qw_frame.c - the queue writer protocol's one encoder and one decoder
 * (qwriter.h has the layout).  Pure: no I/O.
 */
#include "qwriter/qwriter.h"

#include <string.h>

/* put32 / get32 - big-endian, byte by byte (no alignment assumed) */
static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* qw_frame_encode - append one frame to out */
int
qw_frame_encode(struct buf *out, uint8_t type, uint32_t txid,
    const void *payload, size_t len)
{
	unsigned char h[QW_HDR_LEN];

	if (len > QW_PAYLOAD_MAX || (len > 0 && payload == NULL))
		return -1;
	h[0] = QW_VERSION;
	h[1] = type;
	h[2] = h[3] = 0;
	put32(h + 4, txid);
	put32(h + 8, (uint32_t)len);
	buf_add(out, h, sizeof(h));
	if (len > 0)
		buf_add(out, payload, len);
	return 0;
}

/* qw_frame_decode - one datagram into f, strictly */
int
qw_frame_decode(const void *p, size_t n, struct qw_frame *f,
    const char **why)
{
	const unsigned char *u = p;
	uint32_t len;

	if (n < QW_HDR_LEN) {
		*why = "short frame";
		return -1;
	}
	if (u[0] != QW_VERSION) {
		*why = "unknown protocol version";
		return -1;
	}
	if (u[2] != 0 || u[3] != 0) {
		*why = "non-zero flags";
		return -1;
	}
	len = get32(u + 8);
	/* the datagram's own size is the truth; the field must agree */
	if (n - QW_HDR_LEN > QW_PAYLOAD_MAX || len != n - QW_HDR_LEN) {
		*why = "length does not match the frame";
		return -1;
	}
	f->type = u[1];
	f->txid = get32(u + 4);
	f->payload = u + QW_HDR_LEN;
	f->len = len;
	return 0;
}

/* qw_frame_type_name - for messages */
const char *
qw_frame_type_name(int type)
{
	switch (type) {
	case QW_T_OPEN:		return "OPEN";
	case QW_T_BODY:		return "BODY";
	case QW_T_ENVELOPE:	return "ENVELOPE";
	case QW_T_COMMIT:	return "COMMIT";
	case QW_T_ABORT:	return "ABORT";
	case QW_T_RUN:		return "RUN";
	case QW_T_OPENED:	return "OPENED";
	case QW_T_ERROR:	return "ERROR";
	case QW_T_COMMITTED:	return "COMMITTED";
	case QW_T_FAILED:	return "FAILED";
	default:		return "?";
	}
}

/* qw_reply_valid - a reply text the front end may pass to its client */
bool
qw_reply_valid(const unsigned char *p, size_t n)
{
	size_t i;

	if (n < 4 || n > QW_REPLY_MAX)
		return false;
	if ((p[0] != '4' && p[0] != '5') || p[1] < '0' || p[1] > '9' ||
	    p[2] < '0' || p[2] > '9' || p[3] != ' ')
		return false;
	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	return true;
}
