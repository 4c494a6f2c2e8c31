/*
 * mode_stubs.c - placeholders for the modes later issues write.
 *
 * Each stub says plainly that its mode is not implemented and returns
 * EX_UNAVAILABLE without reading stdin, so no caller ever believes a
 * message was taken.  The stubs are weak: a real mode_XX.c overrides
 * one; whoever writes the mode deletes its stub here too (archive
 * linking may otherwise pick the stub).  mode_bt, mode_bv and mode_bi are
 * never stubbed: they live in mode_bt.c, mode_bv.c and mode_bi.c.
 */
#include "main/mode.h"
#include "main/cmdline.h"
#include "util/msg.h"

#include <stdio.h>
#include <sysexits.h>

/* mode_unavailable - say a mode is not implemented yet; EX_UNAVAILABLE */
int
mode_unavailable(const struct cmdline *cl)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s: mode not yet implemented\n", msg_tag(),
	    cmdline_mode_desc(cl->mode));
	return EX_UNAVAILABLE;
}

#define MODE_STUB(name) \
	__attribute__((weak)) int \
	name(struct cf *cf, const struct cmdline *cl) \
	{ \
		(void)cf; \
		return mode_unavailable(cl); \
	}

/* mode_ba - stub: -ba */
MODE_STUB(mode_ba)
/* mode_bC - stub: -bC */
MODE_STUB(mode_bC)
