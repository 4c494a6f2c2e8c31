/*
 * fuzz_map_args.c - libFuzzer target for K-line argument parsing, the
 * lookups of the classes that touch neither files nor the network,
 * %n substitution, and text-map column splitting.
 *
 * Input: byte 0 picks the class, byte 1 a column number and byte 2 a
 * delimiter for the text-column check; the rest, up to a NUL, is the
 * K-line arguments, and after it the lookup key and $@ arguments
 * (separated by NULs).
 */
#include "map/map.h"
#include "map/map_impl.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const classes[] = {
	"hash", "btree", "implicit", "text", "user", "stab", "null",
	"host", "bestmx", "dns", "arpa", "sequence", "switch", "syslog",
	"dequote", "regex", "program", "macro", "arith", "nis", "ldap",
	"nosuch",
};

/* classes whose lookups stay in memory */
static const char *const lookup_ok[] = {
	"null", "arpa", "dequote", "regex", "macro", "arith",
};

static const char *
fuzz_macro_get(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return "example.com";
}

static void
fuzz_macro_set(void *ctx, const char *name, const char *value)
{
	(void)ctx;
	(void)name;
	(void)value;
}

static void
fuzz_error(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct map_env env;
	struct map_result res;
	struct buf err = BUF_INIT, col = BUF_INIT;
	const char *cls, *av[4];
	char *in, *args, *key, *p, *end;
	struct map *m;
	size_t i, n;

	if (size < 3 || size > 512)
		return 0;
	memset(&env, 0, sizeof(env));
	env.macro_get = fuzz_macro_get;
	env.macro_set = fuzz_macro_set;
	env.error = fuzz_error;
	env.service_switch = "/nonexistent/service.switch";
	cls = classes[data[0] % (sizeof(classes) / sizeof(classes[0]))];
	in = malloc(size - 3 + 2);
	if (in == NULL)
		return 0;
	memcpy(in, data + 3, size - 3);
	in[size - 3] = '\0';
	in[size - 2] = '\0';
	end = in + size - 3;
	args = in;
	key = args + strlen(args) + 1;
	if (key > end)
		key = end;

	/* the text map's column splitter on the whole argument text */
	(void)map_text_column(args, data[1] % 8, data[2] % 4 == 0 ? '\0' :
	    data[2], &col);

	/* glibc's regcomp can take gigabytes on stacked quantifiers
	 * ("a++++..."); cf files are trusted, so keep the fuzzer off them */
	if (strcmp(cls, "regex") == 0) {
		for (n = 0, p = args; *p != '\0'; p++)
			if (strchr("+*?{", *p) != NULL)
				n++;
		if (n > 6)
			goto out;
	}
	m = map_new(&env, "fuzz", cls, args, &err);
	if (m != NULL) {
		for (i = 0; i < sizeof(lookup_ok) / sizeof(lookup_ok[0]); i++)
			if (strcmp(cls, lookup_ok[i]) == 0)
				break;
		if (i < sizeof(lookup_ok) / sizeof(lookup_ok[0]) &&
		    strlen(key) < 128) {
			n = 0;
			for (p = key + strlen(key) + 1; p < end && n < 3;
			    p += strlen(p) + 1)
				av[n++] = p;
			av[n] = NULL;
			map_result_init(&res);
			map_lookup(m, key, av, n, &res);
			if (map_open(m))
				map_lookup_direct(m, key, &res);
			/* %n substitution of the key as a value */
			map_rewrite(m, key, strlen(key), av, &res.value);
			map_result_free(&res);
		}
		map_free(m);
	}
out:
	buf_free(&err);
	buf_free(&col);
	free(in);
	return 0;
}
