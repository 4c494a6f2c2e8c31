/*
 * prescan.c - sendmail's address tokenizer, rebuilt from observation.
 *
 * A small state machine over character classes, with the special cases
 * sendmail layers on top of it: backslash escapes, comments, angle
 * bracket counting, the delimiter, and the repairs made at the end of
 * the input.  Every rule here was pinned down against sendmail 8.17 in
 * -bt mode (see docs/notes/prescan.md), not taken from its source.
 */
#include "addr/prescan.h"

#include <stdbool.h>
#include <string.h>

/* character classes, and the scanner states named after them */
enum { PC_OPR, PC_ATM, PC_QST, PC_SPC, PC_ONE };

#define PS_BREAK	0x40	/* the character starts a new token */
#define PS_DROP		0x20	/* the character is not stored */
#define PS_STATE	0x07

/*
 * prescan_next[state][class] - the next state and what to do with the
 * character.  Observed with -d22.101: an operator always stands alone,
 * a quote runs to the closing quote, blanks separate and vanish, and a
 * "one" character (0xff in the no-comment table) swallows whatever
 * single character follows it, blanks and quotes included.
 */
static const unsigned char prescan_next[5][5] = {
	/*		OPR		ATM		QST		SPC			ONE */
	/* OPR */ { PC_OPR|PS_BREAK, PC_ATM|PS_BREAK, PC_QST|PS_BREAK, PC_SPC|PS_DROP|PS_BREAK, PC_ONE|PS_BREAK },
	/* ATM */ { PC_OPR|PS_BREAK, PC_ATM,	  PC_QST|PS_BREAK, PC_SPC|PS_DROP|PS_BREAK, PC_ONE|PS_BREAK },
	/* QST */ { PC_QST,	     PC_QST,	  PC_OPR,	   PC_QST,		    PC_QST },
	/* SPC */ { PC_OPR,	     PC_ATM,	  PC_QST,	   PC_SPC|PS_DROP,	    PC_ONE },
	/* ONE */ { PC_OPR,	     PC_OPR,	  PC_OPR,	   PC_OPR,		    PC_OPR },
};

#define PRESCAN_NOCHAR	(-1)
#define PRESCAN_DEFOPS	".:@[]"		/* OperatorChars when unset */
#define PRESCAN_SHORT	203		/* longer addresses are shortened */

/* the state of one prescan call */
struct prescan_run {
	unsigned char cls[256];		/* class of each byte */
	const char *addr;		/* start, for diagnostics */
	struct buf *err;		/* NULL: no diagnostics */
	struct buf tok;			/* the token being built */
	size_t used;			/* bytes sendmail's buffer would hold */
	size_t budget;			/* its size; 0 means unlimited */
	bool toolong;			/* the budget ran out */
};

/*
 * the last table built, per thread: prescan runs for every rule of a .cf
 * and every address, nearly always with the same OperatorChars, and
 * building the table was a third of its work on short inputs
 */
static _Thread_local struct {
	bool valid, nocmt;
	char opchars[64];
	unsigned char cls[256];
} prescan_last;

/* prescan_classes - fill the class table for this mode */
static void
prescan_classes(struct prescan_run *r, const char *opchars, int flags)
{
	bool nocmt = (flags & (PRESCAN_CF | PRESCAN_NOCOMMENT)) != 0;
	const unsigned char *p;
	size_t oplen;
	int c;

	if (opchars == NULL)
		opchars = PRESCAN_DEFOPS;
	oplen = strlen(opchars);
	if (prescan_last.valid && prescan_last.nocmt == nocmt &&
	    oplen < sizeof(prescan_last.opchars) &&
	    memcmp(prescan_last.opchars, opchars, oplen + 1) == 0) {
		memcpy(r->cls, prescan_last.cls, sizeof(r->cls));
		return;
	}
	for (c = 0; c < 256; c++)
		r->cls[c] = PC_ATM;
	r->cls[' '] = r->cls['\t'] = r->cls['\n'] = PC_SPC;
	r->cls['\v'] = r->cls['\f'] = r->cls['\r'] = PC_SPC;
	r->cls['"'] = PC_QST;
	r->cls['<'] = r->cls['>'] = r->cls[','] = r->cls[';'] = PC_OPR;
	if (nocmt) {
		r->cls['('] = r->cls[')'] = PC_OPR;
		r->cls[0xff] = PC_ONE;
	} else
		r->cls['('] = r->cls[')'] = PC_SPC;
	/* OperatorChars turns only plain word characters into operators */
	for (p = (const unsigned char *)opchars; *p != '\0'; p++)
		if (r->cls[*p] == PC_ATM)
			r->cls[*p] = PC_OPR;
	if (oplen < sizeof(prescan_last.opchars)) {
		memcpy(prescan_last.opchars, opchars, oplen + 1);
		memcpy(prescan_last.cls, r->cls, sizeof(r->cls));
		prescan_last.nocmt = nocmt;
		prescan_last.valid = true;
	}
}

/* prescan_shorten - sendmail's shortened form of a long address */
static void
prescan_shorten(struct buf *out, const char *s)
{
	size_t len = strlen(s), i;
	const char *t;

	if (len < PRESCAN_SHORT) {
		t = s;
	} else {
		for (i = 0; i < 100; i++)
			buf_addc(out, (unsigned char)s[i] & 0x7f);
		buf_adds(out, "...");
		t = s + len - 100;
	}
	for (; *t != '\0'; t++)
		buf_addc(out, (unsigned char)*t & 0x7f);
}

/* prescan_error - one diagnostic line: "address... text" */
static void
prescan_error(struct prescan_run *r, const char *text)
{
	if (r->err == NULL)
		return;
	prescan_shorten(r->err, r->addr);
	buf_adds(r->err, "... ");
	buf_adds(r->err, text);
	buf_addc(r->err, '\n');
}

/* prescan_room - account for one more byte; false when out of room */
static bool
prescan_room(struct prescan_run *r)
{
	/* sendmail's buffer holds characters and terminators alike */
	if (r->budget != 0 && r->used >= r->budget) {
		r->toolong = true;
		return false;
	}
	r->used++;
	return true;
}

/* prescan_store - append one byte to the token being built */
static bool
prescan_store(struct prescan_run *r, int c)
{
	if (!prescan_room(r))
		return false;
	buf_addc(&r->tok, c);
	return true;
}

/* prescan_route - does a '<' open a source route ("< @host...")? */
static bool
prescan_route(const char *p)
{
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	return *p == '@';
}

/* prescan_emit - finish the current token; false on a fatal error */
static bool
prescan_emit(struct prescan_run *r, struct arena *a, struct ws *out,
    bool meta)
{
	if (r->tok.len == 0)
		return true;
	if (!prescan_room(r))		/* its terminating NUL */
		return false;
	if (out->n >= WS_MAXTOK) {
		prescan_error(r, "prescan: too many tokens");
		return false;
	}
	if (!meta && r->tok.len > PRESCAN_MAXTOKLEN) {
		prescan_error(r, "prescan: token too long");
		return false;
	}
	out->tok[out->n++] = arena_strndup(a, r->tok.data, r->tok.len);
	out->tok[out->n] = NULL;
	buf_reset(&r->tok);
	return true;
}

/* prescan_meta - copy a TOK_META_OPEN ... TOK_META_CLOSE run */
static const char *
prescan_meta(struct prescan_run *r, const char *p)
{
	buf_addc(&r->tok, *p++);
	while (*p != '\0' && *p != TOK_META_CLOSE)
		buf_addc(&r->tok, *p++);
	if (*p == TOK_META_CLOSE)
		buf_addc(&r->tok, *p++);
	return p;
}

/* prescan - tokenize one address or rule text (see prescan.h) */
int
prescan(const char *in, int delim, const struct prescan_cfg *cfg,
    int flags, struct arena *a, struct ws *out, const char **endp,
    struct buf *err)
{
	struct prescan_run r;
	const char *p = in;
	bool cfmode = (flags & PRESCAN_CF) != 0;
	bool cmtmode = (flags & (PRESCAN_CF | PRESCAN_NOCOMMENT)) == 0;
	bool bslash = false, route = false, meta = false, fatal = false;
	int state = PC_ATM, c = PRESCAN_NOCHAR, cmnt = 0, angle = 0, ns;
	size_t n0 = out->n;

	prescan_classes(&r, cfg != NULL ? cfg->opchars : NULL, flags);
	r.addr = in;
	r.err = (flags & PRESCAN_NOERR) ? NULL : err;
	buf_init(&r.tok);
	r.used = 0;
	r.budget = cfmode ? 0 : PRESCAN_BUFSIZE;
	r.toolong = false;
	delim &= 0xff;

	do {
		/* collect one token */
		for (;;) {
			/* the previous character belongs to this token */
			if (c != PRESCAN_NOCHAR && !bslash &&
			    !prescan_store(&r, c))
				goto fail;

			c = (unsigned char)*p++;
			if (c == '\0') {
				/* end of input: repair what is still open */
				if (cfmode)
					break;
				if (state == PC_QST) {
					prescan_error(&r, "Unbalanced '\"'");
					c = '"';
				} else if (cmnt > 0) {
					prescan_error(&r, "Unbalanced '('");
					c = ')';
				} else if (angle > 0) {
					prescan_error(&r, "Unbalanced '<'");
					c = '>';
				} else
					break;
				p--;	/* and see the end again */
			} else if (c == delim && cmnt <= 0 &&
			    (state != PC_QST || cfmode)) {
				if (angle <= 0 || cfmode)
					break;
				/* a list separator inside <...> closes it */
				if (delim == ',' && !route) {
					prescan_error(&r, "Unbalanced '<'");
					c = '>';
					p--;
				}
			}

			if (cfmode && c == TOK_META_OPEN && state != PC_QST) {
				/* a $-construct: a token of its own */
				if (bslash && !prescan_store(&r, '\\'))
					goto fail;
				bslash = false;
				c = PRESCAN_NOCHAR;
				meta = true;
				p--;
				break;
			}

			if (bslash) {
				bslash = false;
				if (cmnt > 0) {
					/* escaped characters in comments go */
					c = PRESCAN_NOCHAR;
					continue;
				}
				/* "\!" outside quotes is just "!" */
				if (c != '!' || state == PC_QST) {
					if (!prescan_store(&r, '\\'))
						goto fail;
					continue;
				}
			}

			if (c == '\\') {
				bslash = true;
			} else if (state == PC_QST) {
				/* anything goes inside quotes */
			} else if (cmtmode && c == '(') {
				cmnt++;
				c = PRESCAN_NOCHAR;
			} else if (cmtmode && c == ')') {
				if (cmnt <= 0) {
					prescan_error(&r, "Unbalanced ')'");
					c = PRESCAN_NOCHAR;
				} else
					cmnt--;	/* the last ')' acts as a blank */
			} else if (cmnt > 0) {
				c = PRESCAN_NOCHAR;
			} else if (c == '<') {
				angle++;
				if (prescan_route(p))
					route = true;
			} else if (c == '>') {
				if (angle <= 0) {
					if (!cfmode) {
						prescan_error(&r,
						    "Unbalanced '>'");
						c = PRESCAN_NOCHAR;
					}
				} else
					angle--;
				route = false;
			} else if (delim == ' ' && c < 0x80 &&
			    r.cls[c] == PC_SPC) {
				c = ' ';
			}

			if (c == PRESCAN_NOCHAR)
				continue;
			if (c == delim && angle <= 0 && state != PC_QST)
				break;

			ns = prescan_next[state][r.cls[c]];
			state = ns & PS_STATE;
			if (ns & PS_DROP)
				c = PRESCAN_NOCHAR;
			if (ns & PS_BREAK)
				break;
		}

		if (!prescan_emit(&r, a, out, false))
			goto fail;
		if (meta) {
			p = prescan_meta(&r, p);
			if (!prescan_emit(&r, a, out, true))
				goto fail;
			meta = false;
			state = PC_OPR;
			c = PRESCAN_NOCHAR;
			continue;
		}
	} while (c != '\0' && (c != delim || (angle > 0 && !cfmode)));

	goto done;
fail:
	if (r.toolong)
		prescan_error(&r, "Address too long");
	fatal = true;
	out->n = n0;
	out->tok[n0] = NULL;
done:
	if (endp != NULL)
		*endp = p > in ? p - 1 : p;
	buf_free(&r.tok);
	return fatal ? -1 : 0;
}

/* prescan_add7 - append a string as sendmail's messages show it */
static void
prescan_add7(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		buf_addc(out, (unsigned char)*s & 0x7f);
}

/* prescan_invalid - sendmail's check of a whole address before parsing */
bool
prescan_invalid(const char *addr, const char *eto, struct buf *err)
{
	const unsigned char *p = (const unsigned char *)addr;
	struct buf fixed = BUF_INIT;
	bool eight = false;
	size_t len = 0;

	for (; *p != '\0'; p++) {
		if (*p >= 0x80 && *p < 0xa0) {
			eight = true;
			buf_addc(&fixed, '?');
		} else
			buf_addc(&fixed, *p);
		if (++len <= PRESCAN_MAXADDR)
			continue;
		/* too long: said at once, whatever else is wrong */
		buf_truncate(&fixed, PRESCAN_MAXADDR);
		if (err != NULL) {
			/* sendmail cuts the address where it stands, so
			 * a prefix of the same address shows the cut */
			if (eto != NULL) {
				prescan_shorten(err, eto == addr ?
				    buf_str(&fixed) : eto);
				buf_adds(err, "... ");
			}
			buf_adds(err, "Address \"");
			prescan_add7(err, buf_str(&fixed));
			buf_addf(err, "\" too long (%d bytes max)\n",
			    PRESCAN_MAXADDR);
		}
		buf_free(&fixed);
		return true;
	}
	if (eight && err != NULL) {
		buf_adds(err, "8-bit character in mailbox address \"");
		prescan_add7(err, buf_str(&fixed));
		buf_adds(err, "\"\n");
	}
	buf_free(&fixed);
	return eight;
}
