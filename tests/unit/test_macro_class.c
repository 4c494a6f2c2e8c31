/* test_macro_class.c - macros (ids, expansion, conditionals) and classes */
#include "t.h"
#include "cf/class.h"
#include "cf/macro.h"

#include <stdlib.h>
#include <string.h>

static struct macros *m;

/* expand - text expanded with the current macros */
static const char *
expand(const char *text)
{
	static struct buf b;

	buf_reset(&b);
	macro_expand(m, text, &b);
	return buf_str(&b);
}

static void
collect(const char *w, void *ctx)
{
	struct buf *b = ctx;

	buf_addf(b, "%s,", w);
}

int
main(void)
{
	struct classes *c;
	struct buf b = BUF_INIT;
	const char *p;
	char tmp[4];
	int id, id2;

	m = macros_new();
	/* ids: one character is its byte, ${x} is $x, long names are new ids */
	T_INTEQ(macro_id(m, "j", 1), 'j');
	id = macro_id(m, "client_addr", 11);
	T_CHECK(id >= MACRO_LONG_FIRST);
	T_INTEQ(macro_id(m, "client_addr", 11), id);
	T_INTEQ(macro_id_lookup(m, "nosuch", 6), -1);
	p = "{client_addr}rest";
	T_INTEQ(macro_id_parse(m, &p), id);
	T_STREQ(p, "rest");
	p = "{unterminated";
	T_INTEQ(macro_id_parse(m, &p), -1);
	p = "{}";
	T_INTEQ(macro_id_parse(m, &p), -1);
	T_STREQ(macro_name(m, id, tmp), "client_addr");
	T_STREQ(macro_name(m, 'x', tmp), "x");

	/* expansion, recursion into .cf values, raw run-time values */
	macro_set_cf(m, 'w', "mx");
	macro_set_cf(m, 'm', "example.com");
	macro_set_cf(m, 'j', "$w.$m");
	T_STREQ(expand("host $j!"), "host mx.example.com!");
	macro_set(m, 'f', "$j@evil");		/* from outside: never re-expanded */
	T_STREQ(expand("<$f>"), "<$j@evil>");
	macro_set(m, id, "192.0.2.1");
	T_STREQ(expand("[${client_addr}]"), "[192.0.2.1]");
	T_STREQ(expand("${nosuch}x"), "x");
	/* conditionals, nested */
	T_STREQ(expand("$?x$x <$g>$|$g$."), "");
	macro_set(m, 'g', "a@b");
	T_STREQ(expand("$?x$x <$g>$|$g$."), "a@b");
	macro_set(m, 'x', "Full Name");
	T_STREQ(expand("$?x$x <$g>$|$g$."), "Full Name <a@b>");
	T_STREQ(expand("$?x[$?g$g$|nog$.]$|nox$."), "[a@b]");
	/* self-reference stops at the depth bound instead of looping */
	macro_set_cf(m, 'r', "x$r");
	T_CHECK(strlen(expand("$r")) < 100);
	/* a trailing lone $ is kept */
	T_STREQ(expand("cost $"), "cost $");

	/* classes: case-insensitive, shared with macros' ids, ordered like sendmail */
	c = classes_new();
	class_add(c, 'w', "mx.example.com");
	class_add(c, 'w', "localhost");
	class_add(c, 'w', "mx");
	class_add(c, 'w', "[127.0.0.1]");
	T_CHECK(class_has(c, 'w', "MX.Example.COM"));
	T_CHECK(!class_has(c, 'w', "example.com"));
	T_CHECK(class_has_n(c, 'w', "mxyz", 2));
	class_foreach(c, 'w', collect, &b);
	/* sendmail 8.17 lists this class as mx, localhost, mx.example.com, [127.0.0.1] */
	T_STREQ(buf_str(&b), "mx,localhost,mx.example.com,[127.0.0.1],");
	T_INTEQ(class_maxlen(c, 'w'), strlen("mx.example.com"));
	id2 = macro_id(m, "VirtHost", 8);
	class_add(c, id2, "virt.example");
	class_copy(c, 'R', id2);
	T_CHECK(class_has(c, 'R', "virt.example"));
	T_INTEQ(class_maxlen(c, 'R'), strlen("virt.example"));
	T_CHECK(!class_has(c, -1, "x"));
	T_CHECK(!class_has(c, MACRO_MAXID, "x"));

	buf_free(&b);
	classes_free(c);
	macros_free(m);
	T_DONE();
}
