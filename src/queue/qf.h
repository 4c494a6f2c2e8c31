/*
 * qf - sendmail 8's version 8 queue control file, written and read.
 *
 * qf_write renders a struct envelope as the bytes sendmail 8.17's
 * queueup() writes for the same envelope; qf_read parses such bytes back.
 * Both are pure (no I/O): queue_commit.c and mailq.c do the files.
 *
 * Lines, in the order written (sendmail's letters):
 *   V8          version                 T<ctime>  K<dtime>  N<ntries>
 *   P<prio>     priority                d<dir>    df in another queue dir
 *   I<maj>/<min>/<ino>  df inode (only when e->df_ino != 0)
 *   B<type>     BODY=                   q<reason> quarantine (file is hf..)
 *   M<text>     last status message     F<letters> flags (below)
 *   $<name><v>  saved macros, in e->macros order ("$r", "${daemon_flags}")
 *   S<sender>   e->sender_paddr, or "<" sender ">"
 *   Z<envid>    ENVID=, xtext-encoded   A<auth>   AUTH= (must be xtext)
 *   !<c> <n>    DELIVERBY: c is sendmail's flag byte itself (\001 ;N,
 *               \002 ;R), n the BY= seconds
 *   per recipient:  M<reply>  C<ctladdr>  Q<orcpt, xtext>  r<final>
 *               R<flags>:<paddr>   flags P N S F D B A M
 *   H?<mflags or $x or ${x}>?<name>:<value>   headers, in order
 *   .           terminator
 *
 * Encoding -- nothing from outside can become a control line:
 *   - ENVID and ORCPT are kept decoded in the envelope and written as
 *     RFC 3461 xtext: the client's own spelling (e->envid_xtext,
 *     rcpt->orcpt_xtext, as sendmail stores it) when that still decodes
 *     to the value, else tern's encoding (bytes outside 33..126, '+' and
 *     '=' as +XX).  Any byte, CR and LF included, round-trips.
 *   - Header lines are the header code's (msg/intake.h hdr_qf_line and
 *     hdr_qf_parse, over msg/hdr.h): the text after the colon exactly as
 *     it came (hdr.sep + hdr.value, so "Subject:x" and "X:   y" keep
 *     their spacing), folded lines kept (they start with a blank), bytes
 *     0x80-0x9f and 0xff prefixed with sendmail's quote byte 0xff, "$" of
 *     an HDR_BINDLATE header ("<$g>" of Return-Path) as sendmail's macro
 *     byte; a line feed NOT followed by a blank turns every line feed of
 *     that header into a blank, as sendmail's denlstring -- data, never a
 *     line.  qf_write checks what that writer takes as it is: a header
 *     name must be printable ASCII without ':', a ?${macro}? name and
 *     the ?flags? letters must not hold '?', '}' or a line feed.
 *   - Every other field is plain text on one line (sendmail's
 *     denlstring(strict) would turn a line feed into a blank): qf_write
 *     REFUSES an envelope whose sender, recipient, AUTH, final recipient,
 *     message, quarantine reason, body type, C line or macro value holds
 *     a line feed, rather than change the data.  CR and 8-bit bytes are
 *     data and round-trip.
 *   So qf_read(qf_write(e)) gives back e whenever qf_write accepts e
 *   (tests/fuzz/fuzz_qf.c checks it), up to these canonical forms: an S
 *   or R line without a kept spelling is "<" addr ">"; NOTIFY not given
 *   is written as sendmail's default letters F D; an empty C line means
 *   none; headers come back with the flags hdr_qf_parse gives (the
 *   name's, HDR_USER, HDR_CHECK with a condition) and a header with a
 *   stray line feed with blanks instead.
 *
 * Also in the envelope but not in a qf (as sendmail): e->ctladdr (only
 * per-recipient C lines exist), e->errors_to (never written), recipient
 * status/stattime, declared SIZE=; deleted headers and recipients
 * flagged RCPT_DONE are left out.
 *
 * Reading follows sendmail's readqf: continuation lines (leading blank)
 * are joined with "\n"; V above 8, an unknown line, an A line that is not
 * xtext, a B line other than 7BIT/8BITMIME, an F line starting "From ",
 * anything after the "." line, and a file without the "." line are
 * errors, with sendmail's message text in err.  D, E (kept in
 * e->errors_to but never written, as 8.17), I and L lines are accepted.
 * Stricter than sendmail: a Z or Q line that is not valid xtext, a
 * malformed H line, a NUL byte, and an R line without ':' (V >= 1) are
 * errors.
 */
#ifndef TERN_QF_H
#define TERN_QF_H

#include <stdbool.h>
#include <stddef.h>

#include "msg/envelope.h"
#include "util/buf.h"

#define QF_VERSION	8

/* envelope.flags: the qf F letters (RET= and SMTPUTF8 live elsewhere) */
#define QF_F_WARNING	0x01UL	/* w: a delay warning was sent */
#define QF_F_RESPONSE	0x02UL	/* r: this is a response (bounce) */
#define QF_F_8BIT	0x04UL	/* 8: the body has 8-bit data */
#define QF_F_DELBCC	0x08UL	/* b: delete Bcc: headers */
#define QF_F_NOBODYRETN	0x10UL	/* n without d: no body in DSNs */
#define QF_F_SPLIT	0x20UL	/* s: already split by recipient */

/* qf_read results */
#define QF_OK		0
#define QF_EMPTY	1	/* no lines at all: sendmail removes such files */
#define QF_ERR		(-1)	/* malformed: err says why, as sendmail */

/* qf_xtext_encode - RFC 3461 xtext of len bytes, appended to out */
void qf_xtext_encode(struct buf *out, const char *s, size_t len);
/* qf_xtext_decode - decode xtext; false if it is not valid xtext */
bool qf_xtext_decode(struct buf *out, const char *s);
/* qf_xtext_ok - sendmail's xtextok: +XX pairs, else 33..126 but '=' */
bool qf_xtext_ok(const char *s);

/*
 * qf_write - append the control file for e to out.  Returns 0, or -1
 * with a one-line reason in err (nothing useful in out) when e holds
 * something the format cannot carry (see above).
 */
int qf_write(struct buf *out, const struct envelope *e, struct buf *err);

/*
 * qf_read - parse len bytes of a control file into e (initialized by
 * the caller; on error e holds what was read so far and must still be
 * freed).  Returns QF_OK, QF_EMPTY or QF_ERR with sendmail's message in
 * err, naming path as sendmail does ("readqf: ./qfX: line 3: bad line
 * \"Xfoo\"", "readqf: ./qfX: incomplete queue file read", "SECURITY
 * ALERT: extra or bogus data in queue file: ...").  e->qid and e->qdir
 * are left alone.
 */
int qf_read(const char *data, size_t len, const char *path,
    struct envelope *e, struct buf *err);

#endif
