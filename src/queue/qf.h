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
 *   - A header value is written after "Name: "; a line feed in it must
 *     be followed by a blank (a folded line) and is written as is; bytes
 *     0x80-0x9f and 0xff are prefixed with sendmail's quote byte 0xff, as
 *     sendmail's collect does.  A header whose flags hold QF_H_DEFAULT is
 *     a .cf template still holding macros ("<$g>" of Return-Path): $x,
 *     ${name}, $&x, $?, $|, $. and $$ become sendmail's internal bytes.
 *   - Every other field is plain text on one line (sendmail's
 *     denlstring(strict) would turn a line feed into a blank): qf_write
 *     REFUSES an envelope whose sender, recipient, AUTH, final recipient,
 *     message, quarantine reason, body type, C line, macro value or
 *     header value holds a line feed it cannot represent, and header
 *     names that are not printable ASCII without ':', rather than change
 *     the data.  CR and 8-bit bytes are data and round-trip.
 *   So qf_read(qf_write(e)) gives back e whenever qf_write accepts e
 *   (tests/fuzz/fuzz_qf.c checks it), up to the canonical forms noted at
 *   each field below.
 *
 * Reading follows sendmail's readqf: continuation lines (leading blank)
 * are joined with "\n"; V above 8, an unknown line, an A line that is not
 * xtext, a B line other than 7BIT/8BITMIME, an F line starting "From ",
 * anything after the "." line, and a file without the "." line are
 * errors, with sendmail's message text in err.  D, E (kept in
 * e->errors_to but never written, as 8.17), I and L lines are accepted.
 * Stricter than sendmail: a Z or Q line that is not valid xtext, a
 * malformed H line, and an R line without ':' (V >= 1) are errors.
 *
 * Header values: hdr.h keeps a value without the blanks after the colon;
 * qf_write puts one blank there ("Subject: x") unless the value is empty
 * or already starts with a blank or a folded line (then it is written
 * as it is, so a parser that keeps sendmail's spacing gets it back byte
 * for byte), and qf_read removes one blank when a non-blank follows it.
 * So a value starting with exactly one blank comes back without it, and
 * sendmail's "Subject:x" is the one spelling tern does not reproduce
 * (it rewrites it "Subject: x").
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

/*
 * hdr.flags bits the qf code looks at (sendmail's H_* values).
 * QF_H_DEFAULT: the value is an unexpanded .cf template (see above);
 * the intake clears it once it has expanded the macros, and keeps it on
 * Return-Path (sendmail binds $g late).  qf_read sets it on a header
 * whose value holds sendmail's macro bytes.
 */
#define QF_H_DEFAULT	0x00000004UL

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
