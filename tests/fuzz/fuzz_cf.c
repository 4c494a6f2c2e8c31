/*
 * fuzz_cf.c - the .cf reader on arbitrary bytes.
 *
 * Every line type, continuation lines, macros, classes, rules, mailers
 * and options: nothing may crash, hang or touch memory out of bounds.
 * After loading, the first rulesets run once on a fixed address so the
 * compiled rules are exercised too.
 */
#include "addr/prescan.h"
#include "addr/rewrite.h"
#include "cf/cf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* fuzz_runs_programs - could this .cf start a program? */
static int
fuzz_runs_programs(const uint8_t *data, size_t size)
{
	size_t i;

	if (memmem(data, size, "program", 7) != NULL)
		return 1;
	for (i = 0; i < size; i++)
		if (data[i] == '|' && memchr(data, 'F', size) != NULL)
			return 1;
	return 0;
}

static const struct cf_override no_probe[] = {
	{ "DontProbeInterfaces", "True" },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct cf_load_args args;
	char path[64];
	struct cf *cf;
	int fd;

	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	/* F|program classes and program maps would run what the input names */
	if (fuzz_runs_programs(data, size))
		return 0;
	fd = memfd_create("fuzz_cf", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	memset(&args, 0, sizeof(args));
	args.path = path;
	args.diag = devnull;
	/* probing interfaces does reverse lookups: slow, and not what is tested */
	args.options = no_probe;
	args.noptions = 1;
	cf = cf_load(&args);
	if (cf != NULL) {
		struct arena a = ARENA_INIT;
		struct ws *ws = malloc(sizeof(*ws));
		struct prescan_cfg pc = { cf_opchars(cf) };
		struct rw_ctx ctx;
		int rs;

		memset(&ctx, 0, sizeof(ctx));
		ctx.cf = cf;
		ctx.arena = &a;
		ctx.err = devnull;
		for (rs = 0; rs < 5; rs++) {
			ws->n = 0;
			if (prescan("John <user@host.example>", '\0', &pc, 0, &a, ws,
			    NULL, NULL) == 0)
				rewrite(&ctx, rs, ws, 0);
			arena_reset(&a);
		}
		free(ws);
		arena_free(&a);
		cf_free(cf);
	}
	close(fd);
	return 0;
}
